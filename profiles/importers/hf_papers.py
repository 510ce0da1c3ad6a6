"""Hugging Face Daily Papers lists: papers only, no researcher.

Layout (one item per line, blank lines between)::

    new / Get trending papers in your email inbox! / Subscribe / Daily Papers /
    byAK and the research community / Apr 20        (the header, ending with the list's date)
    <title>
    <abstract>
      • 4 authors                                     (or an org line: "nvidia NVIDIA")
    ·
    Sep 2, 2025 2                                     (date, then the upvote count if any)

The footer (authors or org line, ``·``, date) is sometimes missing altogether: then title
and abstract lines simply alternate. Real copies add more: a ``-`` line for a paper with no
upvotes, the site's tabs and menus (``Datasets``, ``Spaces``, ``Monthly``), and, from a
text-mode browser, link markers (``### [title][32]``, ``][33]``) around hard-wrapped text.
Those are read back into the shape above before parsing.
"""
from __future__ import annotations

import re
from datetime import date

from .base import ParsedCapture, ParsedPaper
from .dates import parse_listing_date
from .names import clean_title, merge_duplicate_papers

# The list's header, compared letters-only ("## by[AK][30] and the research community").
_HEADER_KEYS = {
    "new", "gettrendingpapersinyouremailinbox", "gettrendingpapersinyouremailinboxonceaday",
    "subscribe", "dailypapers", "trendingpapers", "byakandtheresearchcommunity",
}
# The site's menus and tabs: lines a page copy carries that are never a paper.
NAVIGATION_WORDS = frozenset({
    "hugging face", "hugging face's logo hugging face", "models", "datasets", "spaces", "buckets",
    "buckets new", "docs", "enterprise", "pricing", "website", "tasks", "huggingchat", "collections",
    "languages", "organizations", "community", "blog", "posts", "learn", "discord", "forum", "github",
    "solutions", "team & enterprise", "hugging face pro", "enterprise support", "inference providers",
    "inference endpoints", "storage buckets", "log in", "sign up", "daily", "weekly", "monthly",
    "trending", "papers", "search", "submit", "content truncated", "[content truncated]", "previous", "next",
})
_LETTERS = re.compile(r"[^a-z]+")
# Text-mode link markers: "][33]" closing a link, "[ 6][39]" (a comment count) inside a line.
_REF_TAIL = re.compile(r"\]\[[0-9]{1,5}\]$")
_REF_INLINE = re.compile(r"\s*\[ ?[0-9]{1,6}\]\[[0-9]{1,5}\]")
_REF_ANY = re.compile(r"\]\[[0-9]{1,5}\]\n")
_ORG_HANDLE = re.compile(r"\[([^\]\s]{1,60})\] (.{1,80})")
# A web address on its own line (a card's repository or project link): never a paper's title.
_LINK_LINE = re.compile(r"(?:https?://|www\.)\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}/\S*", re.IGNORECASE)
_CODE_HOSTS = ("github.com/", "gitlab.com/", "bitbucket.org/", "codeberg.org/")
_WRAP_WIDTH = 100  # text-mode browsers wrap at 120 columns; a full line is never a title


def _header_key(line: str) -> str:
    return _LETTERS.sub("", line.lower())


def _is_text_mode(text: str) -> bool:
    """A text-mode browser's copy: lines closed by link markers (``][12]``)."""
    count = 0
    for _ in _REF_ANY.finditer(text):
        count += 1
        if count == 3:
            return True
    return False


