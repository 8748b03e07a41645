import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _with_stock_bare_view(app):
    """For bench/run.py only: /bench/stock/ answers the bare view through Django's
    handler with no middleware at all, the floor under the project's own stack."""
    # Only the bench needs these; settings are not loaded when this module is.
    from django.core.handlers.exception import convert_exception_to_response
    from django.core.handlers.wsgi import WSGIHandler

    stock = WSGIHandler()
    stock._view_middleware = []
    stock._template_response_middleware = []
    stock._exception_middleware = []
    stock._middleware_chain = convert_exception_to_response(stock._get_response)

    def serve(environ, start_response):
        if environ.get("PATH_INFO") == "/bench/stock/":
            environ["PATH_INFO"] = "/bench/bare/"
            return stock(environ, start_response)
        return app(environ, start_response)

    return serve


def _bench_on() -> bool:
    # Read at call time, once DJANGO_SETTINGS_MODULE is set.
    from django.conf import settings

    return settings.BENCH_BARE_VIEW


if _bench_on():
    application = _with_stock_bare_view(application)
