"""Papers from captures: one record per paper across captures and researchers, each listing
folding in what it adds (venues, a fuller abstract, a complete author list)."""
from __future__ import annotations

from django.utils import timezone

from profiles.importers import ParsedPaper, title_key
from profiles.importers.dates import first_appearance
from profiles.models import Authorship, Capture, Paper, Researcher

from .bulk_rows import insert_rows_ignoring_conflicts


def _paper_values(parsed: ParsedPaper) -> dict:
    return {
        "title": parsed.title,
        "date": parsed.date,
        "venues": list(parsed.venues),
        "kind": (parsed.kind or "")[:100],
        "open_access": parsed.open_access,
        "abstract": parsed.abstract or "",
        "authors": list(parsed.authors),
        # As _merge_paper settles it, so a re-import of the same capture changes nothing.
        "author_count": max((c for c in (parsed.author_count, len(parsed.authors)) if c), default=None),
        "authors_complete": parsed.authors_complete,
        "categories": list(parsed.categories),
        "has_code": bool(parsed.has_code),
        "orgs": list(parsed.orgs),
    }


def _merge_paper(paper: Paper, incoming: dict) -> list[str]:
    """Fold what one more listing says into a stored paper; returns the fields changed.

    Listings of the same paper differ: one cuts the abstract, one gives two venues, one
    cuts the author list. Keep the fuller value of each, never lose one already stored.
    """
    locked = set(paper.locked_fields)
    changed = []

    def put(name, value):
        if name in locked or getattr(paper, name) == value:
            return
        setattr(paper, name, value)
        changed.append(name)

    if incoming["date"]:
        put("date", first_appearance(paper.date, incoming["date"]))  # the first appearance is the paper's date
    for name in ("venues", "categories", "orgs"):
        merged = list(getattr(paper, name)) + [v for v in incoming[name] if v not in getattr(paper, name)]
        put(name, merged)
    if len(incoming["abstract"]) > len(paper.abstract):
        put("abstract", incoming["abstract"])
    if incoming["kind"] and not paper.kind:
        put("kind", incoming["kind"])
    if incoming["open_access"] and not paper.open_access:
        put("open_access", True)
    elif incoming["open_access"] is False and paper.open_access is None:
        put("open_access", False)
    if incoming["has_code"] and not paper.has_code:
        put("has_code", True)
    # The longer list wins; between two complete lists of one length the greater one does, so
    # the result never depends on the order listings arrive in (re-imports run in any order).
    if incoming["authors"] and (
        len(incoming["authors"]) > len(paper.authors)
        or (incoming["authors_complete"] and len(incoming["authors"]) == len(paper.authors)
            and list(incoming["authors"]) > list(paper.authors))
    ):
        put("authors", incoming["authors"])
    counts = [c for c in (incoming["author_count"], paper.author_count, len(paper.authors) or None) if c]
    if counts and paper.author_count != max(counts):
        put("author_count", max(counts))
    return changed


def papers_upsert_for_researcher(researcher: Researcher, parsed_papers: list[ParsedPaper], capture: Capture):
    """Create or merge the capture's papers in a few set-based queries, and link them to the
    researcher. Returns (added, updated, unchanged, ids of papers newly linked)."""
    incoming: dict[str, dict] = {}
    for parsed in parsed_papers:
        key = title_key(parsed.title)[:500]
        if not key:
            continue
        values = _paper_values(parsed)
        if key in incoming:  # the same paper twice in one capture
            stub = Paper(**_model_fields(incoming[key]))
            _merge_paper(stub, values)
            incoming[key].update({f: getattr(stub, f) for f in Paper.IMPORTED_FIELDS})
        else:
            incoming[key] = values
    if not incoming:
        return 0, 0, 0, []

    existing = {p.title_key: p for p in Paper.objects.filter(title_key__in=list(incoming))}
    now = timezone.now()
    columns = ("title_key",) + Paper.IMPORTED_FIELDS + ("locked_fields", "hidden", "created_at", "updated_at")
    insert_rows_ignoring_conflicts(
        Paper, columns,
        (
            (key, *(values[f] for f in Paper.IMPORTED_FIELDS), [], False, now, now)
            for key, values in incoming.items() if key not in existing
        ),
        conflict=("title_key",),
    )
    changed_papers = []
    for key, paper in existing.items():
        fields = _merge_paper(paper, incoming[key])
        if fields:
            # Few papers change per capture: one UPDATE each beats bulk_update's CASE WHEN.
            Paper.objects.filter(pk=paper.pk).update(updated_at=now, **{f: getattr(paper, f) for f in fields})
            changed_papers.append(paper)

    ids_by_key = dict(Paper.objects.filter(title_key__in=list(incoming)).values_list("title_key", "id"))
    linked = set(
        Authorship.objects.filter(researcher=researcher, paper_id__in=ids_by_key.values())
        .values_list("paper_id", flat=True)
    )
    to_link = [pid for pid in ids_by_key.values() if pid not in linked]
    insert_rows_ignoring_conflicts(
        Authorship, ("researcher", "paper", "source", "created_at"),
        ((researcher.pk, pid, capture.pk, now) for pid in to_link),
        conflict=("researcher", "paper"),
    )
    changed_keys = {p.title_key for p in changed_papers}
    added = len(to_link)
    updated = sum(1 for key, pid in ids_by_key.items() if pid in linked and key in changed_keys)
    unchanged = len(ids_by_key) - added - updated
    return added, updated, unchanged, sorted(to_link)


def _model_fields(values: dict) -> dict:
    return {k: v for k, v in values.items() if k in Paper.IMPORTED_FIELDS}
