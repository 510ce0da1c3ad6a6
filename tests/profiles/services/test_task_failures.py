"""A catalogue task that fails marks its work failed with the reason, and work that keeps
stopping its worker is given up after a bounded number of attempts, never re-sent forever."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from profiles.models import Capture, CaptureOutcome, ReimportJobItem, SourceLink, SourceOutcome
from profiles.selectors import captures_progress, reimport_job_progress
from profiles.services import capture_enqueue, capture_import, capture_process, reimport_job_start
from profiles.services import unfinished_work_requeue as profiles_unfinished_work_requeue
from profiles.tasks import (
    capture_import_task,
    researcher_reimport_task,
    source_add_task,
    sources_refresh_task,
)

pytestmark = pytest.mark.django_db
SEED = "000_e21337452ddc9eb7.txt"


def _seed(seeds_dir) -> tuple[bytes, date]:
    day = json.loads((seeds_dir / "captures.json").read_text())[SEED]["captured_on"]
    return (seeds_dir / SEED).read_bytes(), date.fromisoformat(day)


def _fail(task, *args, exc=None):
    """What the worker does when the task raised (a bug, retries used up, its time limit)."""
    task.on_failure(exc or ValueError("the parser tripped on line 3"), "task-id", args, {}, None)


def test_a_capture_whose_import_task_fails_is_marked_failed_with_the_reason(seeds_dir):
    raw, day = _seed(seeds_dir)
    capture, _, _ = capture_enqueue(raw=raw, captured_on=day, filename=SEED)

    _fail(capture_import_task, capture.pk)

    capture.refresh_from_db()
    assert capture.outcome == CaptureOutcome.FAILED
    assert "ValueError: the parser tripped on line 3" in capture.outcome_detail
    _, progress = captures_progress(ids=[capture.pk])
    assert progress["finished"] and progress["failed"] == 1


def test_a_failure_after_the_import_succeeded_changes_nothing(seeds_dir):
    # A duplicate delivery that fails (say, the database went away) must not undo the first.
    raw, day = _seed(seeds_dir)
    capture = Capture.objects.get(pk=capture_import(raw=raw, captured_on=day, filename=SEED).capture_id)

    _fail(capture_import_task, capture.pk)

    capture.refresh_from_db()
    assert capture.outcome == CaptureOutcome.IMPORTED and capture.outcome_detail == ""


def test_a_reimport_item_whose_task_fails_is_marked_failed_and_its_job_ends(seeds_dir):
    raw, day = _seed(seeds_dir)
    researcher = Capture.objects.get(pk=capture_import(raw=raw, captured_on=day).capture_id).researcher
    job = reimport_job_start(researchers=[researcher])

    _fail(researcher_reimport_task, researcher.pk, job.pk)

    item = ReimportJobItem.objects.get(job=job)
    assert item.status == ReimportJobItem.Status.FAILED
    assert "the parser tripped on line 3" in item.detail and item.finished_at is not None
    assert reimport_job_progress(job=job)["finished"]


def test_source_links_whose_refresh_task_fails_are_marked_failed_and_retried_later(seeds_dir):
    raw, day = _seed(seeds_dir)
    researcher = Capture.objects.get(pk=capture_import(raw=raw, captured_on=day).capture_id).researcher
    link = SourceLink.objects.create(researcher=researcher, kind="openalex", external_id="A5023888391",
                                     next_refresh_at=timezone.now())

    _fail(sources_refresh_task, [link.pk])

    link.refresh_from_db()
    assert link.last_outcome == SourceOutcome.FAILED
    assert "the parser tripped on line 3" in link.last_detail
    assert link.failures == 1 and link.next_refresh_at > timezone.now() + timedelta(minutes=30)


def test_a_source_add_whose_task_fails_marks_the_link_it_made_failed(seeds_dir):
    raw, day = _seed(seeds_dir)
    researcher = Capture.objects.get(pk=capture_import(raw=raw, captured_on=day).capture_id).researcher
    link = SourceLink.objects.create(researcher=researcher, kind="openalex", external_id="A5023888391")

    _fail(source_add_task, "https://openalex.org/A5023888391", None, None)
    _fail(source_add_task, "not a link at all", None, None)  # nothing to mark: no error either

    link.refresh_from_db()
    assert link.last_outcome == SourceOutcome.FAILED and "line 3" in link.last_detail


def test_a_capture_that_keeps_stopping_its_worker_is_given_up_not_resent(seeds_dir, settings):
    # Each start of the import is counted before it runs: a worker killed inside it (out of
    # memory, SIGKILL) leaves the count, and the work is not sent again past the cap.
    raw, day = _seed(seeds_dir)
    capture, _, _ = capture_enqueue(raw=raw, captured_on=day, filename=SEED)
    Capture.objects.filter(pk=capture.pk).update(attempts=settings.CELERY_TASK_MAX_ATTEMPTS)

    assert profiles_unfinished_work_requeue() == 0

    capture.refresh_from_db()
    assert capture.outcome == CaptureOutcome.FAILED
    assert f"Gave up after {settings.CELERY_TASK_MAX_ATTEMPTS} attempts" in capture.outcome_detail


def test_the_last_allowed_attempt_still_imports_and_the_next_gives_up(seeds_dir, settings):
    raw, day = _seed(seeds_dir)
    capture, _, _ = capture_enqueue(raw=raw, captured_on=day, filename=SEED)
    Capture.objects.filter(pk=capture.pk).update(attempts=settings.CELERY_TASK_MAX_ATTEMPTS - 1)
    assert capture_process(capture_id=capture.pk).ok
    capture.refresh_from_db()
    assert capture.outcome == CaptureOutcome.IMPORTED and capture.attempts == settings.CELERY_TASK_MAX_ATTEMPTS

    other, _, _ = capture_enqueue(raw=raw + b"\n", captured_on=day, filename="copy.txt")
    Capture.objects.filter(pk=other.pk).update(attempts=settings.CELERY_TASK_MAX_ATTEMPTS)
    result = capture_process(capture_id=other.pk)
    other.refresh_from_db()
    assert not result.ok and other.outcome == CaptureOutcome.FAILED
    assert "Gave up" in other.outcome_detail


def test_a_reimport_item_that_keeps_stopping_its_worker_is_given_up(seeds_dir, settings):
    raw, day = _seed(seeds_dir)
    researcher = Capture.objects.get(pk=capture_import(raw=raw, captured_on=day).capture_id).researcher
    job = reimport_job_start(researchers=[researcher])
    ReimportJobItem.objects.filter(job=job).update(attempts=settings.CELERY_TASK_MAX_ATTEMPTS)

    assert profiles_unfinished_work_requeue() == 0

    item = ReimportJobItem.objects.get(job=job)
    assert item.status == ReimportJobItem.Status.FAILED and "Gave up" in item.detail
