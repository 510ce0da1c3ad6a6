"""What an applicant clicks on "Add a researcher", in Debian's chromium, against the local
OpenAlex-like server: search a name, pick the right person, open their page; with and
without JavaScript."""
import pytest
from playwright.sync_api import expect

from profiles.models import Researcher
from tests.browser import log_in_as
from tests.factories.pages import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_a_name_pick_one_and_open_their_page(page, live_server, openalex_server):
    log_in_as(page, UserFactory(), live_server)
    page.goto(live_server.url + "/")
    page.click("text=Add a researcher")
    page.evaluate("window.__sameDocument = true")
    page.fill("#id_ref", "Mearman")
    page.select_option("#id_source", "openalex")
    page.click("button:text('Add')")
    candidates = page.locator("#result .candidates li")
    expect(candidates).to_have_count(8)
    expect(page.locator("#result")).to_contain_text("nothing was added")
    assert page.evaluate("window.__sameDocument") is True  # the result came in place (htmx)
    assert not Researcher.objects.exists()

    candidates.filter(has_text="Joseph Mearman").locator("button").click()
    # The server's first answer for the author is a 429: the retry after it is what lands here.
    expect(page.locator("#result .ok")).to_contain_text("papers added 9", timeout=20_000)
    page.click("text=Open Joseph Mearman’s page")
    expect(page.locator("h1")).to_contain_text("Joseph Mearman")
    expect(page.locator(".paper-list .paper")).to_have_count(9)


def test_the_form_works_without_javascript(page, live_server, openalex_server):
    page.context.close()
    context = page.context.browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    log_in_as(plain, UserFactory(), live_server)
    plain.goto(live_server.url + "/researchers/add/")
    plain.fill("#id_ref", "https://openalex.org/A5017898742")
    plain.click("button:text('Add')")
    expect(plain.locator("#result .ok")).to_contain_text("papers added 9", timeout=20_000)
    assert Researcher.objects.get().name == "Joseph Mearman"
