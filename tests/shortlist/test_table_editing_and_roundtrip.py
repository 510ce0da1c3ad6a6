"""What a newcomer expects of the shortlist: the table is editable in place (with and without
JS), every change is in the timeline, a re-imported export round-trips, links in the export are
clickable, one score reads the same everywhere, Remove asks first and can be undone, and bulk
drafting leaves statuses alone."""
import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from config.fragments import CSRF_HOLE_PREFIX
from outreach.services import bulk_job_create, bulk_job_run, draft_create
from profiles.services import curated_edit_save
from shortlist.exceptions import ImportFileError
from shortlist.models import EventKind, Notice, ShortlistEntry, Status
from shortlist.services import (
    entry_details_update,
    entry_notes_save,
    entry_save,
    shortlist_import_csv,
    shortlist_notify_new_papers,
)

from tests.factories.shortlist import PaperFactory, ResearcherFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def entry(owner):
    return entry_save(user=owner, researcher=ResearcherFactory(name="Grace Hopper", affiliation="Yale"))


def _row(**overrides):
    return {"status": "considering", "priority": "2", "tags": "", "follow_up_on": "", **overrides}


def test_table_row_edits_in_place_with_htmx(owner_client, entry):
    """htmx gets only the row's message: the inputs stay as the user left them."""
    page = owner_client.get(reverse("shortlist:list")).content.decode()
    assert f'aria-label="Status of Grace Hopper"' in page and f'hx-post="/shortlist/entries/{entry.pk}/row/"' in page
    response = owner_client.post(
        reverse("shortlist:entry_row", args=[entry.pk]),
        _row(status="contacted", priority="3", tags="compilers, navy", follow_up_on="2030-01-02"), **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<span class="row-status') and "Saved at" in html
    entry.refresh_from_db()
    assert entry.status == Status.CONTACTED and entry.priority == 3 and entry.follow_up_on == dt.date(2030, 1, 2)
    assert sorted(entry.tags.values_list("name", flat=True)) == ["compilers", "navy"]


def test_table_row_saves_without_js_and_returns_to_the_table(owner_client, entry):
    response = owner_client.post(reverse("shortlist:entry_row", args=[entry.pk]), _row(priority="1", next="/shortlist/?sort=name"))
    assert response.status_code == 302 and response["Location"] == "/shortlist/?sort=name"
    entry.refresh_from_db()
    assert entry.priority == 1


def test_a_bad_row_edit_says_what_is_wrong_and_changes_nothing(owner_client, entry):
    response = owner_client.post(reverse("shortlist:entry_row", args=[entry.pk]), _row(status="contacted", follow_up_on="next week"), **HTMX)
    assert "Enter the follow-up date as YYYY-MM-DD." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == Status.CONSIDERING


def test_tag_priority_and_follow_up_changes_are_in_the_timeline(owner_client, entry):
    entry_details_update(entry=entry, tags="robotics", priority=3, follow_up_on=dt.date(2030, 5, 1), personal_hook="")
    entry_details_update(entry=entry, tags="", priority=3, follow_up_on=dt.date(2030, 5, 1), personal_hook="")
    page = owner_client.get(reverse("shortlist:entry_detail", args=[entry.pk])).content.decode()
    assert "priority Normal → High" in page
    assert "tags added robotics" in page and "tags removed robotics" in page
    assert "follow-up none → 2030-05-01" in page
    assert entry.events.filter(kind=EventKind.DETAILS).count() == 2


def test_remove_asks_to_confirm_then_offers_undo(owner_client, entry):
    confirm = owner_client.get(reverse("shortlist:entry_remove", args=[entry.pk]))
    assert "Remove Grace Hopper from your shortlist?" in confirm.content.decode()
    entry.refresh_from_db()
    assert entry.removed_at is None  # asking is not removing
    response = owner_client.post(reverse("shortlist:entry_remove", args=[entry.pk]), follow=True)
    page = response.content.decode()
    assert "Removed Grace Hopper from your shortlist." in page and "Undo" in page
    owner_client.post(reverse("shortlist:entry_restore", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.removed_at is None
    assert "Grace Hopper" in owner_client.get(reverse("shortlist:list")).content.decode()


def test_reimporting_an_edited_export_round_trips_status_notes_and_details(owner_client, owner, entry):
    entry_notes_save(entry=entry, notes="-met at NeurIPS, = keen", base_version=0)
    exported = owner_client.get(reverse("shortlist:export_csv")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows[0]["profile_url"].startswith("http://") and rows[0]["profile_url"].endswith(entry.researcher.get_absolute_url())
    rows[0].update(status="Contacted", priority="high", tags="compilers", follow_up_on="2031-02-03")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    report = shortlist_import_csv(user=owner, raw=out.getvalue().encode())
    assert report.rows[0].updated == ["status", "tags", "priority", "follow-up"]
    entry.refresh_from_db()
    assert entry.status == Status.CONTACTED and entry.priority == 3 and entry.follow_up_on == dt.date(2031, 2, 3)
    assert entry.notes == "-met at NeurIPS, = keen"  # the export's formula guard is undone, not kept


def test_import_restores_notes_of_a_fresh_account(owner, entry):
    report = shortlist_import_csv(user=owner, raw=b"name,status,notes\nGrace Hopper,replied,Wrote back on Monday\n")
    entry.refresh_from_db()
    assert entry.status == Status.REPLIED and entry.notes == "Wrote back on Monday"
    assert "updated status, notes" in report.rows[0].message


def test_import_with_a_bad_status_names_the_row_and_imports_nothing(owner):
    ResearcherFactory(name="Ada Lovelace")
    with pytest.raises(ImportFileError, match="Row 3, column “status”: “maybe” is not a status"):
        shortlist_import_csv(user=owner, raw=b"name,status\nAda Lovelace,contacted\nGrace Hopper,maybe\n")
    assert not ShortlistEntry.objects.filter(user=owner).exists()


def test_match_score_reads_the_same_in_the_table_and_on_the_entry(owner_client, entry):
    ShortlistEntry.objects.filter(pk=entry.pk).update(match_score_at_save=0.575)
    table = owner_client.get(reverse("shortlist:list")).content.decode()
    detail = owner_client.get(reverse("shortlist:entry_detail", args=[entry.pk])).content.decode()
    assert "<td>0.58</td>" in table and "match score when saved 0.58" in detail


def test_bulk_drafting_leaves_statuses_alone_but_one_draft_moves_to_drafting(owner, entry, django_capture_on_commit_callbacks):
    other = entry_save(user=owner, researcher=ResearcherFactory(name="Ada Lovelace"))
    with django_capture_on_commit_callbacks(execute=False):
        job = bulk_job_create(user=owner, entry_status="considering", template_key="default:first_contact")
    bulk_job_run(job_id=job.pk)
    entry.refresh_from_db()
    other.refresh_from_db()
    assert entry.status == other.status == Status.CONSIDERING
    draft_create(user=owner, researcher=entry.researcher, entry=entry, template_key="default:first_contact")
    entry.refresh_from_db()
    assert entry.status == Status.DRAFTING


def test_the_cached_table_shows_every_change_at_once_and_only_to_its_owner(owner_client, stranger_client, owner, entry):
    """The page is kept in the cache under a fingerprint of the user's shortlist: each kind of
    change must show on the very next view."""
    table = reverse("shortlist:list")

    def page():
        return owner_client.get(table).content.decode()

    assert '<option value="considering" selected>' in page()
    owner_client.post(reverse("shortlist:entry_row", args=[entry.pk]), _row(status="contacted", tags="compilers"), **HTMX)
    assert '<option value="contacted" selected>' in page() and 'value="compilers"' in page()
    second = entry_save(user=owner, researcher=ResearcherFactory(name="Ada Lovelace"))
    assert "Ada Lovelace" in page()
    shortlist_notify_new_papers(researcher_id=second.researcher_id, paper_ids=[PaperFactory().pk])
    notice = Notice.objects.get(entry=second)
    assert f'id="notice-{notice.pk}"' in page() and '<span class="badge" title="Unread notices">1</span>' in page()
    owner_client.post(reverse("shortlist:notice_read", args=[notice.pk]))
    assert f'id="notice-{notice.pk}"' not in page() and 'title="Unread notices"' not in page()
    owner_client.post(reverse("shortlist:entry_remove", args=[second.pk]))
    assert "Ada Lovelace" not in page()
    # A curator renaming the researcher shows too (the catalogue version is in the key).
    researcher = entry.researcher
    researcher.name = "Grace Brewster Hopper"
    curated_edit_save(obj=researcher, changed={"name"}, release=set())
    assert "Grace Brewster Hopper" in page()
    # The page's CSRF token is the request's own, and another user never gets this page.
    assert CSRF_HOLE_PREFIX not in page()
    assert "Grace" not in stranger_client.get(table).content.decode()
