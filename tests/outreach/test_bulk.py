"""Bulk drafting: every entry in a status gets exactly one draft, however often the job runs."""
import pytest

from outreach.exceptions import OutreachError
from outreach.models import BulkDraftJob, Draft, EmailTemplate
from outreach.services import bulk_job_create, bulk_job_run, template_save
from tests.factories.outreach import ResearcherFactory, entry_for, paper_by


@pytest.fixture
def three_entries(applicant, researcher):
    entries = [entry_for(applicant, researcher, personal_hook="Your sparse attention paper is great.")]
    for i in range(2):
        r = ResearcherFactory()
        paper_by(r, title=f"Sparse Attention Variant Number {i} Explained")
        entries.append(entry_for(applicant, r, personal_hook="A hook."))
    entry_for(applicant, ResearcherFactory(), status="contacted")  # not in the chosen status
    return entries


def test_bulk_job_drafts_each_entry_once_even_when_run_twice(applicant, three_entries, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = bulk_job_create(user=applicant, entry_status="considering", template_key="default:first_contact")
    assert len(callbacks) == 1  # the task is queued only after the job is committed
    assert job.total == 3
    bulk_job_run(job_id=job.pk)
    bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.done == 3 and job.failed == 0
    assert Draft.objects.filter(bulk_job=job).count() == 3
    assert sorted(Draft.objects.values_list("entry_id", flat=True)) == sorted(e.pk for e in three_entries)


def test_a_retried_job_finishes_only_what_is_left(applicant, three_entries, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = bulk_job_create(user=applicant, entry_status="considering", template_key="default:first_contact")
    bulk_job_run(job_id=job.pk)
    # Simulate a worker lost after the first entry: drop two drafts and put the job back.
    Draft.objects.filter(bulk_job=job).order_by("id")[1].delete()
    BulkDraftJob.objects.filter(pk=job.pk).update(state="running", done=2)
    bulk_job_run(job_id=job.pk)
    assert Draft.objects.filter(bulk_job=job).count() == 3
    assert Draft.objects.count() == 3


def test_an_entry_that_cannot_be_drafted_is_reported_and_the_rest_continue(applicant, three_entries, django_capture_on_commit_callbacks):
    # Saving now refuses this template (it fails for a researcher without topics); one saved
    # before that check existed must still fail entry by entry, not stop the job.
    tpl = EmailTemplate.objects.create(user=applicant, name="Needs topics", subject_source="Hi",
                                       body_source="{{ researcher.topics[0] }} {{ researcher.salutation }} {{ applicant.name }}")
    three_entries[0].researcher.topics = ["attention"]
    three_entries[0].researcher.save()
    with django_capture_on_commit_callbacks(execute=False):
        job = bulk_job_create(user=applicant, entry_status="considering", template_key=tpl.key)
    job = bulk_job_run(job_id=job.pk)
    assert job.done == 1 and job.failed == 2
    assert "line 1" in job.errors[0]["message"].lower()


def test_bulk_for_an_empty_status_says_so(applicant, three_entries):
    with pytest.raises(OutreachError, match="no shortlist entries"):
        bulk_job_create(user=applicant, entry_status="replied", template_key="default:first_contact")


def test_a_stopped_job_can_be_resumed_and_drafts_only_what_is_missing(applicant, three_entries, django_capture_on_commit_callbacks):
    from outreach.services import bulk_job_fail, bulk_job_resume

    with django_capture_on_commit_callbacks(execute=False):
        job = bulk_job_create(user=applicant, entry_status="considering", template_key="default:first_contact")
    bulk_job_run(job_id=job.pk)
    Draft.objects.filter(bulk_job=job).order_by("id").first().delete()
    BulkDraftJob.objects.filter(pk=job.pk).update(state="running")  # the task gave up mid-way
    bulk_job_fail(job_id=job.pk, message="The bulk job stopped: worker lost.")
    job.refresh_from_db()
    assert job.state == "failed" and "worker lost" in job.errors[-1]["message"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bulk_job_resume(job=job)
    assert len(callbacks) == 1
    bulk_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "done" and Draft.objects.filter(bulk_job=job).count() == 3
    with pytest.raises(OutreachError, match="Only a job that stopped"):
        bulk_job_resume(job=job)
