from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import selectors


@never_cache
@require_GET
def health(request):
    """Database, broker and worker heartbeat; 200 when all are well, 503 otherwise."""
    report = selectors.health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def bench_bare(request):
    """The benchmark's yardstick: a bare Django view, no database, no template.

    Routed only when ``BENCH_BARE_VIEW`` is on (see bench/README.md)."""
    return HttpResponse("ok", content_type="text/plain")


def media_image(request, path):
    """An uploaded image file from the file system (see SERVE_MEDIA_IMAGES). Only
    the image folders: a path that resolves anywhere else (``images/../documents``)
    is not found, since documents go through Wagtail's privacy-checking view."""
    import posixpath

    from django.http import Http404
    from django.views.static import serve

    clean = posixpath.normpath(path).lstrip("/")
    if clean.split("/", 1)[0] not in ("images", "original_images"):
        raise Http404("Not an image.")
    return serve(request, clean, document_root=settings.MEDIA_ROOT)
