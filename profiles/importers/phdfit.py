"""PhdFit profile pages: the researcher's header, About, topics, publications, coauthors,
labs, education and awards, without the site's marketing bullets that end the page.

Layout (one item per line)::

    Meisam Razaviyayn
    · <title>Verified<institution> · <department>
    Active 2008–2026
    About / Research topics / Selected publications / Frequent coauthors / Labs /
    Education / Awards & honors        (section headers, each followed by its lines)
    - Resume-aware match score …  See your match with …   (marketing: ignored)

A publication is a title, a ``venue · date`` (or bare date) line, then the kind and the
``Open access`` badge run into the abstract (``preprintOpen accessData mixing…``).
"""
from __future__ import annotations

import re
from datetime import date

from .base import ParsedCapture, ParsedCoauthor, ParsedEducation, ParsedPaper
from .dates import date_precision, parse_date
from .names import clean_title, merge_duplicate_papers, normalize_name

_SECTIONS = {
    "about": "about",
    "research topics": "topics",
    "topics": "topics",
    "selected publications": "publications",
    "publications": "publications",
    "frequent coauthors": "coauthors",
    "coauthors": "coauthors",
    "labs": "labs",
    "lab": "labs",
    "education": "education",
    "awards & honors": "awards",
    "awards and honors": "awards",
    "awards": "awards",
    "honors": "awards",
}
_END_OF_PROFILE = ("see your match with", "phdfit ranks faculty")
_ACTIVE = re.compile(r"Active\s+(?:since\s+)?([0-9]{4})(?:\s*[-–—‐]\s*([0-9]{4}))?", re.IGNORECASE)
_VERIFIED = re.compile(r"(?<=\S)Verified(?=\S)")
_BULLET = re.compile(r"[-•*–]\s*")
_SHARED = re.compile(r"(?:[-•*–]\s*)?([0-9][0-9,]{0,9})\s+shared(?:\s+papers?)?", re.IGNORECASE)
_YEAR_START = re.compile(r"(?:1[89]|20)[0-9]{2}(?![0-9])")
# An honour listed without its year still names itself as one; the site's pitch never does.
_HONOUR = re.compile(
    r"award|prize|fellow|medal|honou?r|scholar|laureate|member|distinguished|grant|"
    r"career|chair|elected|recipient|winner|best paper|lecture",
    re.IGNORECASE,
)
_PITCH = re.compile(
    r"match score|shortlist|outreach|sign ?-?up|log ?in|credit card|free to start|free trial|"
    r"get started|see your match|subscribe|upgrade|premium",
    re.IGNORECASE,
)
# The kind is the lowercase word run into what follows (``preprintOpen access…``,
# ``articleThe…``, ``book-chapter``), never followed by a space.
_KIND_LINE = re.compile(
    r"(?P<kind>[a-z][a-z-]{2,30}?)(?=Open access|[^a-z\s-]|$)(?P<oa>Open access)?(?P<abstract>.*)",
    re.DOTALL,
)
# OpenAlex's work types, which PhdFit prints: read these first, so an abstract starting in
# lowercase ("preprintmRNA vaccines…", "articlek-means…") keeps its first word.
_KNOWN_KIND = re.compile(
    r"(?P<kind>proceedings-article|book-chapter|reference-entry|peer-review|supplementary-materials|"
    r"dissertation|editorial|preprint|article|dataset|erratum|libguides|paratext|retraction|"
    r"standard|report|review|letter|book|other)(?P<oa>Open access)?(?P<abstract>.*)",
    re.DOTALL,
)
_DEGREE = re.compile(
    r"(?:Ph\.?\s?D|D\.?\s?Phil|Sc\.?\s?D|M\.?\s?Sc?|B\.?\s?Sc?|B\.?\s?A|M\.?\s?A|M\.?\s?Eng|"
    r"B\.?\s?Eng|B\.?\s?Tech|M\.?\s?Tech|M\.?\s?Phil|M\.?\s?B\.?\s?A|J\.?\s?D|M\.?\s?D|LL\.?\s?[BM]|"
    r"Doctor(?:ate)?|Master|Bachelor|Diplom|Habilitation|Postdoc|Licen[cs]i)(?![a-z])",
    re.IGNORECASE,
)
_MAX_DATE_LINE = 160
_ORG_WORD = re.compile(
    r"[0-9()&,@/]|\b(?:Univ|Institut|Laborator|Technolog|Polytechn|Politecnico|Hochschule)"
    r"|\b(?:College|School|Labs?|Research|Center|Centre|Inc|Corp|Ltd|LLC|GmbH|Company|Academy|"
    r"Hospital|Department|Foundation|Group|Google|Microsoft|Meta|Amazon|Apple|IBM|Nvidia|"
    r"DeepMind|OpenAI|ETH|EPFL|Mellon|Tech|AI)\b",
    re.IGNORECASE,
)
_NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "bin", "al", "el", "ter", "dos"}


