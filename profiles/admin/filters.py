"""Changelist filters the curators asked for: waiting captures, stale or disagreeing sources,
paper years."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Max, Q
from django.utils import timezone

from profiles.freshness import researcher_freshness
from profiles.importers import name_key
from profiles.models import Capture, CaptureOutcome, Researcher
from profiles.selectors import freshness_reference_date
from profiles.selectors import captures_waiting, researchers_awaiting_publication
from profiles.services import authorships_failing_check

WAITING = [CaptureOutcome.QUEUED, CaptureOutcome.AWAITING_ASSIGNMENT, CaptureOutcome.AMBIGUOUS]


def researcher_ids_with_waiting_capture() -> set[int]:
    """Researchers a waiting capture is linked to, or names among an ambiguous listing's
    candidates (those are the records a curator would assign it to)."""
    ids = set(
        Capture.objects.filter(outcome__in=WAITING, researcher__isnull=False)
        .values_list("researcher_id", flat=True)
    )
    keys = {
        name_key(candidate)
        for candidates in captures_waiting().values_list("candidates", flat=True)
        for candidate in candidates or []
    } - {""}
    if keys:
        ids |= set(Researcher.objects.filter(name_key__in=keys).values_list("id", flat=True))
    return ids


class WaitingCaptureFilter(admin.SimpleListFilter):
    title = "waiting capture"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("yes", "Has a waiting capture")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=researcher_ids_with_waiting_capture())
        return queryset


class FreshnessFilter(admin.SimpleListFilter):
    title = "freshness"
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [
            ("stale", f"Newest capture over {settings.CAPTURE_STALE_DAYS} days behind the catalogue's newest"),
            ("disagree", "Sources disagree (name or affiliation)"),
            ("flagged", "Stale or disagreeing"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value not in ("stale", "disagree", "flagged"):
            return queryset
        cutoff = freshness_reference_date() - timedelta(days=settings.CAPTURE_STALE_DAYS)
        stale_ids = set(
            queryset.annotate(
                newest=Max("captures__captured_on", filter=Q(captures__outcome=CaptureOutcome.IMPORTED))
            ).filter(newest__lt=cutoff).values_list("id", flat=True)
        )
        if value == "stale":
            return queryset.filter(pk__in=stale_ids)
        disagree_ids = _disagreeing_ids(queryset)
        if value == "disagree":
            return queryset.filter(pk__in=disagree_ids)
        return queryset.filter(pk__in=stale_ids | disagree_ids)


def _disagreeing_ids(queryset) -> set[int]:
    """Researchers whose imported captures give different names or affiliations. Only those
    with two or more imported captures can disagree, so only they are read."""

    several = queryset.annotate(
        n=Count("captures", filter=Q(captures__outcome=CaptureOutcome.IMPORTED), distinct=True)
    ).filter(n__gte=2).values_list("id", flat=True)
    by_researcher: dict[int, list] = {}
    captures = Capture.objects.filter(
        researcher_id__in=list(several), outcome=CaptureOutcome.IMPORTED
    ).only("researcher_id", "captured_on", "outcome", "parsed_name", "parsed_affiliation")
    for capture in captures:
        by_researcher.setdefault(capture.researcher_id, []).append(capture)
    return {rid for rid, caps in by_researcher.items() if researcher_freshness(None, caps).disagree}


class MergedFilter(admin.SimpleListFilter):
    title = "record"
    parameter_name = "record"

    def lookups(self, request, model_admin):
        return [("active", "Active records"), ("merged", "Merged into another")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(merged_into__isnull=True)
        if self.value() == "merged":
            return queryset.filter(merged_into__isnull=False)
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.model.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years] + [("none", "Undated")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(date__isnull=True)
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


class AuthorshipCheckFilter(admin.SimpleListFilter):
    """Papers attached to someone before authorship was checked, that fail the check now."""

    title = "authorship check"
    parameter_name = "authorship_check"

    def lookups(self, request, model_admin):
        return [("failing", "Attached without a reason (not in its author list)")]

    def queryset(self, request, queryset):
        if self.value() == "failing":
            return queryset.filter(pk__in={item.authorship.paper_id for item in authorships_failing_check()})
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    """The curators' queue: researchers applicants added, to publish, merge or reject."""

    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("awaiting", "Awaiting publication (added by an applicant)"), ("rejected", "Rejected proposals")]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(pk__in=researchers_awaiting_publication().values("pk"))
        if self.value() == "rejected":
            return queryset.filter(published=False, hidden=True)
        return queryset
