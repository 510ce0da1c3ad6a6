"""Semantic Scholar Graph API: the author with their papers embedded, then any further
papers from ``/author/ID/papers`` page by page (following ``next``)."""
from __future__ import annotations

import re

from django.conf import settings

from profiles.importers.author_search import parse_s2 as parse_search  # noqa: F401

from .plans import Page, SourceRequest

KIND = "s2"
PER_PAGE = 100
PAPER_FIELDS = ("title,abstract,year,publicationDate,venue,journal,externalIds,authors,"
                "isOpenAccess,publicationTypes,s2FieldsOfStudy")
AUTHOR_FIELDS = "name,affiliations,paperCount,citationCount,hIndex,externalIds,url"
_REF = re.compile(r"^https?://(?:www\.)?semanticscholar\.org/author/(?:[^/]+/)?(\d+)/?$", re.IGNORECASE)


def parse_ref(ref: str) -> str | None:
    found = _REF.match(ref.strip())
    return found.group(1) if found else None


def _headers() -> tuple[tuple[str, str], ...]:
    return (("x-api-key", settings.S2_API_KEY),) if settings.S2_API_KEY else ()


def _base() -> str:
    return settings.S2_API_URL.rstrip("/")


def papers_request(external_id: str, offset: int) -> SourceRequest:
    return SourceRequest(
        url=f"{_base()}/author/{external_id}/papers",
        layout="s2_papers",
        params=(("fields", PAPER_FIELDS), ("offset", str(offset)), ("limit", str(PER_PAGE))),
        headers=_headers(),
        offset=offset,
    )


def next_request(external_id: str, done: list[Page]) -> SourceRequest | None:
    if not done:
        fields = AUTHOR_FIELDS + "," + ",".join(f"papers.{f}" for f in PAPER_FIELDS.split(","))
        return SourceRequest(url=f"{_base()}/author/{external_id}", layout="s2_author",
                             params=(("fields", fields),), headers=_headers())
    parsed = done[-1].parsed
    if parsed is None:
        return None
    if done[-1].request.layout == "s2_author":
        embedded = done[-1].paper_count
        return papers_request(external_id, embedded) if (parsed.entries_total or 0) > embedded else None
    return papers_request(external_id, parsed.next_offset) if parsed.next_offset else None


def search_request(name: str) -> SourceRequest:
    return SourceRequest(url=f"{_base()}/author/search", layout="",
                         params=(("query", name), ("fields", "name,affiliations,paperCount"), ("limit", "10")),
                         headers=_headers())
