"""Bulk drafting: "draft for all entries in status X" as one job a Celery task runs; safe to
retry and never drafting an entry twice."""
from __future__ import annotations

from celery import shared_task
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from applicants.selectors import applicant_profile_for
from shortlist.models import ShortlistEntry, Status
from shortlist.selectors import shortlist_entries

from ..exceptions import OutreachError
from ..models import BulkDraftJob, BulkState, Draft
from ..sandbox import TemplateProblem, compile_template
from ..selectors import paper_relevance_for
from .checks import catalogue_titles_visible
from .drafting import draft_create
from .templates import template_source


def bulk_job_create(*, user, entry_status: str, template_key: str) -> BulkDraftJob:
    """Fix the list of entries now and queue the job (after commit)."""

    if entry_status not in Status.values:
        raise OutreachError(f"“{entry_status}” is not a shortlist status.")
    template = template_source(user=user, key=template_key)
    compile_template(template.subject, part="subject")
    compile_template(template.body, part="body")
    ids = list(shortlist_entries(user=user).filter(status=entry_status).values_list("id", flat=True))
    if not ids:
        raise OutreachError(f"You have no shortlist entries in status “{Status(entry_status).label}”.")
    with transaction.atomic():
        job = BulkDraftJob(
            user=user, entry_status=entry_status, template_key=template.key,
            template_name=template.name, entry_ids=ids, total=len(ids),
        )
        job.full_clean()
        job.save()

        bulk_draft_task.enqueue_on_commit(job.pk)
    return job


def bulk_job_run(*, job_id: int) -> BulkDraftJob:
    """Draft every entry of the job that has no draft in it yet. Safe to run twice, or twice at
    once: each draft is unique per (job, entry) in the database, so a second run only skips."""

    job = BulkDraftJob.objects.select_related("user").get(pk=job_id)
    # Compare-and-swap on the attempt counter: of two deliveries starting together only one
    # wins; a redelivery after a lost worker wins too, and the unique (job, entry) constraint
    # keeps even overlapping runs from drafting an entry twice.
    claimed = BulkDraftJob.objects.filter(
        pk=job_id, attempts=job.attempts, state__in=[BulkState.QUEUED, BulkState.RUNNING]
    ).update(state=BulkState.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1)
    if not claimed:
        return job  # finished already, or another run got there first
    titles_cache: list[list[str]] = []

    def titles() -> list[str]:
        if not titles_cache:
            titles_cache.append(catalogue_titles_visible())
        return titles_cache[0]

    # The applicant's ranking is the same for every entry: compute it once for the job.
    relevance = paper_relevance_for(profile=applicant_profile_for(job.user))
    entries = {
        e.pk: e for e in ShortlistEntry.objects.filter(pk__in=job.entry_ids, user=job.user).select_related("researcher")
    }
    drafted = set(Draft.objects.filter(bulk_job=job).values_list("entry_id", flat=True))
    failed_ids = {e["entry_id"] for e in job.errors}
    for entry_id in job.entry_ids:
        if entry_id in drafted or entry_id in failed_ids:
            continue
        entry = entries.get(entry_id)
        if entry is None:
            _bulk_fail(job, entry_id, "", "The entry was removed from the shortlist.")
            continue
        try:
            draft_create(
                user=job.user, researcher=entry.researcher, template_key=job.template_key,
                entry=entry, bulk_job=job, catalogue_titles=titles, relevance=relevance,
            )
        except IntegrityError:
            continue  # a concurrent run of this job drafted the entry first
        except (TemplateProblem, OutreachError) as exc:
            _bulk_fail(job, entry_id, entry.researcher.name, str(exc))
            continue
        BulkDraftJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    done = Draft.objects.filter(bulk_job=job).count()
    BulkDraftJob.objects.filter(pk=job.pk).update(state=BulkState.DONE, finished_at=timezone.now(), done=done)
    job.refresh_from_db()
    return job


def _bulk_fail(job: BulkDraftJob, entry_id: int, name: str, message: str) -> None:
    with transaction.atomic():
        locked = BulkDraftJob.objects.select_for_update().get(pk=job.pk)
        if any(e["entry_id"] == entry_id for e in locked.errors):
            return
        locked.errors = [*locked.errors, {"entry_id": entry_id, "researcher": name, "message": message}]
        locked.failed = len(locked.errors)
        locked.save(update_fields=["errors", "failed"])


def bulk_job_fail(*, job_id: int, message: str) -> None:
    """Mark a job failed when its task gives up (called from the task's on_failure)."""
    with transaction.atomic():
        job = BulkDraftJob.objects.select_for_update().filter(pk=job_id).exclude(state=BulkState.DONE).first()
        if job is None:
            return
        job.state, job.finished_at = BulkState.FAILED, timezone.now()
        job.errors = [*job.errors, {"entry_id": None, "researcher": "", "message": message}]
        job.save(update_fields=["state", "finished_at", "errors"])


def bulk_job_resume(*, job: BulkDraftJob) -> BulkDraftJob:
    """Queue a stopped job again; it drafts only the entries it has not drafted yet."""
    with transaction.atomic():
        resumed = BulkDraftJob.objects.filter(pk=job.pk, state=BulkState.FAILED).update(
            state=BulkState.QUEUED, finished_at=None, errors=[], failed=0,
        )
        if not resumed:
            raise OutreachError("Only a job that stopped can be resumed; this one is running or finished.")

        bulk_draft_task.enqueue_on_commit(job.pk)
    job.refresh_from_db()
    return job


def bulk_jobs_unfinished_requeue() -> int:
    """Send again every bulk job still queued or running (a stopped worker lost its message on
    the filesystem broker); running one twice is safe. Returns how many were sent."""
    ids = list(BulkDraftJob.objects.filter(state__in=[BulkState.QUEUED, BulkState.RUNNING])
               .values_list("id", flat=True))
    for job_id in ids:
        bulk_draft_task.delay(job_id)
    return len(ids)


def _bulk_draft_failed(self, exc, task_id, args, kwargs, einfo):
    job_id = args[0] if args else kwargs.get("job_id")
    bulk_job_fail(job_id=job_id, message=f"The bulk job stopped: {exc}. Start it again to finish the rest.")


# Named as when it lived in outreach/tasks.py, so messages queued before an upgrade still run.
@shared_task(bind=True, name="outreach.tasks.bulk_draft_task", on_failure=_bulk_draft_failed)
def bulk_draft_task(self, job_id: int) -> dict:
    """Draft every entry of one BulkDraftJob; safe to retry or to deliver twice."""
    job = bulk_job_run(job_id=job_id)
    return {"job_id": job.pk, "done": job.done, "failed": job.failed, "state": job.state}
