"""/healthz: 200 only when the database, the broker, a worker and the index are fine; 503 with
the same JSON naming what is wrong otherwise."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.catalogue import match_index_build
from profiles.models import WorkerHeartbeat
from profiles.services import worker_heartbeat_record
from tests.worker import Broker, _producer_on, wait_until


def _health(client):
    response = client.get(reverse("healthz"))
    return response.status_code, response.json()


def test_without_any_worker_the_site_is_unhealthy_and_says_why(client, db):
    status, body = _health(client)
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "ok"
    assert body["checks"]["worker"]["status"] == "no worker is running"


def test_a_recent_heartbeat_makes_it_healthy_and_an_old_one_does_not(client, db, settings):
    worker_heartbeat_record(hostname="celery@web1")
    status, body = _health(client)
    assert status == 200 and body["status"] == "ok"
    assert body["checks"]["worker"]["heartbeat_age_seconds"] < 5
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=3 * settings.CELERY_WORKER_HEARTBEAT_SECONDS + 5))
    status, body = _health(client)
    assert status == 503 and body["checks"]["worker"]["status"].startswith("no heartbeat for over")


def test_each_beat_moves_the_one_heartbeat_of_its_worker(client, db):
    worker_heartbeat_record(hostname="celery@web1")
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(hours=1))
    worker_heartbeat_record(hostname="celery@web1")
    worker_heartbeat_record(hostname="celery@web2")
    beats = {b.hostname: b.seen_at for b in WorkerHeartbeat.objects.all()}
    assert sorted(beats) == ["celery@web1", "celery@web2"]
    assert timezone.now() - beats["celery@web1"] < timedelta(seconds=5)
    assert _health(client)[0] == 200


def test_an_unreachable_broker_is_reported(client, db, settings):
    worker_heartbeat_record(hostname="celery@web1")
    settings.HEALTH_BROKER_TIMEOUT_SECONDS = 0.5
    nowhere = Broker("redis", "redis://127.0.0.1:9/0", {"socket_connect_timeout": 0.5})  # port 9: discard, closed
    with _producer_on(nowhere):
        status, body = _health(client)
    assert status == 503 and body["checks"]["broker"]["status"].startswith("unreachable")
    assert body["checks"]["database"]["status"] == "ok"


def test_the_index_age_is_reported_once_an_index_is_built(client, db, settings, tmp_path):
    settings.MATCH_INDEX_DIR = tmp_path / "index"
    worker_heartbeat_record(hostname="celery@web1")
    assert _health(client)[1]["checks"]["index"]["age_seconds"] is None
    match_index_build()
    assert 0 <= _health(client)[1]["checks"]["index"]["age_seconds"] < 60


def test_healthz_is_never_cached_and_refuses_writes(client, db):
    response = client.get(reverse("healthz"))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.post(reverse("healthz")).status_code == 405


@pytest.mark.broker
def test_a_real_worker_beats_and_stops_beating_when_killed(client, worker_process, broker, settings):
    settings.CELERY_WORKER_HEARTBEAT_SECONDS = 1  # stale after 3 s
    worker = worker_process(CELERY_WORKER_HEARTBEAT_SECONDS="1")
    wait_until(lambda: WorkerHeartbeat.objects.exists(), timeout=30, what="the worker's first heartbeat", log=worker.log)
    status, body = _health(client)
    assert status == 200, body
    worker.kill()
    wait_until(lambda: _health(client)[0] == 503, timeout=15, what="/healthz to notice the dead worker")
    assert _health(client)[1]["checks"]["worker"]["status"].startswith("no heartbeat for over")


def test_failed_sends_left_unsent_past_a_few_beat_ticks_make_it_unhealthy(client, db):
    """Beat re-sends them within a minute of the broker answering; a note minutes old means beat
    is not running (a deployment with no worker started with --beat) or the broker never came
    back, and the work it stands for waits for nothing."""
    from profiles.models import UnsentWork
    from profiles.selectors.workers import UNSENT_WORK_OVERDUE_SECONDS
    from profiles.services import unsent_work_record

    worker_heartbeat_record(hostname="celery@web1")
    unsent_work_record("profiles.tasks.capture_import_task")
    status, body = _health(client)
    assert status == 200 and body["checks"]["queue"] == {"status": "ok", "unsent": 1}  # beat's turn yet
    UnsentWork.objects.update(failed_at=timezone.now() - timedelta(seconds=UNSENT_WORK_OVERDUE_SECONDS + 60))
    status, body = _health(client)
    assert status == 503 and body["checks"]["queue"]["status"].startswith(
        "1 send(s) to the task queue failed, the oldest 6 min ago, and are not re-sent")
    assert "Celery beat runs (--beat on one worker)" in body["checks"]["queue"]["status"]
