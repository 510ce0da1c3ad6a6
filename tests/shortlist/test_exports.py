"""CSV export is safe to open in a spreadsheet; JSON carries the same fields."""
import csv
import io
import json

import pytest
from django.urls import reverse

from shortlist.exports import csv_safe
from shortlist.services import entry_details_update, entry_notes_save, entry_save
from tests.factories.shortlist import ResearcherFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(dangerous):
    assert csv_safe(dangerous) == "'" + dangerous


@pytest.mark.parametrize("harmless", ["Ada Lovelace", "a=b", "", "Zoë +1"])
def test_ordinary_cells_are_unchanged(harmless):
    assert csv_safe(harmless) == harmless


def test_csv_download_neutralises_formulas_from_names_and_notes(owner_client, owner):
    entry = entry_save(user=owner, researcher=ResearcherFactory(name="=cmd|'/c calc'!A1", affiliation="@evil"))
    entry_notes_save(entry=entry, notes="-10 points, +maybe", base_version=0)
    entry_details_update(entry=entry, tags="=tag", priority=3, follow_up_on=None, personal_hook="")
    response = owner_client.get(reverse("shortlist:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["name"] == "'=cmd|'/c calc'!A1"
    assert rows[0]["affiliation"] == "'@evil"
    assert rows[0]["notes"] == "'-10 points, +maybe"
    assert rows[0]["tags"] == "'=tag"
    assert rows[0]["priority"] == "high" and rows[0]["status"] == "considering"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_json_export_keeps_text_exact(owner_client, owner):
    entry = entry_save(user=owner, researcher=ResearcherFactory(name="Jürgen Schmidhuber"))
    entry_notes_save(entry=entry, notes="=not a formula here", base_version=0)
    data = json.loads(owner_client.get(reverse("shortlist:export_json")).content)
    assert data["entries"][0]["name"] == "Jürgen Schmidhuber"
    assert data["entries"][0]["notes"] == "=not a formula here"
