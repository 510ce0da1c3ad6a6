"""/healthz: for load balancers and monitoring, no login."""
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import health_report


@never_cache
@require_GET
def healthz(request):
    """200 when the database, broker, a worker and the index are fine, 503 (same JSON) when not."""
    report = health_report()
    return JsonResponse(report.as_json(), status=200 if report.healthy else 503)
