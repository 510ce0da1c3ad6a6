"""The directory's full-text index of papers on the embedded SQLite (an FTS5 table, migration
0008), as written by a bulk insert of papers. PostgreSQL keeps its stored tsvector column itself
(migration 0012), so everything here is a no-op there.

Triggers index each paper as it is inserted; for a whole capture's papers at once the trigger
stands aside (migration 0018) and one statement indexes the new rows in the same transaction,
which costs about 40% less than the trigger doing it row by row. A search right after the import
finds them either way.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from profiles.models import Paper

# Holds a row only inside a transaction that indexes its own new papers (see the migration).
BULK_FLAG_TABLE = "profiles_paper_fts_bulk"
_INDEX = "profiles_paper_fts"
_PAPER = Paper._meta.db_table


@contextmanager
def papers_search_indexed_in_bulk() -> Iterator[None]:
    """Around an INSERT of many papers: they are added to the full-text index together, at
    the end, in the caller's transaction."""
    if connection.vendor != "sqlite" or not _insert_trigger_stands_aside():
        yield
        return
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        # Writing the flag takes SQLite's write lock: from here until commit no one else can add
        # papers, so the rows past the largest id now are exactly the ones inserted below.
        cursor.execute(f"INSERT INTO {BULK_FLAG_TABLE} (id) VALUES (1)")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_PAPER}")
        (before,) = cursor.fetchone()
        yield
        cursor.execute(f"INSERT INTO {_INDEX} (rowid, title, abstract) "
                       f"SELECT id, title, abstract FROM {_PAPER} WHERE id > %s", [before])
        cursor.execute(f"DELETE FROM {BULK_FLAG_TABLE}")


def _insert_trigger_stands_aside() -> bool:
    """Whether this database's insert trigger skips rows while the flag is set: a migration that
    rebuilt the paper table and created the triggers of 0008 again would index every row twice
    here otherwise. One read of the schema, a fraction of what it saves."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [f"{_INDEX}_insert"])
        row = cursor.fetchone()
    return row is not None and BULK_FLAG_TABLE in row[0]
