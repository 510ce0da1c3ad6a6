"""Authorships made before papers were checked against their authors, and which of them fail
the check now: listed for curators (``manage.py unverified_authorships``, the paper admin's
"authorship check" filter), never deleted behind their backs."""
from __future__ import annotations

from dataclasses import dataclass

from .models import Authorship, AuthorshipBasis
from .services.authorship import authorship_decide

# Layouts that are one person's own profile page: every paper on them is that person's.
OWN_PROFILE_LAYOUTS = ("phdfit", "alphaxiv")


@dataclass(frozen=True)
class UncheckedAuthorship:
    authorship: Authorship
    reason: str


def authorships_failing_check() -> list[UncheckedAuthorship]:
    """Unchecked authorships whose paper the rule would not attach to that researcher, with why;
    ordered by researcher then paper title."""
    unchecked = (
        Authorship.objects.filter(basis=AuthorshipBasis.UNCHECKED)
        .select_related("researcher", "paper", "source")
        .defer("source__raw")
        .order_by("researcher__name", "paper__title")
    )
    failing = []
    for authorship in unchecked.iterator(chunk_size=2000):
        source = authorship.source
        own = source is not None and source.layout in OWN_PROFILE_LAYOUTS
        decision = authorship_decide(authors=authorship.paper.authors, researcher_names=[authorship.researcher.name],
                                     own_profile=own, confirmed=False)
        if not decision.attached:
            failing.append(UncheckedAuthorship(authorship, decision.reason))
    return failing
