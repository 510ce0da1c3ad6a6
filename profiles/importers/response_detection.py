"""Which scholarly-API response a saved body is, told from its content.

Responses are JSON or XML, so a few characteristic keys or the root element tell them apart
(checked on the head of the text: a response announces itself in its first bytes or keys).
Page captures are plain text and never start with ``{`` or ``<``.
"""
from __future__ import annotations

import re

RESPONSE_NAMES = {
    "openalex_author": "an OpenAlex author",
    "openalex_works": "an OpenAlex works list",
    "arxiv_atom": "an arXiv API feed",
    "s2_author": "a Semantic Scholar author",
    "s2_papers": "a Semantic Scholar paper list",
    "orcid_works": "an ORCID works list",
    "dblp_person": "a DBLP person page",
}

_OPENALEX_AUTHOR_ID = re.compile(r'"id"\s*:\s*"https://openalex\.org/A\d+"')
_OPENALEX_WORK_ID = re.compile(r'"id"\s*:\s*"https://openalex\.org/W\d+"')


def response_layout(text: str) -> str | None:
    """The response layout of ``text``, or None when it is not a scholarly-API response."""
    head = text.lstrip()[:65_536]
    if head.startswith("{"):
        return _json_layout(head)
    if head.startswith("<"):
        return _xml_layout(head[:4_096])
    return None


def _json_layout(head: str) -> str | None:
    if '"works_api_url"' in head and _OPENALEX_AUTHOR_ID.search(head):
        return "openalex_author"
    if '"results"' in head and '"meta"' in head and _OPENALEX_WORK_ID.search(head):
        return "openalex_works"
    if '"work-summary"' in head and '"group"' in head:
        return "orcid_works"
    if '"authorId"' in head and '"paperCount"' in head and '"papers"' in head:
        return "s2_author"
    if '"data"' in head and '"paperId"' in head:
        return "s2_papers"
    return None


def _xml_layout(head: str) -> str | None:
    if "<dblpperson" in head:
        return "dblp_person"
    if "<feed" in head and "http://www.w3.org/2005/Atom" in head and "arxiv" in head.lower():
        return "arxiv_atom"
    return None
