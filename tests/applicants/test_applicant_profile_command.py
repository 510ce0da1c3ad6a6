"""`manage.py applicant_profile`: a profile set up from the command line, as /me/ and drafts see it."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from applicants.models import ApplicantProfile
from outreach.services import default_template, draft_render
from tests.applicants.test_cv import pdf_with_text
from tests.factories import UserFactory
from tests.factories.outreach import ResearcherFactory, paper_by

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args) -> str:
    out = StringIO()
    call_command("applicant_profile", *args, stdout=out)
    return out.getvalue()


def test_creates_a_profile_and_later_updates_only_what_is_given(client):
    user = UserFactory(username="ada")
    out = run("--user", "ada", "--interests", "sparse attention, long context", "--methods", "PyTorch",
              "--full-name", "Ada Lovelace")
    assert out.startswith("Created the applicant profile of ada: full name, interests, methods.")
    run("--user", "ada", "--background", "I built a retrieval system.")
    profile = ApplicantProfile.objects.get(user=user)
    assert (profile.interests, profile.methods, profile.background) == (
        "sparse attention, long context", "PyTorch", "I built a retrieval system.")
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert "sparse attention, long context" in page and "I built a retrieval system." in page


def test_a_resume_is_read_and_attached_like_an_upload(tmp_path):
    user = UserFactory(username="ada")
    cv = tmp_path / "Ada CV.pdf"
    cv.write_bytes(pdf_with_text("Research interests: bilevel optimization and language model calibration"))
    data = json.loads(run("--user", "ada", "--resume", str(cv), "--full-name", "Ada Lovelace", "--json"))
    assert data["created"] is True and data["cv_filename"] == "Ada CV.pdf" and data["cv_text_chars"] > 20
    profile = ApplicantProfile.objects.get(user=user)
    assert "bilevel optimization" in profile.cv_text and profile.cv_file.read().startswith(b"%PDF-")


def test_a_draft_for_a_scripted_profile_says_the_cv_is_attached(tmp_path):
    researcher = ResearcherFactory(name="Chidi Okafor")
    paper_by(researcher, title="Sparse Attention for Long Context Transformers")
    user = UserFactory(username="ada")
    cv = tmp_path / "cv.txt"
    cv.write_text("Ada Lovelace. MSc thesis on sparse attention for long documents.")
    run("--user", "ada", "--full-name", "Ada Lovelace", "--interests", "sparse attention", "--resume", str(cv))
    body = draft_render(user=user, researcher=researcher, template=default_template("first_contact")).body
    assert "I have attached my CV" in body and "Ada Lovelace" in body


def test_an_unknown_user_is_a_clear_error_and_creates_nothing():
    with pytest.raises(CommandError, match="No user named “nobody”. Create the account first"):
        run("--user", "nobody", "--interests", "x")
    assert not ApplicantProfile.objects.exists()


@pytest.mark.parametrize("make, expected", [
    (lambda p: p / "missing.pdf", "Cannot read the CV"),
    (lambda p: p, "Cannot read the CV"),  # a directory
    (lambda p: (p / "cv.pdf").write_text("not a pdf") and p / "cv.pdf", "is named .pdf but is not a PDF"),
    (lambda p: (p / "cv.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00") and p / "cv.png", "is not a PDF, DOCX or plain-text file"),
])
def test_an_unreadable_resume_is_a_clear_error_and_leaves_the_profile_as_it_was(tmp_path, make, expected):
    user = UserFactory(username="ada")
    run("--user", "ada", "--interests", "sparse attention")
    with pytest.raises(CommandError, match=expected):
        run("--user", "ada", "--interests", "something else", "--resume", str(make(tmp_path)))
    profile = ApplicantProfile.objects.get(user=user)
    assert profile.interests == "sparse attention" and not profile.cv_file


def test_an_over_long_field_is_refused_with_the_option_named():
    UserFactory(username="ada")
    with pytest.raises(CommandError, match="--full-name: "):
        run("--user", "ada", "--full-name", "x" * 500)
    assert not ApplicantProfile.objects.exists()


def test_demo_setup_gives_the_demo_account_a_profile_once(settings, seeds_dir):
    call_command("demo_setup", stdout=StringIO())
    profile = ApplicantProfile.objects.get(user__username="demo")
    assert profile.full_name and profile.interests
    profile.interests = "my own words"
    profile.save()
    call_command("demo_setup", stdout=StringIO())  # a second run keeps what the user wrote
    assert ApplicantProfile.objects.get(user__username="demo").interests == "my own words"
