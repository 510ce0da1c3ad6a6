"""Catalogue reads shared by views, tasks, commands and the apps above the catalogue."""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.db import connection
from django.db.models import CharField, F, Func, Max, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from profiles.freshness import freshness_reference
from profiles.importers import loose_name_key, name_key, names_match
from profiles.name_matching import close_names
from profiles.models import (
    Authorship,
    Capture,
    CaptureOutcome,
    CatalogueVersion,
    Paper,
    ReimportJob,
    ReimportJobItem,
    Researcher,
    SourceLink,
)


def researchers_visible() -> QuerySet[Researcher]:
    """Researchers the public sees: published (not an applicant's proposal still waiting for a
    curator), not hidden by a curator, not merged into another record. Everything shared
    between users (directory, search, the match index, cached pages) is built from these."""
    return Researcher.objects.filter(published=True, hidden=False, merged_into__isnull=True).order_by("name")


def researchers_visible_to(*, user) -> QuerySet[Researcher]:
    """What one user may open, save and write to: the public researchers plus the ones they
    proposed themselves that a curator has not published yet (nor rejected)."""
    if not getattr(user, "is_authenticated", False):
        return researchers_visible()
    own = Q(published=False, proposed_by=user.pk)
    return Researcher.objects.filter(Q(published=True) | own, hidden=False, merged_into__isnull=True).order_by("name")


def researchers_awaiting_publication() -> QuerySet[Researcher]:
    """Applicants' proposals a curator has not yet published, merged or rejected."""
    return Researcher.objects.filter(published=False, hidden=False, merged_into__isnull=True).order_by("created_at")


def researcher_papers_visible(researcher: Researcher) -> QuerySet[Paper]:
    """A researcher's papers that are not hidden, newest first, undated last."""
    return (
        Paper.objects.filter(authorships__researcher=researcher, hidden=False)
        .order_by("-date", "title")
    )


def paper_titles_visible() -> list[str]:
    """The title of every paper that is not hidden."""
    return list(Paper.objects.filter(hidden=False).values_list("title", flat=True))


def captures_waiting() -> QuerySet[Capture]:
    """Captures that wait for a curator to say whose they are."""
    return Capture.objects.filter(
        outcome__in=[CaptureOutcome.AWAITING_ASSIGNMENT, CaptureOutcome.AMBIGUOUS]
    ).order_by("-created_at")


def researchers_hidden_count() -> int:
    """How many current (not merged) researchers the public does not see: hidden by a
    curator, or an applicant's proposal not yet published."""
    return Researcher.objects.filter(Q(hidden=True) | Q(published=False), merged_into__isnull=True).count()


def researchers_for_export(*, name: str | None = None, include_hidden: bool = False) -> QuerySet[Researcher]:
    """Researchers with everything the JSON export prints, in a fixed number of queries; the
    ones a curator hid only when ``include_hidden``."""
    qs = Researcher.objects.filter(merged_into__isnull=True)
    if not include_hidden:
        qs = qs.filter(hidden=False, published=True)
    if name:
        found = researcher_find(name=name)
        qs = qs.filter(pk=found.pk if found else -1)
    # A paper's authors in the catalogue, as the export shows them: not those it leaves out.
    authors = Researcher.objects.filter(merged_into__isnull=True)
    if not include_hidden:
        authors = authors.filter(hidden=False, published=True)
    papers = Paper.objects.order_by("-date", "title").prefetch_related(
        Prefetch("researchers", queryset=authors.order_by("name"))
    )
    captures = Capture.objects.filter(outcome=CaptureOutcome.IMPORTED).order_by("captured_on", "sha256").defer("raw")
    authorships = Authorship.objects.select_related("source").only("paper_id", "researcher_id", "basis", "source__sha256")
    return qs.order_by("name").prefetch_related(
        Prefetch("papers", queryset=papers), Prefetch("captures", queryset=captures),
        Prefetch("authorships", queryset=authorships),
        Prefetch("source_links", queryset=SourceLink.objects.order_by("kind", "external_id")),
        Prefetch("merged_from", queryset=Researcher.objects.order_by("name", "slug")),
    )


def captures_for_pack(*, researcher_ids: list[int] | None, include_hidden: bool = False) -> QuerySet[Capture]:
    """The captures a catalogue pack carries, bytes included: those of these researchers, or
    with ``None`` every capture (waiting ones too) but those of researchers the export leaves
    out (hidden, or proposed and not yet published), unless ``include_hidden``."""
    captures = Capture.objects.select_related("researcher").order_by("captured_on", "sha256")
    if researcher_ids is not None:
        return captures.filter(researcher_id__in=researcher_ids)
    if include_hidden:
        return captures
    left_out = Researcher.objects.filter(Q(hidden=True) | Q(published=False), merged_into__isnull=True)
    return captures.exclude(researcher__in=left_out)


