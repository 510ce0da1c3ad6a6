"""Full-text search over paper titles and abstracts for the directory: a GIN index on
PostgreSQL, an FTS5 table kept in step by triggers on SQLite (profiles/selectors/search.py).

It comes after every migration that rebuilds the paper table: SQLite rebuilds a table by copying
it, which drops the triggers on the old one. A later migration that alters profiles_paper on
SQLite must create these triggers again."""
from django.db import migrations

PG_INDEX = "profiles_paper_fulltext_gin"
PG_FORWARD = (f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON profiles_paper USING GIN "
              "(to_tsvector('english', title || ' ' || abstract))")
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS profiles_paper_fts USING fts5("
    "title, abstract, content='profiles_paper', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS profiles_paper_fts_insert AFTER INSERT ON profiles_paper BEGIN "
    "INSERT INTO profiles_paper_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract); END",
    "CREATE TRIGGER IF NOT EXISTS profiles_paper_fts_delete AFTER DELETE ON profiles_paper BEGIN "
    "INSERT INTO profiles_paper_fts(profiles_paper_fts, rowid, title, abstract) "
    "VALUES ('delete', old.id, old.title, old.abstract); END",
    "CREATE TRIGGER IF NOT EXISTS profiles_paper_fts_update AFTER UPDATE OF title, abstract ON profiles_paper BEGIN "
    "INSERT INTO profiles_paper_fts(profiles_paper_fts, rowid, title, abstract) "
    "VALUES ('delete', old.id, old.title, old.abstract); "
    "INSERT INTO profiles_paper_fts(rowid, title, abstract) VALUES (new.id, new.title, new.abstract); END",
    "INSERT INTO profiles_paper_fts(profiles_paper_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS profiles_paper_fts_insert",
    "DROP TRIGGER IF EXISTS profiles_paper_fts_delete",
    "DROP TRIGGER IF EXISTS profiles_paper_fts_update",
    "DROP TABLE IF EXISTS profiles_paper_fts",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for sql in SQLITE_FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    elif vendor == "sqlite":
        for sql in SQLITE_BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0007_paper_identifiers_completeness_and_authorship_basis")]
    operations = [migrations.RunPython(forward, backward)]
