"""Data migrations 0004, 0007, 0009 and 0011 changed what pages show (title keys, identifiers,
contact fields, the directory's sort keys) without raising the catalogue version, so pages
cached before them could be served after. This raises it, and gives researchers added by hand
before the admin went through ``researcher_create`` the web address (slug) and name key they
were saved without (a blank slug took the directory down)."""
from anyascii import anyascii
from django.db import migrations
from django.utils.text import slugify

from profiles.importers import name_key

from ._catalogue_version import catalogue_version_raise


def fill_blank_slugs_and_name_keys(apps, schema_editor):
    Researcher = apps.get_model("profiles", "Researcher")
    taken = set(Researcher.objects.exclude(slug="").values_list("slug", flat=True))
    for researcher in Researcher.objects.filter(slug="") | Researcher.objects.filter(name_key=""):
        if not researcher.name_key:
            researcher.name_key = name_key(researcher.name)[:300]
        if not researcher.slug:
            base = slugify(anyascii(researcher.name))[:300] or "researcher"
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            researcher.slug = slug
        researcher.save(update_fields=["slug", "name_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("profiles", "0013_department_imports"),
    ]

    operations = [
        migrations.RunPython(fill_blank_slugs_and_name_keys, migrations.RunPython.noop),
        catalogue_version_raise(),
    ]
