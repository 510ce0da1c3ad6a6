"""Fault run: the real server (gunicorn, 2 workers), two Celery workers and a Redis of its own,
under re-import tasks and users saving notes over HTTP, while a worker's process is killed with
SIGKILL several times and Redis is killed and restarted once.

    .venv/bin/python bench/chaos.py [--tasks 2000] [--users 20] [--kills 3] [--redis-restarts 1]
                                    [--researchers 40] [--database-url URL --clean-database-url URL]

Checks, and prints the figures behind them:
- every note whose save was acknowledged (HTTP 302) is in the notes afterwards;
- no task id's body ran more than max_retries + 1 times (counted by bench/chaos_hooks.py);
- the final `export_profiles` equals that of a clean import of the same captures.
Exit status 0 only when all three hold. Databases: PostgreSQL `chaos` and `chaos_clean` (made
from DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres), or the URLs given
(tests pass SQLite files). Redis listens on a free loopback port with its append-only file on,
as a production broker should; the shared 6379 is never touched.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from generated import captures_generate  # noqa: E402  (a sibling module)
from load_bench import Client, _free_port  # noqa: E402  (a sibling script)

PASSWORD = "chaos-pass-123"


def _postgres(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlsplit(admin_url)._replace(path=f"/{name}").geturl()


class Run:
    """The processes of one fault run and the environment they share."""

    def __init__(self, work: Path, database_url: str, settings_module: str = "config.settings"):
        self.work = work
        self.redis_port, self.web_port = _free_port(), _free_port()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        self.env.update({
            "DJANGO_SETTINGS_MODULE": settings_module, "DEBUG": "0", "SECRET_KEY": "chaos-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0", "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "STATIC_ROOT": str(work / "static"), "MEDIA_ROOT": str(work / "media"),
            "MATCH_INDEX_DIR": str(work / "match_index"), "GUNICORN_BIND": f"127.0.0.1:{self.web_port}",
            "WEB_CONCURRENCY": "2", "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLE": "0",
            "CHAOS_RUN_LOG": str(work / "task-runs.log"), "PYTHONPATH": str(BENCH),
            # A killed task is re-queued at once by its worker; a delivery lost with Redis comes
            # back after the visibility timeout, twice the time limit (65 s here): bound it.
            "CELERY_TASK_SOFT_TIME_LIMIT": "5",
        })
        self.redis = self.web = None
        self.workers: list[subprocess.Popen] = []

    def manage(self, *args, env=None, check=True) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env or self.env,
                              capture_output=True, text=True)
        if check and done.returncode:
            raise SystemExit(f"chaos: manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done

    def python(self, code: str) -> str:
        """Run Django code against the run's database; its stdout."""
        script = "import django; django.setup()\n" + code
        return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=self.env, check=True,
                              capture_output=True, text=True).stdout

    def redis_start(self) -> None:
        data = self.work / "redis"
        data.mkdir(exist_ok=True)
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--dir", str(data),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=(self.work / "redis.log").open("ab"), stderr=subprocess.STDOUT)
        _wait(lambda: _redis_ping(self.redis_port), "Redis to start")

    def redis_kill(self) -> None:
        self.redis.send_signal(signal.SIGKILL)
        self.redis.wait(10)

    def web_start(self) -> None:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.web = subprocess.Popen([gunicorn, "-c", "config/gunicorn.py", "config.wsgi"], cwd=ROOT, env=self.env,
                                    stdout=(self.work / "gunicorn.log").open("ab"), stderr=subprocess.STDOUT)
        _wait(lambda: _answers(self.web_port), "gunicorn to start")

    def worker_start(self, n: int) -> subprocess.Popen:
        celery = str(Path(sys.executable).with_name("celery"))
        worker = subprocess.Popen(
            [celery, "-A", "config", "worker", "--pool=prefork", "--concurrency=1", "--loglevel=INFO",
             "--include=chaos_hooks", f"--hostname=chaos{n}-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=self.env, stdout=(self.work / f"worker{n}.log").open("ab"), stderr=subprocess.STDOUT)
        return worker

    def stop(self) -> None:
        for proc in [*self.workers, self.web]:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in [*self.workers, self.web]:
            if proc is not None:
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(10)


def _wait(predicate, what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"chaos: timed out waiting for {what}")
        time.sleep(0.2)


def _redis_ping(port: int) -> bool:
    import redis

    try:
        return redis.Redis(port=port, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def _answers(port: int) -> bool:
    try:
        Client(port).request("GET", "/healthz")
        return True
    except OSError:
        return False


def _pool_child(worker: subprocess.Popen) -> int | None:
    """The pool process running the worker's tasks (its only child)."""
    try:
        children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


# -- users saving notes ------------------------------------------------------------------------

class NoteWriter(threading.Thread):
    """One applicant adding a line to a shortlist entry's notes, again and again, over HTTP."""

    def __init__(self, port: int, username: str, entry_id: int, saves: int):
        super().__init__(daemon=True)
        self.port, self.username, self.entry_id, self.saves = port, username, entry_id, saves
        self.acknowledged: list[str] = []
        self.failed = self.conflicts = 0

    def _state(self, client) -> tuple[str, int]:
        _, page = client.request("GET", f"/shortlist/entries/{self.entry_id}/")
        page = page.decode()
        version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
        notes = re.search(r'<textarea[^>]*name="notes"[^>]*>(.*?)</textarea>', page, re.S).group(1)
        import html

        return html.unescape(notes).lstrip("\n"), version

    def run(self) -> None:
        client = Client(self.port)
        client.log_in(self.username, PASSWORD)
        token = client.cookies["csrftoken"]
        notes, version = self._state(client)
        for k in range(self.saves):
            line = f"{self.username} note {k}"
            text = (notes.rstrip("\n") + "\n" + line).lstrip("\n")
            body = urlencode({"notes": text, "version": version, "csrfmiddlewaretoken": token})
            try:
                status, _ = client.request("POST", f"/shortlist/entries/{self.entry_id}/notes/", body, {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{self.port}/shortlist/"})
            except OSError:
                status = None
            if status == 302:
                self.acknowledged.append(line)
                notes, version = text, version + 1
            else:
                self.failed += status != 409
                self.conflicts += status == 409
                try:  # our save may have landed without an answer: read what is there now
                    notes, version = self._state(client)
                except (OSError, AttributeError):
                    time.sleep(0.5)
            time.sleep(random.uniform(0.05, 0.3))


# -- the run -----------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--researchers", type=int, default=40)
    ap.add_argument("--papers", type=int, default=20)
    ap.add_argument("--tasks", type=int, default=2000, help="re-import tasks to send")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--saves", type=int, default=30, help="note saves per user")
    ap.add_argument("--kills", type=int, default=3, help="times a worker's process is killed (SIGKILL)")
    ap.add_argument("--redis-restarts", type=int, default=1)
    ap.add_argument("--database-url")
    ap.add_argument("--clean-database-url")
    ap.add_argument("--work", type=Path)
    ap.add_argument("--timeout", type=float, default=600, help="seconds for the tasks to finish")
    ap.add_argument("--settings", default="config.settings", help="Django settings module (tests shorten timeouts)")
    args = ap.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="chaos-"))
    work.mkdir(parents=True, exist_ok=True)
    admin = os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    database_url = args.database_url or _postgres(admin, "chaos")
    clean_url = args.clean_database_url or _postgres(admin, "chaos_clean")
    captures = captures_generate(work / "captures", pages=args.researchers, papers=args.papers)
    run = Run(work, database_url, args.settings)
    started = time.monotonic()
    try:
        # The clean import: what the catalogue must look like after any number of re-imports.
        clean_env = {**run.env, "DATABASE_URL": clean_url, "REDIS_URL": "", "CELERY_BROKER_DIR": str(work / "clean-broker")}
        run.manage("migrate", "--noinput", env=clean_env)
        run.manage("import_profiles", str(captures), env=clean_env, check=False)
        clean_export = run.manage("export_profiles", env=clean_env).stdout

        run.redis_start()
        run.manage("migrate", "--noinput")
        run.manage("collectstatic", "--noinput")
        run.manage("import_profiles", str(captures), check=False)
        entries = json.loads(run.python(f"""
import json
from django.contrib.auth import get_user_model
from profiles.selectors import researchers_visible
from shortlist.services import entry_save
researchers = list(researchers_visible().order_by("id")[:{args.users}])
out = []
for i in range({args.users}):
    user = get_user_model().objects.create_user(f"chaos{{i}}", password="{PASSWORD}")
    out.append([user.username, entry_save(user=user, researcher=researchers[i % len(researchers)]).pk])
print(json.dumps(out))
""").strip().splitlines()[-1])
        run.web_start()
        run.workers = [run.worker_start(0), run.worker_start(1)]
        _wait(lambda: all(" ready." in (work / f"worker{n}.log").read_text(errors="replace") for n in (0, 1)),
              "both workers to start")

        # The re-import jobs: one task per researcher and job, sent once each job commits.
        sent = int(run.python(f"""
from profiles.models import Researcher
from profiles.services import reimport_job_start
researchers = list(Researcher.objects.filter(merged_into__isnull=True))
sent = 0
while sent < {args.tasks}:
    sent += reimport_job_start(researchers=researchers).total
print(sent)
""").strip().splitlines()[-1])

        writers = [NoteWriter(run.web_port, name, entry_id, args.saves) for name, entry_id in entries]
        for w in writers:
            w.start()

        kills = redis_restarts = 0
        faults = ["kill"] * args.kills + ["redis"] * args.redis_restarts
        random.Random(7).shuffle(faults)
        for fault in faults:
            time.sleep(3)
            if fault == "kill":
                # Take turns; if one worker has no pool process just now, kill the other's.
                order = [run.workers[kills % 2], run.workers[(kills + 1) % 2]]
                child = None
                deadline = time.monotonic() + 30
                while child is None and time.monotonic() < deadline:
                    child = next((c for c in map(_pool_child, order) if c), None)
                    time.sleep(0.1)
                if child:
                    os.kill(child, signal.SIGKILL)  # the process running a task body, mid-task
                    kills += 1
            else:
                run.redis_kill()
                time.sleep(1.5)
                run.redis_start()
                redis_restarts += 1
        for w in writers:
            w.join(300)

        def remaining() -> int:
            return int(run.python("""
from profiles.models import ReimportJobItem
print(ReimportJobItem.objects.filter(status=ReimportJobItem.Status.QUEUED).count())
""").strip().splitlines()[-1])

        # Deliveries lost with Redis come back after the visibility timeout: wait them out.
        deadline = time.monotonic() + args.timeout
        while remaining() and time.monotonic() < deadline:
            time.sleep(3)
        left = remaining()
        final_export = run.manage("export_profiles").stdout
        notes = json.loads(run.python(f"""
import json
from shortlist.models import ShortlistEntry
print(json.dumps(dict(ShortlistEntry.objects.filter(pk__in={[e for _, e in entries]}).values_list("id", "notes"))))
""").strip().splitlines()[-1])
    finally:
        run.stop()

    runs = Counter(line.split()[0] for line in (work / "task-runs.log").read_text().splitlines() if line.strip())
    max_retries = int(subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import "
                                      "settings; print(settings.CELERY_TASK_MAX_RETRIES)"], cwd=ROOT, env=run.env,
                                     capture_output=True, text=True, check=True).stdout.strip())
    acked = [(w.entry_id, line) for w in writers for line in w.acknowledged]
    lost = [(entry_id, line) for entry_id, line in acked if line not in notes[str(entry_id)].splitlines()]
    most = max(runs.values(), default=0)
    checks = {
        "every acknowledged note is there": not lost,
        f"no task body ran more than max_retries + 1 = {max_retries + 1} times": most <= max_retries + 1,
        "final export_profiles equals a clean import's": final_export == clean_export,
        "every re-import task finished": left == 0,
    }
    print(f"re-import tasks sent: {sent:,}; task bodies run: {sum(runs.values()):,} over {len(runs):,} task ids "
          f"(most runs of one id: {most}); still queued at the end: {left}")
    print(f"faults: {kills} worker processes killed (SIGKILL), Redis killed and restarted {redis_restarts} time(s)")
    print(f"notes: {len(writers)} users, {sum(w.saves for w in writers):,} saves tried, {len(acked):,} acknowledged, "
          f"{sum(w.conflicts for w in writers)} conflicts, {sum(w.failed for w in writers)} failed; "
          f"{len(lost)} acknowledged notes missing")
    print(f"run time: {time.monotonic() - started:.0f} s")
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}: {name}")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
