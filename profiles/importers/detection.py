"""Which of the page layouts a capture is in, told from its content (never its file name).

Each layout has marker lines only its pages carry; a layout wins when enough of its markers
are present. Markers are plain substrings (fast on megabytes) plus one anchored regex run on
the head of the text for alphaXiv's run-together entry headers.
"""
from __future__ import annotations

import functools
import re

from .base import PAGE_LAYOUTS, RESPONSE_LAYOUTS, CaptureError
from .response_detection import RESPONSE_NAMES, response_layout

LAYOUT_NAMES = {
    "phdfit": "a PhdFit profile",
    "alphaxiv": "an alphaXiv author page",
    "hf_papers": "a Hugging Face Daily Papers list",
    "arxiv_listing": "an arXiv listing (search results, a list or an author page)",
    "faculty_directory": "a department's People/Faculty page",
    **RESPONSE_NAMES,
}

# (substring, weight). The text is searched with a newline on each side, so "\nX\n" is a
# whole line and "\nX" a line start.
_MARKERS: dict[str, tuple[tuple[str, int], ...]] = {
    "phdfit": (
        ("\nSelected publications\n", 3),
        ("\nResearch topics\n", 2),
        ("\nFrequent coauthors\n", 2),
        ("\nAwards & honors\n", 1),
        (" shared\n", 1),
        ("Verified", 1),
        ("\nActive ", 1),
        ("\nSee your match with ", 2),
    ),
    "alphaxiv": (
        ("\nh-index", 3),
        ("citations\n", 1),
        ("papers\n", 1),
        ("\nNovelty", 1),
        ("\nAI Score", 1),
    ),
    "hf_papers": (
        ("\nDaily Papers\n", 2),
        ("\nGet trending papers", 1),
        ("research community\n", 1),
        (" authors\n", 1),
        ("\n·\n", 1),
    ),
    "arxiv_listing": (
        ("\nAuthors:", 2),
        ("\nAbstract:", 2),
        ("▽ More", 1),
        ("△ Less", 1),
        ("\nSubmitted ", 2),
        ("\noriginally announced ", 2),
        ("\nSubjects:", 2),
        ("\nComments:", 1),
        ("'s articles on arXiv\n", 2),
    ),
}
# Both run on the text with a newline on each side; starting with a literal "\n" lets the
# regex engine skip straight from line to line.
_ALPHAXIV_ENTRY = re.compile(
    r"\n(?:[0-9]{1,3}(?:\.[0-9]{1,2})?)?(?:[a-z][a-z-]{0,10}\.)?[A-Z]{2,12}"
    r"[A-Z][a-z]{2,8}\.? [0-9]{1,2}(?:, [0-9]{4})?(?:Code)?(?=\n)"
)
_ARXIV_ITEM = re.compile(r"\n\[[0-9]{1,5}\][ \t]*arXiv:[0-9a-z./-]{6,30}")
_HF_AUTHORS = re.compile(r"\n[ \t]*[•∙][ \t]*[0-9]+ authors?(?=\n)")
# A faculty page: many short lines that are academic titles ("Associate Professor of Physics",
# "Emeritus Professor", "Lecturer"), or labelled research interests, or group headings. A
# researcher's own profile has one title line; a paper list has none.
_FACULTY_TITLE_LINE = re.compile(
    r"\n[^\n@]{0,60}\b(?:[Pp]rofessor|PROFESSOR|[Ll]ecturer|LECTURER|Visiting Faculty|Adjunct Faculty)\b[^\n@]{0,60}(?=\n)"
)
_FACULTY_RESEARCH_LINE = re.compile(
    r"\n(?:Research [Ii]nterests?|Research [Aa]reas?|Research [Ff]ields?|Areas of [Ii]nterest|"
    r"(?:Technical |Application |Research )?[Kk]eywords)\s*:")
