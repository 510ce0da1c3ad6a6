"""ApplicantProfile moves here from the profiles app without moving data: the model's state is
created here while its table, ``profiles_applicantprofile``, stays as it is (profiles 0005
removes the model from the profiles app's state)."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("profiles", "0004_title_keys_read_tex_and_greek"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApplicantProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("full_name", models.CharField(blank=True, max_length=200)),
                        ("program", models.CharField(blank=True, max_length=200)),
                        ("interests", models.TextField(blank=True)),
                        ("methods", models.TextField(blank=True)),
                        ("keywords", models.TextField(blank=True)),
                        ("background", models.TextField(blank=True)),
                        ("preferred_fields", models.TextField(blank=True)),
                        ("preferred_institutions", models.TextField(blank=True)),
                        ("cv_file", models.FileField(blank=True, upload_to="cv/%Y/%m/")),
                        ("cv_filename", models.CharField(blank=True, max_length=300)),
                        ("cv_text", models.TextField(blank=True)),
                        ("match_weights", models.JSONField(blank=True, default=dict)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="applicant_profile", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "profiles_applicantprofile"},
                ),
            ],
            database_operations=[],
        ),
    ]
