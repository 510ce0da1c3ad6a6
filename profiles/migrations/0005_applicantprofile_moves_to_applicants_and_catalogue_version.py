"""ApplicantProfile leaves the catalogue for the applicants app (state only: its table and rows
stay), and the catalogue gets its one-row version, raised with every catalogue write."""
from django.db import migrations, models


def create_version_row(apps, schema_editor):
    CatalogueVersion = apps.get_model("profiles", "CatalogueVersion")
    CatalogueVersion.objects.get_or_create(pk=1, defaults={"number": 1})


class Migration(migrations.Migration):

    dependencies = [
        ("profiles", "0004_title_keys_read_tex_and_greek"),
        ("applicants", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApplicantProfile")],
            database_operations=[],
        ),
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ("number", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="catalogue_version_single_row")],
            },
        ),
        migrations.RunPython(create_version_row, migrations.RunPython.noop),
    ]
