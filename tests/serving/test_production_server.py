"""The production command as README "Production" gives it: gunicorn with two workers on
production settings serves pages, /healthz and a Content-Security-Policy, and every line it logs
is one JSON object."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.broker


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _production_env(tmp_path: Path, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update({
        "DEBUG": "0", "SECRET_KEY": "test-only-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # no TLS terminator in front of it here
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"), "CELERY_BROKER_DIR": str(tmp_path / "broker"),
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "LOG_LEVEL": "INFO",
    })
    return env


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_gunicorn_serves_production_settings_and_logs_json_lines(tmp_path):
    port = _free_port()
    env = _production_env(tmp_path, port)
    py = sys.executable
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([py, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = tmp_path / "gunicorn.log"
    gunicorn = str(Path(py).with_name("gunicorn"))
    server = subprocess.Popen([gunicorn, "-c", "config/gunicorn.py", "config.wsgi"], cwd=ROOT, env=env,
                              stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, page = _get(base + "/admin/login/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.2)
        assert status == 200 and "Django administration" in page or "Log in" in page
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        status, _, body = _get(base + "/healthz")
        health = json.loads(body)
        assert status == 503 and health["checks"]["database"]["status"] == "ok"
        assert health["checks"]["worker"]["status"] == "no worker is running"
        status, headers, page = _get(base + "/")
        assert status == 200 and "Advisor Scout" in page
        nonce = page.split('nonce="', 1)[1].split('"', 1)[0]  # htmx's script tag carries it
        assert f"script-src 'self' 'nonce-{nonce}'" in headers["Content-Security-Policy"]
    finally:
        server.terminate()
        server.wait(20)
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line: one JSON object
    assert sum("Booting worker" in r["message"] for r in records) == 2
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    assert any('"GET /healthz' in r["message"] and " 503 " in r["message"] for r in access)
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)


def test_production_settings_keep_connections_and_check_them(tmp_path):
    env = _production_env(tmp_path, 8000)
    script = ("import django; django.setup(); from django.conf import settings as s; "
              "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], s.LOG_FORMAT)")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
                         check=True, capture_output=True, text=True).stdout.split()
    assert out == ["60", "True", "json"]
    env["LOG_FORMAT"] = "yaml"
    bad = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "LOG_FORMAT must be 'json' or 'text'" in bad.stderr
