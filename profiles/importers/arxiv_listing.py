"""arXiv author listings: a researcher's papers, with the researcher left implicit.

Layout (one item per line)::

    -
    <title>
    Authors:
    Monishwaran Maheswaran,              (one author per line, comma-ended but the last)
    Michael W. Mahoney
    Abstract:
    <preview, cut, ending in …>
    ▽ More
    <full abstract>
    △ Less
    Submitted 18 November, 2025; v1 submitted 23 September, 2025;
    originally announced September 2025.
    Comments: … / Journal ref: …         (sometimes; skipped)

The listing does not say whose it is: the subject is the one person on every entry. When
several people are, the subject is ambiguous and left for the user to choose.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from .base import ParsedCapture, ParsedPaper
from .dates import parse_date
from .names import (
    clean_title,
    merge_duplicate_papers,
    name_key,
    names_match,
    normalize_name,
)

_SEPARATORS = {"-", "–", "—", "•"}
_AUTHORS = re.compile(r"Authors?:\s*(.*)")
_ABSTRACT = re.compile(r"Abstract:\s*(.*)", re.DOTALL)
_SUBMITTED = re.compile(r"Submitted\s+([^;]{1,60})", re.IGNORECASE)
# The first version's date, wherever the line puts it ("…; v3 submitted …; v1 submitted …;").
_FIRST_VERSION = re.compile(r"\bv1 submitted\s+([^;]{1,60})", re.IGNORECASE)
# What stands above a title on arXiv's pages: the identifier with its format links, and the
# subject categories ("arXiv:2512.04525 [pdf, ps, other] cs.LG cs.AI", or each on its line).
_ID = r"[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/[0-9]{7}"
_IDENTIFIER = re.compile(rf"arXiv:(?:{_ID})(?:v[0-9]{{1,3}})?|\[(?:pdf|ps|html|other)(?:, ?[a-z]{{2,5}}){{0,4}}\]")
_ARXIV_ID = re.compile(rf"arXiv:({_ID})")
# An entry's first line on arXiv's search pages: its identifier. It starts the entry whatever
# stands between entries in the copy ("-", a blank line or nothing).
_ENTRY_START = re.compile(rf"arXiv:(?:{_ID})(?:v[0-9]{{1,3}})?(?:\s|$)")
# The DOI tag arXiv shows beside the categories ("doi 10.1109/ICSTW55395.2022.00035").
_DOI_TAG = re.compile(r"\bdoi\s+(10\.[0-9]{4,9}/\S+)")
_CATEGORY = re.compile(r"[a-z]{2,8}(?:-[a-z]{2,4})?\.[A-Za-z]{2,4}(?:-[a-z]{2,5})?|[a-z]{2,8}-[a-z]{2,4}")
_ANNOUNCED = re.compile(r"originally announced\s+([^.;]{1,40})", re.IGNORECASE)
_METADATA = ("Comments:", "Journal ref:", "Report number:", "MSC Class:", "ACM Class:", "DOI:", "Subjects:")
_MORE = "▽ More"
_LESS = "△ Less"
_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_ELLIPSES = ("…", "...")


class _Entry:
    def __init__(self, heading: list[int], lines: list[str]):
        self.title_index: int | None = None
        self.categories: list[str] = []
        self.arxiv_id = ""
        self.doi = ""
        title: list[str] = []
        for index in heading:
            line = lines[index]
            if "doi" in line and (doi := _DOI_TAG.search(line)):
                self.doi = self.doi or doi.group(1).rstrip(".,;").lower()
                line = _DOI_TAG.sub(" ", line).strip()
                if not line:
                    continue
            stripped, identifiers = _IDENTIFIER.subn(" ", line) if "arXiv:" in line or "[" in line else (line, 0)
            words = stripped.split()
            if identifiers and not self.arxiv_id and (found := _ARXIV_ID.search(line)):
                self.arxiv_id = found.group(1)
            if identifiers or all(_CATEGORY.fullmatch(word) for word in words):
                self.categories.extend(word for word in words if _CATEGORY.fullmatch(word))
            else:
                title.append(line)
                if self.title_index is None:
                    self.title_index = index
        self.title = clean_title(" ".join(title))
        self.authors: list[str] = []
        self.preview: list[str] = []
        self.full: list[str] = []
        self.submitted: date | None = None
        self.announced: date | None = None
        self.state = "authors"  # authors → preview → full → after → done
        self.saw_more = False

    def add_authors(self, line: str) -> None:
        for part in line.split(","):
            name = normalize_name(part)
            if not name:
                continue
            if name.lower() in _NAME_SUFFIXES and self.authors:
                self.authors[-1] = f"{self.authors[-1]} {name}"
            else:
                self.authors.append(name)

    def abstract_complete(self) -> bool:
        """Whether the whole abstract was copied, not only the preview cut at "▽ More"."""
        if self.full:
            return True
        preview = " ".join(self.preview).strip()
        return bool(preview) and self.state in ("after", "done") and not preview.endswith(_ELLIPSES) \
            and not self.saw_more

    def abstract(self) -> str:
        preview = " ".join(self.preview).strip()
        for ellipsis in _ELLIPSES:
            if preview.endswith(ellipsis):
                preview = preview[: -len(ellipsis)].rstrip()
                break
        full = "\n".join(self.full).strip()
        return full if len(full) >= len(preview) else preview


def _read_entries(lines: list[str]) -> tuple[list[_Entry], _Entry | None]:
    """The entries in reading order, and a title left dangling after a final ``-``."""
    entries: list[_Entry] = []
    current: _Entry | None = None
    # The lines that could be the next entry's title: all of them since a separator (a title
    # may wrap), else only the latest (what precedes it is the previous entry's metadata).
    heading: list[int] = []
    after_separator = False
    for index, line in enumerate(lines):
        if not line:
            continue
        if line in _SEPARATORS:
            current, heading, after_separator = None, [], True
            continue
        if line.startswith("arXiv:") and _ENTRY_START.match(line):
            # The identifier heads an entry: what follows (categories, a wrapped title) is its
            # heading, however the copy separated the entries.
            current, heading, after_separator = None, [index], True
            continue
        state = current.state if current else "between"
        if line.startswith("Author") and (authors := _AUTHORS.fullmatch(line)):
            if state != "authors" or current.authors:
                current = _Entry(heading, lines)
                entries.append(current)
                heading, after_separator = [], False
            current.add_authors(authors.group(1))
            continue
        if line.startswith("Abstract:") and state in ("between", "done", "authors"):
            if state != "authors":
                current = _Entry(heading, lines)
                entries.append(current)
                heading, after_separator = [], False
            current.state = "preview"
            line = _ABSTRACT.fullmatch(line).group(1).strip()
            if not line:
                continue
            state = "preview"
        if line.startswith("Submitted") and current is not None and state != "done":
            submitted = _SUBMITTED.match(line)
            if submitted:
                first = _FIRST_VERSION.search(line)
                current.submitted = parse_date((first or submitted).group(1))
                announced = _ANNOUNCED.search(line)
                if announced:
                    current.announced = parse_date(announced.group(1))
                current.state = "done"
                continue
        if state == "authors":
            current.add_authors(line)
        elif state == "preview":
            if line.endswith(_MORE):
                current.preview.append(line[: -len(_MORE)].strip())
                current.state = "full"
                current.saw_more = True
            elif line.endswith(_LESS):
                current.preview.append(line[: -len(_LESS)].strip())
                current.state = "after"
            else:
                current.preview.append(line)
        elif state == "full":
            if line.endswith(_LESS):
                current.full.append(line[: -len(_LESS)].strip())
                current.state = "after"
            else:
                current.full.append(line)
        elif line.startswith("originally announced"):
            if current is not None and current.announced is None:
                announced = _ANNOUNCED.match(line)
                current.announced = parse_date(announced.group(1)) if announced else None
        elif line.startswith(_METADATA) and state in ("done", "after"):
            continue
        elif after_separator:
            heading.append(index)
        else:
            heading = [index]
    dangling = _Entry(heading, lines) if after_separator and heading else None
    return entries, dangling if dangling is not None and dangling.title else None


# Fuzzy name comparisons per family name and entry: far above any real author list (even a
# physics collaboration has few dozen Zhangs on one paper), low enough that no input hangs.
_FUZZY_LIMIT = 64


def _family(name: str) -> str:
    return name_key(name).rpartition(" ")[2]


class _EntryAuthors:
    """One entry's authors, looked up by exact key or, within a family name, fuzzily."""

    def __init__(self, authors: list[str]):
        self.keys = {name_key(author) for author in authors}
        self.by_family: dict[str, list[str]] = {}
        for author in authors:
            self.by_family.setdefault(_family(author), []).append(author)

    def spellings_of(self, name: str, family: str) -> list[str]:
        return [other for other in self.by_family.get(family, ())[:_FUZZY_LIMIT] if names_match(name, other)]

    def has(self, name: str, family: str) -> bool:
        return name_key(name) in self.keys or any(
            names_match(name, other) for other in self.by_family.get(family, ())[:_FUZZY_LIMIT]
        )


