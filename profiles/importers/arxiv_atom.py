"""An arXiv API feed (Atom, ``/api/query?search_query=au:…``): one page of preprints.

Both layouts arXiv has served are read: the old one (namespaces declared where used, http
links) and the 2025+ one (namespaces on ``<feed>``, https links); element names are the same.
The subject is the person on every entry, as for an arXiv author listing; a keyword query
names nobody and waits for a researcher to be named.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from .base import CaptureError, ParsedCapture, ParsedPaper
from .identifiers import canonical_arxiv_id, canonical_doi
from .names import name_key, normalize_name
from .response_text import as_int, iso_day, load_xml, one_line

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def _paper(entry) -> ParsedPaper | None:
    title = one_line(entry.findtext(f"{_ATOM}title"))
    arxiv = canonical_arxiv_id(entry.findtext(f"{_ATOM}id"))
    if not title or title == "Error":  # arXiv reports a bad query as one entry titled "Error"
        return None
    authors = [normalize_name(one_line(a.findtext(f"{_ATOM}name"))) for a in entry.findall(f"{_ATOM}author")]
    authors = [a for a in authors if a]
    journal = one_line(entry.findtext(f"{_ARXIV}journal_ref"))
    categories = [c.get("term") for c in entry.findall(f"{_ATOM}category") if c.get("term")]
    return ParsedPaper(
        title=title,
        # The first version's date: the paper's first appearance.
        date=iso_day(entry.findtext(f"{_ATOM}published")),
        venues=[journal] if journal else [],
        kind="preprint",
        open_access=True,
        abstract=one_line(entry.findtext(f"{_ATOM}summary")),
        authors=authors,
        author_count=len(authors) or None,
        authors_complete=bool(authors),  # the API lists every author
        categories=list(dict.fromkeys(categories)),
        doi=canonical_doi(entry.findtext(f"{_ARXIV}doi")),
        arxiv_id=arxiv,
    )


def response_date(text: str, *, today: date) -> date | None:
    """The day arXiv answered (the feed's own ``<updated>``); None when it does not say."""
    try:
        feed = load_xml(text, what="arXiv API feed")
    except CaptureError:
        return None
    return iso_day(feed.findtext(f"{_ATOM}updated"))


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    feed = load_xml(text, what="arXiv API feed")
    capture = ParsedCapture(layout="arxiv_atom",
                            entries_total=as_int(feed.findtext(f"{_OPENSEARCH}totalResults")))
    entries = feed.findall(f"{_ATOM}entry")
    on_every: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for entry in entries:
        paper = _paper(entry)
        if paper is None:
            continue
        capture.papers.append(paper)
        for key in {name_key(a) for a in paper.authors}:
            on_every[key] += 1
        for author in paper.authors:
            spelled.setdefault(name_key(author), author)
    papers = len(capture.papers)
    everywhere = [spelled[key] for key, n in on_every.items() if papers and n == papers]
    if len(everywhere) == 1:
        capture.researcher_name = everywhere[0]
    elif len(everywhere) > 1 and papers > 1:
        capture.candidates = sorted(everywhere)
    elif len(everywhere) > 1:
        # One entry only: every author is on it, which says nothing about whose feed it is.
        capture.warnings.append("One entry only: its authors cannot tell whose feed this is.")
    return capture
