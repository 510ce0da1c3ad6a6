"""An applicant's first hour, in Debian's chromium on the real seed catalogue: sign up, write a
profile with a CV, see matches, save three, edit them in the shortlist table, move one on the
board with the keyboard only, draft an email and download it as .eml. Every page on the way
passes axe-core with no serious or critical violation."""
import email
import email.policy
from pathlib import Path

import pytest

from shortlist.models import ShortlistEntry, Status

from .accessibility import assert_accessible
from .seeds import seeds_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-journey-passphrase"
CV = """Ada Newcomer
MSc Computer Science, 2026
Research: efficient reasoning in large language models; speculative decoding; data mixing
for multi-task learning; optimization for deep learning.
Thesis: adaptive data mixing under gradient conflicts.
"""


def _focus_by_tab(page, name_start: str, *, limit: int = 120) -> None:
    """Press Tab until the focused element's accessible label starts with ``name_start``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")
        if label and label.startswith(name_start):
            return
    raise AssertionError(f"Tab never reached a control labelled “{name_start}…”")


def test_sign_up_profile_matches_shortlist_board_and_draft(journey_page, live_server, seeds_dir, tmp_path):
    from playwright.sync_api import expect

    page = journey_page
    seeds_import(seeds_dir)

    # Sign up: the first run starts with the profile, and can be skipped.
    page.goto("/accounts/signup/")
    assert_accessible(page, "sign-up page")
    page.fill("#id_username", "newcomer")
    page.fill("#id_email", "ada@example.org")  # optional: the From of the .eml below
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    first_run = page.locator(".first-run")
    expect(first_run).to_contain_text("Step 1 of 2: your profile")
    expect(first_run.get_by_role("link", name="Skip for now")).to_be_visible()
    expect(page.locator("#weights-explained")).to_contain_text("need not add up to 100")
    assert_accessible(page, "first-run profile page")

    # A CV, read into the profile; the first run goes on after the upload.
    cv = tmp_path / "ada-cv.txt"
    cv.write_text(CV)
    page.set_input_files("#id_cv", str(cv))
    page.get_by_role("button", name="Upload and read").click()
    expect(page.locator(".messages")).to_contain_text("“ada-cv.txt”")
    expect(first_run).to_contain_text("Step 1 of 2")
    page.fill("#id_interests", "efficient reasoning with large language models, speculative decoding, data mixing")
    page.get_by_role("button", name="Save and see my matches").click()

    # Matches, then save three of them in place.
    expect(page.locator(".first-run")).to_contain_text("Step 2 of 2: your best matches")
    rows = page.locator("#results .match-row")
    expect(rows.nth(2)).to_be_visible()
    assert_accessible(page, "matches page")
    save = rows.first.locator("button.save-button")
    line = page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 20", save.element_handle())
    assert save.bounding_box()["height"] < 2 * line, "the Save button wraps onto two lines"
    saved = []
    for i in range(3):
        row = rows.nth(i)
        saved.append(row.locator(".researcher-name").inner_text().strip())
        row.locator("button.save-button").click()
        expect(row.locator("button.save-button")).to_have_text("★ Saved")

    # One of them up close: their page reads as a person would say it.
    rows.first.locator(".researcher-name").click()
    expect(page.locator("h1")).to_have_text(saved[0])
    expect(page.locator(".paper-list .authors").first).to_be_visible()
    assert_accessible(page, "researcher page")
    page.goto("/")
    assert_accessible(page, "directory")

    # The shortlist table: edit status, priority, tags and follow-up in place.
    page.get_by_role("link", name="Shortlist", exact=True).click()
    table_rows = page.locator("#shortlist-table tbody tr")
    expect(table_rows).to_have_count(3)
    assert_accessible(page, "shortlist table")
    first = saved[0]
    row = page.locator("#shortlist-table tbody tr", has=page.get_by_role("link", name=first, exact=True))
    row.get_by_label(f"Status of {first}").select_option("contacted")
    expect(row.locator(".row-status")).to_contain_text("Saved at")
    row.get_by_label(f"Priority of {first}").select_option(label="High")
    expect(row.get_by_label(f"Priority of {first}")).to_have_value("3")
    row.get_by_label(f"Tags of {first} (comma-separated)").fill("dream school, reasoning")
    row.get_by_label(f"Tags of {first} (comma-separated)").press("Tab")
    expect(row.get_by_label(f"Tags of {first} (comma-separated)")).to_have_value("dream school, reasoning")
    row.get_by_label(f"Follow up {first} on").fill("2030-01-15")
    expect(row.get_by_label(f"Follow up {first} on")).to_have_value("2030-01-15")
    expect(row.locator(".row-status")).to_contain_text("Saved at")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")  # the last save is in
    page.reload()
    expect(row.get_by_label(f"Status of {first}")).to_have_value("contacted")
    expect(row.get_by_label(f"Priority of {first}")).to_have_value("3")
    expect(row.get_by_label(f"Tags of {first} (comma-separated)")).to_have_value("dream school, reasoning")
    expect(row.get_by_label(f"Follow up {first} on")).to_have_value("2030-01-15")

    # The board, keyboard only: Tab to a card's arrow, Enter, and the focus follows the card.
    page.goto("/shortlist/board/")
    assert_accessible(page, "shortlist board")
    second = saved[1]
    _focus_by_tab(page, f"Move {second} forward")
    page.keyboard.press("Enter")
    expect(page.locator("section[data-status='drafting'] .board-card", has_text=second)).to_be_visible()
    expect(page.locator("#board-status")).to_have_text(f"{second} is now in Drafting.")
    page.keyboard.press("Enter")  # the focus stayed on the moved card's forward arrow
    expect(page.locator("section[data-status='contacted'] .board-card", has_text=second)).to_be_visible()
    expect(page.locator("#board-status")).to_have_text(f"{second} is now in Contacted.")
    assert ShortlistEntry.objects.get(researcher__name=second).status == Status.CONTACTED

    # A draft to the third, from the shortlist entry, downloaded as .eml.
    third = saved[2]
    page.goto("/shortlist/")
    page.get_by_role("link", name=third, exact=True).click()
    expect(page.locator("h1")).to_contain_text(third)
    assert_accessible(page, "shortlist entry page")
    page.get_by_role("link", name="Draft email").click()
    expect(page.locator("h1")).to_have_text(f"Draft an email to {third}")
    assert_accessible(page, "new draft page")
    page.get_by_role("button", name="Generate draft").click()
    subject = page.locator("#draft-subject")
    expect(subject).not_to_be_empty()
    subject_text = subject.inner_text().strip()
    surname = third.split()[-1]
    expect(page.locator("#draft-body")).to_contain_text(surname)
    assert_accessible(page, "draft page")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download .eml").click()
    eml = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".eml")
    message = email.message_from_bytes(eml, policy=email.policy.default)
    assert "ada@example.org" in str(message["From"])
    assert " ".join(str(message["Subject"]).split()) == " ".join(subject_text.split())
    assert surname in message.get_body(preferencelist=("plain",)).get_content()
