"""Matching's reactions to what an applicant does (connected in MatchingConfig.ready): their
ranking is made on the worker as soon as there is one to make, before they open a page that
shows it."""
from __future__ import annotations

from .applicant import ranking_warm_queue


def signed_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: a new session, often after the catalogue changed while they were
    away; their next page but one is likely /matches/ or a researcher's "why this match"."""
    ranking_warm_queue(user_id=user.pk)


def profile_saved(sender, instance, **kwargs) -> None:
    """An ``ApplicantProfile`` was saved (interests, methods, a CV, weights): the ranking their
    pages read is a new one."""
    ranking_warm_queue(user_id=instance.user_id)
