"""Authorships made before papers were checked against their authors (``basis`` empty)."""
from __future__ import annotations

from django.db.models import QuerySet

from profiles.models import Authorship, AuthorshipBasis


def authorships_unchecked() -> QuerySet[Authorship]:
    """Authorships attached before the authorship check, with their researcher, paper and source
    capture (without its raw bytes), by researcher then paper title."""
    return (
        Authorship.objects.filter(basis=AuthorshipBasis.UNCHECKED)
        .select_related("researcher", "paper", "source")
        .defer("source__raw")
        .order_by("researcher__name", "paper__title")
    )
