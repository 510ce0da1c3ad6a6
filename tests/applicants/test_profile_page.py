"""The profile page's CV upload carries what the applicant typed: it is saved, never dropped."""
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from applicants.models import ApplicantProfile

pytestmark = pytest.mark.django_db

TYPED = {"full_name": "Ada Newcomer", "program": "PhD in Computer Science",
         "interests": "speculative decoding", "methods": "PyTorch"}


@pytest.fixture
def client_in(client):
    client.force_login(get_user_model().objects.create_user("ada", password="x-long-passphrase"))
    return client


def test_cv_upload_saves_the_typed_profile_first(client_in):
    cv = SimpleUploadedFile("cv.txt", b"Ada Newcomer\nThesis: adaptive data mixing.\n")
    response = client_in.post("/me/cv/", {**TYPED, "cv": cv})
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get()
    assert (profile.full_name, profile.interests, profile.methods) == ("Ada Newcomer", "speculative decoding", "PyTorch")
    assert "adaptive data mixing" in profile.cv_text


def test_refused_cv_still_keeps_the_typed_words(client_in):
    cv = SimpleUploadedFile("cv.pdf", b"not a pdf at all")
    response = client_in.post("/me/cv/", {**TYPED, "cv": cv})
    assert response.status_code == 400
    assert "speculative decoding" in response.content.decode()
    assert ApplicantProfile.objects.get().interests == "speculative decoding"


def test_bare_cv_post_leaves_the_profile_fields_alone(client_in):
    ApplicantProfile.objects.create(user=get_user_model().objects.get(), interests="kept")
    client_in.post("/me/cv/", {"cv": SimpleUploadedFile("cv.txt", b"Some CV text here.\n")})
    assert ApplicantProfile.objects.get().interests == "kept"
