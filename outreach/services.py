"""Outreach writes. (Hooks the catalogue calls; the outreach issue fills them in.)"""
from __future__ import annotations


def drafts_reassign(*, source, target) -> None:
    """Point drafts written to a merged-away researcher at the survivor."""