def _date_line(line: str) -> tuple[str, date] | None:
    """(venue, date) for a ``venue · 2026-02-23`` or bare-date line, else None."""
    if not line or len(line) > _MAX_DATE_LINE:
        return None
    venue, _, tail = line.rpartition("·")
    day = parse_date(tail)
    if day is None:
        return None
    return venue.strip(), day


def _is_award(text: str) -> bool:
    """An award line starts with its year, or (yearless) names an honour and no site feature."""
    if _YEAR_START.match(text):
        return True
    return bool(_HONOUR.search(text)) and not _PITCH.search(text)


def _is_bullet(line: str) -> bool:
    return len(line) > 1 and line[0] in "-•*–" and line[1] in " \t"


def _bullet_text(line: str) -> str:
    match = _BULLET.match(line)
    return line[match.end():].strip() if match else line


class _Page:
    """The capture's lines, stripped once, with a look-ahead helper."""

    def __init__(self, text: str):
        self.lines = [line.strip() for line in text.split("\n")]
        self.count = len(self.lines)

    def next_filled(self, index: int) -> int | None:
        for following in range(index + 1, min(self.count, index + 6)):
            if self.lines[following]:
                return following
        return None

    def followed_by_date(self, index: int) -> bool:
        following = self.next_filled(index)
        return following is not None and _date_line(self.lines[following]) is not None


def _is_marketing(line: str, kind: str) -> bool:
    """Whether a line of the page's last section is the site's own pitch, not the section's.

    The pitch is bullets (``- Save to shortlist``) and a ``See your match with …`` line; it
    begins at the first line the section could not hold: for awards, one not starting with
    a year; for coauthors, a bullet that is not a shared-papers count; elsewhere, any bullet.
    """
    if kind == "awards":
        return not _is_award(_bullet_text(line))
    if not _is_bullet(line):
        return False
    return kind != "coauthors" or not _SHARED.fullmatch(line)


def _find_sections(page: _Page) -> tuple[list[tuple[str, int, int]], bool]:
    """Sections as (kind, first line, end line), and whether the page's end was captured
    (its closing pitch is there; without it the capture may have been cut)."""
    headers: list[tuple[str, int]] = []
    end = page.count
    complete = False
    for index, line in enumerate(page.lines):
        if not line or len(line) > 40:
            continue
        lowered = line.lower()
        kind = _SECTIONS.get(lowered)
        if kind is None and not lowered.startswith(_END_OF_PROFILE):
            continue
        # A publication may be titled like a header; its date line gives it away.
        if page.followed_by_date(index):
            continue
        if kind is None:
            end, complete = index, True
            break
        headers.append((kind, index))
    if headers and headers[-1][0] != "topics":
        last_kind = headers[-1][0]
        for index in range(headers[-1][1] + 1, end):
            line = page.lines[index]
            if line and _is_marketing(line, last_kind) and not page.followed_by_date(index):
                end, complete = index, True
                break
    sections = []
    for position, (kind, index) in enumerate(headers):
        stop = headers[position + 1][1] if position + 1 < len(headers) else end
        sections.append((kind, index + 1, stop))
    return sections, complete


