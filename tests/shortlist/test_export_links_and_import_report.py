"""Exports link to the address the site was reached at; a CSV import names every bad cell
(and still imports nothing); its page says statuses and notes come back too."""
import csv
import io
import json

import pytest
from django.urls import reverse

from shortlist.exceptions import ImportFileError
from shortlist.models import ShortlistEntry
from shortlist.services import entry_save, shortlist_import_csv
from tests.factories.shortlist import ResearcherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(owner):
    return entry_save(user=owner, researcher=ResearcherFactory(name="Grace Hopper", affiliation="Yale"))


def test_exports_link_to_the_address_the_site_was_reached_at(owner_client, entry, settings):
    settings.ALLOWED_HOSTS = ["scout.example.org", "testserver"]
    settings.SHORTLIST_SITE_URL = "http://localhost:8000"
    path = entry.researcher.get_absolute_url()
    body = owner_client.get(reverse("shortlist:export_csv"), HTTP_HOST="scout.example.org",
                            secure=True).content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["profile_url"] == f"https://scout.example.org{path}"
    data = json.loads(owner_client.get(reverse("shortlist:export_json"), HTTP_HOST="scout.example.org").content)
    assert data["entries"][0]["profile_url"] == f"http://scout.example.org{path}"


def test_an_import_names_every_bad_cell_and_imports_nothing(owner):
    ResearcherFactory(name="Ada Lovelace")
    ResearcherFactory(name="Grace Hopper")
    raw = b"name,status,priority,follow_up_on\nAda Lovelace,maybe,high,2030-01-01\nGrace Hopper,contacted,urgent,next week\n"
    with pytest.raises(ImportFileError) as caught:
        shortlist_import_csv(user=owner, raw=raw)
    problems = caught.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("Row 2, column “status”: “maybe”")
    assert problems[1].startswith("Row 3, column “priority”: “urgent”")
    assert problems[2].startswith("Row 3, column “follow_up_on”: “next week”")
    assert "3 cells" in str(caught.value) and "nothing was imported" in str(caught.value)
    assert not ShortlistEntry.objects.filter(user=owner).exists()


def test_the_import_page_lists_every_bad_cell_and_says_what_it_imports(owner_client):
    page = owner_client.get(reverse("shortlist:import")).content.decode()
    assert "Import a CSV of names" not in page
    assert "status" in page and "notes" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("s.csv", b"name,status,priority\nAda Lovelace,maybe,urgent\n", content_type="text/csv")
    response = owner_client.post(reverse("shortlist:import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "“maybe” is not a status" in html and "“urgent” is not low, normal or high" in html
