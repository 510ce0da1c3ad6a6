"""The Celery worker's heartbeat: a thread in the worker's main process records, every
WORKER_HEARTBEAT_SECONDS, that the worker is alive, so /healthz can tell a dead worker from an
idle one without asking the broker (a control ping waits for every worker to answer)."""
from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection

from .services import worker_heartbeat_record

logger = logging.getLogger(__name__)
_stop = threading.Event()


def heartbeat_start(sender=None, **kwargs) -> None:
    """``worker_ready``: start beating for this worker (its node name, e.g. celery@host)."""
    hostname = getattr(sender, "hostname", None) or "celery"
    _stop.clear()
    threading.Thread(target=_beat, args=(hostname,), name="worker-heartbeat", daemon=True).start()


def heartbeat_stop(**kwargs) -> None:
    """``worker_shutdown``: stop beating, so the health check sees the worker go."""
    _stop.set()


def _beat(hostname: str) -> None:
    while not _stop.is_set():
        try:
            worker_heartbeat_record(hostname=hostname)
        except DatabaseError as exc:  # the database is down: the health check reports it anyway
            logger.warning("worker heartbeat not recorded: %s", exc)
        finally:
            close_old_connections()
            connection.close()
        _stop.wait(settings.WORKER_HEARTBEAT_SECONDS)
