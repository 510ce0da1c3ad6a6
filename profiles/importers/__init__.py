"""Capture importers: the text of a public page in, dataclasses out (no ORM).

``decode_capture`` turns uploaded bytes into text (or refuses them), ``detect_layout`` tells
which page it is, ``parse_capture`` parses it with that layout's module. A new layout is one
new module plus one entry in ``detection`` and ``_PARSERS``.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from . import (
    alphaxiv,
    arxiv_atom,
    arxiv_item_list,
    arxiv_listing,
    dblp_person,
    faculty_directory,
    hf_papers,
    openalex_author,
    openalex_works,
    orcid_works,
    phdfit,
    s2_author,
    s2_papers,
)
from .base import (
    LAYOUTS,
    PAGE_LAYOUTS,
    RESPONSE_LAYOUTS,
    CaptureError,
    ParsedCapture,
    ParsedCoauthor,
    ParsedEducation,
    ParsedMetrics,
    ParsedPaper,
)
from .decoding import decode_capture, prepare_text
from .detection import LAYOUT_NAMES, detect_layout, layout_scores, looks_like
from .plausibility import directory_warnings, plausibility_warnings
from .names import loose_name_key, name_key, names_match, normalize_name, title_key

__all__ = [
    "LAYOUTS",
    "LAYOUT_NAMES",
    "PAGE_LAYOUTS",
    "RESPONSE_LAYOUTS",
    "CaptureError",
    "ParsedCapture",
    "ParsedCoauthor",
    "ParsedEducation",
    "ParsedMetrics",
    "ParsedPaper",
    "decode_capture",
    "capture_date_shown",
    "detect_layout",
    "layout_scores",
    "loose_name_key",
    "name_key",
    "names_match",
    "normalize_name",
    "parse_capture",
    "plausibility_warnings",
    "title_key",
]

def _parse_arxiv(text: str, *, captured_on: date) -> ParsedCapture:
    """arXiv's search results and its item lists (list and author pages) are one layout to the
    user: both are "an arXiv listing"; their markup tells which parser reads them."""
    if arxiv_item_list.looks_like_item_list(text):
        return arxiv_item_list.parse(text, captured_on=captured_on)
    return arxiv_listing.parse(text, captured_on=captured_on)


_PARSERS: dict[str, Callable[..., ParsedCapture]] = {
    "phdfit": phdfit.parse,
    "alphaxiv": alphaxiv.parse,
    "hf_papers": hf_papers.parse,
    "arxiv_listing": _parse_arxiv,
    "faculty_directory": faculty_directory.parse,
    "openalex_author": openalex_author.parse,
    "openalex_works": openalex_works.parse,
    "arxiv_atom": arxiv_atom.parse,
    "s2_author": s2_author.parse,
    "s2_papers": s2_papers.parse,
    "orcid_works": orcid_works.parse,
    "dblp_person": dblp_person.parse,
}


# Layouts whose text shows the day it was made: a Daily Papers list's date, an arXiv answer's time.
_DATE_SHOWN: dict[str, Callable[..., date | None]] = {
    "hf_papers": hf_papers.list_date,
    "arxiv_atom": arxiv_atom.response_date,
}


def capture_date_shown(text: str, *, today: date) -> date | None:
    """The day a capture shows it was made, never after ``today``; None when it shows none
    (the day must then be asked for: today would make an old page the newest capture)."""
    try:
        text = prepare_text(text)
        reader = _DATE_SHOWN.get(detect_layout(text))
    except CaptureError:
        return None
    shown = reader(text, today=today) if reader else None
    return shown if shown is not None and shown <= today else None


def parse_capture(text: str, *, captured_on: date, layout: str = "auto") -> ParsedCapture:
    """Parse a capture's text in ``layout`` (detected from the content when ``"auto"``).

    Raises CaptureError when the layout is unknown, when a forced layout does not fit the
    text, and (``no_entries``) when the page yields neither a researcher nor any paper.
    """
    if isinstance(captured_on, datetime):
        captured_on = captured_on.date()
    text = prepare_text(text)
    if layout == "auto":
        layout = detect_layout(text)
    elif layout not in _PARSERS:
        raise CaptureError(
            "unknown_layout",
            f"“{layout}” is not a capture layout; choose one of {', '.join(LAYOUTS)} or “auto”.",
        )
    elif not looks_like(text, layout):
        scores = layout_scores(text)
        best = max(PAGE_LAYOUTS, key=lambda name: scores[name])
        guess = f" It looks more like {LAYOUT_NAMES[best]}." if looks_like(text, best) else ""
        raise CaptureError(
            "unknown_layout",
            f"This text is not {LAYOUT_NAMES[layout]}.{guess} Choose the right layout, "
            "or leave it on automatic detection.",
        )
    try:
        capture = _PARSERS[layout](text, captured_on=captured_on)
    except CaptureError:
        raise
    except Exception as error:  # noqa: BLE001
        # Captures are arbitrary user text: a parser bug on one must reach the user as a
        # refusal they can act on, not a server error. The cause stays chained for the logs.
        raise CaptureError(
            "unreadable",
            f"This capture could not be read as {LAYOUT_NAMES[layout]}. Copy the whole page "
            "again and retry; if it keeps failing, report it with the file attached.",
        ) from error
    for paper in capture.papers:
        if paper.date is not None and not paper.date_precision:
            paper.date_precision = "day"
    if not capture.papers and not capture.researcher_name and not capture.people:
        raise CaptureError(
            "no_entries",
            f"No papers or researcher were found in this {LAYOUT_NAMES[layout].split(' ', 1)[1]}. "
            "Check that you copied the whole page, including its list of papers.",
        )
    # The guard judges how a page's text was read; a scholarly-API response is structured data
    # whose fields are there or not (ORCID works list no authors, DBLP gives years only).
    if layout == "faculty_directory":
        capture.review = directory_warnings(capture.people, text_length=len(text))
    elif layout not in RESPONSE_LAYOUTS:
        capture.review = plausibility_warnings(capture, text_length=len(text))
    return capture
