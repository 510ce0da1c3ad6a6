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


def freshness_reference(newest_capture_on: date | None, *, today: date | None = None) -> date:
    """The day staleness is measured from: the catalogue's newest imported capture, never after
    today (today when nothing was captured). A profile is stale when it fell behind the rest of
    the catalogue by more than CAPTURE_STALE_DAYS, so a catalogue imported today from captures of
    last spring does not flag every profile on day one; once curators capture again, laggards
    stand out. The one rule: the researcher page, /matches/, the admin and the README use it."""
    today = today or timezone.localdate()
    return min(newest_capture_on, today) if newest_capture_on else today


def capture_stale(captured_on: date | None, *, reference: date, stale_days: int | None = None) -> bool:
    """Whether a profile whose newest imported capture is ``captured_on`` is stale, measured
    from ``reference`` (``freshness_reference``). No capture at all is not called stale: there is
    no capture date to be behind."""
    stale_days = settings.CAPTURE_STALE_DAYS if stale_days is None else stale_days
    return captured_on is not None and captured_on < reference - timedelta(days=stale_days)


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
    stale = capture_stale(newest, reference=today, stale_days=stale_days)
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
