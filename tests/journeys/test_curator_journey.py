"""A curator's first hour, in Debian's chromium with a real worker on the embedded broker: from
the site's Admin link, upload a batch with one bad file (the results, file by file), assign the
waiting capture to the existing record its typed name is close to, merge a duplicate, hide a
researcher, and re-import with a result per researcher. Every page on the way passes axe-core
with no serious or critical violation.

The upload shows its preview (what each file would import, entry by entry) before anything is
written; the curator then imports and sees the results file by file."""
import pytest

from datetime import date

from profiles.models import Capture, CaptureOutcome, ReimportJob, Researcher
from tests.browser import log_in_as
from tests.factories.matching import ApplicantProfileFactory, researcher_with_papers
from tests.factories.pages import ResearcherFactory

from .accessibility import assert_accessible

pytestmark = [pytest.mark.browser]


def _run_action(page, action: str) -> None:
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


@pytest.mark.broker
@pytest.mark.parametrize("broker", ["embedded"], indirect=True)
def test_upload_assign_merge_hide_and_reimport(journey_page, live_server, worker_process, admin_user, seeds_dir,
                                               tmp_path):
    from playwright.sync_api import expect

    page = journey_page
    existing = ResearcherFactory(name="Nikolai T. Mensah", affiliation="MIT")
    duplicate = ResearcherFactory(name="N. Mensah", affiliation="")

    # In through the site: staff see an Admin link; the index lists what curators use.
    page.goto("/accounts/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Admin", exact=True).click()
    expect(page.locator("#content")).to_contain_text("Researchers")
    for clutter in ("Access attempts", "Task results", "Clocked", "Solar"):
        expect(page.locator("#content")).not_to_contain_text(clutter)
    assert_accessible(page, "admin index")

    # Upload a batch with one empty file: it is named, the others go in.
    page.goto("/admin/profiles/capture/")
    page.get_by_role("link", name="Upload captures").click()
    assert_accessible(page, "upload page")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"")
    files = [str(next(seeds_dir.glob("000_*.txt"))), str(blank), str(next(seeds_dir.glob("003_*.txt")))]
    page.set_input_files("input[name=files]", files)
    page.click("input[type=submit][value=Preview]")
    # A profile page shows no date of its own: the day it was copied is asked, never assumed.
    expect(page.locator("#content")).to_contain_text("shows no date of its own")
    assert_accessible(page, "upload page asking for the capture date")
    page.fill("#id_captured_on", "2026-05-20")
    page.set_input_files("input[name=files]", files)
    page.click("input[type=submit][value=Preview]")
    expect(page.locator("#content")).to_contain_text("Nothing has been imported yet")
    expect(page.locator("#content")).to_contain_text("000_")
    assert Capture.objects.count() == 0  # a preview writes nothing
    assert_accessible(page, "upload preview")
    button = page.locator("button[name=action][value=import]")
    # What really happens to each file: the empty one is refused and never stored.
    expect(button).to_have_text(
        "Import 3 files (1 would be imported; 1 would be stored to wait for a curator; 1 is refused and would not be stored)")
    button.click()
    results = page.locator("ul.messagelist")
    expect(results).to_contain_text("Meisam Razaviyayn: papers added 6")
    expect(results).to_contain_text("blank.txt: NOT IMPORTED (empty): This capture is empty.")  # the name as given
    expect(results).to_contain_text("stored, but it names no single researcher")
    assert_accessible(page, "upload results")

    # Assign the waiting list: a close name offers the record already there; nothing is
    # created until the curator chooses.
    results.get_by_role("link", name="Say whose it is").click()
    expect(page.locator("#content")).to_contain_text("names no single researcher")
    expect(page.locator("#content")).not_to_contain_text("--researcher")
    assert_accessible(page, "assign page")
    page.fill("#id_researcher_name", "Nikolai Mensah")
    page.get_by_role("button", name="Assign and import").click()
    expect(page.locator("#content")).to_contain_text("A researcher with a close name is already in the catalogue")
    assert Researcher.objects.filter(name__icontains="Mensah").count() == 2
    assert_accessible(page, "assign page with suggestions")
    page.get_by_label("Nikolai T. Mensah (existing record, MIT)").check()
    page.locator("input[name=entries]").first.check()  # a Daily Papers list names no authors: tick theirs
    page.get_by_role("button", name="Assign and import").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Nikolai T. Mensah: papers added")
    waiting = Capture.objects.get(filename__startswith="003_")
    assert waiting.outcome == CaptureOutcome.IMPORTED and waiting.researcher_id == existing.pk
    assert_accessible(page, "researcher page in the admin")

    # Merge the duplicate into the record that now has the papers.
    page.goto("/admin/profiles/researcher/?q=Mensah")
    page.locator(f"input[name=_selected_action][value='{existing.pk}']").check()
    page.locator(f"input[name=_selected_action][value='{duplicate.pk}']").check()
    _run_action(page, "merge_selected")
    assert_accessible(page, "merge page")
    page.get_by_label("Keep Nikolai T. Mensah").check()
    page.get_by_role("button", name="Merge").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Merged N. Mensah into Nikolai T. Mensah")
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == existing.pk

    # Hide a researcher.
    page.goto("/admin/profiles/researcher/?q=Razaviyayn")
    page.locator("input[name=_selected_action]").first.check()
    _run_action(page, "hide_selected")
    expect(page.locator("ul.messagelist")).to_contain_text("Hid")
    assert Researcher.objects.get(name="Meisam Razaviyayn").hidden

    # Re-import everyone in the background: first no worker, then one, and a result per researcher.
    page.goto("/admin/profiles/researcher/")
    page.check("#action-toggle")
    _run_action(page, "reimport_selected")
    progress = page.locator("#job-progress")
    expect(progress).to_contain_text("no worker is running")
    assert_accessible(page, "re-import progress, waiting")
    worker_process()
    expect(progress.locator("[data-state]")).to_have_attribute("data-state", "finished", timeout=30_000)
    job = ReimportJob.objects.get()
    expect(progress.locator("tr[data-status=done]")).to_have_count(job.total)
    expect(progress.locator("tr[data-status=done]", has_text="Nikolai T. Mensah")).to_contain_text(
        "papers added 0")
    expect(progress.locator("tr[data-status=done]", has_text="Meisam Razaviyayn")).to_contain_text(
        "phdfit, Meisam Razaviyayn: papers added 0, updated 0, unchanged 6")
    assert_accessible(page, "re-import progress, finished")



