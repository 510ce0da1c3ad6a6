"""Recompute paper title keys now that TeX and Unicode spellings of a symbol agree
("$\\ell_1$" / "ℓ1", "$\\alpha$" / "α"), so a re-import finds the paper it already stored.

Only keys still derived from the stored title by the previous rule are recomputed (a title a
curator edited keeps the key it was imported under); a key another paper already holds is
left alone rather than merging two records behind the curators' backs.
"""
import re

from anyascii import anyascii
from django.db import migrations

_ALNUM = re.compile(r"[a-z0-9]+")


def _previous_key(title):
    from profiles.importers.decoding import nfc

    return " ".join(_ALNUM.findall(anyascii(nfc(title)).lower()))[:500]


def recompute_title_keys(apps, schema_editor):
    from profiles.importers.names import title_key

    Paper = apps.get_model("profiles", "Paper")
    changes = []
    for pk, title, key in Paper.objects.values_list("pk", "title", "title_key").iterator(chunk_size=2000):
        if key != _previous_key(title):
            continue
        new_key = title_key(title)[:500]
        if new_key and new_key != key:
            changes.append((pk, new_key))
    if not changes:
        return
    taken = set(Paper.objects.filter(title_key__in=[key for _, key in changes]).values_list("title_key", flat=True))
    for pk, new_key in changes:
        if new_key in taken:
            continue
        Paper.objects.filter(pk=pk).update(title_key=new_key)
        taken.add(new_key)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0003_reimportjob_reimportjobitem")]

    operations = [migrations.RunPython(recompute_title_keys, migrations.RunPython.noop)]
