"""arXiv item lists: the ``/list/…`` pages and the author pages ``arxiv.org/a/<id>``.

Both render arXiv's one item-list markup; select-all copies it as (one item per line)::

    Dario Amodei's articles on arXiv                  (author page), or the list's name and
    Total of 50 entries                               "Total of N entries" (list pages)
    [1] arXiv:2503.04761 [pdf, other]                 ("(cross-list from cs.LG)", "(replaced)")
    Title: Which Economic Tasks are …                 ("Title:" only when styles are off)
    Kunal Handa, Alex Tamkin, …, Dario Amodei         (authors, comma-separated on one line)
    Comments: 23+17 pages                             (optional, kept)
    Journal-ref: Science 2024                         (optional, kept)
    Subjects: Computation and Language (cs.CL); Machine Learning (cs.LG)
    <abstract>                                        (``/list/…/new`` pages only)

No entry shows a date: a new-style identifier names its month (``1807.07067`` → July 2018),
which is stored as a month, never as a made-up day. The subject is found as for search
results: the page's own header, else the one person on every entry, else nobody.
"""
from __future__ import annotations

import re
from datetime import date

from .arxiv_listing import named_subject, subject_on_every_entry
from .base import ParsedCapture, ParsedPaper
from .names import clean_title, merge_duplicate_papers, names_match, normalize_name

_OLD_ID = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/[0-9]{7}"
_NEW_ID = r"[0-9]{4}\.[0-9]{4,5}"
# "[1] arXiv:2503.04761 [pdf, other]", "[3] arXiv:2603.18000 (cross-list from cs.LG) [pdf, html, other]"
ITEM_HEADER = re.compile(
    rf"(?:\[(?P<number>[0-9]{{1,5}})\]\s*)?arXiv:(?P<id>{_NEW_ID}|{_OLD_ID})(?:v[0-9]{{1,3}})?"
    r"(?:\s*\((?:cross-list from [^)]{1,40}|replaced)\))?\s*(?:\[[a-z, ]{2,40}\])?"
)
_ITEM_START = re.compile(rf"\n(?:\[[0-9]{{1,5}}\]\s*)?arXiv:(?:{_NEW_ID}|{_OLD_ID})")
_METADATA = {
    "Comments:": "comments", "Journal-ref:": "journal_ref", "Journal ref:": "journal_ref",
    "Subjects:": "subjects", "Report-no:": None, "Report number:": None, "MSC-class:": None,
    "ACM-class:": None, "DOI:": "doi",
}
_CATEGORY = re.compile(r"\(([a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?)\)")
_TOTAL = re.compile(r"Total of ([0-9][0-9,]{0,7}) entries\b", re.IGNORECASE)
_PER_PAGE = re.compile(r"Showing (?:up to )?([0-9]{1,5}) entries per page", re.IGNORECASE)
# Page furniture below or between the items (paging, the author page's footer).
_FURNITURE = re.compile(
    r"(?:Total of [0-9,]+ entries|Showing up to [0-9]+ entries per page|The web address for this page"
    r"|See author identifier help|See also ORCID|Disable MathJax|\(What is MathJax\?\)"
    r"|Go to|Skip to main content|No updates for this time period)",
    re.IGNORECASE,
)


def looks_like_item_list(text: str) -> bool:
    """Whether the text carries arXiv's item-list entries (``[n] arXiv:ID`` lines) rather than
    its search results (whose entries carry ``Abstract:`` and ``Submitted …`` lines)."""
    padded = "\n" + text
    if "\nAbstract:" in padded or "\nSubmitted " in padded:
        return False
    starts = _ITEM_START.findall(padded, 0, 200_000)
    return len(starts) >= 2 or (len(starts) == 1 and "\nSubjects:" in padded)


def month_of_identifier(arxiv_id: str) -> date | None:
    """The month an arXiv identifier was issued in: ``1807.07067`` → 2018-07-01,
    ``hep-th/9901001`` → 1999-01-01. None when the digits are not a month."""
    if "/" in arxiv_id:
        digits = arxiv_id.rpartition("/")[2]
        year = int(digits[:2])
        year += 1900 if year >= 91 else 2000
    else:
        digits = arxiv_id
        year = 2000 + int(digits[:2])
    month = int(digits[2:4])
    if not 1 <= month <= 12:
        return None
    return date(year, month, 1)


_LONE_NUMBER = re.compile(r"\[[0-9]{1,5}\]")


def _item_header(line: str) -> re.Match | None:
    """The identifier line an item starts with. The id is what counts: a format list or a
    note arXiv adds later ("[pdf, html, tex-source]", "(withdrawn)") must not turn the line
    into the previous item's text and lose the item."""
    if "arXiv:" not in line or len(line) >= 160:
        return None
    head = ITEM_HEADER.match(line)
    if head is None:
        return None
    rest = line[head.end():]
    return head if not rest or (rest[0].isspace() or rest[0] in "[(") else None


