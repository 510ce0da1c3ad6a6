"""The catalogue version: raised in the same transaction as every catalogue write."""
from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from profiles.events import CatalogueChanged, announce_on_commit
from profiles.models import CatalogueVersion
from profiles.selectors.catalogue import catalogue_version_forget


def catalogue_version_bump() -> int:
    """Raise the version inside the caller's transaction and announce ``CatalogueChanged`` once
    it commits. Call it last in a write: the row stays locked until commit, so concurrent writers
    queue here briefly instead of interleaving versions."""
    with transaction.atomic():
        now = timezone.now()
        if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
            # The migration creates the row; a database flushed by tests may not have it.
            CatalogueVersion.objects.get_or_create(pk=1, defaults={"number": 1, "changed_at": now})
        number = CatalogueVersion.objects.filter(pk=1).values_list("number", flat=True).get()
    catalogue_version_forget()
    announce_on_commit(CatalogueChanged(version=number))
    return number
