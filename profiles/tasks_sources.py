"""Background refresh of live sources: one task walks its links in turn, so a worker keeps
each service's rate limit (parallel tasks would each start their own clock)."""
from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from profiles.models import SourceLink
from profiles.selectors_sources import source_links_due
from profiles.services.sources import SourceAddError, researcher_add_from_source, source_link_refresh
from profiles.sources import SourceClient

logger = logging.getLogger(__name__)

_RETRY = dict(
    bind=True, acks_late=True, autoretry_for=(OperationalError,),
    retry_backoff=settings.CELERY_TASK_RETRY_BACKOFF, retry_backoff_max=settings.CELERY_TASK_RETRY_BACKOFF_MAX,
    retry_jitter=True, max_retries=settings.CELERY_TASK_MAX_RETRIES,
)


@shared_task(**_RETRY)
def sources_refresh_task(self, link_ids: list[int]) -> dict:
    """Refresh these links. A source that fails is recorded on its link (outcome, next try)
    and picked up again by a later run; it never fails the task."""
    lines = []
    with SourceClient() as client:
        for link in SourceLink.objects.select_related("researcher").filter(id__in=link_ids).order_by("id"):
            lines.append(source_link_refresh(link=link, client=client).summary())
    for line in lines:
        logger.info("%s", line)
    return {"refreshed": len(lines), "lines": lines}


@shared_task(**_RETRY)
def sources_refresh_due_task(self) -> dict:
    """The daily run (beat): refresh every link that is due, failed ones included."""
    ids = list(source_links_due().values_list("id", flat=True))
    return sources_refresh_task.run(ids) if ids else {"refreshed": 0, "lines": []}


@shared_task(**_RETRY)
def source_add_task(self, ref: str, source: str | None = None, name: str | None = None) -> dict:
    """``add_researcher --background``: the same as the command, on a worker."""
    try:
        with SourceClient() as client:
            result = researcher_add_from_source(ref=ref, source=source, client=client, name=name)
    except SourceAddError as error:
        return {"ok": False, "message": str(error)}
    return result.as_json() | {"summary": result.summary()}
