"""An OpenAlex author object (``GET /authors/A…``): the researcher, no papers.

Gives the name, the newest institution, topics, h-index, citations and work count, and the
ids (OpenAlex, ORCID) that let a second source of the same person find this record.
"""
from __future__ import annotations

from datetime import date

from .base import ParsedCapture, ParsedMetrics
from .names import normalize_name
from .response_text import as_int, load_json, one_line


def openalex_id(url: str | None) -> str:
    """``A5017898742`` from ``https://openalex.org/A5017898742`` (or the bare id)."""
    return (url or "").rstrip("/").rsplit("/", 1)[-1]


def orcid_id(url: str | None) -> str:
    """``0000-0002-7262-6251`` from an ORCID URL (or the bare id); "" for none."""
    return (url or "").rstrip("/").rsplit("/", 1)[-1]


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    data = load_json(text, what="OpenAlex author")
    institutions = data.get("last_known_institutions") or []
    if not institutions and data.get("last_known_institution"):  # the pre-2024 field
        institutions = [data["last_known_institution"]]
    stats = data.get("summary_stats") or {}
    ids = {"openalex": openalex_id(data.get("id"))}
    if data.get("orcid"):
        ids["orcid"] = orcid_id(data["orcid"])
    return ParsedCapture(
        layout="openalex_author",
        researcher_name=normalize_name(one_line(data.get("display_name"))) or None,
        affiliation=one_line(institutions[0].get("display_name")) if institutions else None,
        topics=[one_line(t["display_name"]) for t in data.get("topics") or [] if t.get("display_name")][:10],
        metrics=ParsedMetrics(
            h_index=as_int(stats.get("h_index")),
            citations=as_int(data.get("cited_by_count")),
            paper_count=as_int(data.get("works_count")),
        ),
        source_ids=ids,
    )
