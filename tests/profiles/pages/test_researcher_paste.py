"""Adding a researcher from a page's text, pasted: the importer and preview the admin uses, for
an applicant whose sources cannot be reached."""
import pytest
from django.urls import reverse
from django.utils import timezone

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


def test_left_empty_the_date_is_the_one_the_page_shows_else_today(client, applicant, seeds_dir):
    # Pasting a kept copy of an old Daily Papers list must not make it the catalogue's newest
    # capture (every other profile would turn stale): the list's own day is its date.
    daily = (seeds_dir / "003_1fe0f32555aab7d4.txt").read_text(encoding="utf-8")
    page = client.post(URL, {"text": daily, "captured_on": "", "action": "preview"}).content.decode()
    assert "Copied on 20 Apr 2026 (the date the page shows)" in page
    page = client.post(URL, {"text": _seed_text(seeds_dir), "captured_on": "", "action": "import"}).content.decode()
    assert Capture.objects.get().captured_on == timezone.localdate()
    page = client.post(URL, {"text": _seed_text(seeds_dir), "captured_on": "2026-11-01", "action": "preview"}).content.decode()
    assert "Copied on 1 Nov 2026 (the date you gave)" in page
