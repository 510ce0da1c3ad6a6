"""SQLite: the full-text index's insert trigger stands aside while a bulk insert of papers
indexes its own rows in one statement (profiles/services/search_index.py), which costs ~40%
less than the trigger doing it row by row during an import.

The flag is a row in ``profiles_paper_fts_bulk``, written and deleted inside the inserting
transaction, so no other connection ever sees it and every other insert (a curator's paper, a
catalogue pack, a test's factory) is indexed by the trigger as before. A later migration that
rebuilds profiles_paper on SQLite must create this trigger again, not 0008's (the service checks
and falls back to the trigger if it finds 0008's). A no-op on PostgreSQL."""
from django.db import migrations

from ._catalogue_version import catalogue_version_raise

FLAG = "profiles_paper_fts_bulk"
INDEX_ROW = ("INSERT INTO profiles_paper_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract)")
SQLITE_FORWARD = [
    f"CREATE TABLE IF NOT EXISTS {FLAG} (id integer NOT NULL PRIMARY KEY)",
    "DROP TRIGGER IF EXISTS profiles_paper_fts_insert",
    f"CREATE TRIGGER profiles_paper_fts_insert AFTER INSERT ON profiles_paper "
    f"WHEN NOT EXISTS (SELECT 1 FROM {FLAG}) BEGIN {INDEX_ROW}; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS profiles_paper_fts_insert",
    f"CREATE TRIGGER profiles_paper_fts_insert AFTER INSERT ON profiles_paper BEGIN {INDEX_ROW}; END",
    f"DROP TABLE IF EXISTS {FLAG}",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0017_researcher_proposals")]
    # Ends with the version raise every later catalogue migration has (tests/architecture): a
    # schema-only change, but the check reads operations, and a raise costs only a cache refill.
    operations = [migrations.RunPython(forward, backward), catalogue_version_raise()]
