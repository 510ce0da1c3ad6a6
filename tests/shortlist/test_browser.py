"""What a user clicks, in Debian's chromium: save from the directory without a reload, then
move the entry on the board."""
import pytest

from shortlist.models import ShortlistEntry, Status
from tests.browser import log_in_as
from tests.factories.shortlist import ResearcherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(page, owner, live_server):
    log_in_as(page, owner, live_server)
    return page


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


def test_notes_pasted_without_typing_are_autosaved_too(page, owner):
    from shortlist.services import entry_save

    entry = entry_save(user=owner, researcher=ResearcherFactory(name="Mary Jackson"))
    page.goto(f"/shortlist/entries/{entry.pk}/")

    page.locator("#notes-text").fill("Pasted from my spreadsheet: met at NeurIPS.")  # no key pressed

    page.wait_for_selector("#notes-status >> text=Saved at")
    entry.refresh_from_db()
    assert entry.notes == "Pasted from my spreadsheet: met at NeurIPS."


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


def test_table_rows_save_without_javascript_too(page, owner, live_server):
    from playwright.sync_api import expect

    from shortlist.services import entry_save

    entry = entry_save(user=owner, researcher=ResearcherFactory(name="Annie Easley"))
    no_js = page.context.browser.new_context(base_url=live_server.url, java_script_enabled=False)
    no_js.add_cookies(page.context.cookies())
    tab = no_js.new_page()
    tab.goto("/shortlist/")
    tab.get_by_label("Status of Annie Easley").select_option("replied")
    tab.get_by_label("Tags of Annie Easley (comma-separated)").fill("rocket science")
    tab.locator(f"#row-{entry.pk}").get_by_role("button", name="Save").click()
    expect(tab.locator(".messages")).to_contain_text("Saved Annie Easley.")
    expect(tab.get_by_label("Status of Annie Easley")).to_have_value("replied")
    entry.refresh_from_db()
    assert entry.status == Status.REPLIED and [t.name for t in entry.tags.all()] == ["rocket science"]
    no_js.close()
