"""Reads about live sources: which linked profiles are due for a refresh."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from profiles.models import Researcher, SourceLink


def source_links_due(*, researcher: Researcher | None = None, older_than_days: int | None = None) -> QuerySet[SourceLink]:
    """Links to refresh, soonest due first.

    By default those whose next refresh has come (or never fetched); with ``researcher``
    all of theirs; with ``older_than_days`` those not fetched for that long.
    """
    links = SourceLink.objects.select_related("researcher").filter(researcher__merged_into__isnull=True)
    now = timezone.now()
    if researcher is not None:
        links = links.filter(researcher=researcher)
    if older_than_days is not None:
        cutoff = now - timedelta(days=older_than_days)
        links = links.filter(Q(last_fetched_at__isnull=True) | Q(last_fetched_at__lt=cutoff))
    elif researcher is None:
        links = links.filter(Q(next_refresh_at__isnull=True) | Q(next_refresh_at__lte=now))
    # Never-fetched links first, on PostgreSQL as on SQLite (which sort NULLs differently).
    return links.order_by(F("next_refresh_at").asc(nulls_first=True), "id")


def researcher_source_links(*, researcher: Researcher) -> QuerySet[SourceLink]:
    return SourceLink.objects.filter(researcher=researcher).order_by("kind", "external_id")