class _Item:
    def __init__(self, arxiv_id: str, line: int):
        self.arxiv_id = arxiv_id
        self.line = line
        self.title = ""
        self.title_line = line
        self.authors: list[str] = []
        self.has_author_line = False
        self.fields: dict[str, str] = {}
        self.abstract: list[str] = []


def _read_items(lines: list[str]) -> tuple[list[_Item], list[str]]:
    """The items in page order, and the lines above the first one (the page's header)."""
    items: list[_Item] = []
    header: list[str] = []
    current: _Item | None = None
    stage = "title"  # title → authors → metadata → abstract
    for index, line in enumerate(lines):
        if not line:
            continue
        head = _item_header(line)
        if head:
            current = _Item(head.group("id"), index + 1)
            items.append(current)
            stage = "title"
            continue
        if current is None:
            header.append(line)
            continue
        if _LONE_NUMBER.fullmatch(line):
            continue  # the item's number, copied apart from its identifier line
        if _FURNITURE.match(line):
            continue
        if stage == "title":
            title = line[len("Title:"):].strip() if line.startswith("Title:") else line
            current.title, current.title_line, stage = clean_title(title), index + 1, "authors"
            continue
        label = next((label for label in _METADATA if line.startswith(label)), None)
        if stage == "authors" and label is None:
            names = line[len("Authors:"):] if line.startswith("Authors:") else line
            current.authors = [name for part in names.split(",") if (name := normalize_name(part))]
            current.has_author_line = True
            stage = "metadata"
            continue
        if label is not None and stage in ("authors", "metadata"):
            key = _METADATA[label]
            if key:
                current.fields[key] = " ".join(line[len(label):].split())
            stage = "metadata"
            continue
        stage = "abstract"
        current.abstract.append(line)
    return items, header


def _page_number(pattern: re.Pattern, lines: list[str]) -> int | None:
    for line in lines:
        match = pattern.search(line) if len(line) < 200 else None
        if match:
            return int(match.group(1).replace(",", ""))
    return None


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    """Parse an arXiv item list (``captured_on`` is unused: identifiers carry the month)."""
    lines = [line.strip() for line in text.split("\n")]
    capture = ParsedCapture(layout="arxiv_listing")
    items, header = _read_items(lines)
    with_abstract = sum(1 for item in items if item.abstract)
    papers = []
    for number, item in enumerate(items):
        if not item.title:
            capture.warnings.append(
                f"The capture ends at arXiv:{item.arxiv_id} (line {item.line}) before its title; it was "
                "skipped. Capture the whole page to import it."
            )
            continue
        abstract = item.abstract
        # An author page shows no abstracts: lines after its last item are the page's footer.
        if number == len(items) - 1 and with_abstract <= 1 and len(items) > 1:
            abstract = []
        month = month_of_identifier(item.arxiv_id)
        categories = _CATEGORY.findall(item.fields.get("subjects", ""))
        papers.append(ParsedPaper(
            title=item.title,
            date=month,
            date_precision="month" if month else "",
            abstract="\n".join(abstract),
            abstract_complete=bool(abstract),
            authors=item.authors,
            author_count=len(item.authors) or None,
            authors_complete=bool(item.authors),
            categories=list(dict.fromkeys(categories)),
            arxiv_id=item.arxiv_id,
            doi=item.fields.get("doi", "").lower(),
            comments=item.fields.get("comments", ""),
            journal_ref=item.fields.get("journal_ref", ""),
            venues=[item.fields["journal_ref"]] if item.fields.get("journal_ref") else [],
            kind="preprint",
            open_access=True,
            line=item.title_line,
        ))
    last = items[-1] if items else None
    if last is not None and last.title and not last.has_author_line:
        capture.warnings.append(
            f"The capture ends inside “{last.title}” (line {last.title_line}), before its authors; it was "
            "kept without them. Capture the whole page to import it fully."
        )
    capture.papers = merge_duplicate_papers(papers)
    capture.stated_total = _page_number(_TOTAL, header + lines[-40:])
    capture.stated_per_page = _page_number(_PER_PAGE, header)
    named = named_subject(header + [""])
    if named and header and "articles on arXiv" in header[0]:
        # arXiv's author page: the person it belongs to is named in its own title.
        capture.own_profile = True
        spellings = [a for paper in capture.papers for a in paper.authors if names_match(a, named)]
        capture.researcher_name = max(set(spellings), key=spellings.count) if spellings else named
        return capture
    capture.researcher_name, capture.candidates = subject_on_every_entry(capture.papers)
    if capture.candidates and named:
        chosen = [name for name in capture.candidates if names_match(name, named)]
        if len(chosen) == 1:
            capture.researcher_name, capture.candidates = chosen[0], []
    return capture
