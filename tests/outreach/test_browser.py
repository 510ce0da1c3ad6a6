"""What a user clicks, in Debian's chromium: write a template with a live preview that shows an
error with its line as they type, then draft from the shortlist and see the checks."""
import os

import pytest
from django.conf import settings
from django.test import Client

from outreach.models import Draft, EmailTemplate

from .factories import entry_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(live_server, applicant):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(applicant)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url)
        context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }])
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        browser.close()


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