def _from_text_mode(lines: list[str]) -> list[str]:
    """The text-mode copy in the browser-copy shape, line for line (joined lines leave blanks,
    so line numbers in messages still point into the file)."""
    out = [""] * len(lines)
    heading_at: int | None = None
    wrapped_at: int | None = None
    for index, raw in enumerate(lines):
        line = raw
        heading = line.startswith("#")
        if heading:
            line = line.lstrip("#").strip()
        line = _REF_TAIL.sub("", _REF_INLINE.sub("", line)).strip()
        while line.startswith("* "):
            line = line[2:].strip()
        if line.startswith("["):  # a link opening: "[Title" or "[[org] Org Name"
            line = line[1:].strip()
        org = _ORG_HANDLE.fullmatch(line)
        if org:
            line = f"{org.group(1)} {org.group(2)}"
        if not line:
            heading_at = wrapped_at = None
            continue
        if heading and heading_at is not None and len(line) > 1:
            out[heading_at] = f"{out[heading_at]} {line}"  # a long title wrapped over "### " lines
            continue
        if wrapped_at is not None:
            out[wrapped_at] = f"{out[wrapped_at]} {line}"
            wrapped_at = wrapped_at if len(line) >= _WRAP_WIDTH else None
            continue
        out[index] = line
        heading_at = index if heading else None
        wrapped_at = index if len(line) >= _WRAP_WIDTH and not heading else None
    return out
_AUTHORS = re.compile(r"[•∙·*-]?\s*([0-9]{1,5})\s+authors?", re.IGNORECASE)
_DATE = re.compile(r"(?P<date>[A-Z][a-z]{2,8}\.? [0-9]{1,2}(?:, [0-9]{4})?)(?: (?P<upvotes>[0-9]{1,6}))?")
_DOT = {"·", "•", "∙"}
_SUBMITTED_BY = re.compile(r"Submitted by\s*\S+(?: \S+)?", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", ")", "]", '"', "”", "'", "’")
_MAX_TITLE = 300


class _Footer:
    def __init__(self) -> None:
        self.author_count: int | None = None
        self.org: str | None = None
        self.date: date | None = None
        self.seen = False


def _listing_date(line: str, captured_on: date) -> date | None:
    """The date of a date line (``Sep 2, 2025 2``, upvotes after it), else None."""
    listed = _DATE.fullmatch(line) if len(line) < 30 else None
    return parse_listing_date(listed.group("date"), captured_on=captured_on) if listed else None


def _header_end(lines: list[str], captured_on: date) -> int:
    """Index of the first line after the list header (0 when there is no header)."""
    end = 0
    checked = 0
    for index, line in enumerate(lines):
        if not line:
            continue
        checked += 1
        if checked > 15:
            break
        if _header_key(line) in _HEADER_KEYS:
            end = index + 1
        elif end and _listing_date(line, captured_on):
            return index + 1  # the list's own date closes the header
    return end


def list_date(text: str, *, today: date) -> date | None:
    """The day the list shows under its header ("Daily Papers … Apr 20"), the day it was
    copied on (a year-less day is the last one not after ``today``); None when it shows none."""
    lines = [line.strip() for line in text.split("\n")]
    if _is_text_mode(text):
        lines = _from_text_mode(lines)
    # The site's menus come first in a copy of the whole page; the header is below them.
    lines = ["" if line == "-" or (len(line) <= 40 and line.lower() in NAVIGATION_WORDS) else line
             for line in lines]
    end = _header_end(lines, today)
    return _listing_date(lines[end - 1], today) if end else None


