"""The shortlist's reactions to catalogue events (subscribed in ShortlistConfig.ready)."""
from __future__ import annotations

from profiles.events import PapersAdded, ResearchersMerged

from .selectors import saved_researcher_ids
from .services import shortlist_entries_reassign, shortlist_notify_new_papers


def researchers_merged(event: ResearchersMerged) -> None:
    """Entries saved for the merged-away record move to the survivor, in the merge's transaction."""
    shortlist_entries_reassign(source=event.source, target=event.target)


def papers_added(event: PapersAdded) -> None:
    """Users who saved the researcher get a notice about the new papers."""
    shortlist_notify_new_papers(researcher_id=event.researcher_id, paper_ids=list(event.paper_ids))


def saved_ids(*, user) -> set[int]:
    """What the matches page asks through matching.selectors: the researchers a user saved."""
    return saved_researcher_ids(user=user)
