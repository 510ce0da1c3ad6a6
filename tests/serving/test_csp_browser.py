"""The Content-Security-Policy in a real browser: every main page, with its htmx updates, runs
without a single violation (an inline script, handler or style the policy does not allow)."""
import pytest
from django.contrib.auth import get_user_model

from outreach.models import EmailTemplate
from outreach.services import draft_create
from tests.browser import log_in_as
from tests.factories.outreach import entry_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records what the browser blocks; an init script runs outside the page's policy.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def watched(page):
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(WATCH)
    return page, console


def _violations(page, console):
    return page.evaluate("window.__csp") + console


def test_the_main_pages_and_their_htmx_updates_break_no_csp_rule(watched, live_server, applicant, researcher):
    page, console = watched
    entry = entry_for(applicant, researcher, personal_hook="Your sparse attention paper changed my plans.")
    draft = draft_create(user=applicant, researcher=researcher, entry=entry, template_key="default:first_contact")
    template = EmailTemplate.objects.create(user=applicant, name="Mine", subject_source="Hi", body_source="Hello")
    seen = {}

    def visit(url, then=None):
        response = page.goto(url)
        assert response.status == 200, url
        assert "nonce-" in response.headers["content-security-policy"], url
        if then:
            then()
        page.wait_for_load_state("networkidle")
        seen[url] = _violations(page, console)

    visit("/")  # anonymous directory
    log_in_as(page, applicant, live_server)

    def search():
        page.fill("input[name=q]", "sparse")
        page.wait_for_selector(f"text={researcher.name}")

    visit("/", search)
    visit(researcher.get_absolute_url())
    visit("/matches/")
    visit("/me/")
    visit("/shortlist/")
    visit("/shortlist/board/")
    visit(entry.get_absolute_url())
    visit("/outreach/")

    def preview():
        page.wait_for_selector("#preview-body")
        page.locator("textarea[name=body_source]").fill("Dear {{ researcher.salutation }},\n{{ hook }}")
        page.wait_for_selector("#preview-body >> text=Your sparse attention paper changed my plans.")

    visit(f"/outreach/templates/{template.pk}/", preview)

    def copy():
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.get_by_role("button", name="Copy text").click()
        assert "Dear Professor Okafor" in page.evaluate("navigator.clipboard.readText()")

    visit(draft.get_absolute_url(), copy)
    visit("/outreach/drafts/")
    assert {url: v for url, v in seen.items() if v} == {}


def test_the_curators_progress_page_breaks_no_csp_rule(watched, live_server, db):
    page, console = watched
    curator = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-123456789")
    log_in_as(page, curator, live_server)
    for url in ("/admin/", "/admin/profiles/researcher/", "/admin/profiles/capture/upload/"):
        assert page.goto(url).status == 200, url
        page.wait_for_load_state("networkidle")
    assert _violations(page, console) == []
