"""What a user clicks, in Debian's chromium: sign up, search the directory as you type, open a
researcher."""

import pytest

from tests.factories.pages import ResearcherFactory, author_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_search_as_you_type_and_open_a_researcher(page, live_server):
    from playwright.sync_api import expect

    ada = ResearcherFactory(
        name="Ada Lovelace", slug="ada-lovelace", affiliation="University of Oxford",
        topics=["Analytical engines"], title="Professor",
    )
    author_of(ada, title="<script>alert(1)</script> Notes on the engine")
    for name in ("Barbara Liskov", "Grace Hopper", "José García"):
        ResearcherFactory(name=name, affiliation="MIT", topics=["Programming languages"])
    requests_seen = []
    page.on("request", lambda r: requests_seen.append(r.url))

    page.goto(live_server.url + "/accounts/signup/?next=/")
    page.fill("#id_username", "applicant")
    page.fill("#id_password1", "a-long-test-passphrase")
    page.fill("#id_password2", "a-long-test-passphrase")
    page.click("button[type=submit]")
    expect(page.locator(".who")).to_have_text("applicant")
    page.get_by_role("link", name="Skip for now").click()  # the first run can wait

    rows = page.locator("#results .researcher-row")
    expect(rows).to_have_count(4)
    assert any("/static/django_htmx/htmx-2.min.js" in url for url in requests_seen)
    page.evaluate("window.__sameDocument = true")
    page.locator("#q").press_sequentially("garc", delay=30)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("José García")
    # The list narrowed in place: no page load, and the address bar carries the search.
    assert page.evaluate("window.__sameDocument") is True
    assert "q=garc" in page.url

    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("oxford", delay=30)
    expect(page.locator(".result-count")).to_contain_text("matching “oxford”")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ada Lovelace")
    page.screenshot(path="/tmp/directory.png", full_page=True)

    page.click("text=Ada Lovelace")
    expect(page).to_have_url(live_server.url + "/researchers/ada-lovelace/")
    expect(page.locator("h1")).to_have_text("Ada Lovelace")
    expect(page.locator(".paper-title").first).to_contain_text("<script>alert(1)</script> Notes on the engine")
