"""Background re-imports: a job of researchers, each rebuilt from their stored captures."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from profiles import tasks
from profiles.models import (
    Capture,
    CaptureOutcome,
    ReimportJob,
    ReimportJobItem,
    Researcher,
)

from .captures import capture_reapply
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
            tasks.researcher_reimport_task.enqueue_on_commit(rid, job.pk)
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
    killed half-way leaves the item queued for the retry, a second run changes nothing."""
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


def unfinished_work_requeue() -> int:
    """Send again every task whose work the database still shows queued; returns how many.

    The embedded filesystem broker forgets a message as soon as a worker takes it, so a
    worker killed mid-task loses it. The tasks are idempotent, so a duplicate of a message
    still waiting in the queue finds nothing to do.
    """
    sent = 0
    for capture_id in Capture.objects.filter(outcome=CaptureOutcome.QUEUED).values_list("id", flat=True):
        tasks.capture_import_task.delay(capture_id)
        sent += 1
    items = ReimportJobItem.objects.filter(status=ReimportJobItem.Status.QUEUED)
    for researcher_id, job_id in items.values_list("researcher_id", "job_id"):
        tasks.researcher_reimport_task.delay(researcher_id, job_id)
        sent += 1
    return sent
