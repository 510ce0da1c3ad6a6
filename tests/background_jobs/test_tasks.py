"""Background imports on real workers: safe to run twice, to kill half-way and retry, and to crash
without running forever. On the embedded broker and on Redis."""
from __future__ import annotations

import json
from datetime import date

import pytest
from django.conf import settings
from django.db import OperationalError

from config.celery import app
from config.tasks import ScoutTask
from profiles.models import (
    Authorship,
    Capture,
    CaptureOutcome,
    Paper,
    ReimportJobItem,
    Researcher,
)
from profiles.services import capture_enqueue, capture_import, reimport_job_start
from profiles.tasks import capture_import_task, researcher_reimport_task
from tests.worker import wait_until

SEED = "000_e21337452ddc9eb7.txt"


def _seed(seeds_dir, name=SEED) -> tuple[bytes, date]:
    day = json.loads((seeds_dir / "captures.json").read_text())[name]["captured_on"]
    return (seeds_dir / name).read_bytes(), date.fromisoformat(day)


def _assert_one_correct_import(capture: Capture) -> None:
    capture.refresh_from_db()
    assert capture.outcome == CaptureOutcome.IMPORTED
    assert Capture.objects.count() == 1 and Researcher.objects.count() == 1
    assert Paper.objects.count() == capture.paper_total > 0
    assert Authorship.objects.filter(researcher=capture.researcher).count() == capture.paper_total
    assert capture.papers_added == capture.paper_total  # counted once, as a first import


def test_tasks_are_configured_for_a_worker_that_dies_mid_task():
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > conf.task_time_limit > conf.task_soft_time_limit
    app.loader.import_default_modules()
    ours = [t for name, t in app.tasks.items() if name.split(".")[0] in
            ("profiles", "applicants", "matching", "shortlist", "outreach")]
    assert {capture_import_task.name, researcher_reimport_task.name} <= {t.name for t in ours}
    for task in ours:  # every task of every app gets the one base class and its retry policy
        assert isinstance(task, ScoutTask), task.name
        assert task.acks_late
        assert OperationalError in task.autoretry_for
        assert task.max_retries == settings.CELERY_TASK_MAX_RETRIES > 0
        assert task.retry_backoff == settings.CELERY_TASK_RETRY_BACKOFF > 0
        assert task.retry_backoff_max == settings.CELERY_TASK_RETRY_BACKOFF_MAX


@pytest.mark.broker
def test_the_same_capture_task_twice_imports_once(celery_worker, seeds_dir):
    raw, day = _seed(seeds_dir)
    capture, _, queued = capture_enqueue(raw=raw, captured_on=day, filename=SEED)  # sent at once: no transaction

    first = capture_import_task.AsyncResult(queued)
    second = capture_import_task.delay(capture.pk)  # the same work delivered a second time

    # Whichever delivery runs first imports; the other finds nothing left to do. (The broker
    # does not promise order, and a worker starting up may re-send queued work as well.)
    outcomes = sorted([first.get(timeout=30), second.get(timeout=30)], key=lambda r: r is not None)
    assert outcomes[0] is None and outcomes[1]["ok"] is True
    _assert_one_correct_import(capture)


@pytest.mark.broker
def test_the_same_reimport_task_twice_leaves_one_result(celery_worker, seeds_dir):
    raw, day = _seed(seeds_dir)
    researcher = Researcher.objects.get(pk=capture_import(raw=raw, captured_on=day).researcher_id)
    papers = Paper.objects.count()

    job = reimport_job_start(researchers=[researcher])  # sends the job's task on commit
    again = researcher_reimport_task.delay(researcher.pk, job.pk)

    item = ReimportJobItem.objects.get(job=job)
    wait_until(lambda: again.ready() and ReimportJobItem.objects.get(pk=item.pk).status != "queued",
               what="both deliveries of the re-import task")
    item.refresh_from_db()
    assert item.status == ReimportJobItem.Status.DONE and item.detail.endswith("papers added 0, updated 0, unchanged 6")
    assert Paper.objects.count() == papers
    assert Authorship.objects.count() == papers


@pytest.mark.broker
def test_a_task_that_keeps_crashing_stops_at_the_retry_cap(celery_worker, tmp_path):
    from tests.worker_hooks import always_crashing_task

    attempts = tmp_path / "attempts"

    result = always_crashing_task.delay(str(attempts))

    with pytest.raises(OperationalError):
        result.get(timeout=60, propagate=True)
    runs = attempts.read_text().split()
    assert runs == [str(n) for n in range(settings.CELERY_TASK_MAX_RETRIES + 1)]  # first run + capped retries


@pytest.mark.broker
def test_a_worker_killed_half_way_through_an_import_leaves_one_correct_import(worker_process, tmp_path, seeds_dir):
    raw, day = _seed(seeds_dir)
    capture, _, _ = capture_enqueue(raw=raw, captured_on=day, filename=SEED)  # waits in the queue
    stall = tmp_path / "stall"
    stall.touch()
    doomed = worker_process(SCOUT_TEST_STALL_FILE=str(stall))

    wait_until(lambda: (tmp_path / "stall.stalled").exists(), what="the import to reach its papers",
               log=doomed.log)
    doomed.kill()

    # What the dead worker wrote was never committed.
    assert Paper.objects.count() == 0
    assert Capture.objects.get(pk=capture.pk).outcome == CaptureOutcome.QUEUED
    survivor = worker_process()
    wait_until(lambda: Capture.objects.get(pk=capture.pk).outcome != CaptureOutcome.QUEUED, timeout=60,
               what="a new worker to run the task again", log=survivor.log)
    _assert_one_correct_import(capture)


@pytest.mark.broker
def test_a_worker_killed_during_a_reimport_job_finishes_it_once_restarted(worker_process, tmp_path, seeds_dir):
    raw, day = _seed(seeds_dir)
    capture = Capture.objects.get(pk=capture_import(raw=raw, captured_on=day, filename=SEED).capture_id)
    stall = tmp_path / "stall"
    stall.touch()
    doomed = worker_process(SCOUT_TEST_STALL_FILE=str(stall))

    job = reimport_job_start(researchers=[capture.researcher])
    wait_until(lambda: (tmp_path / "stall.stalled").exists(), what="the re-import to reach its papers",
               log=doomed.log)
    doomed.kill()

    assert ReimportJobItem.objects.get(job=job).status == ReimportJobItem.Status.QUEUED
    survivor = worker_process()
    wait_until(lambda: ReimportJobItem.objects.get(job=job).status != "queued", timeout=60,
               what="a new worker to finish the job", log=survivor.log)
    item = ReimportJobItem.objects.get(job=job)
    assert item.status == ReimportJobItem.Status.DONE
    assert Paper.objects.count() == capture.paper_total
    assert Authorship.objects.count() == capture.paper_total
