"""Background workers' heartbeats, written by each worker while it runs."""
from __future__ import annotations

from django.utils import timezone

from profiles.models import WorkerHeartbeat


def worker_heartbeat_record(*, hostname: str) -> None:
    """Note that the worker ``hostname`` is alive now."""
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})


def worker_heartbeat_clear(*, hostname: str) -> None:
    """Forget a worker that is shutting down, so pages stop counting on it at once."""
    WorkerHeartbeat.objects.filter(hostname=hostname).delete()
