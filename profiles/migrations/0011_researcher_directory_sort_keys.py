"""The directory's sort keys as columns with indexes: each researcher's count of listed papers
and newest paper date, filled here for the existing catalogue."""
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill_sort_keys(apps, schema_editor):
    Researcher = apps.get_model("profiles", "Researcher")
    Authorship = apps.get_model("profiles", "Authorship")
    listed = Authorship.objects.filter(researcher=OuterRef("pk"), paper__hidden=False)
    Researcher.objects.update(
        listed_paper_count=Coalesce(
            Subquery(listed.values("researcher").annotate(n=Count("pk")).values("n")), Value(0)),
        newest_paper_on=Subquery(
            listed.filter(paper__date__isnull=False).order_by("-paper__date").values("paper__date")[:1]),
    )


# "Most recent paper" sorts newest first with undated researchers last. SQLite puts NULLs last
# in a descending index by itself and cannot write NULLS LAST in one; PostgreSQL needs it said.
NEWEST_INDEX = {
    "postgresql": "CREATE INDEX researcher_by_newest_paper ON profiles_researcher "
                  "(newest_paper_on DESC NULLS LAST, name, id)",
    "default": "CREATE INDEX researcher_by_newest_paper ON profiles_researcher (newest_paper_on DESC, name, id)",
}


def create_newest_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(NEWEST_INDEX.get(vendor, NEWEST_INDEX["default"]))


def drop_newest_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX researcher_by_newest_paper")


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0010_source_links_and_fetched_captures'),
    ]

    operations = [
        migrations.AddField(
            model_name='researcher',
            name='listed_paper_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='researcher',
            name='newest_paper_on',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='researcher',
            index=models.Index(fields=['name', 'id'], name='researcher_by_name'),
        ),
        migrations.AddIndex(
            model_name='researcher',
            index=models.Index(models.OrderBy(models.F('listed_paper_count'), descending=True), models.F('name'), models.F('id'), name='researcher_by_paper_count'),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.RunPython(create_newest_index, drop_newest_index),
    ]
