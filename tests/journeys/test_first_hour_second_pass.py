"""The first hour, second pass (issue 22): what a newcomer typed is never lost, and what they
read is plain words. Each step in Debian's chromium, with axe-core on every page it checks."""
import pytest
from django.contrib.auth import get_user_model

from tests.browser import log_in_as

from .accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cv_upload_keeps_what_was_typed_in_the_profile(journey_page, live_server, tmp_path):
    from playwright.sync_api import expect

    page = journey_page
    user = get_user_model().objects.create_user("typist", password="a-long-passphrase-here")
    log_in_as(page, user, live_server)
    page.goto("/me/")
    page.fill("#id_full_name", "Ada Newcomer")
    page.fill("#id_program", "PhD in Computer Science, Fall 2027")
    page.fill("#id_interests", "speculative decoding for large language models")
    page.fill("#id_methods", "PyTorch, Bayesian optimization")
    cv = tmp_path / "ada-cv.txt"
    cv.write_text("Ada Newcomer\nMSc Computer Science\nThesis: adaptive data mixing.\n")
    page.set_input_files("#id_cv", str(cv))
    page.get_by_role("button", name="Upload and read").click()

    expect(page.locator(".messages")).to_contain_text("“ada-cv.txt”")
    expect(page.locator("#id_full_name")).to_have_value("Ada Newcomer")
    expect(page.locator("#id_program")).to_have_value("PhD in Computer Science, Fall 2027")
    expect(page.locator("#id_interests")).to_have_value("speculative decoding for large language models")
    expect(page.locator("#id_methods")).to_have_value("PyTorch, Bayesian optimization")
    expect(page.locator("#id_cv_text")).to_contain_text("adaptive data mixing")
    assert_accessible(page, "profile page after a CV upload")


def test_offline_a_name_leads_to_pasting_the_page_text_previewed_then_imported(
        journey_page, live_server, seeds_dir, settings):
    from playwright.sync_api import expect

    from profiles.models import Researcher

    settings.OPENALEX_URL = "http://127.0.0.1:9"  # nothing listens there: the sources are offline
    settings.SOURCES_MAX_RETRIES = 0
    page = journey_page
    log_in_as(page, get_user_model().objects.create_user("offline", password="a-long-passphrase-here"), live_server)
    page.goto("/researchers/add/")
    page.fill("#id_ref", "Meisam Razaviyayn")
    page.get_by_role("button", name="Add").click()
    result = page.locator("#result")
    expect(result).to_contain_text("Searched OpenAlex for “Meisam Razaviyayn”")
    expect(result).not_to_contain_text("--source")
    assert_accessible(page, "add a researcher, offline")
    result.get_by_role("link", name="Paste the page text instead").click()

    page.fill("#id_text", (seeds_dir / "000_e21337452ddc9eb7.txt").read_text(encoding="utf-8"))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview")).to_contain_text("Nothing has been imported yet")
    assert not Researcher.objects.exists()
    assert_accessible(page, "pasted page preview")
    page.get_by_role("button", name="Import").click()
    page.get_by_role("link", name="Open Meisam Razaviyayn’s page").click()
    expect(page.locator("h1")).to_contain_text("Meisam Razaviyayn")


def test_a_long_author_list_reads_name_and_n_more_with_a_space(journey_page, live_server, seeds_dir):
    import re

    from profiles.models import Researcher

    from .seeds import seeds_import

    page = journey_page
    seeds_import(seeds_dir)
    for researcher in Researcher.objects.all():
        page.goto(researcher.get_absolute_url())
        lists = page.locator(".authors", has=page.locator(".more-authors"))
        if lists.count():
            text = lists.first.inner_text()
            assert re.search(r"[^\W\d_],? and \d+ more", text), repr(text)
            return
    raise AssertionError("no seed paper has a long author list")


def test_a_researcher_hidden_after_saving_says_so_and_leads_back_to_the_entry(journey_page, live_server):
    from playwright.sync_api import expect

    from tests.factories.outreach import ResearcherFactory, entry_for

    page = journey_page
    user = get_user_model().objects.create_user("saver", password="a-long-passphrase-here")
    researcher = ResearcherFactory(name="Chidi Okafor", slug="chidi-okafor", hidden=True)
    entry = entry_for(user, researcher, notes="Met at NeurIPS")
    log_in_as(page, user, live_server)
    page.goto(entry.get_absolute_url())
    page.locator("h1").get_by_role("link", name="Chidi Okafor").click()
    expect(page.locator("h1")).to_contain_text("profile hidden")
    expect(page.locator("main")).to_contain_text("A curator hid this profile")
    assert_accessible(page, "hidden researcher page")
    page.get_by_role("link", name="Your shortlist entry").click()
    expect(page.locator("#id_notes, textarea[name='notes']").first).to_have_value("Met at NeurIPS")


def _csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return errors