def subject_on_every_entry(papers: list[ParsedPaper]) -> tuple[str | None, list[str]]:
    """The one person on every entry, or (None, everyone who is) when that is not one person."""
    entries = [_EntryAuthors(paper.authors) for paper in papers if paper.authors]
    if not entries:
        return None, []
    shortest = min((paper.authors for paper in papers if paper.authors), key=len)
    # Spellings of one person ("N. Benjamin Erichson", "Benjamin Erichson") are one candidate.
    people: list[list[str]] = []
    people_by_family: dict[str, list[list[str]]] = {}
    for name in dict.fromkeys(shortest):
        family = _family(name)
        if not family or not all(entry.has(name, family) for entry in entries):
            continue
        relatives = people_by_family.setdefault(family, [])
        person = next((p for p in relatives[:_FUZZY_LIMIT] if names_match(p[0], name)), None)
        if person is None:
            person = [name]
            relatives.append(person)
            people.append(person)
        else:
            person.append(name)
    # Each is shown as the spelling the listing uses most.
    shown = []
    for person in people:
        family = _family(person[0])
        votes = Counter(spelling for entry in entries for spelling in entry.spellings_of(person[0], family))
        shown.append(max(votes, key=lambda spelling: (votes[spelling], len(spelling))) if votes else person[0])
    if len(shown) == 1:
        return shown[0], []
    return None, shown


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    """Parse an arXiv listing capture (``captured_on`` is unused: its dates carry years)."""
    lines = [line.strip() for line in text.split("\n")]
    capture = ParsedCapture(layout="arxiv_listing")
    entries, dangling = _read_entries(lines)
    papers = []
    for number, entry in enumerate(entries):
        is_last = number == len(entries) - 1
        title = entry.title
        abstract = entry.abstract()
        label = f"“{title}” (line {entry.title_index + 1})" if title else "an untitled entry"
        if not title or not (abstract or entry.submitted):
            if is_last and entry.state != "done":
                capture.warnings.append(
                    f"The capture ends inside {label}, which was skipped because it is cut off "
                    "before its abstract. Capture the whole listing to import it."
                )
            continue
        if is_last and entry.state != "done":
            capture.warnings.append(
                f"The capture ends inside {label}, before its submission date; it was kept but "
                "may be incomplete. Capture the whole listing to import it fully."
            )
        papers.append(ParsedPaper(
            title=title,
            date=entry.submitted or entry.announced,
            abstract=abstract,
            abstract_complete=entry.abstract_complete(),
            arxiv_id=entry.arxiv_id,
            doi=entry.doi,
            authors=entry.authors,
            authors_complete=bool(entry.authors),
            author_count=len(entry.authors) or None,
            categories=list(dict.fromkeys(entry.categories)),
            line=entry.title_index + 1,
        ))
    if dangling is not None:
        capture.warnings.append(
            f"The capture ends at “{dangling.title}” (line {dangling.title_index + 1}), a paper "
            "cut off before its authors; it was skipped. Capture the whole listing to import it."
        )
    capture.papers = merge_duplicate_papers(papers)
    # A copy that shows arXiv's identifier lines carries one per entry: an entry read without
    # one lost it (a selection started below it, a shape not foreseen), and is said so, since it
    # then links to no arXiv page and joins other records by its title alone.
    without_id = [paper for paper in capture.papers if not paper.arxiv_id]
    if without_id and any(line.startswith("arXiv:") and _ENTRY_START.match(line) for line in lines):
        first = without_id[0]
        capture.warnings.append(
            f"{len(without_id)} of {len(capture.papers)} papers were read without the arXiv identifier "
            f"this page shows above each title (first: “{first.title[:80]}”, line {first.line}): they "
            "have no arXiv link and are matched to other records by title alone. Copy each entry "
            "from its “arXiv:…” line to keep it."
        )
    capture.researcher_name, capture.candidates = subject_on_every_entry(capture.papers)
    if capture.candidates:
        named = named_subject(lines)
        chosen = [name for name in capture.candidates if named and names_match(name, named)]
        if len(chosen) == 1:
            # The page says whose listing it is ("results for author: Mahoney, M W"): not a guess.
            capture.researcher_name, capture.candidates = chosen[0], []
    return capture


# arXiv's search and author pages name the person they list above the entries.
_NAMED_SUBJECT = re.compile(
    r"(?:.{0,80}results for author:\s*(?P<query>.{1,100})|(?P<owner>.{1,100})['’]s articles on arXiv)",
    re.IGNORECASE,
)


def named_subject(lines: list[str]) -> str | None:
    """The person the page's own header names, as "Given Family", or None."""
    for line in lines[:30]:
        if line in _SEPARATORS:
            break
        match = _NAMED_SUBJECT.fullmatch(line) if len(line) <= 200 else None
        if match:
            name = (match.group("query") or match.group("owner")).strip().strip('"')
            family, comma, given = name.partition(",")
            return normalize_name(f"{given} {family}" if comma else name) or None
    return None
