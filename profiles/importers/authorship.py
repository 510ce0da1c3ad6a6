"""Whether a listed paper is the researcher's own: their name is in its author list.

A source's profile of a person can still list papers they did not write (a misattributed
record, a namesake merged in); a paper whose author list does not name them is left out.
"""
from __future__ import annotations

from .base import ParsedPaper
from .names import names_match


def papers_written_by(papers: list[ParsedPaper], name: str) -> tuple[list[ParsedPaper], list[ParsedPaper]]:
    """(papers that list ``name`` or list no authors at all, papers whose authors omit them)."""
    kept, left_out = [], []
    for paper in papers:
        if not paper.authors or any(names_match(author, name) for author in paper.authors):
            kept.append(paper)
        else:
            left_out.append(paper)
    return kept, left_out
