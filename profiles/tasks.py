"""Catalogue background jobs: thin wrappers that take ids and call services.

Their retry policy and enqueue-on-commit come from the project's base task class
(config.tasks.ScoutTask); services send them, callers never do.
"""
from __future__ import annotations

from celery import shared_task

# The module, not its names: the services send these tasks, so importing names both ways
# would make the two modules wait on each other at import time.
from profiles import services


@shared_task(bind=True)
def capture_import_task(self, capture_id: int) -> dict | None:
    """Import one queued capture. Running it twice or after a crash leaves one result."""
    result = services.capture_process(capture_id=capture_id)
    return None if result is None else {"ok": result.ok, "summary": result.summary()}


@shared_task(bind=True)
def researcher_reimport_task(self, researcher_id: int, job_id: int | None = None) -> dict:
    """Rebuild one researcher from their stored captures; idempotent."""
    return services.reimport_job_step(researcher_id=researcher_id, job_id=job_id)
