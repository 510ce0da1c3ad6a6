"""Reads of the serving app: the health of everything a page or a background job needs."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from kombu.exceptions import KombuError

from config.celery import app as celery_app
from matching.catalogue import match_index_built_at, match_index_newest_version
from profiles.selectors import unsent_work_status, worker_status


@dataclass
class HealthReport:
    """Each part's status ("ok" or what is wrong); ``healthy`` only when every part is ok."""

    checks: dict[str, dict] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        return all(c["status"] == "ok" for c in self.checks.values())

    def as_json(self) -> dict:
        return {"status": "ok" if self.healthy else "fail", "checks": self.checks}


def health_report() -> HealthReport:
    """Database, broker, worker heartbeat, failed sends not re-sent and match index age, each
    checked cheaply."""
    report = HealthReport()
    report.checks["database"] = _database()
    report.checks["broker"] = _broker()
    database_ok = report.checks["database"]["status"] == "ok"
    report.checks["worker"] = _worker() if database_ok else {"status": "unknown: the database is unreachable"}
    report.checks["queue"] = _queue() if database_ok else {"status": "unknown: the database is unreachable"}
    report.checks["index"] = _index()
    return report


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"status": f"unreachable: {type(exc).__name__}"}
    return {"status": "ok", "vendor": connection.vendor}


def _broker() -> dict:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0,
                                   timeout=settings.HEALTH_BROKER_TIMEOUT_SECONDS)
            transport = conn.transport_cls
    except (KombuError, OSError, ConnectionError, TimeoutError) as exc:
        return {"status": f"unreachable: {type(exc).__name__}"}
    return {"status": "ok", "transport": str(transport)}


def _worker() -> dict:
    seen = worker_status()
    if seen["seen_seconds_ago"] is None:
        return {"status": "no worker is running"}
    status = "ok" if seen["alive"] else f"no heartbeat for over {seen['check_seconds']} s"
    return {"status": status, "heartbeat_age_seconds": seen["seen_seconds_ago"]}


def _queue() -> dict:
    """Work whose sending failed, waiting for beat to send it again once the broker answers."""
    unsent = unsent_work_status()
    if not unsent["overdue"]:
        return {"status": "ok", "unsent": unsent["count"]}
    minutes = unsent["oldest_seconds_ago"] // 60
    return {"status": f"{unsent['count']} send(s) to the task queue failed, the oldest {minutes} min ago, and "
                      "are not re-sent: check that the broker answers and that Celery beat runs (--beat on "
                      "one worker)", "unsent": unsent["count"]}


def _index() -> dict:
    """An index not built yet is no failure (a small catalogue is indexed on first use)."""
    built = match_index_built_at()
    if built is None:
        return {"status": "ok", "age_seconds": None, "version": None}
    # The version this node's folder holds: with several web nodes, each should show the same.
    return {"status": "ok", "age_seconds": round((timezone.now() - built).total_seconds(), 1),
            "version": match_index_newest_version()}
