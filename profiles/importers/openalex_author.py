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


def newest_affiliations(affiliations: list) -> list[dict]:
    """The institutions of the newest year an author's affiliations list (several when they
    held more than one that year), in the order OpenAlex lists them."""
    dated = [(max(y for y in entry.get("years") or [0] if isinstance(y, int)), entry.get("institution") or {})
             for entry in affiliations if isinstance(entry, dict)]
    if not dated:
        return []
    newest = max(year for year, _ in dated)
    return [institution for year, institution in dated if year == newest and isinstance(institution, dict)
            and institution]


def newest_institution(author: dict) -> str:
    """The institution an OpenAlex author object places them at now: its last known one, else
    (OpenAlex leaves that empty for many) the one of their ``affiliations`` seen most recently;
    "" when it names none."""
    institutions = [i for i in author.get("last_known_institutions") or [] if isinstance(i, dict)]
    if not institutions and isinstance(author.get("last_known_institution"), dict):  # the pre-2024 field
        institutions = [author["last_known_institution"]]
    if not institutions:
        institutions = newest_affiliations(author.get("affiliations") or [])
    names = [one_line(i.get("display_name")) for i in institutions]
    return next((name for name in names if name), "")


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    data = load_json(text, what="OpenAlex author")
    stats = data.get("summary_stats") or {}
    ids = {"openalex": openalex_id(data.get("id"))}
    if data.get("orcid"):
        ids["orcid"] = orcid_id(data["orcid"])
    return ParsedCapture(
        layout="openalex_author",
        researcher_name=normalize_name(one_line(data.get("display_name"))) or None,
        affiliation=newest_institution(data) or None,
        topics=[one_line(t["display_name"]) for t in data.get("topics") or [] if t.get("display_name")][:10],
        metrics=ParsedMetrics(
            h_index=as_int(stats.get("h_index")),
            citations=as_int(data.get("cited_by_count")),
            paper_count=as_int(data.get("works_count")),
        ),
        source_ids=ids,
    )
