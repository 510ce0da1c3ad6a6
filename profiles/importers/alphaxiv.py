"""alphaXiv author pages: the researcher, their metrics, and their listed papers.

Layout (one item per line, blank lines between)::

    Vahab Mirrokni
    LG                                   (the researcher's category)
    h-index117 / 95papers / 10,519citations / Novelty60% / AI Score63
    95 Papers
    97.7LGJun 2Code                      (optional score, category, date, optional Code)
    <title>
    <authors, maybe "et al.", maybe "· org, org"; sometimes missing>
    <abstract>

A date without a year is in the year of capture (or the year before, if that day would
be after the capture).
"""
from __future__ import annotations

import re
from datetime import date

from .base import ParsedCapture, ParsedPaper
from .dates import parse_listing_date
from .names import clean_title, merge_duplicate_papers, normalize_name

_ENTRY = re.compile(
    r"(?P<score>[0-9]{1,3}(?:\.[0-9]{1,2})?)?"
    r"(?P<category>(?:[a-z][a-z-]{0,10}\.)?[A-Z]{2,12}?)"
    r"(?P<date>[A-Z][a-z]{2,8}\.? [0-9]{1,2}(?:, [0-9]{4})?)"
    r"(?P<code>Code)?"
)
_CATEGORY = re.compile(r"(?:[a-z][a-z-]{0,10}\.)?[A-Z]{2,12}")
_NUMBER = r"([0-9][0-9,]{0,12}(?:\.[0-9]+)?)\s*([kKmM])?"
_METRICS = (
    ("h_index", re.compile(rf"h-index\s*{_NUMBER}", re.IGNORECASE)),
    ("paper_count", re.compile(rf"{_NUMBER}\s*papers")),
    ("citations", re.compile(rf"{_NUMBER}\s*citations", re.IGNORECASE)),
    ("novelty_pct", re.compile(rf"Novelty\s*{_NUMBER}\s*%", re.IGNORECASE)),
    ("ai_score", re.compile(rf"AI Score\s*{_NUMBER}", re.IGNORECASE)),
)
_ET_AL = ("et al.", "et al")
_PAPERS_HEADING = re.compile(r"([0-9][0-9,]{0,12}) Papers")
_MAX_AUTHOR_LINE = 2000
_SENTENCE_END = (".", "!", "?", ")", "]", '"', "”", "'", "’")


def _metric_value(match: re.Match) -> int:
    number = float(match.group(1).replace(",", ""))
    scale = {"k": 1_000, "m": 1_000_000}.get((match.group(2) or "").lower(), 1)
    return int(number * scale)


def _author_line(line: str) -> tuple[list[str], bool, list[str]] | None:
    """(authors, complete, orgs) when the line lists authors, else None (it is prose)."""
    if len(line) > _MAX_AUTHOR_LINE:
        return None
    if line.startswith("·"):
        # No authors shown, only the organisations: "· google, mit".
        orgs = [org.strip() for org in line[1:].split(",") if org.strip()]
        return ([], False, orgs) if orgs else None
    names_part, separator, orgs_part = line.partition(" · ")
    names_part = names_part.strip()
    et_al = names_part.endswith(_ET_AL)
    if et_al:
        names_part = names_part[: names_part.rindex("et al")].rstrip(" ,")
    names = [normalize_name(name) for name in names_part.split(",")]
    names = [name for name in names if name]
    if not names:
        return None
    if not (et_al or separator) and not _looks_like_names(names_part, names):
        return None
    orgs = [org.strip() for org in orgs_part.split(",") if org.strip()] if separator else []
    return names, not et_al, orgs


def _looks_like_names(line: str, names: list[str]) -> bool:
    """A bare comma list of short, digit-free names, not ending a sentence."""
    words = line.split()
    if line.endswith((".", "!", "?")) and len(words[-1]) > 3:
        return False
    return all(
        len(name.split()) <= 5 and max(len(word) for word in name.split()) <= 30
        and not any(character.isdigit() for character in name)
        for name in names
    )


