"""A DBLP person page (``GET https://dblp.org/pid/PID.xml``): the researcher and every record.

DBLP tells namesakes apart with a number (``Di Xu 0001``); it is not part of the name and is
dropped. Each record lists its authors with their DBLP pid, so a record without the person's
pid is not theirs (a cross-listed editorship, say) and is left out with a warning.
"""
from __future__ import annotations

import re
from datetime import date

from .base import ParsedCapture, ParsedMetrics, ParsedPaper
from .identifiers import arxiv_id_from_doi, canonical_arxiv_id, canonical_doi
from .names import normalize_name
from .response_text import as_int, load_xml, one_line, year_day

_HOMONYM_NUMBER = re.compile(r"\s+\d{4}$")
_KINDS = {
    "article": "article", "inproceedings": "conference paper", "proceedings": "proceedings",
    "book": "book", "incollection": "book chapter", "phdthesis": "thesis",
    "mastersthesis": "thesis", "www": "", "data": "dataset",
}


def dblp_name(text: str | None) -> str:
    """A person's name as DBLP writes it, without its homonym number."""
    return normalize_name(_HOMONYM_NUMBER.sub("", one_line(text)))


def _paper(record) -> ParsedPaper | None:
    title = one_line("".join(record.find("title").itertext()) if record.find("title") is not None else "")
    title = title.rstrip(".") if title.endswith(".") and not title.endswith("..") else title
    if not title:
        return None
    doi = arxiv = ""
    for ee in record.findall("ee"):
        link = one_line(ee.text)
        if "doi.org/" in link and not doi:
            doi = canonical_doi(link)
        if "arxiv.org/" in link and not arxiv:
            arxiv = canonical_arxiv_id(link)
    venue = one_line(record.findtext("journal") or record.findtext("booktitle"))
    authors = [dblp_name(a.text) for a in record.findall("author")]
    authors = [a for a in authors if a]
    return ParsedPaper(
        title=title,
        date=year_day(record.findtext("year")),
        date_precision="year" if year_day(record.findtext("year")) else "",
        venues=[venue] if venue and venue != "CoRR" else [],
        kind="preprint" if venue == "CoRR" else _KINDS.get(record.tag, record.tag),
        authors=authors,
        author_count=len(authors) or None,
        authors_complete=bool(authors),
        doi=doi if not doi.startswith("10.48550/") else "",
        arxiv_id=arxiv or arxiv_id_from_doi(doi),
    )


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    root = load_xml(text, what="DBLP person page")
    pid = root.get("pid") or ""
    person = root.find("person")
    affiliation = None
    if person is not None:
        notes = [one_line(n.text) for n in person.findall("note") if n.get("type") == "affiliation"]
        affiliation = notes[0] if notes else None
    records = root.findall("r")
    capture = ParsedCapture(
        layout="dblp_person",
        researcher_name=dblp_name(root.get("name")) or None,
        affiliation=affiliation,
        metrics=ParsedMetrics(paper_count=as_int(root.get("n"))),
        source_ids={"dblp": pid} if pid else {},
        entries_total=as_int(root.get("n")),
    )
    for wrapper in records:
        for record in wrapper:
            paper = _paper(record)
            if paper is None:
                continue
            pids = {a.get("pid") for a in record.findall("author")} | {e.get("pid") for e in record.findall("editor")}
            if pid and record.findall("author") and pid not in pids:
                capture.warnings.append(f"“{paper.title}” does not list this person; not attached.")
                continue
            capture.papers.append(paper)
    return capture
