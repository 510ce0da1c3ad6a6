"""A Semantic Scholar paper list: ``/paper/search`` results or ``/author/ID/papers`` pages
(``{"total"|"offset", "next", "data": [papers]}``).

The list itself names nobody; fetched for a linked researcher the subject is given, saved
and imported by hand it waits for a researcher to be named (as a Daily Papers list does).
"""
from __future__ import annotations

from datetime import date

from .base import ParsedCapture
from .response_text import as_int, load_json
from .s2_author import s2_paper


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    data = load_json(text, what="Semantic Scholar paper list")
    capture = ParsedCapture(layout="s2_papers", entries_total=as_int(data.get("total")),
                            next_offset=as_int(data.get("next")))
    for raw in data.get("data") or []:
        if isinstance(raw, dict):
            paper = s2_paper(raw.get("paper") if isinstance(raw.get("paper"), dict) else raw)
            if paper is not None:
                capture.papers.append(paper)
    return capture
