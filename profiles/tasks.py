"""Catalogue background jobs: thin wrappers that take ids and call services.

Their retry policy and enqueue-on-commit come from the project's base task class
(config.tasks.ScoutTask); services send them, callers never do.
"""
from __future__ import annotations

import logging
import threading

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import DatabaseError, close_old_connections

# The module, not its names: the services send these tasks, so importing names both ways
# would make the two modules wait on each other at import time.
from profiles import services
from profiles.sources import SourceClient


def _capture_failed(task, reason: str, capture_id: int) -> None:
    services.capture_fail(capture_id=capture_id, reason=reason)


def _reimport_failed(task, reason: str, researcher_id: int, job_id: int | None = None) -> None:
    if job_id is not None:
        services.reimport_job_item_fail(job_id=job_id, researcher_id=researcher_id, reason=reason)


def _refresh_failed(task, reason: str, link_ids: list[int]) -> None:
    services.source_links_fail(link_ids=link_ids, reason=reason)


def _add_failed(task, reason: str, ref: str, source: str | None = None, name: str | None = None) -> None:
    services.source_add_fail(ref=ref, source=source, reason=reason)


# Each task with work rows names what marks them failed when it gives up (ScoutTask.on_failure).
@shared_task(bind=True, mark_failed=_capture_failed)
def capture_import_task(self, capture_id: int) -> dict | None:
    """Import one queued capture. Running it twice or after a crash leaves one result."""
    result = services.capture_process(capture_id=capture_id)
    return None if result is None else {"ok": result.ok, "summary": result.summary()}


@shared_task(bind=True, mark_failed=_reimport_failed)
def researcher_reimport_task(self, researcher_id: int, job_id: int | None = None) -> dict:
    """Rebuild one researcher from their stored captures; idempotent."""
    return services.reimport_job_step(researcher_id=researcher_id, job_id=job_id)


@shared_task(bind=True, mark_failed=_refresh_failed)
def sources_refresh_task(self, link_ids: list[int]) -> dict:
    """Refresh these live-source links, one after another (one rate limit per service)."""
    lines = [result.summary() for result in services.source_links_refresh(link_ids=link_ids)]
    return {"refreshed": len(lines), "lines": lines}


@shared_task(bind=True)
def sources_refresh_due_task(self) -> dict:
    """The daily run (beat): every link that is due, failed ones whose retry time has come
    included."""
    lines = [result.summary() for result in services.source_links_refresh()]
    return {"refreshed": len(lines), "lines": lines}


@shared_task(bind=True, mark_failed=_add_failed)
def source_add_task(self, ref: str, source: str | None = None, name: str | None = None) -> dict:
    """``add_researcher --background``: the same as the command, on a worker."""
    try:
        with SourceClient() as client:
            result = services.researcher_add_from_source(ref=ref, source=source, client=client, name=name)
    except services.SourceAddError as error:
        return {"ok": False, "message": str(error)}
    return result.as_json() | {"summary": result.summary()}


def _department_failed(self, exc, task_id, args, kwargs, einfo):
    job_id = args[0] if args else kwargs.get("job_id")
    services.department_fail(job_id=job_id, reason=f"The department import stopped: {exc}. Start it again to "
                                                   "add the rest (people added so far are kept).")


@shared_task(bind=True, on_failure=_department_failed)
def department_import_task(self, job_id: int) -> dict:
    """``add_department --background`` and the admin's "Add a department": resolve and import
    one stored department page; a second delivery of a finished job does nothing."""
    with SourceClient() as client:
        report = services.department_run(job_id=job_id, client=client)
    if report is None:
        return {"job_id": job_id, "skipped": "already finished"}
    return {"job_id": job_id, "error": report.error or None, "counts": report.counts()}


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
