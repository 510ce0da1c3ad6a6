"""Applicant reads: a user's own profile, never anybody else's."""
from __future__ import annotations

from .models import ApplicantProfile


def applicant_profile_for(user) -> ApplicantProfile | None:
    """The user's applicant profile, or None (anonymous, or not created yet)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ApplicantProfile.objects.filter(user=user).first()
