"""Does a parse look like the page it came from? A guard run on every layout's result.

A parser that meets an unexpected copy rarely fails loudly: it reads menus as titles, loses
entries after a stray line, or splits one page into hundreds of "papers". These checks look at
the result as a curator would and say, in words, what looks wrong. A capture with any such
warning is kept for review instead of being imported (``profiles.services.captures``).
Pure: a parsed capture in, sentences out.
"""
from __future__ import annotations

from .base import ParsedCapture
from .faculty_directory import FacultyMember
from .hf_papers import NAVIGATION_WORDS

# Below this many entries, a few missing dates or authors are ordinary.
_MIN_ENTRIES = 5
_MISSING_SHARE = 0.3
# The shortest text a real entry takes on a page (title, authors or footer, a date): a parse
# giving more entries than this allows read the page's lines, not its papers.
_MIN_CHARS_PER_ENTRY = 60
_GENERIC_NAVIGATION = frozenset({"home", "about", "contact", "help", "login", "log in", "sign in", "menu",
                                 "next", "previous", "more", "less", "back", "top", "share", "download"})


def plausibility_warnings(capture: ParsedCapture, *, text_length: int) -> list[str]:
    """What looks wrong with this parse, one sentence each; [] when it looks like the page."""
    papers = capture.papers
    count = len(papers)
    problems: list[str] = []

    navigation = [p for p in papers if " ".join(p.title.lower().split()) in NAVIGATION_WORDS | _GENERIC_NAVIGATION]
    if navigation:
        shown = ", ".join(f"“{p.title}” (line {p.line})" for p in navigation[:5])
        problems.append(
            f"{len(navigation)} “paper” title(s) are the site's menu or tab words: {shown}. The copy "
            "probably includes the page's navigation in a shape the importer does not expect."
        )

    if count >= _MIN_ENTRIES:
        undated = [p for p in papers if p.date is None]
        if len(undated) > _MISSING_SHARE * count:
            problems.append(
                f"{len(undated)} of {count} entries have no date (first: “{undated[0].title[:80]}”, "
                f"line {undated[0].line}). Entries of this page normally all show one: the copy may be "
                "cut or mangled, or read in the wrong layout."
            )
        if not capture.own_profile:
            anonymous = [p for p in papers if not p.authors and not p.author_count and not p.orgs]
            if len(anonymous) > _MISSING_SHARE * count:
                problems.append(
                    f"{len(anonymous)} of {count} entries have no authors (first: “{anonymous[0].title[:80]}”, "
                    f"line {anonymous[0].line}). Entries of this page normally list them."
                )

    # The page's own count of what it lists ("Total of 90 entries"), else of the person's
    # papers ("95 papers"): a parse never finds more than that.
    stated = capture.stated_total if capture.stated_total is not None else capture.metrics.paper_count
    if stated is not None and count > stated:
        problems.append(
            f"The page says there are {stated} entries, but {count} were read: some “papers” are not papers."
        )
    elif capture.stated_total is not None and capture.stated_per_page:
        # A paged list shows all of its page: fewer means entries were lost.
        expected = min(capture.stated_total, capture.stated_per_page)
        if count < expected:
            problems.append(
                f"The page says it shows {expected} entries, but only {count} were read: entries were "
                "lost. Copy the whole page and try again."
            )

    if count and text_length and count * _MIN_CHARS_PER_ENTRY > text_length:
        problems.append(
            f"{count} entries were read from {text_length:,} characters, far more than the page can "
            "show: lines were taken for papers."
        )
    return problems


# The shortest text a person takes on a directory (a name and a title); a parse giving more
# people than this allows read the page's lines, not its people.
_MIN_CHARS_PER_PERSON = 15
_MISSING_DETAILS_SHARE = 0.5


def directory_warnings(people: list[FacultyMember], *, text_length: int) -> list[str]:
    """What looks wrong with a faculty page's people, one sentence each; [] when it looks right."""
    problems: list[str] = []
    words = NAVIGATION_WORDS | _GENERIC_NAVIGATION
    navigation = [p for p in people if " ".join(p.name.lower().split()) in words]
    if navigation:
        shown = ", ".join(f"“{p.name}” (line {p.line})" for p in navigation[:5])
        problems.append(
            f"{len(navigation)} “people” are the site's menu words: {shown}. The copy probably "
            "includes the page's navigation in a shape the importer does not expect."
        )
    count = len(people)
    if count >= _MIN_ENTRIES:
        bare = [p for p in people if not p.title and not p.email and not p.research]
        if len(bare) > _MISSING_DETAILS_SHARE * count:
            problems.append(
                f"{len(bare)} of {count} people have no title, e-mail or research areas (first: "
                f"“{bare[0].name}”, line {bare[0].line}). A directory says something of each person: "
                "lines that are not names may have been read as people."
            )
    if count and text_length and count * _MIN_CHARS_PER_PERSON > text_length:
        problems.append(
            f"{count} people were read from {text_length:,} characters, far more than the page can "
            "show: lines were taken for people."
        )
    return problems
