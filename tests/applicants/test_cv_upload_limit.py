"""A CV over the size limit is cut off while it streams in, never stored whole, and refused with
the same message as any other oversized CV."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from applicants.models import ApplicantProfile
from tests.factories.matching import UserFactory

pytestmark = pytest.mark.django_db
CV = reverse("applicants:cv_upload")
MIB = 1024 * 1024


class StoredBytesSpy(FileUploadHandler):
    """Stands just before Django's storing handlers and counts what reaches them."""

    seen: list[int] = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        StoredBytesSpy.seen.append(0)

    def receive_data_chunk(self, raw_data, start):
        StoredBytesSpy.seen[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def applicant_client(settings):
    settings.CV_MAX_BYTES = MIB
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.applicants.test_cv_upload_limit.StoredBytesSpy",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    StoredBytesSpy.seen = []
    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_oversized_cv_is_cut_off_at_the_limit_and_refused_with_a_clear_message(applicant_client):
    huge = SimpleUploadedFile("thesis.pdf", b"%PDF-1.7\n" + b"0" * (20 * MIB))

    response = applicant_client.post(CV, {"cv": huge})

    text = response.content.decode()
    assert response.status_code == 400
    assert "“thesis.pdf” is too large; CVs can be at most 1 MB." in text
    assert "Export a smaller PDF" in text and "This field is required" not in text
    # Storage never got more than the limit (plus one read chunk) of the 20 MB.
    assert StoredBytesSpy.seen and max(StoredBytesSpy.seen) <= MIB + 64 * 1024
    profile = ApplicantProfile.objects.get(user=applicant_client.user)
    assert not profile.cv_file and profile.cv_text == ""


def test_cv_under_the_limit_still_goes_through(applicant_client):
    text = b"Research in bilevel optimization and hypergradient methods.\n" * 100

    response = applicant_client.post(CV, {"cv": SimpleUploadedFile("cv.txt", text)})

    assert response.status_code == 302
    assert "bilevel optimization" in ApplicantProfile.objects.get(user=applicant_client.user).cv_text


def test_oversized_cv_without_csrf_token_is_still_refused_as_forgery(settings):
    settings.CV_MAX_BYTES = MIB
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(CV, {"cv": SimpleUploadedFile("cv.pdf", b"%PDF-1.7\n" + b"0" * (2 * MIB))})

    assert response.status_code == 403
    assert not ApplicantProfile.objects.filter(user=user, cv_text__gt="").exists()
