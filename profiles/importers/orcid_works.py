"""An ORCID works list (``GET /v3.0/ORCID/works``, JSON): the works a person claimed.

Works are grouped by identifier (one group per work, one summary per source that deposited
it); the first summary of a group is ORCID's preferred one. Summaries carry no author list
and no name: whose list it is comes from its ``path`` (the ORCID iD), and a researcher is
named by the link that fetched it or by the person importing the file.
"""
from __future__ import annotations

import re
from datetime import date

from .base import ParsedCapture, ParsedPaper
from .response_ids import arxiv_id_from_doi, normalize_arxiv_id, normalize_doi
from .response_text import load_json, one_line

_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
_PREPRINT_TYPES = {"preprint", "working-paper"}


def _value(node, *keys):
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _date(summary: dict) -> date | None:
    published = summary.get("publication-date") or {}
    year = _value(published, "year", "value")
    if not year:
        return None
    month = _value(published, "month", "value") or 1
    day = _value(published, "day", "value") or 1
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _paper(summary: dict) -> ParsedPaper | None:
    title = one_line(_value(summary, "title", "title", "value"))
    if not title:
        return None
    doi = arxiv = ""
    for ext in _value(summary, "external-ids", "external-id") or []:
        kind = (ext.get("external-id-type") or "").lower()
        if ext.get("external-id-relationship") not in (None, "self"):
            continue
        value = ext.get("external-id-value") or ""
        if kind == "doi" and not doi:
            doi = normalize_doi(value)
        elif kind == "arxiv" and not arxiv:
            arxiv = normalize_arxiv_id(value)
    kind = summary.get("type") or ""
    venue = one_line(_value(summary, "journal-title", "value"))
    return ParsedPaper(
        title=title,
        date=_date(summary),
        venues=[venue] if venue else [],
        kind="preprint" if kind in _PREPRINT_TYPES else kind.replace("-", " "),
        doi=doi,
        arxiv_id=arxiv or arxiv_id_from_doi(doi),
    )


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    data = load_json(text, what="ORCID works list")
    found = _ORCID.search(data.get("path") or "")
    capture = ParsedCapture(layout="orcid_works", source_ids={"orcid": found.group(0)} if found else {})
    groups = data.get("group") or []
    capture.entries_total = len(groups)
    for group in groups:
        summaries = group.get("work-summary") or []
        if summaries:
            paper = _paper(summaries[0])
            if paper is not None:
                capture.papers.append(paper)
    return capture
