"""Outreach reads, always scoped to one user."""
from __future__ import annotations

from typing import Callable, Iterable

from django.db.models import QuerySet

from profiles.matching import applicant_query, match_index_current

from .models import BulkDraftJob, Draft, EmailTemplate

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
    index = match_index_current()
    ranking = index.rank(query)

    def relevance(paper_ids: Iterable[int]) -> dict[int, float]:
        out = {}
        for pid in paper_ids:
            i = index.p_index.get(pid)
            if i is not None:
                out[pid] = float(ranking.paper[i])
        return out

    return relevance
