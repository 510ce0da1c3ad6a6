"""Bulk drafting on a real worker (embedded broker and Redis): progress reaches the page's job
row, and delivering the task again adds no drafts."""
import pytest

from outreach.models import BulkDraftJob, Draft
from outreach.services import bulk_job_create
from outreach.tasks import bulk_draft_task
from tests.factories.outreach import (
    ProfileFactory,
    ResearcherFactory,
    UserFactory,
    entry_for,
    paper_by,
)
from tests.worker import wait_until


@pytest.mark.broker
def test_bulk_job_on_a_real_worker_drafts_each_entry_once(celery_worker):
    user = ProfileFactory(user=UserFactory(username="bulk")).user
    for i in range(3):
        r = ResearcherFactory()
        paper_by(r, title=f"Sparse Attention Variant Number {i} Explained")
        entry_for(user, r, personal_hook="A sentence of my own about your paper.")
    job = bulk_job_create(user=user, entry_status="considering", template_key="default:first_contact")

    wait_until(lambda: BulkDraftJob.objects.get(pk=job.pk).state == "done", timeout=60, what="the bulk job")
    # A duplicate delivery (a retry, or a re-sent task) finds nothing left to do.
    bulk_draft_task.delay(job.pk).get(timeout=30)
    job.refresh_from_db()
    assert job.done == 3 and job.failed == 0
    assert Draft.objects.filter(bulk_job=job).count() == 3 == Draft.objects.count()
