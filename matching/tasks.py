"""Background rebuild of the match index after the catalogue changes (imports, merges, hides)."""
from __future__ import annotations

from celery import shared_task

# The module, not its names: catalogue.py queues this task, so each imports the other.
from matching import catalogue


@shared_task(bind=True)
def match_index_rebuild_task(self) -> dict:
    """Build the index for the catalogue as it is now and leave it on disk for the web
    processes. Idempotent: a rebuild finding the current version already built does nothing."""
    return catalogue.match_index_rebuild()
