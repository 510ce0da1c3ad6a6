"""How current a profile is and whether its sources agree: computed from its captures, no ORM."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from .importers import name_key as researcher_name_key
from .models import CaptureOutcome


@dataclass(frozen=True)
class Disagreement:
    """One field the captures give different values for: ``values`` pairs each distinct value
    with the newest date a capture said it, newest first."""

    field: str  # "name" or "affiliation"
    values: list[tuple[str, date]]


@dataclass(frozen=True)
class Freshness:
    newest_capture_on: date | None
    stale: bool
    disagreements: list[Disagreement] = field(default_factory=list)
    stale_days: int = 0

    @property
    def disagree(self) -> bool:
        return bool(self.disagreements)

    @property
    def flagged(self) -> bool:
        return self.stale or self.disagree


def _affiliation_key(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


def _disagreement(field_name: str, captures, attr: str, key) -> Disagreement | None:
    seen: dict[str, tuple[str, date]] = {}
    for capture in sorted(captures, key=lambda c: c.captured_on, reverse=True):
        value = (getattr(capture, attr) or "").strip()
        k = key(value) if value else ""
        # A layout that does not state the field says nothing either way.
        if k and k not in seen:
            seen[k] = (value, capture.captured_on)
    if len(seen) < 2:
        return None
    return Disagreement(field=field_name, values=list(seen.values()))


def researcher_freshness(
    researcher, captures: Iterable, *, today: date | None = None, stale_days: int | None = None
) -> Freshness:
    """How fresh one researcher's profile is, from the captures linked to it.

    Only imported captures count: a failed or unassigned one contributed nothing to the profile.
    A profile with no imported capture has no capture date and is not called stale. ``today``
    is the reference day (callers pass selectors.freshness_reference_date()).
    """
    del researcher  # part of the signature so callers need not know which fields matter
    imported = [c for c in captures if c.outcome == CaptureOutcome.IMPORTED]
    stale_days = settings.CAPTURE_STALE_DAYS if stale_days is None else stale_days
    today = today or timezone.localdate()
    newest = max((c.captured_on for c in imported), default=None)
    stale = newest is not None and newest < today - timedelta(days=stale_days)
    disagreements = [
        d
        for d in (
            _disagreement("name", imported, "parsed_name", researcher_name_key),
            _disagreement("affiliation", imported, "parsed_affiliation", _affiliation_key),
        )
        if d is not None
    ]
    return Freshness(
        newest_capture_on=newest, stale=stale, disagreements=disagreements, stale_days=stale_days
    )
