"""An OpenAlex works list (``GET /works?filter=author.id:A…``): one page of papers.

Abstracts come as ``abstract_inverted_index`` (word → positions) and are rebuilt into text.
The list does not say whose it is: the subject is the author on every work (by OpenAlex id),
as for an arXiv listing; with several such people it is ambiguous, with none it waits for a
researcher to be named.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from .base import ParsedCapture, ParsedPaper
from .identifiers import arxiv_id_from_doi, canonical_arxiv_id, canonical_doi
from .names import normalize_name
from .openalex_author import openalex_id
from .response_text import as_int, day_or_year, load_json, one_line

# OpenAlex's work types that are preprints; everything else is kept as OpenAlex names it.
_PREPRINT_TYPES = {"preprint", "posted-content"}


def abstract_from_inverted_index(index: dict | None) -> str:
    """The abstract OpenAlex stores as ``{"word": [positions]}``, as running text."""
    if not index:
        return ""
    placed = [(position, word) for word, positions in index.items() for position in positions or []]
    placed.sort()
    return one_line(" ".join(word for _, word in placed))


def _paper(work: dict) -> ParsedPaper | None:
    title = one_line(work.get("display_name") or work.get("title"))
    if not title:
        return None
    ids = work.get("ids") or {}
    doi = canonical_doi(work.get("doi") or ids.get("doi"))
    arxiv = canonical_arxiv_id(ids.get("arxiv")) or arxiv_id_from_doi(doi)
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    venue = one_line(source.get("display_name"))
    authors = [
        normalize_name(one_line((a.get("author") or {}).get("display_name") or a.get("raw_author_name")))
        for a in work.get("authorships") or []
    ]
    authors = [a for a in authors if a]
    kind = work.get("type") or ""
    when, precision = day_or_year(work.get("publication_date"), work.get("publication_year"))
    return ParsedPaper(
        title=title,
        date=when,
        date_precision=precision,
        venues=[venue] if venue else [],
        kind="preprint" if kind in _PREPRINT_TYPES else kind,
        open_access=(work.get("open_access") or {}).get("is_oa"),
        abstract=abstract_from_inverted_index(work.get("abstract_inverted_index")),
        authors=authors,
        author_count=len(authors) or None,
        # OpenAlex truncates authorships at 100 and says so.
        authors_complete=bool(authors) and not work.get("is_authors_truncated"),
        doi=doi,
        arxiv_id=arxiv,
    )


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    data = load_json(text, what="OpenAlex works list")
    works = [w for w in data.get("results") or [] if isinstance(w, dict)]
    capture = ParsedCapture(layout="openalex_works",
                            entries_total=as_int((data.get("meta") or {}).get("count")))
    # Whose list is it: the OpenAlex author id on every work.
    on_every: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    for work in works:
        seen = set()
        for authorship in work.get("authorships") or []:
            author = authorship.get("author") or {}
            author_id = openalex_id(author.get("id"))
            if author_id and author_id not in seen:
                seen.add(author_id)
                on_every[author_id] += 1
                names.setdefault(author_id, Counter())[one_line(author.get("display_name"))] += 1
    everywhere = [a for a, n in on_every.items() if works and n == len(works)]
    if len(everywhere) == 1:
        subject = everywhere[0]
        capture.researcher_name = normalize_name(names[subject].most_common(1)[0][0]) or None
        capture.source_ids = {"openalex": subject}
    elif everywhere:
        capture.candidates = sorted(normalize_name(names[a].most_common(1)[0][0]) for a in everywhere)
    for work in works:
        paper = _paper(work)
        if paper is not None:
            capture.papers.append(paper)
    return capture
