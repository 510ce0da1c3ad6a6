"""The researcher admin: search, filters, freshness flags, locks, hide, merge, background re-import."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from profiles.models import Capture, Paper, ReimportJob, Researcher
from profiles.selectors import researchers_visible
from profiles.services import researcher_reimport
from tests.factories.pages import (
    CaptureFactory,
    ResearcherFactory,
    UserFactory,
    author_of,
)
from tests.profiles.admin.conftest import change_form_data

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:profiles_researcher_changelist")


def test_search_finds_researchers_by_topic_and_affiliation(admin_client):
    ResearcherFactory(name="Ada Quantum", topics=["Quantum Computing"], affiliation="Qubit Institute")
    ResearcherFactory(name="Bo Vision", topics=["Computer Vision"], affiliation="Pixel College")

    by_topic = admin_client.get(CHANGELIST, {"q": "quantum computing"}).content.decode()
    by_place = admin_client.get(CHANGELIST, {"q": "pixel"}).content.decode()

    assert "Ada Quantum" in by_topic and "Bo Vision" not in by_topic
    assert "Bo Vision" in by_place and "Ada Quantum" not in by_place


def test_hidden_and_taking_students_filters(admin_client):
    ResearcherFactory(name="Shown Person", taking_students="yes")
    ResearcherFactory(name="Hidden Person", hidden=True)

    hidden = admin_client.get(CHANGELIST, {"hidden__exact": "1"}).content.decode()
    taking = admin_client.get(CHANGELIST, {"taking_students__exact": "yes"}).content.decode()

    assert "Hidden Person" in hidden and "Shown Person" not in hidden
    assert "Shown Person" in taking and "Hidden Person" not in taking


def test_stale_and_disagreeing_profiles_are_flagged_and_filterable(admin_client):
    old = ResearcherFactory(name="Old Capture")
    CaptureFactory(researcher=old, captured_on=timezone.localdate() - timedelta(days=400))
    split = ResearcherFactory(name="Two Places")
    CaptureFactory(researcher=split, parsed_affiliation="North University")
    CaptureFactory(researcher=split, parsed_affiliation="South University")
    fresh = ResearcherFactory(name="Fresh One")
    CaptureFactory(researcher=fresh)

    page = admin_client.get(CHANGELIST).content.decode()
    stale = admin_client.get(CHANGELIST, {"freshness": "stale"}).content.decode()
    disagree = admin_client.get(CHANGELIST, {"freshness": "disagree"}).content.decode()

    assert "STALE" in page and "sources disagree: affiliation" in page
    assert "Old Capture" in stale and "Fresh One" not in stale and "Two Places" not in stale
    assert "Two Places" in disagree and "Old Capture" not in disagree
    detail = admin_client.get(reverse("admin:profiles_researcher_change", args=[split.pk])).content.decode()
    assert "Sources disagree on affiliation" in detail and "North University" in detail


def test_waiting_capture_filter_lists_researchers_named_by_an_ambiguous_capture(admin_client):
    ResearcherFactory(name="Named Candidate")
    ResearcherFactory(name="Someone Else")
    CaptureFactory(researcher=None, outcome="ambiguous", candidates=["Named Candidate", "Unknown Person"])

    page = admin_client.get(CHANGELIST, {"waiting": "yes"}).content.decode()

    assert "Named Candidate" in page and "Someone Else" not in page


def test_editing_an_imported_field_locks_it_and_reimport_keeps_the_curators_value(admin_client, import_seed):
    result = import_seed("000")
    researcher = Researcher.objects.get(pk=result.researcher_id)
    imported_affiliation = researcher.affiliation
    url = reverse("admin:profiles_researcher_change", args=[researcher.pk])
    data = change_form_data(admin_client.get(url))
    data["affiliation"] = "Curated University"

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    researcher.refresh_from_db()
    assert researcher.locked_fields == ["affiliation"]
    researcher_reimport(researcher=researcher)
    researcher.refresh_from_db()
    assert researcher.affiliation == "Curated University" != imported_affiliation
    page = admin_client.get(url).content.decode()
    assert "Affiliation (locked)" in page and "imports leave it alone" in page


def test_releasing_a_lock_lets_the_next_reimport_restore_the_captured_value(admin_client, import_seed):
    result = import_seed("000")
    researcher = Researcher.objects.get(pk=result.researcher_id)
    imported_affiliation = researcher.affiliation
    Researcher.objects.filter(pk=researcher.pk).update(affiliation="Curated", locked_fields=["affiliation"])
    url = reverse("admin:profiles_researcher_change", args=[researcher.pk])
    data = change_form_data(admin_client.get(url))
    data["unlock_fields"] = ["affiliation"]

    assert admin_client.post(url, data).status_code == 302
    researcher.refresh_from_db()
    assert researcher.locked_fields == []
    researcher_reimport(researcher=researcher)
    researcher.refresh_from_db()
    assert researcher.affiliation == imported_affiliation


def test_curator_records_taking_students_and_contact_instructions_without_locking(admin_client):
    researcher = ResearcherFactory(name="Dana Mentor")
    url = reverse("admin:profiles_researcher_change", args=[researcher.pk])
    data = change_form_data(admin_client.get(url))
    data.update(taking_students="no", taking_students_note="lab website", taking_students_on="2026-05-01",
                contact_instructions="Apply through the program, do not email.",
                contact_instructions_source="lab website", contact_instructions_on="2026-05-01")

    assert admin_client.post(url, data).status_code == 302
    researcher.refresh_from_db()
    assert researcher.taking_students == "no" and researcher.taking_students_on.isoformat() == "2026-05-01"
    assert researcher.contact_instructions.startswith("Apply through the program")
    assert researcher.locked_fields == []


def test_taking_students_without_source_and_date_is_refused_with_a_reason(admin_client):
    researcher = ResearcherFactory(name="Eve Vague")
    url = reverse("admin:profiles_researcher_change", args=[researcher.pk])
    data = change_form_data(admin_client.get(url))
    data.update(taking_students="yes", contact_instructions="Use subject line [PhD 2027]")

    response = admin_client.post(url, data)

    errors = response.context["adminform"].form.errors
    assert response.status_code == 200
    assert "Say where this was stated" in errors["taking_students_source"][0]
    assert "Give the day it was stated" in errors["contact_instructions_on"][0]
    researcher.refresh_from_db()
    assert researcher.taking_students == "unknown" and researcher.contact_instructions == ""


def test_hide_action_removes_researcher_from_public_list(admin_client):
    researcher = ResearcherFactory()

    admin_client.post(CHANGELIST, {"action": "hide_selected", "_selected_action": [researcher.pk]})

    assert not researchers_visible().filter(pk=researcher.pk).exists()


def test_merge_action_moves_papers_captures_and_shortlist_entries_to_the_chosen_survivor(admin_client):
    from shortlist.models import ShortlistEntry

    keep = ResearcherFactory(name="Jane Q. Doe")
    gone = ResearcherFactory(name="Jane Doe", affiliation="")
    paper = author_of(gone)
    capture = CaptureFactory(researcher=gone)
    now = timezone.now()
    entry = ShortlistEntry.objects.create(user=UserFactory(), researcher=gone, saved_at=now, status_changed_at=now)
    selected = {"action": "merge_selected", "_selected_action": [keep.pk, gone.pk]}

    confirm = admin_client.post(CHANGELIST, selected)
    assert confirm.status_code == 200 and "Choose the record that survives" in confirm.content.decode()
    response = admin_client.post(CHANGELIST, {**selected, "post": "yes", "survivor": keep.pk})

    assert response.status_code == 302
    gone.refresh_from_db()
    entry.refresh_from_db()
    assert gone.merged_into == keep
    assert list(keep.papers.all()) == [paper]
    assert Capture.objects.get(pk=capture.pk).researcher == keep
    assert entry.researcher == keep


def test_merge_refusal_is_shown_as_an_admin_error(admin_client):
    survivor = ResearcherFactory()
    merged = ResearcherFactory(merged_into=survivor)
    other = ResearcherFactory()
    selected = {"action": "merge_selected", "_selected_action": [merged.pk, other.pk], "post": "yes",
                "survivor": other.pk}

    response = admin_client.post(CHANGELIST, selected, follow=True)

    assert "was already merged into" in response.content.decode()
    assert Researcher.objects.get(pk=other.pk).merged_into is None


def test_merge_needs_exactly_two_researchers(admin_client):
    ids = [ResearcherFactory().pk for _ in range(3)]

    response = admin_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": ids}, follow=True)

    assert "Select exactly two researchers to merge." in response.content.decode()


def test_reimport_action_runs_a_job_whose_progress_page_shows_it_finished(
    admin_client, import_seed, eager_celery, django_capture_on_commit_callbacks
):
    researchers = [Researcher.objects.get(pk=import_seed(p).researcher_id) for p in ("000", "002")]
    papers_before = Paper.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "reimport_selected", "_selected_action": [r.pk for r in researchers]})

    job = ReimportJob.objects.get()
    assert response.url == reverse("admin:profiles_reimportjob_progress", args=[job.pk])
    page = admin_client.get(response.url).content.decode()
    assert "Finished" in page and "2 done, 0 failed, 0 queued of 2" in page
    assert 'hx-trigger="every 1s"' not in page  # a finished job stops polling
    assert Paper.objects.count() == papers_before


def test_progress_fragment_polls_while_the_job_runs(admin_client):
    from profiles.models import ReimportJobItem

    researcher = ResearcherFactory()
    job = ReimportJob.objects.create(total=1)
    ReimportJobItem.objects.create(job=job, researcher=researcher)
    url = reverse("admin:profiles_reimportjob_progress", args=[job.pk])

    fragment = admin_client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert fragment.lstrip().startswith('<div id="job-progress"')
    assert f'hx-get="{url}"' in fragment and 'hx-trigger="every 1s"' in fragment
    assert "0 done, 0 failed, 1 queued of 1" in fragment
    assert "<html" not in fragment


def test_admin_actions_refuse_a_post_without_csrf_token(csrf_client):
    researcher = ResearcherFactory()

    response = csrf_client.post(CHANGELIST, {"action": "hide_selected", "_selected_action": [researcher.pk]})

    assert response.status_code == 403
    assert not Researcher.objects.get(pk=researcher.pk).hidden


def test_curated_contact_email_and_taking_students_link_and_note_survive_a_reimport(admin_client, client, import_seed):
    result = import_seed("000")
    researcher = Researcher.objects.get(pk=result.researcher_id)
    url = reverse("admin:profiles_researcher_change", args=[researcher.pk])
    form_page = admin_client.get(url).content.decode()
    assert 'name="contact_email"' in form_page and 'name="taking_students_note"' in form_page
    data = change_form_data(admin_client.get(url))
    data.update(contact_email="prof@example.edu", taking_students="yes",
                taking_students_source="https://example.edu/join", taking_students_note="said at the open day",
                taking_students_on="2026-05-01")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    researcher_reimport(researcher=researcher)
    researcher.refresh_from_db()
    assert researcher.contact_email == "prof@example.edu" and researcher.locked_fields == []
    assert (researcher.taking_students_source, researcher.taking_students_note) == (
        "https://example.edu/join", "said at the open day")
    page = client.get(researcher.get_absolute_url()).content.decode()
    assert '<a href="https://example.edu/join" rel="noopener noreferrer nofollow">https://example.edu/join</a> (said at the open day)' in page
    assert '<a href="mailto:prof@example.edu">prof@example.edu</a>' in page


def test_a_taking_students_source_that_is_not_a_web_address_is_refused_with_where_to_put_it(admin_client):
    researcher = ResearcherFactory(name="Nora Note")
    url = reverse("admin:profiles_researcher_change", args=[researcher.pk])
    data = change_form_data(admin_client.get(url))
    data.update(taking_students="yes", taking_students_source="javascript:alert(1)", taking_students_on="2026-05-01",
                contact_email="not an address")

    response = admin_client.post(url, data)

    errors = response.context["adminform"].form.errors
    assert "Enter a valid URL" in errors["taking_students_source"][0]
    assert "Enter a valid email address" in errors["contact_email"][0]
    researcher.refresh_from_db()
    assert researcher.taking_students == "unknown" and researcher.contact_email == ""
