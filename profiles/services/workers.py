"""Background workers' heartbeats, written by each worker while it runs."""
from __future__ import annotations

from django.utils import timezone

from profiles.models import WorkerHeartbeat


def worker_heartbeat_record(*, hostname: str) -> None:
    """Note that the worker ``hostname`` is alive now."""
    now = timezone.now()
    # One write statement first, then an insert in a transaction of its own when there was no
    # row. update_or_create reads and then writes in one transaction, which on SQLite cannot
    # wait for another writer: it failed at once with "database is locked" on a worker's first
    # beat beside the seed import of `make run`, and /healthz said no worker was running. A
    # transaction whose first statement writes waits out the lock (the busy timeout) instead.
    if not WorkerHeartbeat.objects.filter(hostname=hostname).update(seen_at=now):
        WorkerHeartbeat.objects.get_or_create(hostname=hostname, defaults={"seen_at": now})


def worker_heartbeat_clear(*, hostname: str) -> None:
    """Forget a worker that is shutting down, so pages stop counting on it at once."""
    WorkerHeartbeat.objects.filter(hostname=hostname).delete()
