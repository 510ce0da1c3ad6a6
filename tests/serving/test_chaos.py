"""The fault run, small: the real server, two Celery workers and a Redis of the test's own (on a
free port, never the shared 6379), re-import tasks and users saving notes while a worker's
process is SIGKILLed and Redis is killed and restarted. Acknowledged notes survive, no task body
runs more than max_retries + 1 times, and the catalogue equals a clean import's."""
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.generated import generator_found

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.broker


@pytest.fixture
def databases():
    """Two empty PostgreSQL databases of the test's own: four processes writing at once is what
    production runs on PostgreSQL (SQLite would serialise them behind one lock)."""
    import psycopg

    admin = os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        message = f"PostgreSQL at {admin} is unreachable ({error}); the fault run needs it (DATABASE_ADMIN_URL)."
        if os.environ.get("CI") or os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    names = [f"chaos_test_{uuid.uuid4().hex[:8]}", f"chaos_clean_{uuid.uuid4().hex[:8]}"]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    yield tuple(urlsplit(admin)._replace(path=f"/{name}").geturl() for name in names)
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_faults_lose_no_acknowledged_note_and_leave_the_clean_catalogue(databases, tmp_path):
    # Runs bench/chaos.py itself: the same run the benchmark makes, at a small size.
    if not Path("/usr/bin/redis-server").exists() and not any(
            (Path(p) / "redis-server").exists() for p in os.environ.get("PATH", "").split(":")):
        pytest.fail("redis-server is needed for the fault run (apt-get install redis-server)")
    if generator_found() is None:  # bench/chaos.py generates its captures with it
        message = ("shared/bench/gen_captures.py is not beside the repository (CI checks out shared/ next to it; "
                   "or set ADVISOR_SHARED_DIR)")
        if os.environ.get("CI") or os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    chaos_url, clean_url = databases
    result = subprocess.run(
        [sys.executable, "bench/chaos.py", "--tasks", "120", "--users", "4", "--saves", "8", "--researchers", "12",
         "--papers", "8", "--kills", "2", "--redis-restarts", "1", "--timeout", "240",
         # The test workers' settings: Redis re-delivers a delivery lost with it within seconds.
         "--settings", "tests.worker_settings",
         "--database-url", chaos_url, "--clean-database-url", clean_url, "--work", str(tmp_path / "run")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "TEST_VISIBILITY_TIMEOUT": "10", "TEST_REDIS_PREFIX": ""})
    out = result.stdout
    assert "PASS: every acknowledged note is there" in out, out + result.stderr[-3000:]
    assert "PASS: no task body ran more than max_retries + 1" in out, out
    assert "PASS: final export_profiles equals a clean import's" in out, out
    assert "PASS: every re-import task finished" in out, out
    assert "2 worker processes killed" in out and "restarted 1 time" in out, out
    assert result.returncode == 0, out
