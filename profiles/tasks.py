"""Profiles background jobs: thin wrappers that take ids and call services."""
from __future__ import annotations

import logging

from celery import current_app, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import OperationalError

logger = logging.getLogger(__name__)

# Transient failures worth retrying (a locked SQLite file, a dropped database connection);
# anything else is a bug or bad data, and retrying it would only repeat it.
RETRYABLE = (OperationalError, ConnectionError)


def _retry_options() -> dict:
    return dict(
        autoretry_for=RETRYABLE,
        retry_backoff=settings.CELERY_TASK_RETRY_BACKOFF,
        retry_backoff_max=settings.CELERY_TASK_RETRY_BACKOFF_MAX,
        retry_jitter=True,
        max_retries=settings.CELERY_TASK_MAX_RETRIES,
    )


@shared_task(bind=True, acks_late=True, **_retry_options())
def capture_import_task(self, capture_id: int) -> dict | None:
    """Import one queued capture. Running it twice or after a crash leaves one result."""
    from profiles.services import capture_process

    result = capture_process(capture_id=capture_id)
    return None if result is None else {"ok": result.ok, "summary": result.summary()}


@shared_task(bind=True, acks_late=True, **_retry_options())
def researcher_reimport_task(self, researcher_id: int, job_id: int | None = None) -> dict:
    """Rebuild one researcher from their stored captures; idempotent."""
    from profiles.services import reimport_job_step

    return reimport_job_step(researcher_id=researcher_id, job_id=job_id)


@worker_ready.connect
def requeue_unfinished_work(**kwargs) -> None:
    """On the filesystem broker a task taken by a worker that then died is gone from the
    queue, though the database still shows its work queued: send it again at start-up.
    (Redis re-delivers unacknowledged tasks itself after the visibility timeout.)"""
    if not str(current_app.conf.broker_url).startswith("filesystem"):
        return
    from profiles.services import unfinished_work_requeue

    sent = unfinished_work_requeue()
    if sent:
        logger.warning("Re-sent %d task(s) left unfinished by a stopped worker.", sent)


# Workers discover tasks in this module only: importing it here registers the match index rebuild.
from .tasks_matching import match_index_rebuild_task  # noqa: E402,F401
from .tasks_sources import source_add_task, sources_refresh_due_task, sources_refresh_task  # noqa: E402,F401
