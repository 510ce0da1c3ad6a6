"""The catalogue version: raised in the same transaction as every catalogue write."""
from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from profiles.events import CatalogueChanged, announce_on_commit
from profiles.models import CatalogueVersion
from profiles.selectors.catalogue import catalogue_version_forget

_TABLE = CatalogueVersion._meta.db_table


def catalogue_version_bump() -> int:
    """Raise the version inside the caller's transaction and announce ``CatalogueChanged`` once
    it commits. Call it last in a write: the row stays locked until commit, so concurrent writers
    queue here briefly instead of interleaving versions."""
    # No savepoint of its own inside the caller's transaction: a failure here fails the write.
    with transaction.atomic(savepoint=False):
        now = timezone.now()
        # One statement that raises and reads (SQLite and PostgreSQL both return the new row):
        # an import of a capture raises the version once, and two queries for it added up.
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_TABLE} SET number = number + 1, changed_at = %s WHERE id = 1 RETURNING number",
                [connection.ops.adapt_datetimefield_value(now)])
            row = cursor.fetchone()
        if row is None:
            # The migration creates the row; a database flushed by tests may not have it.
            CatalogueVersion.objects.get_or_create(pk=1, defaults={"number": 1, "changed_at": now})
            row = CatalogueVersion.objects.filter(pk=1).values_list("number").get()
        number = row[0]
    catalogue_version_forget()
    announce_on_commit(CatalogueChanged(version=number))
    return number
