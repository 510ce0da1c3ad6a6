"""arXiv API: an author query (``au:``), 100 preprints a page, newest first.

An arXiv author page id (``arxiv.org/a/mahoney_m_1``) becomes the query ``au:mahoney_m``;
a name becomes ``au:"Surname_F"`` (arXiv's own form: surname and first initial), and the
author check then keeps only the papers whose author list names the person.
"""
from __future__ import annotations

import re

from django.conf import settings

from profiles.importers import normalize_name

from .plans import Page, SourceRequest

KIND = "arxiv"
PER_PAGE = 100
_REF = re.compile(r"^https?://(?:www\.)?arxiv\.org/a/([a-z0-9_]+?)(?:\.(?:html|atom2?|json))?/?$", re.IGNORECASE)
_AUTHOR_ID = re.compile(r"^([a-z][a-z0-9_]*?)_\d+$")


def parse_ref(ref: str) -> str | None:
    found = _REF.match(ref.strip())
    return found.group(1).lower() if found else None


def query_for(external_id: str) -> str:
    """The arXiv ``search_query`` for a linked author id or name."""
    author_id = _AUTHOR_ID.match(external_id)
    if author_id:
        return f"au:{author_id.group(1)}"
    words = normalize_name(external_id).replace(".", " ").split()
    if len(words) < 2:
        return f'au:"{external_id}"'
    return f'au:"{words[-1]}_{words[0][0]}"'


def feed_request(external_id: str, start: int) -> SourceRequest:
    return SourceRequest(
        url=f"{settings.ARXIV_API_URL.rstrip('/')}/query",
        layout="arxiv_atom",
        params=(("search_query", query_for(external_id)), ("start", str(start)),
                ("max_results", str(PER_PAGE)), ("sortBy", "submittedDate"), ("sortOrder", "descending")),
        offset=start,
    )


def next_request(external_id: str, done: list[Page]) -> SourceRequest | None:
    if not done:
        return feed_request(external_id, 0)
    parsed = done[-1].parsed
    start = done[-1].request.offset + (len(parsed.papers) if parsed else 0)
    if not parsed or not parsed.papers or (parsed.entries_total or 0) <= start:
        return None
    return feed_request(external_id, start)


def search_request(name: str) -> None:
    return None  # an arXiv author query is the search: the name itself is linked
