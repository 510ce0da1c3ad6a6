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

    new = migrator.apply_tested_migration([("applicants", "0001_initial"),
                                           ("profiles", "0005_applicantprofile_moves_to_applicants_and_catalogue_version")])

    profile = new.apps.get_model("applicants", "ApplicantProfile").objects.get()
    assert (profile.user.username, profile.interests, profile.cv_text, profile.match_weights) == (
        "ada", "bilevel optimization", "MSc thesis on data mixing", {"topic": 0.9})
    Researcher = new.apps.get_model("profiles", "Researcher")
    assert Researcher.objects.get().papers.get().title == "Bilevel optimization for data mixing"
    assert new.apps.get_model("shortlist", "ShortlistEntry").objects.get().researcher.name == "Olga Optimizer"
    assert new.apps.get_model("profiles", "CatalogueVersion").objects.get().number >= 1
    migrator.reset()
