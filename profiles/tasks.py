"""Catalogue background jobs, named here for Celery's autodiscovery, and the worker heartbeat.

Each task is defined beside the service that sends it (services/captures.py, reimports.py,
sources.py, departments.py), so services and tasks never import each other in a circle. Their
retry policy, failure marking and enqueue-on-commit come from the project's base task class
(config.tasks.ScoutTask).
"""
from __future__ import annotations

import logging
import threading

from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import DatabaseError, close_old_connections

from profiles import services
from profiles.services.captures import capture_import_task
from profiles.services.departments import department_import_task
from profiles.services.reimports import researcher_reimport_task
from profiles.services.sources import source_add_task, sources_refresh_due_task, sources_refresh_task
from profiles.services.workers import lost_work_resend_task

__all__ = [
    "capture_import_task", "department_import_task", "researcher_reimport_task", "source_add_task",
    "sources_refresh_due_task", "sources_refresh_task", "lost_work_resend_task",
]


# --- Heartbeat: progress pages ask "is a worker running?" of the database ---------------------
logger = logging.getLogger(__name__)
# hostname -> the event that stops that worker's heartbeat thread
_heartbeats: dict[str, threading.Event] = {}


def _beat(hostname: str, stop: threading.Event) -> None:
    while True:
        try:
            services.worker_heartbeat_record(hostname=hostname)
        except DatabaseError:
            # A locked or briefly unreachable database: the next beat tries again.
            logger.warning("Could not record the worker heartbeat.", exc_info=True)
        finally:
            close_old_connections()
        if stop.wait(settings.CELERY_WORKER_HEARTBEAT_SECONDS):
            return


@worker_ready.connect
def start_heartbeat(sender=None, **kwargs) -> None:
    """Beat from a thread of the worker's main process, so a long task doesn't silence it."""
    hostname = getattr(sender, "hostname", None) or "worker"
    if hostname in _heartbeats:
        return
    stop = _heartbeats[hostname] = threading.Event()
    threading.Thread(target=_beat, args=(hostname, stop), name="scout-heartbeat", daemon=True).start()


@worker_shutdown.connect
def stop_heartbeat(sender=None, **kwargs) -> None:
    hostname = getattr(sender, "hostname", None) or "worker"
    stop = _heartbeats.pop(hostname, None)
    if stop is None:
        return
    stop.set()
    try:
        services.worker_heartbeat_clear(hostname=hostname)
    except DatabaseError:
        logger.warning("Could not clear the worker heartbeat.", exc_info=True)
