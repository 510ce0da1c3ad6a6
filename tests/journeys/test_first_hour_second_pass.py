"""The first hour, second pass (issue 22): what a newcomer typed is never lost, and what they
read is plain words. Each step in Debian's chromium, with axe-core on every page it checks."""
import pytest
from django.contrib.auth import get_user_model

from tests.browser import log_in_as

from .accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cv_upload_keeps_what_was_typed_in_the_profile(journey_page, live_server, tmp_path):
    from playwright.sync_api import expect

    page = journey_page
    user = get_user_model().objects.create_user("typist", password="a-long-passphrase-here")
    log_in_as(page, user, live_server)
    page.goto("/me/")
    page.fill("#id_full_name", "Ada Newcomer")
    page.fill("#id_program", "PhD in Computer Science, Fall 2027")
    page.fill("#id_interests", "speculative decoding for large language models")
    page.fill("#id_methods", "PyTorch, Bayesian optimization")
    cv = tmp_path / "ada-cv.txt"
    cv.write_text("Ada Newcomer\nMSc Computer Science\nThesis: adaptive data mixing.\n")
    page.set_input_files("#id_cv", str(cv))
    page.get_by_role("button", name="Upload and read").click()

    expect(page.locator(".messages")).to_contain_text("“ada-cv.txt”")
    expect(page.locator("#id_full_name")).to_have_value("Ada Newcomer")
    expect(page.locator("#id_program")).to_have_value("PhD in Computer Science, Fall 2027")
    expect(page.locator("#id_interests")).to_have_value("speculative decoding for large language models")
    expect(page.locator("#id_methods")).to_have_value("PyTorch, Bayesian optimization")
    expect(page.locator("#id_cv_text")).to_contain_text("adaptive data mixing")
    assert_accessible(page, "profile page after a CV upload")