def _shows(page, path: str, *, present=(), absent=()) -> None:
    """Open a public page: it answers 200 and shows (or no longer shows) these names."""
    from playwright.sync_api import expect

    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    for text in present:
        expect(page.locator("main")).to_contain_text(text)
    for text in absent:
        expect(page.locator("main")).not_to_contain_text(text)


DIRECTORY_PAGES = ("/", "/?sort=name", "/?sort=papers", "/?sort=recent", "/?sort=h_index")


def test_add_edit_hide_and_delete_researchers_while_every_page_stays_current(journey_page, live_server, admin_user,
                                                                            settings):
    from playwright.sync_api import expect

    # A catalogue "too large" to index in a request: /matches/ answers from a masked stand-in
    # while a worker would rebuild, and must still drop whoever the curator hides.
    settings.MATCH_INDEX_SYNC_MAX_PAPERS = 0
    page = journey_page
    bilevel = "Bilevel optimization picks data mixing weights."
    olga = researcher_with_papers([("Bilevel optimization for data mixing", bilevel, date(2026, 1, 5))],
                                  name="Olga Optimizer", affiliation="North University")
    researcher_with_papers([("Data mixing by bilevel optimization", bilevel, date(2025, 3, 1))],
                           name="Bruno Mixer", affiliation="South Institute")
    researcher_with_papers([("Bilevel hyperparameter search", bilevel, date(2024, 2, 1))], name="Carla Bilevel")
    ApplicantProfileFactory(user=admin_user, interests="bilevel optimization for data mixing")
    log_in_as(page, admin_user, live_server)
    visitor = page.context.browser.new_context(base_url=live_server.url).new_page()  # not signed in
    for path in DIRECTORY_PAGES:
        _shows(visitor, path, present=["Olga Optimizer"])
    # Every page seen once, so each is in the shared cache when the curator changes things.
    for path in DIRECTORY_PAGES:
        _shows(page, path, present=["Olga Optimizer", "Bruno Mixer"])
    _shows(page, "/matches/", present=["Olga Optimizer", "Bruno Mixer", "Carla Bilevel"])

    # Add a researcher by hand, then a namesake: two records, two addresses, a hint to merge.
    for affiliation in ("East College", "West College"):
        page.goto("/admin/profiles/researcher/add/")
        page.fill("#id_name", "Ana García")
        page.fill("#id_affiliation", affiliation)
        page.locator("input[name=_save]").click()
        expect(page.locator("ul.messagelist")).to_contain_text("was added successfully")
    expect(page.locator("ul.messagelist")).to_contain_text("The catalogue already lists Ana García")
    assert sorted(Researcher.objects.filter(name="Ana García").values_list("slug", flat=True)) == [
        "ana-garcia", "ana-garcia-2"]
    for path in DIRECTORY_PAGES:
        _shows(page, path, present=["Ana García", "East College", "West College", "Olga Optimizer"])

    # "View on site" from the admin opens her page.
    ana = Researcher.objects.get(slug="ana-garcia")
    page.goto(f"/admin/profiles/researcher/{ana.pk}/change/")
    with page.expect_navigation():
        page.get_by_role("link", name="View on site").click()
    expect(page.locator("main")).to_contain_text("East College")

    # Edit: Olga moved; her page and the directory say so at once.
    page.goto(f"/admin/profiles/researcher/{olga.pk}/change/")
    page.fill("#id_affiliation", "Moved University")
    page.locator("input[name=_save]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("was changed successfully")
    _shows(page, f"/researchers/{olga.slug}/", present=["Moved University"])
    _shows(page, "/?sort=name", present=["Moved University"], absent=["North University"])

    # Hide Olga: gone from the directory, her page and the matches.
    page.goto("/admin/profiles/researcher/?q=Olga")
    page.locator("input[name=_selected_action]").first.check()
    _run_action(page, "hide_selected")
    expect(page.locator("ul.messagelist")).to_contain_text("Hid 1 researcher")
    for path in DIRECTORY_PAGES:
        _shows(page, path, present=["Bruno Mixer"], absent=["Olga Optimizer"])
    _shows(page, "/matches/", present=["Bruno Mixer", "Carla Bilevel"], absent=["Olga Optimizer"])
    assert visitor.goto(f"/researchers/{olga.slug}/").status == 404
    for path in DIRECTORY_PAGES:
        _shows(visitor, path, present=["Ana García"], absent=["Olga Optimizer"])

    # Delete Bruno from his page, and the second Ana with the bulk action.
    bruno = Researcher.objects.get(name="Bruno Mixer")
    page.goto(f"/admin/profiles/researcher/{bruno.pk}/delete/")
    page.locator("#content form input[type=submit]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("was deleted successfully")
    page.goto("/admin/profiles/researcher/?q=West")
    page.locator("input[name=_selected_action]").first.check()
    _run_action(page, "delete_selected")
    page.locator("#content form input[type=submit]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Successfully deleted 1 researcher")

    for path in DIRECTORY_PAGES:
        _shows(page, path, present=["Ana García", "East College", "Carla Bilevel"],
               absent=["Bruno Mixer", "West College", "Olga Optimizer"])
    _shows(page, "/matches/", present=["Carla Bilevel"], absent=["Bruno Mixer", "Olga Optimizer"])
    assert page.goto(f"/researchers/{bruno.slug}/").status == 404
    for path in DIRECTORY_PAGES:
        _shows(visitor, path, present=["Ana García", "Carla Bilevel"], absent=["Bruno Mixer", "West College"])
