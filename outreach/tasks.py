"""Outreach background jobs: thin wrappers that take ids and call services.

Retries and enqueue-on-commit come from the project's base task class (config.tasks.ScoutTask).
"""
from __future__ import annotations

from celery import shared_task

# The module, not its names: the services send these tasks, so each imports the other.
from outreach import services


def _on_failure(self, exc, task_id, args, kwargs, einfo):
    job_id = args[0] if args else kwargs.get("job_id")
    services.bulk_job_fail(job_id=job_id, message=f"The bulk job stopped: {exc}. Start it again to finish the rest.")


@shared_task(bind=True, on_failure=_on_failure)
def bulk_draft_task(self, job_id: int) -> dict:
    """Draft every entry of one BulkDraftJob; safe to retry or to deliver twice."""
    job = services.bulk_job_run(job_id=job_id)
    return {"job_id": job.pk, "done": job.done, "failed": job.failed, "state": job.state}