def captures_progress(*, ids: list[int]) -> tuple[list[Capture], dict]:
    """Captures queued together (an admin background upload), in upload order, with counts by
    outcome and whether the worker has finished all of them."""
    position = {pk: i for i, pk in reversed(list(enumerate(ids)))}
    captures = sorted(Capture.objects.filter(id__in=ids).select_related("researcher").defer("raw"),
                      key=lambda c: position[c.pk])
    queued = sum(c.outcome == CaptureOutcome.QUEUED for c in captures)
    imported = sum(c.outcome == CaptureOutcome.IMPORTED for c in captures)
    failed = sum(c.outcome == CaptureOutcome.FAILED for c in captures)
    review = sum(c.outcome == CaptureOutcome.NEEDS_REVIEW for c in captures)
    progress = {"total": len(captures), "queued": queued, "imported": imported, "failed": failed,
                "review": review, "waiting": len(captures) - queued - imported - failed - review,
                "finished": queued == 0}
    return captures, progress


def researcher_survivor(researcher: Researcher) -> Researcher:
    """Follow merges to the researcher that now holds this one's record."""
    seen = {researcher.pk}
    while researcher.merged_into_id and researcher.merged_into_id not in seen:
        seen.add(researcher.merged_into_id)
        researcher = Researcher.objects.get(pk=researcher.merged_into_id)
    return researcher


def researcher_find(*, name: str) -> Researcher | None:
    """The catalogue's researcher of exactly that name (ignoring case, accents and
    punctuation), following merges; None when there is none.

    Middle names are part of the name: "Ana García" and "Ana B. García" may be two people,
    so they are never joined by guesswork (see ``researcher_possible_duplicates``).
    """
    key = name_key(name)
    if not key:
        return None
    found = Researcher.objects.filter(name_key=key).order_by("merged_into_id", "id").first()
    return researcher_survivor(found) if found else None


def researcher_possible_duplicates(*, researcher: Researcher) -> list[Researcher]:
    """Other records whose names could be the same person (a missing middle name, an
    initial): shown to curators, who decide whether to merge."""
    same = [pk for pk, _ in researcher_possible_duplicate_names(researcher=researcher)]
    return list(Researcher.objects.filter(pk__in=same)) if same else []


def researcher_possible_duplicate_names(*, researcher: Researcher) -> list[tuple[int, str]]:
    """(id, name) of the records ``researcher_possible_duplicates`` returns, by name: all an
    import's warning needs, without loading the records."""
    loose = loose_name_key(researcher.name)
    last = loose.split()[-1] if loose else ""
    if not last:
        return []
    # Names only, one query: a common surname is shared by a growing crowd, and loading each
    # one's whole record (coauthors, topics, about) was a sixth of an import's time at 2,000
    # researchers; the import asks this for every new researcher.
    candidates = (_same_surname(last).filter(merged_into__isnull=True).exclude(pk=researcher.pk)
                  .order_by().values_list("pk", "name"))
    return sorted(((pk, name) for pk, name in candidates if names_match(name, researcher.name)),
                  key=lambda row: (row[1], row[0]))


def _same_surname(last: str) -> QuerySet[Researcher]:
    """Researchers of more than one name word whose last one is ``last``. PostgreSQL answers from
    the surname index (migration 0023: the same expression, so the planner can use it); SQLite,
    which has no ``split_part``, by a suffix match that reads only the name-key index."""
    if connection.vendor == "postgresql":
        surname = Func(F("name_key"), Value(" "), Value(-1), function="split_part", output_field=CharField())
        return Researcher.objects.filter(name_key__contains=" ").annotate(surname=surname).filter(surname=last)
    return Researcher.objects.filter(name_key__endswith=" " + last)


class _RequestStamp(threading.local):
    """The catalogue version as this request first read it: a page asks for it two or three
    times (its fragments, the match index), and each ask was a query."""

    active = False
    stamp: tuple[int, datetime | None] | None = None


_request_stamp = _RequestStamp()


def catalogue_version_request_begin(**_) -> None:
    """On ``request_started``: the version is read at most once in this request."""
    _request_stamp.active, _request_stamp.stamp = True, None


def catalogue_version_request_end(**_) -> None:
    """On ``request_finished``; tasks and commands outside a request always read afresh."""
    _request_stamp.active, _request_stamp.stamp = False, None


