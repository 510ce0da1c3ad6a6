"""A capture kept for review (the plausibility guard) can be imported anyway by a curator who
checked it: from the capture's admin page, through a confirmation page, with the guard's
warnings kept on the capture and the curator named; never by a view-only curator, never by GET."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from profiles.models import Capture, CaptureOutcome, Paper, Researcher
from profiles.services import capture_import, researcher_reimport
from tests.profiles.importers.real_captures import ARXIV_CAPTURED_ON, HERE

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept_for_review():
    # A real arXiv listing whose own count was edited to disagree with the entries read.
    text = (HERE / "arxiv_list_new_hinton.txt").read_bytes().replace(b"Total of 50 entries", b"Total of 40 entries")
    result = capture_import(raw=text, captured_on=ARXIV_CAPTURED_ON, filename="hinton.txt")
    assert result.reason == "needs_review"
    return Capture.objects.get()


def test_curator_imports_a_capture_kept_for_review_and_its_warnings_stay(admin_client, admin_user, kept_for_review):
    change = reverse("admin:profiles_capture_change", args=[kept_for_review.pk])
    url = reverse("admin:profiles_capture_import_anyway", args=[kept_for_review.pk])
    assert f'href="{url}"' in admin_client.get(change).content.decode()
    confirm = admin_client.get(url).content.decode()
    assert "says there are 40 entries, but 50 were read" in confirm and 'value="Import anyway"' in confirm
    assert not Paper.objects.exists()  # looking at the page changes nothing

    response = admin_client.post(url, follow=True)

    kept_for_review.refresh_from_db()
    assert kept_for_review.outcome != CaptureOutcome.NEEDS_REVIEW and kept_for_review.review_accepted
    assert kept_for_review.warnings[0].startswith(f"Imported anyway by {admin_user.username} on ")
    assert any("says there are 40 entries, but 50 were read" in w for w in kept_for_review.warnings)
    page = response.content.decode()
    assert "Its review warnings are kept on the capture." in page
    # Geoffrey Hinton is on every entry of his listing: the usual authorship rule attaches them.
    assert kept_for_review.outcome == CaptureOutcome.IMPORTED
    assert kept_for_review.researcher.name == "Geoffrey Hinton" and kept_for_review.researcher.papers.count() == 50
    researcher_reimport(researcher=kept_for_review.researcher)  # a re-import keeps it imported, and says why
    kept_for_review.refresh_from_db()
    assert kept_for_review.outcome == CaptureOutcome.IMPORTED
    assert kept_for_review.warnings[0].startswith(f"Imported anyway by {admin_user.username}")


def test_view_only_curator_sees_no_button_and_cannot_import(client, kept_for_review):
    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_capture"))
    client.force_login(viewer)
    url = reverse("admin:profiles_capture_import_anyway", args=[kept_for_review.pk])

    assert url not in client.get(reverse("admin:profiles_capture_change", args=[kept_for_review.pk])).content.decode()
    assert client.post(url).status_code == 403
    kept_for_review.refresh_from_db()
    assert kept_for_review.outcome == CaptureOutcome.NEEDS_REVIEW and not Researcher.objects.exists()


def test_a_capture_not_in_review_is_not_imported_anyway(admin_client, kept_for_review):
    Capture.objects.filter(pk=kept_for_review.pk).update(outcome=CaptureOutcome.FAILED)
    url = reverse("admin:profiles_capture_import_anyway", args=[kept_for_review.pk])
    response = admin_client.post(url, follow=True)
    assert "is not kept for review (Failed): there is nothing to import anyway" in response.content.decode()
    assert not Paper.objects.exists()
