"""One staleness rule everywhere (profiles/freshness.py): a capture is stale when it is more
than CAPTURE_STALE_DAYS older than the catalogue's newest capture, on /matches/ as on the
researcher page and in the admin; not when the whole catalogue was captured a while ago."""
import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.matching import ApplicantProfileFactory
from tests.journeys.seeds import seeds_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_in():
    client = Client()
    client.force_login(ApplicantProfileFactory(
        interests="optimization for machine learning, bilevel optimization, min-max games, language models").user)
    return client


def test_matches_do_not_call_the_catalogues_newest_captures_stale(client_in, seeds_dir, settings):
    settings.CAPTURE_STALE_DAYS = 180  # the seeds' newest capture is older than that by now
    seeds_import(seeds_dir)
    html = client_in.get(reverse("matching:matches")).content.decode()
    assert "match-row" in html
    assert "capture is stale" not in html


def test_a_profile_left_behind_by_the_catalogue_is_stale_on_matches_and_its_page(client_in, seeds_dir, settings):
    settings.CAPTURE_STALE_DAYS = 30
    seeds_import(seeds_dir)  # 004 (2025-12-10) is 161 days behind the newest (2026-05-20)
    manifest = json.loads((seeds_dir / "captures.json").read_text())
    behind = sorted(p for p in manifest if p.startswith("004"))[0]
    html = client_in.get(reverse("matching:matches")).content.decode()
    from profiles.models import Capture

    researcher = Capture.objects.get(filename=behind).researcher
    row = html[html.index(researcher.name):]
    row = row[:row.find("match-row")] if "match-row" in row else row
    assert "capture is stale" in row
    page = client_in.get(researcher.get_absolute_url()).content.decode()
    assert "stale" in page.lower()
    newest = Capture.objects.get(captured_on=dt.date(2026, 5, 20)).researcher
    newest_row = html[html.index(newest.name):]
    newest_row = newest_row[:newest_row.find("match-row")]
    assert "capture is stale" not in newest_row
