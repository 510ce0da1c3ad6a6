"""A profile's free text has a cap, said beside each field: a paste of a whole thesis into
"interests" is refused with its length and the cap, on the page, from the command line and in a
data archive, and leaves the profile as it was."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from applicants.models import LIST_MAX_CHARS, PROSE_MAX_CHARS, ApplicantProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    user = UserFactory(username="ada")
    ApplicantProfile.objects.create(user=user, interests="speculative decoding")
    client.force_login(user)
    return client


def test_the_profile_page_says_each_cap_beside_its_field(ada):
    page = ada.get(reverse("applicants:profile")).content.decode()
    assert f"A sentence or two is enough (at most {PROSE_MAX_CHARS:,} characters)." in page
    assert f"At most {LIST_MAX_CHARS:,} characters." in page


def test_over_long_interests_are_refused_beside_the_field_and_nothing_is_saved(ada):
    pasted = " ".join(["bilevel optimization"] * 5000)  # 104,999 characters

    page = ada.post(reverse("applicants:profile"), {"interests": pasted, "methods": "PyTorch"})

    assert page.status_code == 200  # the form again, with what was typed
    html = page.content.decode()
    assert "At most 5,000 characters here; this has 104,999. Shorten it to what matters most." in html
    assert ApplicantProfile.objects.get().interests == "speculative decoding"
    assert ApplicantProfile.objects.get().methods == ""


def test_text_at_the_cap_is_kept_whole(ada):
    keywords = ("k" * 9 + ",") * (LIST_MAX_CHARS // 10)
    interests = "x" * PROSE_MAX_CHARS
    saved = ada.post(reverse("applicants:profile"), {"interests": interests, "keywords": keywords})
    assert saved.status_code == 302
    profile = ApplicantProfile.objects.get()
    assert (profile.interests, profile.keywords) == (interests, keywords)
    refused = ada.post(reverse("applicants:profile"), {"interests": "short", "keywords": keywords + "k"})
    assert "At most 1,000 characters here; this has 1,001." in refused.content.decode()
    assert ApplicantProfile.objects.get().interests == interests


def test_the_command_names_the_option_that_is_too_long_and_creates_nothing():
    UserFactory(username="bo")
    with pytest.raises(CommandError, match="--background: At most 5,000 characters here; this has 6,000"):
        call_command("applicant_profile", "--user", "bo", "--interests", "ok", "--background", "y" * 6000)
    assert not ApplicantProfile.objects.exists()


def test_a_cv_read_into_a_profile_saved_before_the_caps_does_not_fail_on_its_old_words(ada):
    ApplicantProfile.objects.update(interests="w " * 4000)  # 8,000 characters, from before the caps
    cv = SimpleUploadedFile("cv.txt", b"Ada Newcomer\nThesis: adaptive data mixing.\n")

    read = ada.post(reverse("applicants:cv_upload"), {"cv": cv})  # a bare CV post: no typed fields

    assert read.status_code == 302
    assert "adaptive data mixing" in ApplicantProfile.objects.get().cv_text
    page = ada.post(reverse("applicants:profile"), {"interests": "w " * 4000})
    assert "At most 5,000 characters here; this has 7,999." in page.content.decode()  # asked to shorten
