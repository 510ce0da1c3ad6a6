"""PostgreSQL: a stored capture's raw bytes are compressed with lz4 instead of pglz where the
server supports it (PostgreSQL 14+ built with lz4, as Debian's is).

Storing a ~70 KB capture spent ~2 ms of each import compressing it with pglz; lz4 compresses
these pages as well (7.0 MB against 7.3 MB for 14.1 MB of generated captures) in about a third
of the time. Only new values use it; captures already stored stay as they are. A no-op on
SQLite and on a server without lz4."""
from django.db import migrations

from ._catalogue_version import catalogue_version_raise

LZ4_AVAILABLE = ("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
                 "AND 'lz4' = ANY(enumvals)")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(LZ4_AVAILABLE)
        if cursor.fetchone() is None:
            return
    schema_editor.execute("ALTER TABLE profiles_capture ALTER COLUMN raw SET COMPRESSION lz4")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(LZ4_AVAILABLE)
            if cursor.fetchone() is None:
                return
        schema_editor.execute("ALTER TABLE profiles_capture ALTER COLUMN raw SET COMPRESSION DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0018_paper_search_index_in_bulk")]
    # Ends with the version raise every later catalogue migration has (tests/architecture): a
    # schema-only change, but the check reads operations, and a raise costs only a cache refill.
    operations = [migrations.RunPython(forward, backward), catalogue_version_raise()]
