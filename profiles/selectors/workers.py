"""Whether a background worker is running, from the heartbeats workers write, and whether work
the task queue did not take is waiting to be sent again."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Max, Min
from django.utils import timezone

from profiles.models import UnsentWork, WorkerHeartbeat


def worker_status() -> dict:
    """Whether a background worker is running, by its heartbeat: {"alive": bool,
    "seen_seconds_ago": int or None (never seen), "check_seconds": how stale counts as gone}."""
    seen = WorkerHeartbeat.objects.aggregate(latest=Max("seen_at"))["latest"]
    interval = settings.CELERY_WORKER_HEARTBEAT_SECONDS
    # Three missed beats: a worker busy with a long task still beats (the beat is a thread).
    check = 3 * interval
    ago = None if seen is None else max(0, int((timezone.now() - seen) / dt.timedelta(seconds=1)))
    return {"alive": ago is not None and ago <= check, "seen_seconds_ago": ago, "check_seconds": check}


# Beat re-sends failed sends every minute (settings.CELERY_BEAT_SCHEDULE); a note older than a
# few of its ticks means nothing is re-sending them.
UNSENT_WORK_OVERDUE_SECONDS = 5 * 60


def unsent_work_status() -> dict:
    """Sends to the task queue that failed and are not re-sent yet (services/workers.py):
    {"count": int, "oldest_seconds_ago": int or None, "overdue": bool, "overdue_seconds": …}.
    Overdue when the oldest is older than beat would leave it: beat is not running, or the
    broker has not answered since."""
    found = UnsentWork.objects.aggregate(oldest=Min("failed_at"), count=Count("pk"))
    oldest, count = found["oldest"], found["count"]
    ago = None if oldest is None else max(0, int((timezone.now() - oldest) / dt.timedelta(seconds=1)))
    return {"count": count, "oldest_seconds_ago": ago, "overdue_seconds": UNSENT_WORK_OVERDUE_SECONDS,
            "overdue": ago is not None and ago > UNSENT_WORK_OVERDUE_SECONDS}
