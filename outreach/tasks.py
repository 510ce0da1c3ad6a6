"""Outreach background jobs: thin wrappers that take ids and call services."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import OperationalError


def _on_failure(self, exc, task_id, args, kwargs, einfo):
    from .services import bulk_job_fail

    job_id = args[0] if args else kwargs.get("job_id")
    bulk_job_fail(job_id=job_id, message=f"The bulk job stopped: {exc}. Start it again to finish the rest.")


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=settings.CELERY_TASK_RETRY_BACKOFF,
    retry_backoff_max=settings.CELERY_TASK_RETRY_BACKOFF_MAX,
    max_retries=settings.CELERY_TASK_MAX_RETRIES,
    on_failure=_on_failure,
)
def bulk_draft_task(self, job_id: int) -> dict:
    """Draft every entry of one BulkDraftJob; safe to retry."""
    from .services import bulk_job_run

    job = bulk_job_run(job_id=job_id)
    return {"job_id": job.pk, "done": job.done, "failed": job.failed, "state": job.state}