def _parse_header(page: _Page, stop: int, capture: ParsedCapture) -> None:
    filled = [index for index in range(stop) if page.lines[index]]
    title_index = next(
        (index for index in filled[:12]
         if page.lines[index][0] in "·•" or _VERIFIED.search(page.lines[index])),
        None,
    )
    name_index = None
    if title_index is not None:
        before = [index for index in filled if index < title_index]
        name_index = before[-1] if before else None
        _parse_title_line(page.lines[title_index], capture)
    elif filled and not _ACTIVE.match(page.lines[filled[0]]):
        name_index = filled[0]
    if name_index is not None and len(page.lines[name_index]) <= 120:
        capture.researcher_name = normalize_name(page.lines[name_index]) or None
    for index in filled[:12]:
        active = _ACTIVE.match(page.lines[index])
        if active:
            capture.active_from = int(active.group(1))
            capture.active_to = int(active.group(2)) if active.group(2) else None
            break


def _parse_title_line(line: str, capture: ParsedCapture) -> None:
    rest = line.lstrip("·• ").strip()
    verified = _VERIFIED.search(rest)
    if verified:
        title, place = rest[: verified.start()], rest[verified.end():]
    else:
        # Without the badge, only "·" separates them: title · institution · department.
        title, _, place = rest.partition("·")
    parts = [part for part in (part.strip() for part in place.split("·", 1)) if part]
    capture.title = clean_title(title) or None
    capture.affiliation = clean_title(parts[0]) if parts else None
    capture.department = clean_title(parts[1]) if len(parts) > 1 else None


def _parse_topics(page: _Page, start: int, stop: int) -> list[str]:
    topics = (_bullet_text(line) for line in page.lines[start:stop] if line)
    return list(dict.fromkeys(topic for topic in topics if topic))


def _prose(page: _Page, start: int, stop: int) -> str | None:
    return "\n".join(line for line in page.lines[start:stop] if line) or None


def _looks_like_person(line: str) -> bool:
    """A line that reads as a person's name rather than an organisation: two to five words,
    each capitalised (or a name particle / initial), no digits, brackets or org words."""
    words = line.split()
    if not 2 <= len(words) <= 5 or _ORG_WORD.search(line):
        return False
    return all(
        (word[0].isupper() and not word.isupper()) or word.lower() in _NAME_PARTICLES
        or (len(word) <= 5 and word.rstrip(".").isupper())  # an initial: "D." or "J.R."
        for word in words
    )


def _parse_coauthors(page: _Page, start: int, stop: int) -> list[ParsedCoauthor]:
    """Each coauthor is a ``- 47 shared`` count line, a name, an optional affiliation. A
    coauthor shown without a count is recognised by a name where an affiliation could be."""
    lines = [line for line in page.lines[start:stop] if line]
    count_first = bool(lines) and _SHARED.fullmatch(lines[0]) is not None
    coauthors: list[ParsedCoauthor] = []
    current: ParsedCoauthor | None = None
    for line in lines:
        shared = _SHARED.fullmatch(line)
        if shared:
            count = int(shared.group(1).replace(",", ""))
            if not count_first and current is not None and current.shared_papers is None:
                current.shared_papers = count  # this page puts the count after the name
                continue
            current = ParsedCoauthor(name="", shared_papers=count)
            coauthors.append(current)
        elif current is None or current.affiliation is not None or (
            current.name and _looks_like_person(line)
        ):
            current = ParsedCoauthor(name=normalize_name(line))
            coauthors.append(current)
        elif not current.name:
            current.name = normalize_name(line)
        else:
            current.affiliation = clean_title(line)
    return [coauthor for coauthor in coauthors if coauthor.name]


def _parse_education(page: _Page, start: int, stop: int) -> list[ParsedEducation]:
    lines = [_bullet_text(line) for line in page.lines[start:stop] if line]
    education = []
    position = 0
    while position < len(lines):
        degree = lines[position]
        following = lines[position + 1] if position + 1 < len(lines) else None
        if following is not None and not _DEGREE.match(following):
            education.append(ParsedEducation(degree=clean_title(degree), institution=clean_title(following)))
            position += 2
        else:
            education.append(ParsedEducation(degree=clean_title(degree)))
            position += 1
    return education


