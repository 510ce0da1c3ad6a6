"""Two web nodes, as docs/production.md "More than one web node" deploys them: two gunicorn
instances on production settings, each with its own MATCH_INDEX_DIR, sharing one PostgreSQL
database and one Redis, and a Celery worker on a third folder. After a catalogue change the
worker rebuilds and publishes the index; both nodes then answer /matches/ from the new version,
copied from the database, and no request builds an index."""
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.broker, pytest.mark.postgres]

SETUP = """
import django; django.setup()
from django.contrib.auth import get_user_model
from applicants.models import ApplicantProfile
from tests.factories.matching import researcher_with_papers
from datetime import date
researcher_with_papers([("Bilevel optimization for data mixing", "Bilevel optimization chooses data mixing weights.", date(2026, 1, 5))], name="Olga Optimizer")
researcher_with_papers([("Bilevel optimization of language model data mixtures", "Bilevel data mixing.", date(2026, 2, 5))], name="Nina Newcomer", hidden=True)
user = get_user_model().objects.create_user("ada", password="two-nodes-pw-1")
ApplicantProfile.objects.create(user=user, interests="bilevel optimization for data mixing")
from matching.catalogue import match_index_rebuild_task
match_index_rebuild_task.delay()
"""
CHANGE = """
import django; django.setup()
from profiles.models import Researcher
from profiles.services import researcher_set_hidden
researcher_set_hidden(researcher=Researcher.objects.get(name="Nina Newcomer"), hidden=False)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _required(message: str):
    if os.environ.get("CI") or os.environ.get("REQUIRE_SERVICES"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def database_url():
    """A PostgreSQL database of this test's own, on the server the suite runs on."""
    import psycopg

    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres://", "postgresql://")):
        pytest.skip("two web nodes share a PostgreSQL database: run with DATABASE_URL=postgres://…")
    admin_url = urlsplit(suite_url)._replace(path="/postgres").geturl()
    name = f"two_nodes_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        _required(f"PostgreSQL at {admin_url} is unusable ({error})")
    yield urlsplit(suite_url)._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_url(tmp_path):
    """A redis-server of this test's own on a free port (cache, broker and results)."""
    binary = shutil.which("redis-server")
    if binary is None:
        _required("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def _log_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def _published(database_url: str) -> list[str]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return [row[0] for row in conn.execute(
            "SELECT version FROM matching_publishedindex WHERE complete ORDER BY published_at")]


def _wait(predicate, what: str, logs: list[Path], timeout: float = 40):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-2500:]}" for log in logs if log.exists())
    pytest.fail(f"Timed out after {timeout}s waiting for {what}\n{tails}")


class Node:
    """One web node: its gunicorn and a signed-in applicant's browser-like client."""

    def __init__(self, port: int, opener):
        self.base, self.opener = f"http://127.0.0.1:{port}", opener

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (urllib.error.URLError, ConnectionError):
            return 0, ""

    def index_version(self) -> str | None:
        status, body = self.get("/healthz")
        return json.loads(body)["checks"]["index"]["version"] if body.startswith("{") else None

    def log_in(self, username: str, password: str) -> None:
        _, page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=data,
                                         headers={"Referer": self.base + "/accounts/login/"})
        with self.opener.open(request, timeout=30) as response:
            assert response.status == 200 and "/accounts/login/" not in response.url


def test_two_web_nodes_serve_the_index_the_worker_published(tmp_path, database_url, redis_url):
    py = sys.executable
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "SECRET_KEY": "test-only-" + "n" * 50,
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0", "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
        "RATELIMIT_ENABLE": "0", "LOG_LEVEL": "INFO", "WEB_CONCURRENCY": "2", "PYTHONUNBUFFERED": "1",
        # What a multi-node deployment sets on every node (docs/production.md):
        "MATCH_INDEX_PUBLISH": "1", "MATCH_INDEX_SYNC_MAX_PAPERS": "0", "MATCH_INDEX_REBUILD_DELAY": "0",
    })
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([py, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    logs = [tmp_path / "worker.log", tmp_path / "node-a.log", tmp_path / "node-b.log"]
    with ExitStack() as stack:
        def start(args, log, **extra):
            process = subprocess.Popen(args, cwd=ROOT, env={**env, **extra}, stdout=log.open("wb"),
                                       stderr=subprocess.STDOUT)
            stack.callback(lambda: (process.terminate(), process.wait(20)))
            return process

        start([str(Path(py).with_name("celery")), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
               "--without-gossip", "--without-mingle"], logs[0], MATCH_INDEX_DIR=str(tmp_path / "worker-index"))
        # The setup's own writes queue no rebuild, only its explicit one: a worker that started
        # building between two of them built the catalogue twice, so the count of builds below
        # depended on timing (a CI run failed so).
        subprocess.run([py, "-c", SETUP], cwd=ROOT, env={**env, "MATCH_INDEX_DIR": str(tmp_path / "setup-index"),
                                                         "MATCH_INDEX_REBUILD_IN_BACKGROUND": "0"},
                       check=True, capture_output=True)
        first = _wait(lambda: _published(database_url), "the worker to publish the first index", logs)[-1]

        gunicorn = str(Path(py).with_name("gunicorn"))
        nodes = []
        jar = http.cookiejar.CookieJar()  # one applicant, one session (in the shared database)
        for name, log in (("node-a", logs[1]), ("node-b", logs[2])):
            port = _free_port()
            start([gunicorn, "-c", "config/gunicorn.py", "config.wsgi"], log,
                  MATCH_INDEX_DIR=str(tmp_path / name), GUNICORN_BIND=f"127.0.0.1:{port}")
            nodes.append(Node(port, urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))))
        for node in nodes:
            _wait(lambda node=node: node.get("/admin/login/")[0] == 200, f"{node.base} to serve", logs)
        nodes[0].log_in("ada", "two-nodes-pw-1")

        for node in nodes:
            status, page = node.get("/matches/")
            assert status == 200 and "Olga Optimizer" in page and "Nina Newcomer" not in page
            assert node.index_version() == first

        subprocess.run([py, "-c", CHANGE], cwd=ROOT, env={**env, "MATCH_INDEX_DIR": str(tmp_path / "setup-index")},
                       check=True, capture_output=True)
        second = _wait(lambda: (found := _published(database_url)) and found[-1] != first and found[-1],
                       "the worker to publish the index after the change", logs)
        for node in nodes:
            # The first requests answer from the older copy (masked) while a thread copies the new one.
            page = _wait(lambda node=node: (found := node.get("/matches/"))[0] == 200 and "Nina Newcomer" in found[1]
                         and found[1], f"{node.base}/matches/ to show the researcher made visible", logs, timeout=30)
            assert "Olga Optimizer" in page
            assert node.index_version() == second
        assert _published(database_url) == [first, second]  # MATCH_INDEX_PUBLISHED_KEEP=2

    worker_log = logs[0].read_text()
    assert worker_log.count(" built (") == 2 and worker_log.count(" published (") == 2
    for log in logs[1:]:
        messages = [r["message"] for r in _log_records(log)]
        assert not [m for m in messages if " built (" in m], f"a request built an index on {log.name}"
        assert sum("pulled from the database" in m for m in messages) == 2, messages  # each version once
