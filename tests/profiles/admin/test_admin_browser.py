"""What a curator clicks, in Debian's chromium with a real worker: re-import the seeds in the
background and watch the progress page finish by itself."""
import json
from datetime import date

import pytest

from profiles.models import ReimportJobItem, Researcher
from profiles.services import capture_import

pytestmark = [pytest.mark.browser, pytest.mark.broker]


@pytest.mark.parametrize("broker", ["embedded", "redis"], indirect=True)
def test_background_reimport_of_the_seeds_shows_progress_until_the_worker_finishes(
    page, live_server, worker_process, admin_user, seeds_dir
):
    from playwright.sync_api import expect

    manifest = json.loads((seeds_dir / "captures.json").read_text())
    for path in sorted(seeds_dir.glob("*.txt")):
        capture_import(raw=path.read_bytes(), filename=path.name,
                       captured_on=date.fromisoformat(manifest[path.name]["captured_on"]))
    researchers = Researcher.objects.count()
    assert researchers >= 2

    page.goto(live_server.url + "/admin/login/?next=/admin/profiles/researcher/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "reimport_selected")
    page.click("button[name=index]")

    # No worker yet: the job waits, and the page says why.
    expect(page.locator("#job-progress")).to_contain_text(f"0 done, 0 failed, {researchers} queued")
    expect(page.locator("#job-progress")).to_contain_text("no worker is running")
    url = page.url
    worker_process()

    expect(page.locator("#job-progress [data-state]")).to_have_attribute("data-state", "finished", timeout=30_000)
    expect(page.locator("#job-progress")).to_contain_text(f"{researchers} done, 0 failed, 0 queued")
    assert page.url == url  # htmx swapped the fragment; the page was not reloaded
    assert set(ReimportJobItem.objects.values_list("status", flat=True)) == {"done"}


@pytest.mark.parametrize("broker", ["embedded"], indirect=True)
def test_background_upload_lists_each_capture_until_the_worker_has_imported_them(
    page, live_server, worker_process, admin_user, seeds_dir
):
    from playwright.sync_api import expect

    from profiles.models import Capture

    page.goto(live_server.url + "/admin/login/?next=/admin/profiles/capture/upload/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    files = [str(next(seeds_dir.glob(f"{prefix}_*.txt"))) for prefix in ("000", "003")]
    page.set_input_files("input[name=files]", files)
    page.fill("#id_captured_on", "2026-05-20")  # the profile page shows no date of its own
    page.check("input[name=background]")
    page.click("input[type=submit][value=Preview]")
    expect(page.locator("body")).to_contain_text("Nothing has been imported yet")
    page.click("button[name=action][value=import]")

    progress = page.locator("#upload-progress")
    expect(progress).to_contain_text("0 imported, 0 awaiting assignment, 0 failed, 2 queued of 2")
    expect(progress).to_contain_text("no worker is running")
    url = page.url
    worker_process()

    expect(progress.locator("[data-state]")).to_have_attribute("data-state", "finished", timeout=30_000)
    expect(progress).to_contain_text("1 imported, 1 awaiting assignment, 0 failed, 0 queued of 2")
    expect(progress.locator("tr[data-outcome=imported]")).to_contain_text(Researcher.objects.get().name)
    assert page.url == url  # htmx swapped the fragment; the page was not reloaded
    assert Capture.objects.count() == 2
