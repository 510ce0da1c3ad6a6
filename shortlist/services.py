"""Shortlist writes. (Hooks the catalogue calls; the shortlist issue fills them in.)"""
from __future__ import annotations


def shortlist_entries_reassign(*, source, target) -> None:
    """Move every user's entries from a merged-away researcher to the survivor."""


def shortlist_notify_new_papers(*, researcher_id: int, paper_ids: list[int]) -> None:
    """Tell users who saved this researcher that new papers arrived."""
