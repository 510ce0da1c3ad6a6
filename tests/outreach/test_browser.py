"""What a user clicks, in Debian's chromium: write a template with a live preview that shows an
error with its line as they type, then draft from the shortlist and see the checks."""
import re

import pytest
from playwright.sync_api import expect

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
    page.goto("/outreach/templates/new/?mode=jinja")
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
    page.goto("/outreach/templates/new/?mode=jinja")
    page.wait_for_selector("#preview-body")

    page.locator("textarea[name=body_source]").fill("Dear {{ researcher.salutation }},\n\n{% if %}")

    page.wait_for_selector("#template-problem")
    assert "line 3" in page.inner_text("#template-problem").lower()


def test_field_buttons_insert_fields_at_the_cursor_with_the_keyboard_and_save(page, applicant, researcher):
    entry_for(applicant, researcher, personal_hook="Your sparse attention paper changed my plans.")
    page.goto("/outreach/templates/new/?mode=jinja")
    page.wait_for_selector("#preview-body")
    body = page.locator("textarea[name=body_source]")
    body.fill("Dear ,\n\nThanks,\n")
    body.focus()
    body.evaluate("el => el.setSelectionRange(5, 5)")  # between "Dear " and ","
    # Keyboard only: Tab from the body to the first field button ("Greeting name"), Enter presses it.
    greeting = page.get_by_role("button", name="Greeting name")
    greeting.focus()
    page.keyboard.press("Enter")
    assert body.input_value().startswith("Dear {{ researcher.salutation }},")
    assert "Inserted “Greeting name” into the body." in page.inner_text("#field-status")
    # The cursor is back after the inserted field: the next field goes on from there.
    body.evaluate("el => el.setSelectionRange(el.value.length, el.value.length)")
    page.get_by_role("button", name="Your name").click()
    assert body.input_value().endswith("Thanks,\n{{ applicant.name }}")
    page.wait_for_selector("#preview-body >> text=Dear Professor Okafor,")
    assert "Ada Lovelace" in page.inner_text("#preview-body")

    # In the subject when that is where the user was.
    subject = page.locator("textarea[name=subject_source]")
    subject.fill("About ")
    subject.focus()
    page.get_by_role("button", name="Paper short name").click()
    assert subject.input_value() == "About {% if paper %}{{ paper.short_title }}{% endif %}"
    expect(page.locator("#preview-subject")).to_have_text("About Sparse Attention for Long Context Transformers")
    page.fill("input[name=name]", "Built with buttons")
    page.get_by_role("button", name="Save template").click()
    page.wait_for_selector("text=Template “Built with buttons” saved.")


def test_a_misspelt_field_is_an_error_in_the_preview_and_save_refuses_it(page, applicant, researcher):
    page.goto("/outreach/templates/new/?mode=jinja")
    page.wait_for_selector("#preview-body")
    page.locator("textarea[name=body_source]").fill("Hello\nDear {{ researcher.salutaton }},\n{{ applicant.name }}")
    page.wait_for_selector("#template-problem")
    problem = page.inner_text("#template-problem")
    assert "line 2" in problem.lower() and "salutaton" in problem and "salutation" in problem
    page.fill("input[name=name]", "Typo")
    page.get_by_role("button", name="Save template").click()
    page.wait_for_selector("[role=alert] >> text=salutaton")
    assert "line 2" in page.inner_text("[role=alert]").lower()
    assert not EmailTemplate.objects.filter(user=applicant, name="Typo").exists()


def test_copy_text_says_it_copied_and_the_draft_shows_what_to_fix(page, applicant, researcher):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    researcher.contact_instructions = "Email okafor@northfield.edu with “PhD 2027” in the subject."
    researcher.save()
    entry_for(applicant, researcher)  # no hook: the paper-question template keeps its placeholder
    page.goto(f"/outreach/drafts/new/?researcher={researcher.pk}")
    page.select_option("select[name=template]", value="default:paper_question")
    page.get_by_role("button", name="Generate draft").click()
    page.wait_for_selector("#draft-body")
    assert "Not ready to send" in page.inner_text("#draft-readiness")
    flags = page.inner_text("#flags")
    assert "[Write your question here" in flags and "Fix before sending" in flags
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", flags.replace("okafor@northfield.edu", ""))  # sentences, no codes
    assert page.inner_text("#draft-to") == "okafor@northfield.edu"
    assert page.get_attribute("#mailto-link", "href").startswith("mailto:okafor@northfield.edu?subject=")

    page.get_by_role("button", name="Copy text").click()
    page.wait_for_selector("#copy-status >> text=Copied")
    assert page.get_attribute("#copy-status", "aria-live") == "polite"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Subject: Question about your paper") and "Dear Professor Okafor" in copied
