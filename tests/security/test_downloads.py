"""Private downloads (shortlist exports, .eml drafts, the CV) are attachments of a fixed type that
browsers must not sniff, and no cache keeps them."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from outreach.services import draft_create
from tests.factories.outreach import entry_for

CV_TEXT = b"Ada Applicant\nResearch interests: sparse attention, long context language models.\n" * 5


@pytest.fixture
def downloads(client, applicant, researcher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the CV file stays out of the developer's var/
    entry = entry_for(applicant, researcher, notes="<script>alert(1)</script>")
    draft = draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact")
    client.force_login(applicant)
    upload = SimpleUploadedFile("cv.txt", CV_TEXT, content_type="text/html")
    assert client.post(reverse("applicants:cv_upload"), {"cv": upload}).status_code == 302
    return {
        reverse("shortlist:export_csv"): "text/csv",
        reverse("shortlist:export_json"): "application/json",
        reverse("outreach:draft_eml", args=[draft.pk]): "message/rfc822",
        reverse("applicants:cv_download"): "text/plain",
    }


def test_private_downloads_are_typed_attachments_that_no_cache_keeps(client, downloads):
    for url, content_type in downloads.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].split(";")[0] == content_type, url
        assert response["Content-Disposition"].startswith("attachment"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
