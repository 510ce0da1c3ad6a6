"""Shortlist reads, always scoped to one user."""
from __future__ import annotations


def saved_researcher_ids(*, user) -> set[int]:
    """Ids of the researchers this user has saved (empty for anonymous users)."""
    return set()
