"""Papers from captures: one record per paper across captures and researchers, each listing
folding in what it adds (venues, a complete abstract, a complete author list).

Identity before title: two listings are one paper when an identifier says so (arXiv id with
any version, DOI); a normalized title joins them only when no identifier contradicts it and
the title is not a generic one ("Foreword", "Reply"…). ``paper_find_same`` is the one lookup
every importer (captures and live sources) goes through.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from profiles.importers import ParsedPaper, title_key
from profiles.importers.dates import first_dated
from profiles.importers.identifiers import (
    canonical_arxiv_id,
    canonical_doi,
    identifiers_contradict,
    identity_key,
    preprint_work_doi,
    is_generic_title_key,
)
from profiles.models import Authorship, Capture, Paper, Researcher

from .bulk_rows import insert_rows_ignoring_conflicts, update_rows
from .search_index import papers_search_indexed_in_bulk


@dataclass
class PaperToAttach:
    """One parsed paper and the grounds on which it is attached to the researcher."""

    parsed: ParsedPaper
    basis: str


def paper_values(parsed: ParsedPaper) -> dict:
    """The stored fields of a parsed paper, identifiers in their canonical spelling."""
    return {
        "title": parsed.title,
        "date": parsed.date,
        "date_precision": parsed.date_precision if parsed.date else "",
        "arxiv_id": canonical_arxiv_id(parsed.arxiv_id),
        "doi": canonical_doi(parsed.doi),
        "venues": list(parsed.venues),
        "kind": (parsed.kind or "")[:100],
        "open_access": parsed.open_access,
        "abstract": parsed.abstract or "",
        "abstract_complete": bool(parsed.abstract) and parsed.abstract_complete,
        "authors": list(parsed.authors),
        # As _merge_paper settles it, so a re-import of the same capture changes nothing.
        "author_count": max((c for c in (parsed.author_count, len(parsed.authors)) if c), default=None),
        "authors_complete": bool(parsed.authors) and parsed.authors_complete,
        "comments": parsed.comments or "",
        "categories": list(parsed.categories),
        "has_code": bool(parsed.has_code),
        "orgs": list(parsed.orgs),
    }


def _identity(values: dict) -> str:
    return identity_key(title=values["title"], arxiv_id=values["arxiv_id"], doi=values["doi"], key=values["title_key"],
                        venue=(values["venues"] or [""])[0], year=values["date"].year if values["date"] else None)


class _Catalogue:
    """The stored papers that could be any of the incoming ones, indexed each way."""

    def __init__(self, incoming: Sequence[dict]):
        keys = {v["identity_key"] for v in incoming}
        arxiv_ids = {v["arxiv_id"] for v in incoming if v["arxiv_id"]}
        dois = {v["doi"] for v in incoming if v["doi"]}
        titles = {v["title_key"] for v in incoming if not v["generic"]}
        self.by_identity: dict[str, Paper] = {}
        self.by_arxiv: dict[str, Paper] = {}
        self.by_doi: dict[str, Paper] = {}
        self.by_title: dict[str, list[Paper]] = {}
        # One lookup per way in, each on its own index (an OR of them would scan on SQLite),
        # sent as one statement: built by the ORM, four querysets cost more than they ran for.
        lookups = [("title_key", titles)]
        # A paper stored under its title is found by it already; look up the other keys only.
        lookups.append(("identity_key", {key for key in keys if not (key.startswith("title:") and key[6:] in titles)}))
        lookups.append(("arxiv_id", arxiv_ids))
        works = {preprint_work_doi(doi) for doi in dois}
        lookups.append(("doi", dois | works))
        seen: set[int] = set()
        for paper in _papers_by_column_values(lookups):
            if paper.pk not in seen:
                seen.add(paper.pk)
                self.add(paper)
        # Another version of a preprint is stored under its own DOI: the work's DOI and a suffix.
        for work in works - dois:
            for paper in Paper.objects.filter(doi__startswith=work).order_by("id"):
                if paper.pk not in seen:
                    seen.add(paper.pk)
                    self.add(paper)

    def add(self, paper: Paper) -> None:
        self.by_identity.setdefault(paper.identity_key, paper)
        if paper.arxiv_id:
            self.by_arxiv.setdefault(paper.arxiv_id, paper)
        if paper.doi:
            self.by_doi.setdefault(preprint_work_doi(paper.doi), paper)
        self.by_title.setdefault(paper.title_key, []).append(paper)

    def find(self, values: dict) -> Paper | None:
        """The stored paper these values describe (identifiers first), or None."""
        if values["arxiv_id"] and values["arxiv_id"] in self.by_arxiv:
            return self.by_arxiv[values["arxiv_id"]]
        if values["doi"] and (work := preprint_work_doi(values["doi"])) in self.by_doi:
            return self.by_doi[work]
        if values["identity_key"] in self.by_identity:
            return self.by_identity[values["identity_key"]]
        if values["generic"]:
            return None
        for paper in self.by_title.get(values["title_key"], ()):
            if not identifiers_contradict(paper.arxiv_id, paper.doi, values["arxiv_id"], values["doi"]):
                return paper
        return None


def _papers_by_column_values(lookups: list[tuple[str, set[str]]]) -> list[Paper]:
    """The papers whose column holds one of the given (non-empty) values, for each (column,
    values) in turn, each lookup's papers in id order; a paper found by two lookups comes twice.
    As few statements as SQLite's limit on parameters allows (one for a capture's 41 papers)."""
    table = connection.ops.quote_name(Paper._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in Paper._meta.concrete_fields)
    parts: list[tuple[str, list[str]]] = []
    for position, (column, values) in enumerate(lookups):
        values = sorted(v for v in values if v)
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            parts.append((f"SELECT {position} AS lookup, {columns} FROM {table} "
                          f"WHERE {connection.ops.quote_name(column)} IN ({', '.join(['%s'] * len(chunk))})", chunk))
    found: list[Paper] = []
    for start in range(0, len(parts), 10):  # at most 5,000 parameters a statement
        statement = parts[start:start + 10]
        found += Paper.objects.raw(" UNION ALL ".join(sql for sql, _ in statement),
                                   [value for _, chunk in statement for value in chunk])
    return sorted(found, key=lambda paper: (paper.lookup, paper.pk))


def paper_find_same(*, title: str, arxiv_id: str = "", doi: str = "") -> Paper | None:
    """The stored paper that is this one, by identifier first, then by a non-generic title that
    no identifier contradicts; None when it is not in the catalogue."""
    key = title_key(title)[:500]
    values = {"title": title, "title_key": key, "generic": is_generic_title_key(key),
              "arxiv_id": canonical_arxiv_id(arxiv_id), "doi": canonical_doi(doi), "venues": [], "date": None}
    values["identity_key"] = _identity(values)
    return _Catalogue([values]).find(values)


def _better(new_complete: bool, new_len: int, old_complete: bool, old_len: int) -> bool:
    """A complete text replaces a partial one, never the reverse; else the longer one wins."""
    if new_complete != old_complete:
        return new_complete
    return new_len > old_len


def paper_fold(*, paper: Paper, values: dict) -> list[str]:
    """Fold another install's record of this paper (``paper_values``' shape) into the stored one
    as a listing would be: the fuller value of each field wins, locked fields stay. Sets the
    attributes and returns the fields changed; the caller saves them."""
    return _merge_paper(paper, values)


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
        # The first appearance is the paper's date; a month or a year never beats a day in it.
        day, precision = first_dated((paper.date, paper.date_precision), (incoming["date"], incoming["date_precision"]))
        put("date", day)
        put("date_precision", precision)
    for name in ("arxiv_id", "doi"):
        if incoming[name] and not getattr(paper, name):
            put(name, incoming[name])
    if paper.doi and incoming["doi"] != paper.doi and incoming["doi"] == preprint_work_doi(paper.doi):
        put("doi", incoming["doi"])  # a preprint's own DOI, not one version's, is the one to link to
    for name in ("venues", "categories", "orgs"):
        merged = list(getattr(paper, name)) + [v for v in incoming[name] if v not in getattr(paper, name)]
        put(name, merged)
    if incoming["abstract"] and _better(incoming["abstract_complete"], len(incoming["abstract"]),
                                        paper.abstract_complete, len(paper.abstract)):
        put("abstract", incoming["abstract"])
        put("abstract_complete", incoming["abstract_complete"])
    if incoming["comments"] and not paper.comments:
        put("comments", incoming["comments"])
    if incoming["kind"] and not paper.kind:
        put("kind", incoming["kind"])
    if incoming["open_access"] and not paper.open_access:
        put("open_access", True)
    elif incoming["open_access"] is False and paper.open_access is None:
        put("open_access", False)
    if incoming["has_code"] and not paper.has_code:
        put("has_code", True)
    # Between two lists equally complete and long, the greater one: the result never depends on
    # the order listings arrive in (re-imports run in any order).
    if incoming["authors"] and (
        _better(incoming["authors_complete"], len(incoming["authors"]), paper.authors_complete, len(paper.authors))
        or (incoming["authors_complete"] == paper.authors_complete and len(incoming["authors"]) == len(paper.authors)
            and list(incoming["authors"]) > list(paper.authors))
    ):
        put("authors", incoming["authors"])
        put("authors_complete", incoming["authors_complete"])
    counts = [c for c in (incoming["author_count"], paper.author_count, len(paper.authors) or None) if c]
    if counts and paper.author_count != max(counts):
        put("author_count", max(counts))
    return changed


def papers_upsert_for_researcher(researcher: Researcher, attach: Sequence[PaperToAttach], capture: Capture, *,
                                 new_researcher: bool = False):
    """Create or merge the capture's papers in a few set-based queries, and link them to the
    researcher on their basis (``new_researcher``: created in this transaction, so linked to
    nothing yet). Returns (added, updated, unchanged, ids of papers newly linked, ids of stored
    papers whose date this capture changed: their other authors' sort keys move)."""
    incoming: dict[str, dict] = {}
    for item in attach:
        values = paper_values(item.parsed)
        values["title_key"] = title_key(item.parsed.title)[:500]
        if not values["title_key"]:
            continue
        values["generic"] = is_generic_title_key(values["title_key"])
        values["identity_key"] = _identity(values)
        values["basis"] = item.basis
        key = values["identity_key"]
        if key in incoming:  # the same paper twice in one capture
            stub = Paper(**_model_fields(incoming[key]))
            _merge_paper(stub, values)
            incoming[key].update({f: getattr(stub, f) for f in Paper.IMPORTED_FIELDS})
        else:
            incoming[key] = values
    if not incoming:
        return 0, 0, 0, [], []

    catalogue = _Catalogue(list(incoming.values()))
    now = timezone.now()
    matched: dict[str, Paper] = {}
    new_rows: dict[str, dict] = {}
    new_by_title: dict[str, str] = {}
    for key, values in incoming.items():
        paper = catalogue.find(values)
        if paper is not None:
            matched[key] = paper
            continue
        first = None if values["generic"] else new_by_title.get(values["title_key"])
        if first is not None and not identifiers_contradict(
                new_rows[first]["arxiv_id"], new_rows[first]["doi"], values["arxiv_id"], values["doi"]):
            # Same title as another new paper of this capture, nothing says otherwise: stored once.
            values["same_as"] = first
            continue
        new_rows[key] = values
        new_by_title.setdefault(values["title_key"], key)
    columns = ("title_key", "identity_key") + Paper.IMPORTED_FIELDS + ("locked_fields", "hidden", "created_at", "updated_at")
    if new_rows:
        with papers_search_indexed_in_bulk():
            insert_rows_ignoring_conflicts(
                Paper, columns,
                ((v["title_key"], key, *(v[f] for f in Paper.IMPORTED_FIELDS), [], False, now, now)
                 for key, v in new_rows.items()),
                conflict=("identity_key",),
            )
    ids_by_identity = _paper_ids_by_identity(list(new_rows))
    changed_ids = set()
    redated_ids = set()
    updates: dict[tuple[str, ...], list[tuple]] = {}  # the changed fields -> (pk, values…) rows
    for key, paper in matched.items():
        if paper is None:
            continue
        fields = _merge_paper(paper, incoming[key])
        if fields:
            updates.setdefault(tuple(fields), []).append((paper.pk, *(getattr(paper, f) for f in fields), now))
            changed_ids.add(paper.pk)
            if "date" in fields:
                redated_ids.add(paper.pk)
    # Few papers change per capture, mostly the same fields (a venue, a fuller author list).
    for fields, rows in updates.items():
        update_rows(Paper, (*fields, "updated_at"), rows)

    paper_ids: dict[str, int] = {}
    for key, values in incoming.items():
        if key in new_rows:
            paper_ids[key] = ids_by_identity[key]
        elif matched.get(key) is not None:
            paper_ids[key] = matched[key].pk
    for key, values in incoming.items():
        if "same_as" in values:
            paper_ids[key] = paper_ids[values["same_as"]]

    basis_by_paper: dict[int, str] = {}
    for key, pid in paper_ids.items():
        basis = incoming[key]["basis"]
        if pid not in basis_by_paper or (basis and not basis_by_paper[pid]):
            basis_by_paper[pid] = basis
    linked = {} if new_researcher else dict(
        Authorship.objects.filter(researcher=researcher, paper_id__in=basis_by_paper)
        .values_list("paper_id", "basis")
    )
    to_link = [pid for pid in basis_by_paper if pid not in linked]
    insert_rows_ignoring_conflicts(
        Authorship, ("researcher", "paper", "source", "basis", "created_at"),
        ((researcher.pk, pid, capture.pk, basis_by_paper[pid], now) for pid in to_link),
        conflict=("researcher", "paper"),
    )
    # An authorship made before the check gains the grounds this capture gives it.
    for pid, basis in linked.items():
        if not basis and basis_by_paper[pid]:
            Authorship.objects.filter(researcher=researcher, paper_id=pid, basis="").update(basis=basis_by_paper[pid])
    added = len(to_link)
    updated = sum(1 for pid in basis_by_paper if pid in linked and pid in changed_ids)
    unchanged = len(basis_by_paper) - added - updated
    return added, updated, unchanged, sorted(to_link), sorted(redated_ids)


def _paper_ids_by_identity(keys: list[str]) -> dict[str, int]:
    """The ids of the papers stored under these identity keys, in plain SQL (the ORM's IN query
    cost more to build than to run, once per capture)."""
    if not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT identity_key, id FROM {Paper._meta.db_table} "
                       f"WHERE identity_key IN ({', '.join(['%s'] * len(keys))})", keys)
        return dict(cursor.fetchall())


def _model_fields(values: dict) -> dict:
    return {k: v for k, v in values.items() if k in Paper.IMPORTED_FIELDS}
