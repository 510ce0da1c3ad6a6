"""Matching's reactions to what an applicant does (connected in MatchingConfig.ready): their
ranking is made on the worker as soon as there is one to make, before they open a page that
shows it."""
from __future__ import annotations

from .applicant import ranking_warm_queue


def signed_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: a new session, often after the catalogue changed while they were
    away; their next page but one is likely /matches/ or a researcher's "why this match"."""
    ranking_warm_queue(user_id=user.pk)


# A new applicant's first profile goes straight to /matches/, which ranks it in the request: the
# worker waits this long, then finds that ranking shared and does nothing, instead of scoring the
# same catalogue at the same time on the same cores. A returning applicant's save goes back to
# the profile page, and they open their matches after it.
PROFILE_SAVED_WARM_DELAY = 2


def profile_saved(sender, instance, **kwargs) -> None:
    """An ``ApplicantProfile`` was saved (interests, methods, a CV, weights): the ranking their
    pages read is a new one."""
    ranking_warm_queue(user_id=instance.user_id, countdown=PROFILE_SAVED_WARM_DELAY)