def test_skip_link_paper_links_and_no_csp_refusals(journey_page, live_server, seeds_dir, settings):
    from playwright.sync_api import expect

    from applicants.models import ApplicantProfile
    from profiles.models import Researcher
    from shortlist.services import entry_save

    from .seeds import seeds_import

    page = journey_page
    errors = _csp_errors(page)
    settings.CAPTURE_STALE_DAYS = 30  # one seed profile is flagged stale in the admin's list
    seeds_import(seeds_dir)
    user = get_user_model().objects.create_user("curator", password="a-long-passphrase-here",
                                                is_staff=True, is_superuser=True)
    ApplicantProfile.objects.create(user=user, interests="bilevel optimization, min-max games, language models")
    log_in_as(page, user, live_server)

    # The first Tab on any page offers to skip the navigation.
    page.goto("/matches/")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert focused[0] == "Skip to content"
    target = focused[1]
    page.keyboard.press("Enter")
    assert page.evaluate(f"document.querySelector('{target}') !== null")

    # A match card's papers are links to the papers.
    first_paper = page.locator("#results .match-row").first.locator(".reasons a.paper-title").first
    expect(first_paper).to_be_visible()
    assert first_paper.get_attribute("href")

    # Pages that used inline styles answer without a single CSP refusal.
    entry = entry_save(user=user, researcher=Researcher.objects.order_by("pk").first())
    page.goto(entry.get_absolute_url())
    expect(page.locator("h1")).to_be_visible()
    page.get_by_role("button", name="Contacted").click()
    expect(page.locator(".current-status")).to_have_text("Contacted")
    page.fill("#notes-text", "Wrote on Monday")
    expect(page.locator("#notes-status")).to_contain_text("Saved at")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#details-block")).to_contain_text("Saved.")
    page.goto("/admin/profiles/researcher/")
    expect(page.locator("#result_list")).to_contain_text("STALE")
    from profiles.models import Capture

    page.goto(f"/admin/profiles/capture/{Capture.objects.order_by('pk').first().pk}/change/")
    expect(page.locator("pre.raw-capture")).to_be_visible()
    page.wait_for_timeout(300)
    assert errors == []


def test_the_captures_list_fits_1280_pixels_with_the_pending_task_in_view(journey_page, live_server, seeds_dir):
    from playwright.sync_api import expect

    from .seeds import seeds_import

    page = journey_page
    page.set_viewport_size({"width": 1280, "height": 800})
    seeds_import(seeds_dir)
    curator = get_user_model().objects.create_user("curator", password="a-long-passphrase-here",
                                                   is_staff=True, is_superuser=True)
    log_in_as(page, curator, live_server)
    page.goto("/admin/profiles/capture/")
    assign = page.get_by_role("link", name="Assign to a researcher…")
    expect(assign).to_be_visible()
    box = assign.bounding_box()
    assert box["x"] + box["width"] <= 1280, f"the Assign link ends at {box['x'] + box['width']:.0f} px"
    for header in ("Outcome", "Warnings"):
        cell = page.locator("#result_list thead th", has_text=header)
        right = cell.bounding_box()["x"] + cell.bounding_box()["width"]
        assert right <= 1280, f"“{header}” ends at {right:.0f} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, "the page scrolls sideways"
    assert_accessible(page, "captures list at 1280 px")


def test_a_template_in_plain_words_with_chips_then_its_jinja_with_line_numbers(journey_page, live_server):
    from playwright.sync_api import expect

    from outreach.models import EmailTemplate
    from tests.factories.outreach import ProfileFactory, ResearcherFactory, paper_by

    page = journey_page
    user = get_user_model().objects.create_user("writer", password="a-long-passphrase-here")
    ProfileFactory(user=user, full_name="Ada Lovelace")
    researcher = ResearcherFactory(name="Chidi Okafor", slug="chidi-okafor", affiliation="Northfield University")
    paper_by(researcher, title="Sparse Attention for Long Context Transformers")
    log_in_as(page, user, live_server)
    page.goto("/outreach/templates/new/")
    expect(page.get_by_label("Greeting")).to_have_value("Dear [Greeting name],")
    assert_accessible(page, "plain template editor")
    intro = page.get_by_label("Introduction")
    intro.fill("I am writing from far away, near ")
    intro.press("End")
    page.get_by_role("button", name="Their institution").click()
    expect(intro).to_have_value("I am writing from far away, near [Their institution]")
    expect(page.locator("#preview-body")).to_contain_text("near Northfield University")
    page.get_by_label("Name").fill("Plain and mine")
    page.get_by_role("button", name="Save template").click()
    expect(page.locator(".messages")).to_contain_text("Plain and mine")
    tpl = EmailTemplate.objects.get(name="Plain and mine")
    assert "{{ researcher.institution }}" in tpl.body_source

    # The Jinja behind it, with line numbers; a condition left open is said in words.
    page.goto(f"/outreach/templates/{tpl.pk}/?mode=jinja")
    gutter = page.locator(".line-gutter")
    expect(gutter).to_contain_text("1\n2\n3")
    body = page.locator("textarea[name=body_source]")
    body.fill("Dear {{ researcher.salutation }},\n{% if hook %}\n{{ hook }}\n\nBest,\nAda")
    expect(page.locator("#template-problem")).to_contain_text("opened on line 2 is never closed: add {% endif %}")
    expect(gutter).to_contain_text("6")
    assert_accessible(page, "Jinja view with a problem")