# Directory cards: an address alone on its line, or a labelled rank ("Designation: Professor").
_FACULTY_EMAIL_LINE = re.compile(r"\n[\w.+'-]+@[\w-]+(?:\.[\w-]+)+(?=\n)")
_FACULTY_RANK_LABEL = re.compile(r"\n(?:Position|Designation|Rank)\s*:\s*\S")
_FACULTY_HEADING = re.compile(
    r"\n(?:[A-Z][\w&-]* ){0,4}(?:Faculty|Emeriti|Emeritus Faculty|Staff|People)(?: [\w&-]+){0,5}(?=\n)"
)
_FACULTY_MIN_LINES = 3
_HEAD = 8_192
_THRESHOLD = 3


def layout_scores(text: str) -> dict[str, int]:
    """How strongly the text looks like each layout (0 = not at all).

    Every layout shows its markers near the top, so the head is read first; the whole
    text only when the head is not conclusive (a cut or oddly assembled capture).
    """
    if len(text) > _HEAD:
        scores = _scores(text[:_HEAD])
        if max(scores.values()) >= _THRESHOLD + 2:
            return scores
    return _scores(text)


def _scores(text: str) -> dict[str, int]:
    # Markers are whole lines: compare them without CRs and trailing spaces.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    padded = "\n" + "\n".join(lines) + "\n"
    scores = {
        layout: sum(weight for marker, weight in markers if marker in padded)
        for layout, markers in _MARKERS.items()
    }
    entries = 0
    for _ in _ALPHAXIV_ENTRY.finditer(padded):
        entries += 1
        if entries == 2:
            break
    scores["alphaxiv"] += 2 * entries
    if _ARXIV_ITEM.search(padded):
        scores["arxiv_listing"] += 3
    if _HF_AUTHORS.search(padded):
        scores["hf_papers"] += 2
    scores["faculty_directory"] = _faculty_score(padded)
    return scores


def _faculty_score(padded: str) -> int:
    """Three or more title lines (or lone e-mail addresses, or labelled ranks) make a faculty page
    (3); labelled research lines or group headings add to it. Counting stops early: a long page
    needs no full scan."""
    people_lines = any(_count(pattern, padded, _FACULTY_MIN_LINES) >= _FACULTY_MIN_LINES
                       for pattern in (_FACULTY_TITLE_LINE, _FACULTY_EMAIL_LINE, _FACULTY_RANK_LABEL))
    score = 3 if people_lines else 0
    if _count(_FACULTY_RESEARCH_LINE, padded, _FACULTY_MIN_LINES) >= _FACULTY_MIN_LINES:
        score += 2
    if score and _FACULTY_HEADING.search(padded):
        score += 1
    return score


def _count(pattern: re.Pattern, text: str, enough: int) -> int:
    found = 0
    for _ in pattern.finditer(text):
        found += 1
        if found == enough:
            break
    return found


def looks_like(text: str, layout: str) -> bool:
    """Whether the text carries enough of ``layout``'s markers to be parsed as it."""
    if layout in RESPONSE_LAYOUTS:
        return response_layout(text) == layout
    if layout_scores(text).get(layout, 0) >= _THRESHOLD:
        return True
    # The head may belong to another layout (captures pasted one after another).
    return len(text) > _HEAD and _scores(text).get(layout, 0) >= _THRESHOLD


def unknown_layout_error() -> CaptureError:
    names = ", ".join(LAYOUT_NAMES[layout] for layout in PAGE_LAYOUTS)
    return CaptureError(
        "unknown_layout",
        "This text does not look like any page we can import. Copy the whole text of one of: "
        f"{names}, and paste it unchanged.",
    )


def detect_layout(text: str) -> str:
    """The layout of a capture (one of ``LAYOUTS``); CaptureError ``unknown_layout`` if none."""
    return _detect_layout(text)


# An import asks twice for the same text (decoding checks it is a known layout, parsing picks the
# parser): the scoring, a pass over the whole text per layout, runs once.
@functools.lru_cache(maxsize=4)
def _detect_layout(text: str) -> str:
    response = response_layout(text)
    if response is not None:
        return response
    scores = layout_scores(text)
    best = max(PAGE_LAYOUTS, key=lambda layout: scores[layout])
    if scores[best] < _THRESHOLD:
        raise unknown_layout_error()
    return best
