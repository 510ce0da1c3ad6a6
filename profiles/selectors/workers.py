"""Whether a background worker is running, from the heartbeats workers write."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from profiles.models import WorkerHeartbeat


def worker_status() -> dict:
    """Whether a background worker is running, by its heartbeat: {"alive": bool,
    "seen_seconds_ago": int or None (never seen), "check_seconds": how stale counts as gone}."""
    seen = WorkerHeartbeat.objects.aggregate(latest=Max("seen_at"))["latest"]
    interval = settings.CELERY_WORKER_HEARTBEAT_SECONDS
    # Three missed beats: a worker busy with a long task still beats (the beat is a thread).
    check = 3 * interval
    ago = None if seen is None else max(0, int((timezone.now() - seen) / dt.timedelta(seconds=1)))
    return {"alive": ago is not None and ago <= check, "seen_seconds_ago": ago, "check_seconds": check}
