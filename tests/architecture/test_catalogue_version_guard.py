"""The suite-wide guard (tests/catalogue_version_guard.py) catches a committed catalogue write
that did not raise the catalogue version, and leaves correct writes and tests' own setup alone."""
import json

import pytest
from django.core.management import call_command
from django.db import transaction

from profiles.models import Researcher
from profiles.services import researcher_set_hidden
from tests.catalogue_version_guard import catalogue_version_guarded

pytestmark = [pytest.mark.django_db, pytest.mark.catalogue_version_unguarded("tests the guard itself")]


def test_a_command_that_writes_the_catalogue_without_raising_the_version_is_caught(monkeypatch, tmp_path):
    fixture = tmp_path / "researcher.json"
    fixture.write_text(json.dumps([{"model": "profiles.researcher", "pk": 7, "fields": {
        "name": "Loaded Person", "slug": "loaded-person", "name_key": "loaded person",
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}}]))

    with catalogue_version_guarded(monkeypatch) as guard:
        call_command("loaddata", str(fixture), verbosity=0)

    assert len(guard.violations) == 1 and "profiles_researcher" in guard.violations[0]


def test_a_rolled_back_write_is_not_caught(monkeypatch, tmp_path):
    fixture = tmp_path / "broken.json"
    fixture.write_text(json.dumps([{"model": "profiles.researcher", "pk": 7, "fields": {"name": None}}]))
    with catalogue_version_guarded(monkeypatch) as guard, pytest.raises(Exception):
        call_command("loaddata", str(fixture), verbosity=0)
    assert guard.violations == []


def test_services_that_raise_the_version_and_a_tests_own_setup_pass(monkeypatch):
    with catalogue_version_guarded(monkeypatch) as guard:
        person = Researcher.objects.create(name="Set Up", slug="set-up", name_key="set up")  # the test's own
        researcher_set_hidden(researcher=person, hidden=True)
        with transaction.atomic():
            researcher_set_hidden(researcher=person, hidden=False)
    assert guard.violations == []
