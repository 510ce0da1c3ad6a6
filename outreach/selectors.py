"""Outreach reads, always scoped to one user."""
from __future__ import annotations

from django.db.models import QuerySet

from .models import BulkDraftJob, Draft, EmailTemplate


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
