"""Background re-imports: a job of researchers, each rebuilt from their stored captures."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from profiles.models import (
    Capture,
    CaptureOutcome,
    ReimportJob,
    ReimportJobItem,
    Researcher,
)

from .attempts import gave_up_reason, work_attempt_begin, work_attempts_exhausted
from .captures import capture_fail, capture_import_task, capture_reapply
from .versions import catalogue_version_bump


def reimport_job_start(*, researchers, created_by=None) -> ReimportJob:
    """Queue one re-import task per researcher, sent only once the job is committed."""
    researcher_ids = sorted({r.pk for r in researchers})
    with transaction.atomic():
        job = ReimportJob.objects.create(created_by=created_by, total=len(researcher_ids))
        ReimportJobItem.objects.bulk_create(
            [ReimportJobItem(job=job, researcher_id=rid) for rid in researcher_ids]
        )
        for rid in researcher_ids:
            researcher_reimport_task.enqueue_on_commit(rid, job.pk)
    return job


def researcher_reimport(*, researcher: Researcher) -> list:
    """Rebuild a researcher from their stored captures, oldest first, so the newest wins.

    Safe to run twice: applying the same captures again writes nothing new.
    """
    captures = Capture.objects.filter(
        researcher=researcher, outcome=CaptureOutcome.IMPORTED
    ).order_by("captured_on", "id")
    with transaction.atomic():
        results = [capture_reapply(capture=capture, researcher=researcher) for capture in captures]
        catalogue_version_bump()
    return results


def reimport_job_step(*, researcher_id: int, job_id: int | None = None) -> dict:
    """Re-import one researcher and mark its job item done, all in one transaction: a worker
    killed half-way leaves the item queued for the retry, a second run changes nothing. Each
    start is counted first: past ``CELERY_TASK_MAX_ATTEMPTS`` the item is marked failed."""
    if job_id is not None:
        attempts = work_attempt_begin(ReimportJobItem.objects.filter(
            job_id=job_id, researcher_id=researcher_id, status=ReimportJobItem.Status.QUEUED))
        if attempts is None:
            return {"researcher_id": researcher_id, "skipped": "already done"}
        if work_attempts_exhausted(attempts):
            reason = gave_up_reason(attempts - 1)
            reimport_job_item_fail(job_id=job_id, researcher_id=researcher_id, reason=reason)
            return {"researcher_id": researcher_id, "captures": 0, "failed": reason}
    with transaction.atomic():
        if job_id is not None:
            claimed = (
                ReimportJobItem.objects.select_for_update()
                .filter(job_id=job_id, researcher_id=researcher_id, status=ReimportJobItem.Status.QUEUED)
                .first()
            )
            if claimed is None:
                return {"researcher_id": researcher_id, "skipped": "already done"}
        researcher = Researcher.objects.filter(pk=researcher_id).first()
        if researcher is None:
            results, detail = [], "The researcher no longer exists."
        else:
            results = researcher_reimport(researcher=researcher)
            failed = [r for r in results if not r.ok]
            detail = "; ".join(r.summary() for r in failed)
        if job_id is not None:
            claimed.status = ReimportJobItem.Status.FAILED if detail else ReimportJobItem.Status.DONE
            # A done item says what each capture gave, so the curator sees per researcher what
            # the re-import changed, not only that it ran.
            claimed.detail = detail or "; ".join(r.summary() for r in results)
            claimed.finished_at = timezone.now()
            claimed.save(update_fields=["status", "detail", "finished_at"])
    return {"researcher_id": researcher_id, "captures": len(results), "failed": detail}


def reimport_job_item_fail(*, job_id: int, researcher_id: int, reason: str) -> bool:
    """Mark a job's item still queued as failed, with the reason (its task gave up), so the
    job's progress page ends; True when it was still queued."""
    marked = ReimportJobItem.objects.filter(
        job_id=job_id, researcher_id=researcher_id, status=ReimportJobItem.Status.QUEUED,
    ).update(status=ReimportJobItem.Status.FAILED, detail=reason, finished_at=timezone.now())
    return bool(marked)


def unfinished_work_requeue() -> int:
    """Send again every task whose work the database still shows queued; returns how many.

    The embedded filesystem broker forgets a message as soon as a worker takes it, so a
    worker killed mid-task loses it. The tasks are idempotent, so a duplicate of a message
    still waiting in the queue finds nothing to do. Work already started
    ``CELERY_TASK_MAX_ATTEMPTS`` times is marked failed instead of sent again.
    """
    sent = 0
    cap = settings.CELERY_TASK_MAX_ATTEMPTS
    queued = Capture.objects.filter(outcome=CaptureOutcome.QUEUED)
    for capture_id, attempts in queued.values_list("id", "attempts"):
        if attempts >= cap:
            capture_fail(capture_id=capture_id, reason=gave_up_reason(attempts))
            continue
        capture_import_task.delay(capture_id)
        sent += 1
    items = ReimportJobItem.objects.filter(status=ReimportJobItem.Status.QUEUED)
    for researcher_id, job_id, attempts in items.values_list("researcher_id", "job_id", "attempts"):
        if attempts >= cap:
            reimport_job_item_fail(job_id=job_id, researcher_id=researcher_id, reason=gave_up_reason(attempts))
            continue
        researcher_reimport_task.delay(researcher_id, job_id)
        sent += 1
    return sent


def _reimport_failed(task, reason: str, researcher_id: int, job_id: int | None = None) -> None:
    if job_id is not None:
        reimport_job_item_fail(job_id=job_id, researcher_id=researcher_id, reason=reason)


# Named as when it lived in profiles/tasks.py, so messages queued before an upgrade still run.
@shared_task(bind=True, name="profiles.tasks.researcher_reimport_task", mark_failed=_reimport_failed)
def researcher_reimport_task(self, researcher_id: int, job_id: int | None = None) -> dict:
    """Rebuild one researcher from their stored captures; idempotent."""
    return reimport_job_step(researcher_id=researcher_id, job_id=job_id)