def catalogue_version_forget() -> None:
    """The version was just raised in this thread: the next read sees the new one."""
    _request_stamp.stamp = None


def catalogue_version_current() -> int:
    """The catalogue's version number: it rises with every write a reader could see."""
    return catalogue_version_stamp()[0]


def catalogue_version_name() -> str:
    """The version as caches name it: its number and when it was raised (a restored or
    re-created database can reach the same number with other content while a cache still holds
    what the old one showed)."""
    number, changed_at = catalogue_version_stamp()
    return f"{number}-{changed_at.timestamp():.6f}" if changed_at else f"{number}-0"


def catalogue_changed_at():
    """When the catalogue last changed (None before its first write)."""
    return catalogue_version_stamp()[1]


def catalogue_version_stamp() -> tuple[int, datetime | None]:
    """The version number and when it was raised, in one primary-key read (one per request)."""
    if _request_stamp.active and _request_stamp.stamp is not None:
        return _request_stamp.stamp
    row = CatalogueVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    stamp = row if row is not None else (0, None)
    if _request_stamp.active:
        _request_stamp.stamp = stamp
    return stamp


def reimport_job_progress(*, job: ReimportJob) -> dict:
    """How far a job got: counts by status and whether it is finished."""
    counts = {s: 0 for s in ReimportJobItem.Status.values}
    for status in job.items.values_list("status", flat=True):
        counts[status] += 1
    finished = counts[ReimportJobItem.Status.QUEUED] == 0
    return {"total": job.total, "done": counts["done"], "failed": counts["failed"],
            "queued": counts["queued"], "finished": finished}


def researchers_with_close_names(*, name: str, limit: int = 5) -> list[Researcher]:
    """Current researchers whose name could be ``name`` written differently ("Nikolai Mensah"
    for "Nikolai T. Mensah", an initial, a typo), closest first; exact matches included."""
    current = Researcher.objects.filter(merged_into__isnull=True)
    catalogue = dict(current.values_list("pk", "name"))
    ranked = [pk for pk, _ in close_names(name, catalogue, limit=limit)]
    found = current.in_bulk(ranked)
    return [found[pk] for pk in ranked if pk in found]


T = TypeVar("T")


class _CatalogueFacts:
    """Facts about the whole catalogue kept in this process for one catalogue version."""

    def __init__(self, version: str | None = None):
        self.version = version
        self.values: dict[str, object] = {}


_facts = _CatalogueFacts()


def catalogue_fact(name: str, compute: Callable[[], T], *, version: str) -> T:
    """``compute()`` once per catalogue version in this process: a fact about the whole catalogue
    that every page shows (the directory's topic list, its order of all researchers, the newest
    capture's date), which a page that missed the shared cache would otherwise read or count
    afresh (a third of a directory page's time at 10,000 researchers). ``version``: the
    ``catalogue_version_name`` this request read, so a write shows at once; a new version
    drops the old one's facts. The value is shared: callers must not change it."""
    global _facts
    facts = _facts
    if facts.version != version:
        # Replaced, not cleared: a thread still reading the old version keeps its own facts.
        facts = _facts = _CatalogueFacts(version)
    try:
        return facts.values[name]  # type: ignore[return-value]
    except KeyError:
        value = facts.values[name] = compute()
        return value


def catalogue_facts_forget() -> None:
    """Drop this process's catalogue facts (tests: each test's database starts the version
    again, so an earlier test's facts could carry the same one)."""
    global _facts
    _facts = _CatalogueFacts()


def freshness_reference_date(*, version: str | None = None) -> dt.date:
    """The day freshness is measured from (``profiles.freshness.freshness_reference``): the
    catalogue's newest imported capture, never after today. With ``version`` (the
    ``catalogue_version_name`` the caller read) the newest capture's date is read once per
    version in this process: every import raises the version."""
    def newest() -> dt.date | None:
        return Capture.objects.filter(outcome=CaptureOutcome.IMPORTED).aggregate(newest=Max("captured_on"))["newest"]

    newest_on = newest() if version is None else catalogue_fact("newest-capture-on", newest, version=version)
    return freshness_reference(newest_on, today=timezone.localdate())


def researcher_paper_organisations(*, researcher: Researcher) -> list[tuple[str, int]]:
    """The organisations a researcher's visible papers name ("deepmind", "apple-ml"), with how
    many papers name each, most first: a hint for curators, not a fact about the researcher."""
    counts: dict[str, int] = {}
    for orgs in researcher.papers.filter(hidden=False).values_list("orgs", flat=True):
        for org in {str(o).strip() for o in orgs or [] if str(o).strip()}:
            counts[org] = counts.get(org, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
