"""demo_setup: a seed summary that reads as success, and one password kept from run to run."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from applicants.management.commands import demo_setup

pytestmark = pytest.mark.django_db


def _run(**options):
    out = io.StringIO()
    call_command("demo_setup", stdout=out, **options)
    return out.getvalue()


def test_the_seed_summary_reads_as_success_and_the_password_stays_the_same(tmp_path, monkeypatch, settings):
    settings.DEMO_PASSWORD = ""
    monkeypatch.setattr(demo_setup, "PASSWORD_FILE", tmp_path / "demo-password")
    first = _run()
    assert "Seeds imported: 4 captures (4 researchers); 1 Daily Papers list awaits assignment in the admin" in first
    assert "not imported" not in first.lower()
    password = (tmp_path / "demo-password").read_text().strip()
    assert "The password stays the same each run" in first.rstrip().splitlines()[-2]  # printed last
    assert f"password: {password}" in first
    second = _run()
    assert f"password: {password}" in second  # the same password on the second run
    assert get_user_model().objects.get(username="demo").check_password(password)


def test_demo_password_from_the_environment_wins(tmp_path, monkeypatch, settings):
    settings.DEMO_PASSWORD = "correct-horse"
    monkeypatch.setattr(demo_setup, "PASSWORD_FILE", tmp_path / "demo-password")
    assert "password: correct-horse" in _run()
    assert not (tmp_path / "demo-password").exists()
