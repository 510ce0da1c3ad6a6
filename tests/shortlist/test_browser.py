"""What a user clicks, in Debian's chromium: save from the directory without a reload, then
move the entry on the board."""
import pytest
from django.conf import settings
from django.test import Client

from shortlist.models import ShortlistEntry, Status

from .factories import ResearcherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(live_server, owner, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(owner)
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


def test_save_from_directory_flips_in_place_then_move_on_the_board(page, owner):
    researcher = ResearcherFactory(name="Katherine Johnson", affiliation="West Virginia State")
    page.goto("/")
    page.evaluate("window.__noReload = true")
    save = page.locator(f"form[action='/shortlist/save/{researcher.pk}/'] button")
    assert save.inner_text().strip() == "☆ Save"
    save.click()
    page.wait_for_selector(f"form[action='/shortlist/save/{researcher.pk}/'] button[aria-pressed='true']")
    assert page.evaluate("window.__noReload") is True
    assert ShortlistEntry.objects.filter(user=owner, researcher=researcher, removed_at__isnull=True).exists()

    page.goto("/shortlist/board/")
    page.evaluate("window.__noReload = true")
    page.get_by_role("button", name="Move Katherine Johnson forward").click()
    page.wait_for_selector("section[data-status='drafting'] >> text=Katherine Johnson")
    assert page.evaluate("window.__noReload") is True
    assert ShortlistEntry.objects.get(user=owner).status == Status.DRAFTING

    # Drag the card onto "Contacted".
    page.drag_and_drop(".board-card:has-text('Katherine Johnson')", "section[data-status='contacted']")
    page.wait_for_selector("section[data-status='contacted'] >> text=Katherine Johnson")
    assert ShortlistEntry.objects.get(user=owner).status == Status.CONTACTED


def test_notes_autosave_keeps_every_keystroke_across_saves(page, owner):
    from shortlist.services import entry_save

    entry = entry_save(user=owner, researcher=ResearcherFactory(name="Dorothy Vaughan"))
    page.goto(f"/shortlist/entries/{entry.pk}/")
    notes = page.locator("#notes-text")
    notes.press_sequentially("First thought.")
    page.wait_for_selector("#notes-status >> text=Saved at")
    notes.press_sequentially(" Second thought.")
    page.wait_for_function("document.querySelector('#notes-version').value === '2'")
    entry.refresh_from_db()
    assert entry.notes == "First thought. Second thought."
    assert "another tab" not in page.inner_text("#notes-status")


def test_two_tabs_editing_notes_get_the_conflict_chooser_not_a_silent_overwrite(page, owner):
    from shortlist.services import entry_save

    entry = entry_save(user=owner, researcher=ResearcherFactory(name="Mary Jackson"))
    other_tab = page.context.new_page()
    for tab in (page, other_tab):
        tab.goto(f"/shortlist/entries/{entry.pk}/")
    page.locator("#notes-text").press_sequentially("Tab one.")
    page.wait_for_selector("#notes-status >> text=Saved at")
    other_tab.locator("#notes-text").press_sequentially("Tab two.")
    other_tab.wait_for_selector(".conflict >> text=Tab one.")
    other_tab.locator("#notes-text").press_sequentially(" More.")  # typing on must not overwrite either
    other_tab.wait_for_selector(".conflict .mine >> text=Tab two. More.")
    entry.refresh_from_db()
    assert entry.notes == "Tab one."
    other_tab.get_by_role("button", name="Keep both").click()
    other_tab.wait_for_selector("#notes-status >> text=Saved.")
    entry.refresh_from_db()
    assert entry.notes == "Tab one.\n\nTab two. More."
