"""What a user clicks, in Debian's chromium: write a template with a live preview that shows an
error with its line as they type, then draft from the shortlist and see the checks."""

import pytest

from outreach.models import Draft, EmailTemplate
from tests.browser import log_in_as
from tests.factories.outreach import entry_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(page, applicant, live_server):
    log_in_as(page, applicant, live_server)
    return page


def test_live_preview_shows_errors_with_lines_then_the_draft(page, applicant, researcher):
    entry_for(applicant, researcher, personal_hook="Your sparse attention paper changed my plans.")
    page.goto("/outreach/templates/new/")
    page.wait_for_selector("#preview-body")  # rendered on load against the shortlisted researcher
    assert "Dear Professor Okafor" in page.inner_text("#preview-body")

    body = page.locator("textarea[name=body_source]")
    body.fill("Dear {{ researcher.salutation }},\n\n{{ researcher.email }}")
    body.press("End")
    page.wait_for_selector("#template-problem")
    assert "line 3" in page.inner_text("#template-problem").lower()

    body.fill("Dear {{ researcher.salutation }},\n{{ hook }}\n{{ applicant.name }}")
    body.press("End")
    page.wait_for_selector("#preview-body >> text=Your sparse attention paper changed my plans.")
    page.fill("input[name=name]", "Short and mine")
    page.get_by_role("button", name="Save template").click()
    page.wait_for_selector("text=Template “Short and mine” saved.")
    assert EmailTemplate.objects.filter(user=applicant, name="Short and mine").exists()

    page.goto(f"/outreach/drafts/new/?researcher={researcher.pk}")
    page.select_option("select[name=template]", label="Short and mine")
    page.get_by_role("button", name="Generate draft").click()
    page.wait_for_selector("#draft-body")
    assert "Your sparse attention paper changed my plans." in page.inner_text("#draft-body")
    assert Draft.objects.get().template_name == "Short and mine"


def test_pasted_template_updates_the_preview_without_a_key_press(page, applicant, researcher):
    page.goto("/outreach/templates/new/")
    page.wait_for_selector("#preview-body")

    page.locator("textarea[name=body_source]").fill("Dear {{ researcher.salutation }},\n\n{% if %}")

    page.wait_for_selector("#template-problem")
    assert "line 3" in page.inner_text("#template-problem").lower()
