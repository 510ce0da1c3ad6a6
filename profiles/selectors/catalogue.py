"""Catalogue reads shared by views, tasks, commands and the apps above the catalogue."""
from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from profiles.importers import loose_name_key, name_key, names_match
from profiles.models import (
    Capture,
    CaptureOutcome,
    CatalogueVersion,
    Paper,
    ReimportJob,
    ReimportJobItem,
    Researcher,
)


def researchers_visible() -> QuerySet[Researcher]:
    """Researchers the public sees: not hidden by a curator, not merged into another record."""
    return Researcher.objects.filter(hidden=False, merged_into__isnull=True).order_by("name")


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


def researchers_for_export(*, name: str | None = None) -> QuerySet[Researcher]:
    """Researchers with everything the JSON export prints, in a fixed number of queries."""
    qs = Researcher.objects.filter(merged_into__isnull=True)
    if name:
        found = researcher_find(name=name)
        qs = qs.filter(pk=found.pk if found else -1)
    papers = Paper.objects.order_by("-date", "title").prefetch_related(
        Prefetch("researchers", queryset=Researcher.objects.filter(merged_into__isnull=True).order_by("name"))
    )
    captures = Capture.objects.filter(outcome=CaptureOutcome.IMPORTED).order_by("captured_on", "id").defer("raw")
    return qs.order_by("name").prefetch_related(
        Prefetch("papers", queryset=papers), Prefetch("captures", queryset=captures)
    )


def captures_progress(*, ids: list[int]) -> tuple[list[Capture], dict]:
    """Captures queued together (an admin background upload), in upload order, with counts by
    outcome and whether the worker has finished all of them."""
    position = {pk: i for i, pk in reversed(list(enumerate(ids)))}
    captures = sorted(Capture.objects.filter(id__in=ids).select_related("researcher").defer("raw"),
                      key=lambda c: position[c.pk])
    queued = sum(c.outcome == CaptureOutcome.QUEUED for c in captures)
    imported = sum(c.outcome == CaptureOutcome.IMPORTED for c in captures)
    failed = sum(c.outcome == CaptureOutcome.FAILED for c in captures)
    progress = {"total": len(captures), "queued": queued, "imported": imported, "failed": failed,
                "waiting": len(captures) - queued - imported - failed, "finished": queued == 0}
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
    loose = loose_name_key(researcher.name)
    last = loose.split()[-1] if loose else ""
    if not last:
        return []
    candidates = Researcher.objects.filter(
        merged_into__isnull=True, name_key__endswith=" " + last
    ).exclude(pk=researcher.pk)
    return [r for r in candidates if names_match(r.name, researcher.name)]


def catalogue_version_current() -> int:
    """The catalogue's version number: it rises with every write a reader could see."""
    return CatalogueVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def catalogue_changed_at():
    """When the catalogue last changed (None before its first write)."""
    return catalogue_version_stamp()[1]


def catalogue_version_stamp() -> tuple[int, datetime | None]:
    """The version number and when it was raised, in one primary-key read."""
    row = CatalogueVersion.objects.filter(pk=1).values_list("number", "changed_at").first()
    return row if row is not None else (0, None)


def reimport_job_progress(*, job: ReimportJob) -> dict:
    """How far a job got: counts by status and whether it is finished."""
    counts = {s: 0 for s in ReimportJobItem.Status.values}
    for status in job.items.values_list("status", flat=True):
        counts[status] += 1
    finished = counts[ReimportJobItem.Status.QUEUED] == 0
    return {"total": job.total, "done": counts["done"], "failed": counts["failed"],
            "queued": counts["queued"], "finished": finished}
