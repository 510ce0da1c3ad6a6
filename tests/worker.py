"""Real Celery workers for the `broker` tests, on the embedded filesystem broker and on Redis.

- ``celery_worker_embedded`` / ``celery_worker_redis``: an in-process worker
  (celery.contrib.testing) on a broker of the test's own (a tmp folder, or a Redis key prefix).
- ``worker_process``: starts `celery -A config worker --pool=solo` subprocesses on the same
  broker and test database, which a test may SIGKILL mid-task.

The workers must see the test database: on SQLite it is made a file (not memory) whenever a
`broker` test is selected. Redis is REDIS_URL, or redis://127.0.0.1:6379/15; unreachable, the
tests fail when CI or REQUIRE_SERVICES is set and are skipped otherwise.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from config.broker import EMBEDDED_BROKER_URL

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEST_REDIS = "redis://127.0.0.1:6379/15"


def pytest_collection_modifyitems(config, items):
    """A worker in another process or thread cannot see an in-memory SQLite database."""
    if not any(item.get_closest_marker("broker") for item in items):
        return
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
            folder = tempfile.mkdtemp(prefix="scout-test-db-")
            config.add_cleanup(lambda folder=folder: shutil.rmtree(folder, ignore_errors=True))
            settings_dict.setdefault("TEST", {})["NAME"] = str(Path(folder) / f"test_{alias}.sqlite3")


def wait_until(predicate, *, timeout: float = 30, what: str, log: Path | None = None):
    """Poll until predicate() is true; fail with what we waited for (and the worker's log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    tail = f"\nworker log:\n{log.read_text()[-3000:]}" if log and log.exists() else ""
    pytest.fail(f"Timed out after {timeout}s waiting for {what}.{tail}")


@dataclass
class Broker:
    """One broker a test's workers and producer share."""

    name: str
    url: str
    transport_options: dict
    env: dict = field(default_factory=dict)  # what a worker subprocess needs to reach it


def _embedded_broker(tmp_path: Path) -> Broker:
    folder = tmp_path / "broker"  # made by the app itself, as on a fresh clone
    options = {"data_folder_in": str(folder / "queue"), "data_folder_out": str(folder / "queue"),
               "processed_folder": str(folder / "processed"), "store_processed": False,
               "control_folder": str(folder / "control"),
               "polling_interval": 0.1}
    return Broker("embedded", EMBEDDED_BROKER_URL, options, env={"CELERY_BROKER_DIR": str(folder), "REDIS_URL": ""})


def _redis_broker() -> Broker:
    import redis

    url = os.environ.get("REDIS_URL") or DEFAULT_TEST_REDIS
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = (f"Redis at {url} is unreachable ({error}). Start it (redis-server) or set REDIS_URL "
                   "to a Redis the tests may use.")
        if os.environ.get("CI") or os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    # A key prefix of its own keeps this test's queues apart from any other user of that Redis.
    prefix = f"scout-test-{uuid.uuid4().hex[:12]}:"
    from django.conf import settings

    options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": prefix}
    # A worker subprocess re-delivers a killed worker's task after 2 s instead of the real timeout.
    return Broker("redis", url, options, env={"REDIS_URL": url, "TEST_REDIS_PREFIX": prefix,
                                              "TEST_VISIBILITY_TIMEOUT": "2"})


@contextmanager
def _producer_on(broker: Broker):
    """Point the test process's Celery app at the broker, and back afterwards."""
    from config.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options", "task_always_eager")}
    app.conf.update(broker_url=broker.url, broker_transport_options=broker.transport_options,
                    task_always_eager=False)
    app._after_fork()  # drop connection pools bound to the previous broker
    app.on_after_configure.send(sender=app, source=app.conf)
    try:
        yield app
    finally:
        app.conf.update(saved)
        app._after_fork()


@pytest.fixture
def embedded_broker(tmp_path):
    broker = _embedded_broker(tmp_path)
    with _producer_on(broker):
        yield broker


@pytest.fixture
def redis_broker():
    broker = _redis_broker()
    with _producer_on(broker):
        yield broker
    import redis

    client = redis.Redis.from_url(broker.url)
    keys = list(client.scan_iter(f"{broker.transport_options['global_keyprefix']}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=["embedded", "redis"])
def broker(request):
    """Each test that asks for it runs once per broker."""
    return request.getfixturevalue(f"{request.param}_broker")


@contextmanager
def _in_process_worker(broker: Broker):
    from celery.contrib.testing.worker import start_worker

    import tests.worker_hooks  # noqa: F401  (registers the test-only tasks)
    from config.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=30) as worker:
        yield worker


@pytest.fixture
def celery_worker_embedded(embedded_broker, transactional_db):
    with _in_process_worker(embedded_broker) as worker:
        yield worker


@pytest.fixture
def celery_worker_redis(redis_broker, transactional_db):
    with _in_process_worker(redis_broker) as worker:
        yield worker


@pytest.fixture
def celery_worker(broker, transactional_db):
    """An in-process worker on each broker in turn."""
    with _in_process_worker(broker) as worker:
        yield worker


class WorkerProcess:
    """A real `celery -A config worker` subprocess on the test's broker and database."""

    def __init__(self, broker: Broker, log: Path, extra_env: dict):
        from django.db import connection

        env = {**os.environ, **broker.env, **extra_env,
               "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
               "TEST_DB_NAME": str(connection.settings_dict["NAME"]),
               "CELERY_TASK_ALWAYS_EAGER": "false", "PYTHONUNBUFFERED": "1"}
        self.log = log
        celery = str(Path(sys.executable).with_name("celery"))
        self.process = subprocess.Popen(
            [celery, "-A", "config", "worker", "--pool=solo", "--loglevel=INFO", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "--include=tests.worker_hooks",
             f"--hostname=test-{uuid.uuid4().hex[:8]}@%h"],
            cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        )
        wait_until(lambda: self.process.poll() is not None or " ready." in log.read_text(errors="replace"),
                   timeout=60, what="the worker to start", log=log)
        if self.process.poll() is not None:
            pytest.fail(f"The worker exited with {self.process.returncode}:\n{log.read_text()[-3000:]}")

    def kill(self) -> None:
        """Kill -9: no clean-up, no acknowledgement, as when a machine loses power."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill()  # the test is over: nothing of the worker's is worth a slow warm shutdown


@pytest.fixture
def worker_process(broker, transactional_db, tmp_path):
    """Start worker subprocesses on the test's broker: ``worker_process(**extra_env)``."""
    started: list[WorkerProcess] = []

    def _start(**extra_env) -> WorkerProcess:
        worker = WorkerProcess(broker, tmp_path / f"worker-{len(started)}.log", extra_env)
        started.append(worker)
        return worker

    yield _start
    for worker in started:
        worker.stop()
