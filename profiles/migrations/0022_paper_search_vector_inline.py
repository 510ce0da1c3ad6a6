"""PostgreSQL keeps each paper's search words (the stored tsvector, ~1.4 KB) in the paper's own
row, and moves the abstract out to the TOAST table instead when the row is too long.

Every search that checks a word against a researcher's papers one by one (two-word searches,
each page's best paper per researcher) read the tsvector: out of line, each check cost a TOAST
index lookup and its chunks beside the row, ~8 page reads instead of ~4. Measured at 10,000
researchers (372,519 papers) on a catalogue rewritten this way: a page's best papers 6 → 2-3
ms, the two-word search "learning models" 830 → 400 ms, others 10-25 % less. The abstract is
read by no search and by no page's list of papers (only by a paper's own views, the match
index build and drafts), so it is the column to move out.

New and rewritten rows are stored this way; existing rows move when PostgreSQL rewrites them
(an import that updates a paper, or `VACUUM FULL profiles_paper` / `CLUSTER` run by an operator
at a quiet time: docs/production.md). SQLite has no such storage: nothing changes there."""
from django.db import migrations

from ._catalogue_version import catalogue_version_raise


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE profiles_paper ALTER COLUMN search_vector SET STORAGE MAIN")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE profiles_paper ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0021_authorship_pair_indexes")]
    operations = [migrations.RunPython(forward, backward), catalogue_version_raise()]
