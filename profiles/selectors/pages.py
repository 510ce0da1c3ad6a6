"""Reads behind the public pages: the faculty directory and one researcher's page."""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass

from anyascii import anyascii
from django.core.cache import cache
from redis.exceptions import RedisError
from django.db import connection
from django.db.models import (
    F,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.urls import reverse

from config.lookups import AnyOf
from profiles.freshness import Freshness, researcher_freshness, researcher_name_key
from profiles.models import Capture, Paper, Researcher

from .catalogue import (
    catalogue_fact,
    catalogue_version_name,
    freshness_reference_date,
    researcher_survivor,
    researchers_visible,
)
from .search import researchers_with_papers_matching, researchers_with_papers_matching_sql

SORTS = {
    "name": "Name",
    "papers": "Most papers",
    "recent": "Most recent paper",
    "h_index": "h-index",
}
MAX_DERIVED_COAUTHORS = 20
# A paper's columns that its row on a researcher's page shows (profiles/templatetags/catalogue.py).
PAPER_FIELDS_SHOWN = ("id", "title", "has_code", "open_access", "date", "date_precision", "venues", "kind",
                      "authors", "author_count", "doi", "arxiv_id")
# A capture's columns the sources table and freshness read (researcher_freshness).
CAPTURE_FIELDS_SHOWN = ("id", "researcher_id", "captured_on", "created_at", "layout", "outcome", "parsed_name",
                        "parsed_affiliation")
# What a directory row shows (templates/profiles/_directory_results.html).
DIRECTORY_ROW_FIELDS = ("id", "name", "slug", "title", "affiliation", "department", "topics", "listed_paper_count",
                        "newest_paper_on")
FACET_CACHE_SECONDS = 24 * 60 * 60  # keyed by catalogue version, so only to expire old versions


def researchers_listed() -> QuerySet[Researcher]:
    """Researchers the public may see: not hidden by a curator, not merged into another."""
    return researchers_visible()


def _search_terms(q: str) -> list[str]:
    return [t for t in q.split() if t][:8]


def _letters_key(term: str) -> str:
    return "".join(re.findall(r"[a-z]+", anyascii(term).lower()))


def _topic_filter(topic: str) -> Q:
    if connection.features.supports_json_field_contains:
        return Q(topics__contains=[topic])
    # SQLite stores the list as JSON text: match the quoted element, not a substring of one.
    return Q(topics__icontains=json.dumps(topic))


def _search_fields_now() -> list[tuple[int, str, str]]:
    """Each listed researcher's (id, name, topics, affiliation and department upper-cased in one
    text, name key); topics as both JSON texts the databases match against."""
    rows = researchers_listed().values_list("pk", "name", "topics", "affiliation", "department", "name_key")
    return [(pk, "\n".join((name, json.dumps(topics), json.dumps(topics, ensure_ascii=False), affiliation,
                            department)).upper(), name_key)
            for pk, name, topics, affiliation, department, name_key in rows.iterator(chunk_size=2000)]


def _fields_may_match(terms: list[str], version: str) -> list[int] | None:
    """The listed researchers whose name, topics, affiliation or department may hold every
    term: never fewer than the database's case-insensitive match finds (for a term in plain
    ASCII, what PostgreSQL's UPPER or SQLite's LIKE equate Python's upper() equates too), so the
    database confirms only these. None when a term is not plain ASCII (then it checks all).
    Scanning every researcher's four fields in the database was ~30 ms of each search at
    10,000 researchers; these texts are kept in the process per catalogue version (~3 MB)."""
    if not all(term.isascii() for term in terms):
        return None
    rows = catalogue_fact("directory-search-fields", _search_fields_now, version=version)
    for term in terms:  # each term narrows the rows the next one reads
        upper, key = term.upper(), _letters_key(term)
        if key:
            rows = [row for row in rows if upper in row[1] or key in row[2]]
        else:
            rows = [row for row in rows if upper in row[1]]
    return [row[0] for row in rows]


def directory_researchers(
    *, q: str = "", institution: str = "", topic: str = "", sort: str = "name", version: str | None = None
) -> QuerySet[Researcher]:
    """Listed researchers matching a search, ordered by ``sort`` (a key of SORTS). The directory
    reads them through ``directory_result_ids`` and ``directory_researchers_by_ids``.

    Every word of ``q`` must match the name (accents ignored), a topic, the affiliation or the
    department; or a visible paper of theirs has every word in its title or abstract.
    ``version``: the catalogue version the caller read, to narrow the field match in Python
    first (``_fields_may_match``).
    """
    # The sort keys are columns kept current by the catalogue's services (paper_stats.py):
    # counting each researcher's papers here cost a second per page at 10,000 researchers.
    qs = researchers_listed()
    if q.strip():
        # ...or a paper of theirs has every word in its title or abstract (full-text search).
        # The paper hits first: PostgreSQL tests an OR's parts in order, and a common word's
        # hits (most researchers) then skip the four case-insensitive scans of their fields
        # (the count took 28 ms at 10,000 researchers the other way round).
        by_papers = researchers_with_papers_matching_sql(q)
        qs = qs.filter((Q(pk__in=by_papers) if by_papers is not None else Q(pk__in=[])) | _fields_match(q, version))
    if institution:
        qs = qs.filter(affiliation=institution)
    if topic:
        qs = qs.filter(_topic_filter(topic))
    ordering = {
        "name": ["name", "pk"],
        "papers": [F("listed_paper_count").desc(), "name", "pk"],
        "recent": [F("newest_paper_on").desc(nulls_last=True), "name", "pk"],
        "h_index": [F("h_index").desc(nulls_last=True), "name", "pk"],
    }.get(sort, ["name", "pk"])
    return qs.order_by(*ordering)


def _fields_match(q: str, version: str | None, *, found: set[int] = frozenset()) -> Q:
    """Every word of ``q`` in the name (accents ignored), a topic, the affiliation or the
    department; narrowed first in Python when ``version`` is given (``_fields_may_match``), to
    the researchers not in ``found`` already."""
    by_fields = Q()
    for term in _search_terms(q):
        match = (
            Q(name__icontains=term)
            | Q(topics__icontains=term)
            | Q(affiliation__icontains=term)
            | Q(department__icontains=term)
        )
        key = _letters_key(term)
        if key:
            match |= Q(name_key__contains=key)
        by_fields &= match
    may_match = None if version is None else _fields_may_match(_search_terms(q), version)
    if may_match is not None:
        may_match = [pk for pk in may_match if pk not in found]
        by_fields = Q(pk__in=_id_list_sql(may_match)) & by_fields if may_match else Q(pk__in=[])
    return by_fields


def _search_result_ids(q: str, sort: str, version: str) -> list[int]:
    """``directory_researchers(q=q, sort=sort)``'s ids, from the whole directory's order this
    process keeps: the researchers a search finds, kept in that order, with no join or sort in
    the database (ordering a common word's 6,000 researchers by name there was ~12 ms of a
    search at 10,000 researchers)."""
    found = researchers_with_papers_matching(q)
    by_fields = _fields_match(q, version, found=found)
    if by_fields != Q(pk__in=[]):
        found |= set(researchers_listed().filter(by_fields).values_list("pk", flat=True))
    return [pk for pk in directory_result_ids(sort=sort, version=version) if pk in found]


def directory_result_ids(*, q: str = "", institution: str = "", topic: str = "", sort: str = "name",
                         version: str | None = None) -> list[int]:
    """The ids of ``directory_researchers`` for this search, in its order, kept in the shared
    cache per catalogue version: they cannot change until the catalogue does (every catalogue
    write raises the version), and counting and ordering 10,000 researchers for a search was
    most of a directory page's database time. A page then reads only its own 25 researchers.
    ``version``: the ``catalogue_version_name`` the caller read already (read here otherwise)."""
    version = catalogue_version_name() if version is None else version
    key = "directory:ids:{}:{}".format(version, hashlib.sha256(json.dumps([q, institution, topic, sort]).encode()).hexdigest())

    def now() -> list[int]:
        if q.strip() and not institution and not topic:
            return _search_result_ids(q, sort, version)
        found = directory_researchers(q=q, institution=institution, topic=topic, sort=sort, version=version)
        return list(found.values_list("pk", flat=True))

    def kept() -> list[int]:
        try:
            return cache.get_or_set(key, now, timeout=FACET_CACHE_SECONDS)
        except RedisError:  # the cache is down: the page still shows, from the database
            return now()

    if q or institution or topic:
        return kept()
    # The whole directory in each of the four orders: every unfiltered page is a slice of one of
    # them, so this process keeps them for the version (four lists of ids, ~0.3 MB each at
    # 10,000 researchers) and a page that missed the cache reads only its own 25 researchers.
    return catalogue_fact(f"directory-ids:{sort}", lambda: tuple(kept()), version=version)


def directory_researchers_by_ids(ids: list[int]) -> list[Researcher]:
    """These listed researchers in this order (one page of ``directory_result_ids``), with
    their imported captures prefetched (``captures_for_freshness``). Only the columns a row
    shows: a researcher's coauthors, education and about are most of their row's bytes."""
    found = researchers_listed().filter(pk__in=list(ids)).only(*DIRECTORY_ROW_FIELDS).prefetch_related(
        Prefetch(
            "captures",
            queryset=Capture.objects.only(
                "id", "researcher_id", "captured_on", "outcome", "parsed_name", "parsed_affiliation"
            ).order_by("-captured_on"),
            to_attr="captures_for_freshness",  # what researcher_freshness reads
        )
    ).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def _id_list_sql(ids) -> RawSQL:
    """A set of ids as one query parameter (an array on PostgreSQL, JSON on SQLite) rather than
    one parameter each: a common word's 8,000 researchers as 8,000 parameters cost Django,
    psycopg and the planner ~200 ms per directory page, twice (the count and the page). A
    subquery, so the planner may hash thousands of ids; for a short list matched through an
    index (a page's coauthor names) ``config.lookups.AnyOf`` is the one: this form made that a
    hash join over every researcher."""
    ids = sorted(ids)
    if connection.vendor == "postgresql":
        # As array text: psycopg adapting a list of 8,000 ints one by one took 10 ms.
        return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def directory_filters(*, version: str | None = None) -> tuple[list[str], list[tuple[str, int]]]:
    """The institution and topic filters' choices: affiliations of listed researchers, and their
    topics (case kept as first seen) with how many researchers have each, most first: a topic
    one stray profile brought in sinks to the bottom instead of sitting among the real ones. Reading every researcher's topics took half a page's time at
    10,000 researchers, so both are computed once per catalogue version and shared by every
    process through the cache: a page costs one primary-key read for them."""
    version = catalogue_version_name() if version is None else version

    def kept() -> tuple[list[str], list[tuple[str, int]]]:
        try:
            return cache.get_or_set(f"directory:filters:counted:{version}",
                                    lambda: (_institutions_now(), _topics_now()), timeout=FACET_CACHE_SECONDS)
        except RedisError:  # the cache is down: the page still shows, computing the lists itself
            return _institutions_now(), _topics_now()

    # And kept in this process for the version: a page whose form missed the cache (a new sort,
    # a new search) needs them again, and unpickling thousands of topics was a page's time too.
    return catalogue_fact("directory-filters", kept, version=version)


def _institutions_now() -> list[str]:
    return list(
        researchers_listed()
        .exclude(affiliation="")
        .order_by("affiliation")
        .values_list("affiliation", flat=True)
        .distinct()
    )


def _topics_now() -> list[tuple[str, int]]:
    seen: dict[str, str] = {}
    counts: dict[str, int] = {}
    for topics in researchers_listed().values_list("topics", flat=True).iterator(chunk_size=2000):
        mine = {topic.casefold(): topic for topic in topics or [] if isinstance(topic, str) and topic.strip()}
        for key, topic in mine.items():  # a researcher counts once per topic, however it is spelled
            seen.setdefault(key, topic)
            counts[key] = counts.get(key, 0) + 1
    return sorted(((seen[key], n) for key, n in counts.items()), key=lambda item: (-item[1], item[0].casefold()))


@dataclass
class Coauthor:
    name: str
    shared_papers: int | None
    affiliation: str
    researcher: ResearcherLink | None  # the coauthor's own page, when they are in the catalogue


@dataclass
class ResearcherPage:
    researcher: Researcher
    papers: list[Paper]
    captures: list[Capture]
    coauthors: list[Coauthor]
    freshness: Freshness


class ResearcherHidden(Researcher.DoesNotExist):
    """A curator hid the researcher: their page is not shown (``researcher`` says whose it was).
    Still a DoesNotExist, so a caller that only knows "not found" treats it as such."""

    def __init__(self, researcher: Researcher):
        super().__init__(f"Researcher {researcher.slug!r} is hidden.")
        self.researcher = researcher


class ResearcherMoved(Exception):
    """The researcher was merged into another; ``survivor`` is where their page lives now."""

    def __init__(self, survivor: Researcher):
        super().__init__(survivor.slug)
        self.survivor = survivor


@dataclass(frozen=True)
class ResearcherLink:
    """What a link to another researcher's page needs of them (a coauthor, an author of a
    paper): read as three columns, not as a model instance per name on the page."""

    pk: int
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return reverse("profiles:researcher_detail", kwargs={"slug": self.slug})


@dataclass
class PaperAuthor:
    name: str
    is_self: bool  # the researcher whose page this is
    researcher: ResearcherLink | None  # the author's own page, when they are in the catalogue


def _researchers_by_key(keys: set[str], *, exclude_pk: int) -> dict[str, ResearcherLink]:
    keys_sorted = sorted(k for k in keys if k)
    found: dict[str, ResearcherLink] = {}
    # Chunked so a page with thousands of authors stays a modest query (and under SQLite's
    # parameter limit).
    for start in range(0, len(keys_sorted), 500):
        chunk = keys_sorted[start : start + 500]
        rows = (researchers_listed().filter(AnyOf(F("name_key"), chunk)).exclude(pk=exclude_pk)
                .order_by("pk").values_list("name_key", "pk", "name", "slug"))
        for key, pk, name, slug in rows:
            if key not in found:  # the oldest record of that name
                found[key] = ResearcherLink(pk=pk, name=name, slug=slug)
    return found


def _coauthor_entries(researcher: Researcher, papers: list[Paper]) -> list[tuple[str, int | None, str]]:
    raw = [c for c in researcher.coauthors or [] if isinstance(c, dict) and c.get("name")]
    if raw:
        return [(c["name"], c.get("shared_papers"), c.get("affiliation") or "") for c in raw]
    # Layouts without a coauthor panel: count who appears on the listed papers instead.
    own = researcher_name_key(researcher.name)
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for paper in papers:
        for key, name in {researcher_name_key(a): a for a in paper.authors or [] if a}.items():
            if key and key != own:
                counts[key] += 1
                shown.setdefault(key, name)
    return [(shown[k], n, "") for k, n in counts.most_common(MAX_DERIVED_COAUTHORS)]


def _link_people(researcher: Researcher, papers: list[Paper]) -> list[Coauthor]:
    """Coauthors, and each paper's ``author_entries``, linked to researchers in the catalogue."""
    own = researcher_name_key(researcher.name)
    entries = _coauthor_entries(researcher, papers)
    keys = {researcher_name_key(name) for name, _, _ in entries}
    for paper in papers:
        keys.update(researcher_name_key(a) for a in paper.authors or [] if isinstance(a, str))
    keys.discard(own)
    by_key = _researchers_by_key(keys, exclude_pk=researcher.pk)
    for paper in papers:
        paper.author_entries = [
            PaperAuthor(name=a, is_self=(k := researcher_name_key(a)) == own, researcher=by_key.get(k))
            for a in paper.authors or []
            if isinstance(a, str) and a.strip()
        ]
    return [
        Coauthor(name=name, shared_papers=shared, affiliation=aff, researcher=by_key.get(researcher_name_key(name)))
        for name, shared, aff in entries
    ]


def researcher_for_page(*, slug: str, include_hidden: bool = False, viewer_id: int | None = None) -> Researcher:
    """The researcher whose page ``slug`` names.

    Raises Researcher.DoesNotExist for an unknown slug (or an unpublished proposal unless
    ``include_hidden``, a curator, or ``viewer_id`` is who proposed it), ResearcherHidden (a
    DoesNotExist) for a hidden researcher unless ``include_hidden``, and ResearcherMoved for
    one merged into another.
    """
    researcher = Researcher.objects.get(slug=slug)
    if researcher.merged_into_id:
        survivor = researcher_survivor(researcher)
        if survivor.pk != researcher.pk:
            raise ResearcherMoved(survivor)
    own = viewer_id is not None and researcher.proposed_by_id == viewer_id
    if not researcher.published and not (include_hidden or own):
        # Before the hidden check: nothing tells anyone but its proposer that an unpublished
        # (or rejected) proposal exists, not even the "hidden by a curator" page.
        raise Researcher.DoesNotExist(f"Researcher {slug!r} is not published yet.")
    if researcher.hidden and not include_hidden:
        raise ResearcherHidden(researcher)
    return researcher


def researcher_page(*, researcher: Researcher, version: str | None = None) -> ResearcherPage:
    """Everything a researcher's page shows (``researcher``: from ``researcher_for_page``).
    ``version``: the ``catalogue_version_name`` the request read, so the newest capture's date
    (what freshness is measured from) is read once per version in this process."""
    # Only what the page shows: abstracts, comments and categories are most of a paper's row.
    papers = list(
        researcher.papers.filter(hidden=False).only(*PAPER_FIELDS_SHOWN)
        .order_by(F("date").desc(nulls_last=True), "title", "pk")
    )
    # What the sources table and freshness read: the raw bytes can be megabytes each, and the
    # parse's candidates and warnings are for curators.
    captures = list(researcher.captures.only(*CAPTURE_FIELDS_SHOWN).order_by("-captured_on", "-created_at"))
    return ResearcherPage(
        researcher=researcher,
        papers=papers,
        captures=captures,
        coauthors=_link_people(researcher, papers),
        freshness=researcher_freshness(researcher, captures, today=freshness_reference_date(version=version)),
    )
