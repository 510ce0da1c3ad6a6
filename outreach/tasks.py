"""Outreach background jobs: thin wrappers that take ids and call services."""
from __future__ import annotations

import logging

from celery import current_app, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import OperationalError

logger = logging.getLogger(__name__)


def _on_failure(self, exc, task_id, args, kwargs, einfo):
    from .services import bulk_job_fail

    job_id = args[0] if args else kwargs.get("job_id")
    bulk_job_fail(job_id=job_id, message=f"The bulk job stopped: {exc}. Start it again to finish the rest.")


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=settings.CELERY_TASK_RETRY_BACKOFF,
    retry_backoff_max=settings.CELERY_TASK_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.CELERY_TASK_MAX_RETRIES,
    on_failure=_on_failure,
)
def bulk_draft_task(self, job_id: int) -> dict:
    """Draft every entry of one BulkDraftJob; safe to retry or to deliver twice."""
    from .services import bulk_job_run

    job = bulk_job_run(job_id=job_id)
    return {"job_id": job.pk, "done": job.done, "failed": job.failed, "state": job.state}


@worker_ready.connect
def requeue_unfinished_bulk_jobs(**kwargs) -> None:
    """On the filesystem broker a task taken by a worker that then died is lost while its job
    still shows as queued or running: send it again at start-up (running it twice is safe)."""
    if not str(current_app.conf.broker_url).startswith("filesystem"):
        return
    from .models import BulkDraftJob, BulkState

    ids = list(BulkDraftJob.objects.filter(state__in=[BulkState.QUEUED, BulkState.RUNNING]).values_list("id", flat=True))
    for job_id in ids:
        bulk_draft_task.delay(job_id)
    if ids:
        logger.warning("Re-sent %d bulk drafting job(s) left unfinished by a stopped worker.", len(ids))
