"""Applicant reads: a user's own profile, never anybody else's (but for the worker's re-ranking
after a catalogue change, which shows nothing to anyone)."""
from __future__ import annotations

from .models import ApplicantProfile


def applicant_profile_for(user) -> ApplicantProfile | None:
    """The user's applicant profile, or None (anonymous, or not created yet)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ApplicantProfile.objects.filter(user=user).first()


def applicant_profile_of_active_user(*, user_id: int) -> ApplicantProfile | None:
    """An active user's profile, by their id: for the worker that ranks an applicant who just
    signed in or saved their profile (``matching.applicant.ranking_warm``). Never for a page."""
    return ApplicantProfile.objects.filter(user_id=user_id, user__is_active=True).first()


def applicant_profiles_recently_signed_in(*, since, limit: int) -> list[ApplicantProfile]:
    """The profiles of active applicants who signed in since ``since``, most recent first, at
    most ``limit``: for the worker that ranks them again after the catalogue changed
    (``matching.applicant.rankings_warm``). Never for a page."""
    return list(ApplicantProfile.objects.filter(user__last_login__gte=since, user__is_active=True)
                .order_by("-user__last_login")[:limit])
