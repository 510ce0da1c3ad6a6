"""Bounded attempts at queued work: each time a worker starts a queued item it is counted
first, in a transaction of its own, so work that kills its worker (out of memory, a hard time
limit, SIGKILL) is given up after ``CELERY_TASK_MAX_ATTEMPTS`` instead of being re-sent at
every worker start."""
from __future__ import annotations

from django.conf import settings
from django.db.models import F, QuerySet


def work_attempt_begin(queued: QuerySet) -> int | None:
    """Count one more start of the item ``queued`` selects (filtered on its queued status) and
    return its attempt number, or None when it is no longer queued (another delivery did it).
    The count is committed before the work starts, so a worker that dies in it leaves it."""
    if not queued.update(attempts=F("attempts") + 1):
        return None
    return queued.values_list("attempts", flat=True).first()


def work_attempts_exhausted(attempts: int) -> bool:
    return attempts > settings.CELERY_TASK_MAX_ATTEMPTS


def gave_up_reason(attempts: int) -> str:
    return (f"Gave up after {attempts} attempts: each time, the worker stopped before this finished "
            "(killed, out of memory or over its time limit). Check the worker's log, fix the cause "
            "and try again.")
