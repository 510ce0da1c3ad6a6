"""A real worker whose task fails on a bug: the item is marked failed with the reason, its
progress page ends and says why, and a worker starting later does not send it again."""
from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from config.tasks import unfinished_work_resend
from profiles.models import Capture, CaptureOutcome, ReimportJobItem
from profiles.services import capture_enqueue, capture_import, reimport_job_start
from profiles.services import captures as capture_services
from profiles.services import reimports as reimport_services
from tests.worker import wait_until

SEED = "000_e21337452ddc9eb7.txt"


def _seed(seeds_dir) -> tuple[bytes, date]:
    day = json.loads((seeds_dir / "captures.json").read_text())[SEED]["captured_on"]
    return (seeds_dir / SEED).read_bytes(), date.fromisoformat(day)


def _importer_bug(*args, **kwargs):
    raise IndexError("list index out of range in the test's broken importer")


@pytest.mark.broker
def test_an_importer_bug_fails_the_capture_and_ends_its_progress_page(celery_worker, seeds_dir, monkeypatch,
                                                                      admin_client):
    monkeypatch.setattr(capture_services, "parse_capture", _importer_bug)  # the worker runs in this process
    raw, day = _seed(seeds_dir)
    capture, _, _ = capture_enqueue(raw=raw, captured_on=day, filename=SEED)

    wait_until(lambda: Capture.objects.get(pk=capture.pk).outcome != CaptureOutcome.QUEUED,
               what="the worker to give up on the capture")

    capture.refresh_from_db()
    assert capture.outcome == CaptureOutcome.FAILED
    assert "IndexError: list index out of range in the test's broken importer" in capture.outcome_detail
    page = admin_client.get(reverse("admin:profiles_capture_progress") + f"?ids={capture.pk}")
    html = page.content.decode()
    assert 'data-state="finished"' in html and "hx-trigger" not in html  # it stops polling
    assert "list index out of range in the test&#x27;s broken importer" in html
    assert unfinished_work_resend("a test: a worker starting later") == 0


@pytest.mark.broker
def test_a_reimport_bug_fails_its_item_and_ends_the_job(celery_worker, seeds_dir, monkeypatch, admin_client):
    raw, day = _seed(seeds_dir)
    researcher = Capture.objects.get(pk=capture_import(raw=raw, captured_on=day).capture_id).researcher
    monkeypatch.setattr(reimport_services, "capture_reapply", _importer_bug)

    job = reimport_job_start(researchers=[researcher])

    wait_until(lambda: ReimportJobItem.objects.get(job=job).status != ReimportJobItem.Status.QUEUED,
               what="the worker to give up on the re-import")
    item = ReimportJobItem.objects.get(job=job)
    assert item.status == ReimportJobItem.Status.FAILED and "IndexError" in item.detail
    html = admin_client.get(reverse("admin:profiles_reimportjob_progress", args=[job.pk])).content.decode()
    assert 'data-state="finished"' in html and "broken importer" in html
    assert unfinished_work_resend("a test: a worker starting later") == 0
