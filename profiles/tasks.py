"""Catalogue background jobs: thin wrappers that take ids and call services.

Their retry policy and enqueue-on-commit come from the project's base task class
(config.tasks.ScoutTask); services send them, callers never do.
"""
from __future__ import annotations

from celery import shared_task

# The module, not its names: the services send these tasks, so importing names both ways
# would make the two modules wait on each other at import time.
from profiles import services
from profiles.sources import SourceClient


@shared_task(bind=True)
def capture_import_task(self, capture_id: int) -> dict | None:
    """Import one queued capture. Running it twice or after a crash leaves one result."""
    result = services.capture_process(capture_id=capture_id)
    return None if result is None else {"ok": result.ok, "summary": result.summary()}


@shared_task(bind=True)
def researcher_reimport_task(self, researcher_id: int, job_id: int | None = None) -> dict:
    """Rebuild one researcher from their stored captures; idempotent."""
    return services.reimport_job_step(researcher_id=researcher_id, job_id=job_id)


@shared_task(bind=True)
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


@shared_task(bind=True)
def source_add_task(self, ref: str, source: str | None = None, name: str | None = None) -> dict:
    """``add_researcher --background``: the same as the command, on a worker."""
    try:
        with SourceClient() as client:
            result = services.researcher_add_from_source(ref=ref, source=source, client=client, name=name)
    except services.SourceAddError as error:
        return {"ok": False, "message": str(error)}
    return result.as_json() | {"summary": result.summary()}
