"""Background rebuild of the match index after the catalogue changes (imports, merges, hides)."""
from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

logger = logging.getLogger(__name__)


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=settings.CELERY_TASK_RETRY_BACKOFF,
    retry_backoff_max=settings.CELERY_TASK_RETRY_BACKOFF_MAX, retry_jitter=True,
    max_retries=settings.CELERY_TASK_MAX_RETRIES,
)
def match_index_rebuild_task(self) -> dict:
    """Build the index for the catalogue as it is now and leave it on disk for the web
    processes. Idempotent: a rebuild finding the current version already built does nothing,
    and one that finds the catalogue changed in the last few seconds leaves it to the next."""
    from datetime import timedelta

    from django.utils import timezone

    from profiles.matching.catalogue import catalogue_last_change, catalogue_version, index_path, match_index_build

    version = catalogue_version(fresh=True)
    if index_path(version).exists():
        return {"version": version, "built": False}
    last = catalogue_last_change()
    settle = timedelta(seconds=getattr(settings, "MATCH_INDEX_SETTLE_SECONDS", 20))
    if last is not None and timezone.now() - last < settle:
        # Still changing (an import in progress): look again once it has settled, so the
        # last change is always built even when its own rebuild request was coalesced.
        self.apply_async(countdown=int(settle.total_seconds()) + 1)
        return {"version": version, "built": False, "reason": "catalogue still changing"}
    index = match_index_build(version=version)
    return {"version": version, "built": True, "researchers": len(index.researchers),
            "papers": len(index.papers)}