def _parse_header(lines: list[str], stop: int, capture: ParsedCapture) -> None:
    filled = [index for index in range(stop) if lines[index]]
    metric_at = None
    for index in filled:
        line = lines[index]
        for field, pattern in _METRICS:
            match = pattern.fullmatch(line)
            if match:
                if getattr(capture.metrics, field) is None:
                    setattr(capture.metrics, field, _metric_value(match))
                if metric_at is None:
                    metric_at = index
                break
    before = [index for index in filled if metric_at is None or index < metric_at]
    categories: dict[str, None] = {}
    name_index = None
    for index in before:
        heading = _PAPERS_HEADING.fullmatch(lines[index])
        if heading:
            if capture.metrics.paper_count is None:
                capture.metrics.paper_count = int(heading.group(1).replace(",", ""))
        elif _CATEGORY.fullmatch(lines[index]):
            categories[lines[index]] = None
        elif not categories and len(lines[index]) <= 120:
            # The name sits right above the categories and metrics; lines before it are the
            # site's navigation when the copy started above the profile.
            name_index = index
    capture.topics = list(categories)
    if name_index is not None:
        capture.researcher_name = normalize_name(lines[name_index]) or None
    if capture.metrics.paper_count is None:
        heading = next(filter(None, (_PAPERS_HEADING.fullmatch(lines[index]) for index in filled)), None)
        if heading:
            capture.metrics.paper_count = int(heading.group(1).replace(",", ""))


def _categories(run: str) -> list[str]:
    """The entry's categories: arXiv's computer-science codes are two letters, so a run of
    them (``LGAI``) is several."""
    if run.isupper() and len(run) % 2 == 0 and 4 <= len(run) <= 8:
        return [run[start:start + 2] for start in range(0, len(run), 2)]
    return [run]


def _paper(lines: list[str], header: re.Match, listed: date, body: list[int]) -> ParsedPaper | None:
    """The entry under ``header``: its title, then an optional author line, then the abstract."""
    if not body:
        return None
    title_index = body[0]
    paper = ParsedPaper(
        title=clean_title(lines[title_index]),
        date=listed,
        categories=_categories(header.group("category")),
        has_code=bool(header.group("code")),
        line=title_index + 1,
    )
    rest = body[1:]
    if rest:
        authors = _author_line(lines[rest[0]])
        if authors is not None:
            paper.authors, paper.authors_complete, paper.orgs = authors
            rest = rest[1:]
    paper.abstract = "\n".join(lines[index] for index in rest)
    return paper


def _is_metric(line: str) -> bool:
    # Every metric line starts with a digit or one of h-index / Novelty / AI Score.
    return len(line) <= 40 and (line[0].isdigit() or line[0] in "hHnNaA") and (
        any(pattern.fullmatch(line) for _, pattern in _METRICS) or _PAPERS_HEADING.fullmatch(line) is not None
    )


def _before_repeated_header(lines: list[str], body: list[int], name: str | None) -> list[int]:
    """An entry's lines up to where the page's header starts again (the page pasted twice):
    the researcher's name, their categories and metrics are not the abstract."""
    cut = next((position for position, index in enumerate(body) if _is_metric(lines[index])), None)
    if cut is None:
        return body
    while cut > 0 and _CATEGORY.fullmatch(lines[body[cut - 1]]):
        cut -= 1
    if cut > 0 and name and normalize_name(lines[body[cut - 1]]) == name:
        cut -= 1
    return body[:cut]


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    """Parse an alphaXiv author page capture."""
    lines = [line.strip() for line in text.split("\n")]
    capture = ParsedCapture(layout="alphaxiv", own_profile=True)  # a person's own profile page
    headers: list[tuple[int, re.Match, date]] = []
    for index, line in enumerate(lines):
        if 6 <= len(line) <= 40 and line[-1].isalnum():
            match = _ENTRY.fullmatch(line)
            listed = match and parse_listing_date(match.group("date"), captured_on=captured_on)
            if listed:
                headers.append((index, match, listed))
    _parse_header(lines, headers[0][0] if headers else len(lines), capture)
    papers = []
    for number, (index, match, listed) in enumerate(headers):
        stop = headers[number + 1][0] if number + 1 < len(headers) else len(lines)
        body = _before_repeated_header(
            lines, [position for position in range(index + 1, stop) if lines[position]], capture.researcher_name
        )
        paper = _paper(lines, match, listed, body)
        is_last = number == len(headers) - 1
        if paper is None:
            if is_last:
                capture.warnings.append(
                    f"The capture ends inside the entry at line {index + 1}, which was skipped "
                    "because its title is missing. Capture the whole page to import it."
                )
            continue
        if is_last and not paper.abstract:
            capture.warnings.append(
                f"The capture ends inside “{paper.title}” (line {paper.line}), which was skipped "
                "because its abstract is missing. Capture the whole page to import it."
            )
            continue
        if is_last and not paper.abstract.endswith(_SENTENCE_END):
            paper.abstract_complete = False
            capture.warnings.append(
                f"The capture may be cut off inside “{paper.title}” (line {paper.line}): its "
                "abstract stops mid-sentence. It was kept; capture the whole page to import it fully."
            )
        papers.append(paper)
    capture.papers = merge_duplicate_papers(papers)
    return capture
