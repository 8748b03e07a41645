import hmac
import posixpath

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from core import selectors
from core.logs import current_request_id


def _may_see_details(request) -> bool:
    """Staff, or a monitor presenting ``HEALTH_TOKEN`` as a bearer token."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = settings.HEALTH_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


def _answer(request, report: dict, *, fail_on=("fail",)) -> JsonResponse:
    if not _may_see_details(request):
        checks = {name: part["status"] for name, part in report["checks"].items()}
        report = {"status": report["status"], "checks": checks}
    status = 503 if report["status"] in fail_on else 200
    return JsonResponse(report, status=status)


@never_cache
@require_GET
def live(request):
    """The process answers; touches nothing else (for restarts, not routing)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    """For load balancers: 503 only when the database is unreachable; a Redis outage
    is ``degraded`` and still 200, since the site keeps working without it."""
    return _answer(request, selectors.readiness_report())


@never_cache
@require_GET
def worker(request):
    """Whether a task worker has beaten recently; kept apart from web readiness."""
    return _answer(request, selectors.worker_report())


@never_cache
@require_GET
def health(request):
    """Everything at once for people and monitoring; 200 only when all is well."""
    return _answer(request, selectors.health_report(), fail_on=("fail", "degraded"))


def bench_bare(request):
    """The benchmark's yardstick: a bare Django view, no database, no template.

    Routed only when ``BENCH_BARE_VIEW`` is on (see bench/README.md)."""
    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """The 500 page, with the request id people can quote to staff."""
    body = loader.get_template("500.html").render(
        {"request_id": getattr(request, "request_id", "") or current_request_id()}
    )
    return HttpResponse(body, status=500)


def media_image(request, path):
    """An uploaded image file from the file system (see SERVE_MEDIA_IMAGES). Only
    the image folders: a path that resolves anywhere else (``images/../documents``)
    is not found, since documents go through Wagtail's privacy-checking view."""
    clean = posixpath.normpath(path).lstrip("/")
    if clean.split("/", 1)[0] not in ("images", "original_images"):
        raise Http404("Not an image.")
    return serve(request, clean, document_root=settings.MEDIA_ROOT)
