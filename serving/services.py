"""Writes of the serving app: the workers' heartbeat."""
from django.db import transaction
from django.utils import timezone

from .models import WorkerHeartbeat


def worker_heartbeat_record(*, hostname: str) -> WorkerHeartbeat:
    """Note that the worker ``hostname`` is alive now."""
    with transaction.atomic():
        beat, _ = WorkerHeartbeat.objects.update_or_create(
            hostname=hostname[:255], defaults={"seen_at": timezone.now()})
    return beat
