"""Outreach's reactions to catalogue events (subscribed in OutreachConfig.ready)."""
from __future__ import annotations

from profiles.events import ResearchersMerged

from .services import drafts_reassign


def researchers_merged(event: ResearchersMerged) -> None:
    """Drafts written to the merged-away record follow it to the survivor, in the merge's
    transaction."""
    drafts_reassign(source=event.source, target=event.target)
