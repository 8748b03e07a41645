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
