"""Adding a researcher from a page's text, pasted: the importer and preview the admin uses, for
an applicant whose sources cannot be reached."""
import pytest
from django.urls import reverse

from profiles.models import Capture, Researcher
from tests.factories.pages import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("profiles:researcher_paste")


@pytest.fixture
def applicant(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _seed_text(seeds_dir) -> str:
    return (seeds_dir / "000_e21337452ddc9eb7.txt").read_text(encoding="utf-8")


def test_the_page_needs_an_account(client):
    assert client.get(URL).status_code == 302


def test_preview_shows_what_would_be_imported_and_writes_nothing(client, applicant, seeds_dir):
    response = client.post(URL, {"text": _seed_text(seeds_dir), "captured_on": "2026-11-01", "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing has been imported yet" in page and "<table" in page
    assert not Capture.objects.exists() and not Researcher.objects.exists()


def test_import_after_the_preview_adds_the_researcher_and_links_their_page(client, applicant, seeds_dir):
    response = client.post(URL, {"text": _seed_text(seeds_dir), "captured_on": "2026-11-01", "action": "import"})
    researcher = Researcher.objects.get()
    page = response.content.decode()
    assert researcher.get_absolute_url() in page and researcher.papers.exists()
    assert Capture.objects.get().uploaded_by == applicant


@pytest.mark.parametrize("text, says", [
    ("", "Paste the text of the page"),
    ("<html><body>hello</body></html>", "HTML"),
])
def test_bad_text_says_what_is_wrong_and_creates_nothing(client, applicant, text, says):
    response = client.post(URL, {"text": text, "captured_on": "2026-11-01", "action": "import"})
    assert response.status_code == 400 and says in response.content.decode()
    assert not Capture.objects.exists()
