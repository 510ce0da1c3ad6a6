"""When a worker last took a department job (``department_run``): a running job is taken over
only under a claim older than the task time limit. Jobs running before claims were dated get
their creation time, so one a dead worker left long ago is resumed by the next delivery, and
one that may still be running is not."""
from django.db import migrations, models
from django.db.models import F

from ._catalogue_version import catalogue_version_raise


def date_running_claims(apps, schema_editor):
    DepartmentImport = apps.get_model("profiles", "DepartmentImport")
    DepartmentImport.objects.filter(status="running", claimed_at=None).update(claimed_at=F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("profiles", "0023_researcher_surname_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="departmentimport",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(date_running_claims, migrations.RunPython.noop),
        # (The rule for the catalogue's data migrations: pages cached under the old version go.)
        catalogue_version_raise(),
    ]
