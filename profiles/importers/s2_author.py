"""A Semantic Scholar author (``GET /graph/v1/author/ID?fields=…,papers,papers.…``).

The researcher and, when the request asked for them, their papers. Each paper's author list
carries Semantic Scholar author ids, so whose papers these are is never a guess.
"""
from __future__ import annotations

from datetime import date

from .base import ParsedCapture, ParsedMetrics, ParsedPaper
from .identifiers import arxiv_id_from_doi, canonical_arxiv_id, canonical_doi
from .names import normalize_name
from .response_text import as_int, day_or_year, load_json, one_line


_PREPRINT_VENUES = {"arxiv.org", "arxiv", "biorxiv", "medrxiv", "ssrn electronic journal"}
_KINDS = {
    "JournalArticle": "article", "Conference": "conference paper", "Review": "review",
    "Book": "book", "BookSection": "book chapter", "Dataset": "dataset", "Editorial": "editorial",
    "LettersAndComments": "letter", "CaseReport": "case report", "Study": "study",
}


def s2_paper(data: dict) -> ParsedPaper | None:
    """One Semantic Scholar paper object (shared with the paper-list layout)."""
    title = one_line(data.get("title"))
    if not title:
        return None
    ids = data.get("externalIds") or {}
    doi = canonical_doi(ids.get("DOI"))
    arxiv = canonical_arxiv_id(ids.get("ArXiv")) or arxiv_id_from_doi(doi)
    journal = (data.get("journal") or {}).get("name") if isinstance(data.get("journal"), dict) else None
    venue = one_line(data.get("venue") or journal)
    preprint = venue.lower() in _PREPRINT_VENUES
    if preprint:
        venue = ""
    authors = [normalize_name(one_line(a.get("name"))) for a in data.get("authors") or []]
    authors = [a for a in authors if a]
    types = data.get("publicationTypes") or []
    fields = [f.get("category") for f in data.get("s2FieldsOfStudy") or [] if f.get("category")]
    when, precision = day_or_year(data.get("publicationDate"), data.get("year"))
    return ParsedPaper(
        title=title,
        date=when,
        date_precision=precision,
        venues=[venue] if venue else [],
        kind="preprint" if preprint or (arxiv and not venue) else _KINDS.get(types[0] if types else "", ""),
        open_access=data.get("isOpenAccess"),
        abstract=one_line(data.get("abstract")),
        authors=authors,
        author_count=len(authors) or None,
        authors_complete=bool(authors),
        categories=list(dict.fromkeys(fields)),
        doi=doi,
        arxiv_id=arxiv,
    )


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    data = load_json(text, what="Semantic Scholar author")
    affiliations = [one_line(a) for a in data.get("affiliations") or [] if one_line(a)]
    author_id = str(data.get("authorId") or "")
    capture = ParsedCapture(
        layout="s2_author",
        researcher_name=normalize_name(one_line(data.get("name"))) or None,
        affiliation=affiliations[0] if affiliations else None,
        metrics=ParsedMetrics(
            h_index=as_int(data.get("hIndex")),
            citations=as_int(data.get("citationCount")),
            paper_count=as_int(data.get("paperCount")),
        ),
        source_ids={"s2": author_id} if author_id else {},
        entries_total=as_int(data.get("paperCount")),
    )
    orcid = (data.get("externalIds") or {}).get("ORCID")
    if orcid:
        capture.source_ids["orcid"] = str(orcid)
    for raw in data.get("papers") or []:
        paper = s2_paper(raw)
        if paper is None:
            continue
        listed = {str(a.get("authorId")) for a in raw.get("authors") or []}
        if raw.get("authors") and author_id and author_id not in listed:
            capture.warnings.append(f"“{paper.title}” does not list this author; not attached.")
            continue
        capture.papers.append(paper)
    return capture
