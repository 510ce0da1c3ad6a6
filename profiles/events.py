"""What happened in the faculty catalogue, for the apps above it to react to.

The catalogue imports no app that depends on it. When they must react to one of its writes
(a merge moves a researcher, papers arrive, the catalogue changes), they subscribe here in
their ``AppConfig.ready`` and the catalogue's services announce the event:

- ``ResearchersMerged`` is announced inside the merge's transaction, so what subscribers move
  (shortlist entries, drafts) moves with the merge or not at all;
- ``PapersAdded`` and ``CatalogueChanged`` are announced once the write has committed, so a
  subscriber never acts on a write that was rolled back (and one that fails then is logged,
  never raised into the caller whose work is done).

Subscribers are plain functions taking the event; they run in the order they subscribed.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial, update_wrapper
from typing import TYPE_CHECKING, TypeVar

from django.db import transaction

if TYPE_CHECKING:
    from .models import Researcher


@dataclass(frozen=True)
class ResearchersMerged:
    """``source`` was merged into ``target`` (both rows locked by the merge's transaction)."""

    source: Researcher
    target: Researcher


@dataclass(frozen=True)
class PapersAdded:
    """A researcher already in the catalogue got papers they did not have before."""

    researcher_id: int
    paper_ids: tuple[int, ...]


@dataclass(frozen=True)
class CatalogueChanged:
    """Anything a reader of the catalogue may see changed; ``version`` is the new number."""

    version: int


CatalogueEvent = ResearchersMerged | PapersAdded | CatalogueChanged
E = TypeVar("E", ResearchersMerged, PapersAdded, CatalogueChanged)
_subscribers: dict[type, list[Callable]] = defaultdict(list)


def subscribe(event_type: type[E], handler: Callable[[E], None]) -> None:
    """Call ``handler(event)`` for every ``event_type`` announced from now on (once per handler,
    however often an app's ready() runs)."""
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def announce(event: CatalogueEvent) -> None:
    """Tell every subscriber now (inside the caller's transaction)."""
    for handler in list(_subscribers[type(event)]):
        handler(event)


def announce_on_commit(event: CatalogueEvent) -> None:
    """Tell every subscriber once the current transaction commits (at once outside one). The
    write is done by then: a subscriber that fails (the shared cache down while it queues an
    index rebuild) is logged by Django and the others still run, rather than failing the
    caller, a request or a task whose work has committed."""
    for handler in list(_subscribers[type(event)]):
        # Wrapped so Django's log of a failure names the subscriber.
        transaction.on_commit(update_wrapper(partial(handler, event), handler), robust=True)
