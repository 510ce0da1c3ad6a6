"""Outreach reads, always scoped to one user."""
from __future__ import annotations

import datetime as dt
from typing import Callable, Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from matching.applicant import applicant_query
from matching.rankings import ranking_for
from profiles.models import Paper
from profiles.selectors import researcher_papers_visible
from shortlist.models import ShortlistEntry, Status
from shortlist.selectors import shortlist_entries

from .context import paper_options, profile_terms
from .models import BulkDraftJob, Draft, DraftVersion, EmailTemplate
from .paper_choice import papers_closest_first

# Paper id -> how relevant the matching index finds it to one applicant (0: not at all).
PaperRelevance = Callable[[Iterable[int]], dict[int, float]]


def drafts_for(*, user) -> QuerySet[Draft]:
    """The user's drafts, newest first, with the researcher and entry loaded."""
    return (
        Draft.objects.filter(user=user)
        .select_related("researcher", "entry")
        .prefetch_related("versions")
        .order_by("-created_at", "-id")
    )


def templates_for(*, user) -> QuerySet[EmailTemplate]:
    return EmailTemplate.objects.filter(user=user).order_by("name", "id")


def bulk_jobs_for(*, user) -> QuerySet[BulkDraftJob]:
    return BulkDraftJob.objects.filter(user=user).order_by("-created_at", "-id")


def paper_relevance_for(*, profile) -> PaperRelevance:
    """How relevant each paper is to this applicant, as the matching index scores it (the same
    relevance the "Best matches" page stands on). Ranks once; call the result per researcher."""
    if profile is None:
        return lambda ids: {}
    query = applicant_query(profile)
    if query.empty:
        return lambda ids: {}
    # The applicant's ranking as /matches/ made it (kept in this process or the shared cache):
    # a draft scored the whole catalogue again before, 45-100 ms at 10,000 researchers.
    ranking = ranking_for(query)
    index = ranking.index

    def relevance(paper_ids: Iterable[int]) -> dict[int, float]:
        # The ranking holds every paper's fit, by position in its index.
        found = [(pid, i) for pid in paper_ids if (i := index.p_index.get(pid)) is not None]
        if not found:
            return {}
        fits = ranking.paper[[i for _, i in found]]
        return {pid: float(fit) for (pid, _), fit in zip(found, fits)}

    return relevance


def draft_latest(draft: Draft) -> DraftVersion:
    """The draft's newest version (a hand edit or polish after the generated one)."""
    return draft.versions.order_by("-number").first()


def researcher_paper_rows(researcher) -> list[Paper]:
    """The researcher's own visible papers, newest first: the only papers a draft may cite."""
    return list(researcher_papers_visible(researcher))


def swap_candidates(*, draft: Draft, profile, cited: set[int], today: dt.date | None = None) -> tuple[list[Paper], list[Paper]]:
    """The researcher's papers a draft's paper can be swapped for (those it does not cite):
    the ones closest to the applicant's interests first, then the rest, newest first."""
    rows = [p for p in researcher_paper_rows(draft.researcher) if p.pk not in cited]
    by_id = {p.pk: p for p in rows}
    options = paper_options(rows)
    scores = paper_relevance_for(profile=profile)([o.paper_id for o in options])
    closest, rest = papers_closest_first(options, profile_terms(profile), today=today or timezone.localdate(),
                                         relevance=scores)
    return [by_id[o.paper_id] for o in closest], [by_id[o.paper_id] for o in rest]


def entry_for_researcher(*, user, researcher) -> ShortlistEntry | None:
    """This user's current shortlist entry for the researcher, if any."""
    return shortlist_entries(user=user).filter(researcher=researcher).first()


def entries_due_follow_up(*, user, today: dt.date | None = None) -> list:
    """The user's entries "contacted" long enough ago with no reply, oldest first."""
    days = settings.OUTREACH_FOLLOW_UP_DAYS
    today = today or timezone.localdate()
    cutoff = timezone.now() - dt.timedelta(days=days)
    entries = shortlist_entries(user=user).filter(status=Status.CONTACTED, status_changed_at__lte=cutoff)
    return [e for e in entries.order_by("status_changed_at", "id") if follow_up_due(e, today=today)]


def follow_up_due(entry, *, today: dt.date | None = None) -> bool:
    """An entry "contacted" for the configured number of days with no reply."""
    if entry is None or entry.status != "contacted" or not entry.status_changed_at:
        return False
    today = today or timezone.localdate()
    days = settings.OUTREACH_FOLLOW_UP_DAYS
    return (today - timezone.localtime(entry.status_changed_at).date()).days >= days