def _split_run(run: list[int], lines: list[str]) -> list[tuple[int, list[int]]]:
    """Entries (title line, abstract lines) of consecutive content lines between footers."""
    if len(run) % 2 == 0:
        return [(run[k], [run[k + 1]]) for k in range(0, len(run), 2)]
    # Odd: a missing or multi-line abstract; a title is short and does not end a sentence.
    entries: list[tuple[int, list[int]]] = []
    for index in run:
        line = lines[index]
        title_like = len(line) <= _MAX_TITLE and not line.endswith(".")
        if not entries or (title_like and entries[-1][1]):
            entries.append((index, []))
        else:
            entries[-1][1].append(index)
    return entries


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    """Parse a Daily Papers list capture; year-less dates resolve against ``captured_on``."""
    lines = [line.strip() for line in text.split("\n")]
    if _is_text_mode(text):
        lines = _from_text_mode(lines)
    capture = ParsedCapture(layout="hf_papers")
    code_links: list[int] = []
    for index, line in enumerate(lines):
        if " " not in line and len(line) > 4 and _LINK_LINE.fullmatch(line):
            # Read as a title it would be a paper of its own, taking the date of the one before.
            if any(host in line.lower() for host in _CODE_HOSTS):
                code_links.append(index)
            lines[index] = ""
            continue
        if line == "-" or (len(line) <= 40 and line.lower() in NAVIGATION_WORDS):
            # No upvotes yet ("-") or a menu or tab: never a paper, and never the end of one.
            if line != "-":
                capture.skipped_navigation += 1
            lines[index] = ""
    filled = [index for index in range(_header_end(lines, captured_on), len(lines)) if lines[index]]
    runs: list[tuple[list[int], _Footer | None]] = []
    run: list[int] = []
    footer = _Footer()
    for position, index in enumerate(filled):
        line = lines[index]
        following = lines[filled[position + 1]] if position + 1 < len(filled) else ""
        if len(line) <= 60 and _header_key(line) in _HEADER_KEYS:
            # The list's header again (the page pasted twice): it ends the entry before it,
            # and the list date that follows it is nobody's.
            if run:
                runs.append((run, footer if footer.seen else None))
                run, footer = [], _Footer()
            continue
        if footer.date is not None and line.isdigit() and len(line) <= 6:
            continue  # the upvote count, on its own line under the date
        if len(line) <= 80 and _SUBMITTED_BY.fullmatch(line):
            footer.seen = True  # "Submitted by akhaliq" opens the entry's footer
            continue
        authors = _AUTHORS.fullmatch(line) if len(line) < 24 else None
        if authors:
            footer.author_count, footer.seen = int(authors.group(1)), True
            continue
        if line in _DOT:
            footer.seen = True
            continue
        # An org line ("nvidia NVIDIA") stands where the author count would, after a
        # complete title/abstract pair.
        if following in _DOT and not footer.seen and run and len(run) % 2 == 0 and len(line) <= 120:
            footer.org, footer.seen = line, True
            continue
        listed = _listing_date(line, captured_on)
        if listed and not run and not footer.seen:
            continue  # a stray date before any paper (the list's own, without its header)
        if listed and (footer.seen or len(run) >= 2):
            footer.date, footer.seen = listed, True
            continue
        if footer.seen:
            runs.append((run, footer))
            run, footer = [], _Footer()
        run.append(index)
    runs.append((run, footer if footer.seen else None))

    papers: list[ParsedPaper] = []
    footed = sum(1 for _, run_footer in runs if run_footer is not None)
    for number, (run, run_footer) in enumerate(runs):
        entries = _split_run(run, lines)
        for position, (title_index, abstract_lines) in enumerate(entries):
            at_end = number == len(runs) - 1 and position == len(entries) - 1
            title = clean_title(lines[title_index])
            abstract = "\n".join(lines[index] for index in abstract_lines)
            if not abstract and at_end and run_footer is None:
                capture.warnings.append(
                    f"The capture ends inside “{title}” (line {title_index + 1}), which was "
                    "skipped because its abstract is missing. Capture the whole list to import it."
                )
                continue
            paper = ParsedPaper(title=title, abstract=abstract, line=title_index + 1)
            if position == len(entries) - 1 and run_footer is not None:
                paper.author_count = run_footer.author_count
                paper.date = run_footer.date
                if run_footer.org:
                    paper.orgs = [_org_name(run_footer.org)]
            elif at_end and abstract and (not abstract.endswith(_SENTENCE_END) or footed > len(runs) // 2):
                # The last entry, without the footer most entries end with (or mid-sentence): the
                # copy stopped inside it.
                paper.abstract_complete = False
                capture.warnings.append(
                    f"The capture may be cut off inside “{title}” (line {title_index + 1}): it stops "
                    "before the entry's end. It was kept; capture the whole list to import it fully."
                )
            papers.append(paper)
    for index in code_links:
        # A repository link belongs to the entry whose title stands above it.
        owner = next((paper for paper in reversed(papers) if paper.line <= index), None)
        if owner is not None:
            owner.has_code = True
    capture.papers = merge_duplicate_papers(papers)
    return capture


def _org_name(line: str) -> str:
    """``nvidia NVIDIA`` is the org's handle then its display name: keep the display name."""
    handle, _, display = line.partition(" ")
    return display.strip() or handle
