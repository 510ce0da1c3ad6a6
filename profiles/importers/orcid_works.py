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
from .identifiers import arxiv_id_from_doi, canonical_arxiv_id, canonical_doi
from .response_text import load_json, one_line

_ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
_PREPRINT_TYPES = {"preprint", "working-paper"}


def _value(node, *keys):
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _date(summary: dict) -> tuple[date | None, str]:
    """(date, precision): ORCID dates are often a year, or a year and month, only."""
    published = summary.get("publication-date") or {}
    year = _value(published, "year", "value")
    if not year:
        return None, ""
    month = _value(published, "month", "value")
    day = _value(published, "day", "value")
    precision = "day" if month and day else "month" if month else "year"
    try:
        return date(int(year), int(month or 1), int(day or 1)), precision
    except (TypeError, ValueError):
        return None, ""


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
            doi = canonical_doi(value)
        elif kind == "arxiv" and not arxiv:
            arxiv = canonical_arxiv_id(value)
    kind = summary.get("type") or ""
    venue = one_line(_value(summary, "journal-title", "value"))
    when, precision = _date(summary)
    return ParsedPaper(
        title=title,
        date=when,
        date_precision=precision,
        venues=[venue] if venue else [],
        kind="preprint" if kind in _PREPRINT_TYPES else kind.replace("-", " "),
        doi=doi,
        arxiv_id=arxiv or arxiv_id_from_doi(doi),
    )


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    data = load_json(text, what="ORCID works list")
    found = _ORCID.search(data.get("path") or "")
    # The person's own record of their works (summaries list no authors to check against).
    capture = ParsedCapture(layout="orcid_works", source_ids={"orcid": found.group(0)} if found else {},
                            own_profile=True)
    groups = data.get("group") or []
    capture.entries_total = len(groups)
    for group in groups:
        summaries = group.get("work-summary") or []
        if summaries:
            paper = _paper(summaries[0])
            if paper is not None:
                capture.papers.append(paper)
    return capture
