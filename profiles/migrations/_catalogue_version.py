"""The operation a data migration ends with when it changes what the pages show: it raises the
catalogue version, so page fragments and match indexes cached under the old version are not
served any more (docs/architecture.md, "Catalogue version"). A module the migration loader
skips (its name starts with "_"); tests/architecture/test_migrations.py checks that every
later data migration of the catalogue uses it."""
from django.db import migrations
from django.db.models import F
from django.utils import timezone


def _raise(apps, schema_editor):
    CatalogueVersion = apps.get_model("profiles", "CatalogueVersion")
    now = timezone.now()
    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
        CatalogueVersion.objects.create(pk=1, number=1, changed_at=now)


def catalogue_version_raise() -> migrations.RunPython:
    """Put last in a data migration's operations."""
    return migrations.RunPython(_raise, migrations.RunPython.noop, elidable=False)