def _parse_awards(page: _Page, start: int, stop: int) -> list[str]:
    """Awards start with a year or name an honour; the first line that does neither is
    where the site's marketing begins."""
    awards = []
    for line in page.lines[start:stop]:
        if not line:
            continue
        award = _bullet_text(line) if _is_bullet(line) else line
        if not _is_award(award):
            break
        awards.append(" ".join(award.split()))
    return awards


def _paper_from(page: _Page, title_index: int, date_index: int, body: list[int]) -> ParsedPaper:
    venue, day = _date_line(page.lines[date_index]) or ("", None)
    paper = ParsedPaper(
        title=clean_title(page.lines[title_index]),
        date=day,
        date_precision=date_precision(page.lines[date_index].rpartition("·")[2]) if day else "",
        venues=[clean_title(venue)] if venue else [],
        open_access=False,
        line=title_index + 1,
    )
    if body:
        first = page.lines[body[0]]
        kind_line = _KNOWN_KIND.match(first) or _KIND_LINE.match(first)
        if kind_line:
            paper.kind = kind_line.group("kind")
            paper.open_access = bool(kind_line.group("oa"))
            abstract = kind_line.group("abstract")
        else:
            abstract = first
        paper.abstract = "\n".join([abstract.strip()] + [page.lines[index] for index in body[1:]]).strip()
    return paper


def _parse_publications(
    page: _Page, start: int, stop: int, open_ended: bool, capture: ParsedCapture
) -> list[ParsedPaper]:
    filled = [index for index in range(start, stop) if page.lines[index]]
    is_date = [_date_line(page.lines[index]) is not None for index in filled]
    titles = [
        position for position in range(len(filled) - 1)
        if not is_date[position] and is_date[position + 1]
    ]
    papers = []
    for number, position in enumerate(titles):
        following = titles[number + 1] if number + 1 < len(titles) else len(filled)
        body = filled[position + 2: following]
        last = number == len(titles) - 1
        cut_after = last and open_ended and len(body) > 1
        if cut_after:
            # The page was cut: what follows the last abstract is a title without its date.
            cut = body[1]
            body = body[:1]
            capture.warnings.append(
                f"The capture ends inside the publication “{clean_title(page.lines[cut])}” "
                f"(line {cut + 1}), which was skipped. Capture the whole page to import it."
            )
        papers.append(_paper_from(page, filled[position], filled[position + 1], body))
        if last and open_ended and not cut_after:
            capture.warnings.append(
                f"The capture ends inside the publication “{papers[-1].title}” "
                f"(line {papers[-1].line}); it was kept but may be incomplete. "
                "Capture the whole page to import it fully."
            )
    if open_ended and not titles and filled:
        capture.warnings.append(
            f"The capture ends inside the publication “{clean_title(page.lines[filled[0]])}” "
            f"(line {filled[0] + 1}), which was skipped. Capture the whole page to import it."
        )
    return papers


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    """Parse a PhdFit profile capture (``captured_on`` is unused: its dates carry years)."""
    page = _Page(text)
    capture = ParsedCapture(layout="phdfit", own_profile=True)  # a person's own profile page
    sections, complete = _find_sections(page)
    _parse_header(page, sections[0][1] - 1 if sections else page.count, capture)
    for number, (kind, start, stop) in enumerate(sections):
        if kind == "about":
            capture.about = _prose(page, start, stop)
        elif kind == "topics":
            capture.topics = list(dict.fromkeys(capture.topics + _parse_topics(page, start, stop)))
        elif kind == "publications":
            open_ended = number == len(sections) - 1 and not complete
            capture.papers.extend(_parse_publications(page, start, stop, open_ended, capture))
        elif kind == "coauthors":
            capture.coauthors.extend(_parse_coauthors(page, start, stop))
        elif kind == "labs":
            capture.labs = _prose(page, start, stop)
        elif kind == "education":
            capture.education.extend(_parse_education(page, start, stop))
        elif kind == "awards":
            capture.awards.extend(_parse_awards(page, start, stop))
    capture.papers = merge_duplicate_papers(capture.papers)
    return capture
