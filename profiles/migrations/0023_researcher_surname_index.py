"""PostgreSQL indexes each researcher's surname key (the last word of ``name_key``).

Every researcher an import creates is checked for possible duplicates: the records with the same
surname (``researcher_possible_duplicate_names``). That was ``name_key LIKE '% smith'``, which no
B-tree can answer, so each new researcher read the whole researcher table: 2.2 ms at 9,000
researchers and growing with the catalogue, one scan per capture. This expression index answers
it from the surname. SQLite has no ``split_part``; there the check reads the name-key index,
which stays small at the embedded default's sizes."""
from django.db import migrations

from ._catalogue_version import catalogue_version_raise

INDEX = "researcher_surname_key"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON profiles_researcher "
                              "(split_part(name_key, ' ', -1))")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0022_paper_search_vector_inline")]
    operations = [migrations.RunPython(forward, backward), catalogue_version_raise()]
