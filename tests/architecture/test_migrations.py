"""Models moved between apps without moving data: a database built at the migrations of the
first landing, filled, then migrated forward keeps every row where the new apps look for it."""
import pytest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [
    ("profiles", "0004_title_keys_read_tex_and_greek"),
    ("shortlist", "0001_initial"),
    ("outreach", "0001_initial"),
]


def test_applicant_profiles_and_the_catalogue_survive_the_move_to_new_apps(migrator):
    old = migrator.apply_initial_migration(BEFORE_THE_MOVE)
    User = old.apps.get_model("auth", "User")
    user = User.objects.create(username="ada")
    old.apps.get_model("profiles", "ApplicantProfile").objects.create(
        user=user, interests="bilevel optimization", cv_text="MSc thesis on data mixing",
        match_weights={"topic": 0.9})
    researcher = old.apps.get_model("profiles", "Researcher").objects.create(
        name="Olga Optimizer", name_key="olga optimizer", slug="olga-optimizer")
    paper = old.apps.get_model("profiles", "Paper").objects.create(
        title="Bilevel optimization for data mixing", title_key="bilevel optimization for data mixing")
    old.apps.get_model("profiles", "Authorship").objects.create(researcher=researcher, paper=paper)
    old.apps.get_model("shortlist", "ShortlistEntry").objects.create(
        user=user, researcher=researcher, status="considering",
        status_changed_at="2026-11-01T00:00:00Z", saved_at="2026-11-01T00:00:00Z")

    # (The applicants app is wherever the plan put it: its later migrations, such as the text
    # caps, need nothing of the move, and naming its 0001 here would ask to unapply them.)
    new = migrator.apply_tested_migration(
        [("profiles", "0005_applicantprofile_moves_to_applicants_and_catalogue_version")])

    profile = new.apps.get_model("applicants", "ApplicantProfile").objects.get()
    assert (profile.user.username, profile.interests, profile.cv_text, profile.match_weights) == (
        "ada", "bilevel optimization", "MSc thesis on data mixing", {"topic": 0.9})
    Researcher = new.apps.get_model("profiles", "Researcher")
    assert Researcher.objects.get().papers.get().title == "Bilevel optimization for data mixing"
    assert new.apps.get_model("shortlist", "ShortlistEntry").objects.get().researcher.name == "Olga Optimizer"
    assert new.apps.get_model("profiles", "CatalogueVersion").objects.get().number >= 1
    migrator.reset()


def test_the_version_rises_and_blank_slugs_get_one_when_migrating_past_the_data_migrations(migrator):
    old = migrator.apply_initial_migration([("profiles", "0013_department_imports")])
    old.apps.get_model("profiles", "CatalogueVersion").objects.update_or_create(pk=1, defaults={"number": 41})
    Researcher = old.apps.get_model("profiles", "Researcher")
    Researcher.objects.create(name="Ana García", name_key="ana garcia", slug="ana-garcia")
    Researcher.objects.create(name="Ana García", name_key="", slug="")  # added by hand before the fix

    new = migrator.apply_tested_migration([("profiles", "0014_catalogue_version_raised_after_data_migrations")])

    assert new.apps.get_model("profiles", "CatalogueVersion").objects.get().number == 42
    rows = new.apps.get_model("profiles", "Researcher").objects.order_by("pk").values_list("slug", "name_key")
    assert list(rows) == [("ana-garcia", "ana garcia"), ("ana-garcia-2", "ana garcia")]
    migrator.reset()


@pytest.mark.django_db(transaction=False)
def test_every_later_catalogue_data_migration_raises_the_version():
    # Pages and the match index are cached per catalogue version: a data migration that changes
    # what they show ends with catalogue_version_raise() (profiles/migrations/_catalogue_version.py).
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython, RunSQL

    loader = MigrationLoader(None, ignore_no_migrations=True)
    missing = []
    for (app, name), migration in loader.disk_migrations.items():
        if app != "profiles" or name < "0014":
            continue
        data = [op for op in migration.operations if isinstance(op, (RunPython, RunSQL))]
        raises = [op for op in data if isinstance(op, RunPython)
                  and op.code.__module__ == "profiles.migrations._catalogue_version"]
        if [op for op in data if op not in raises] and migration.operations[-1] not in raises:
            missing.append(name)
    assert not missing, f"data migrations that do not end by raising the catalogue version: {missing}"
