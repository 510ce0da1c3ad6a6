"""The site's "Add a department": paste the faculty page, see who it lists with their roles, add
the ticked roles in the background, follow each person and choose between namesakes. The
worker's part runs here through the service its task calls, against the local fake OpenAlex of
real recorded Bangor University authors."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from profiles.models import DepartmentImport, DepartmentMember, Researcher
from profiles.services import department_run
from profiles.sources import SourceClient
from tests.fixtures.sources import SOURCES_DIR

pytestmark = pytest.mark.django_db

PAGE_TEXT = (SOURCES_DIR / "openalex_bangor" / "bangor_cs_people.txt").read_text()




@pytest.fixture
def curator(client):
    user = get_user_model().objects.create_user("curator", password="x", is_staff=True)
    client.force_login(user)
    return user


def _department_added_and_run(client, capture_on_commit):
    """The department page's faculty added through the site, then its job run on this thread."""
    with capture_on_commit():
        client.post(reverse("profiles:department_add"), {"text": PAGE_TEXT, "institution": "Bangor University",
                                                         "roles": ["faculty"], "action": "add"})
    job = DepartmentImport.objects.get()
    with SourceClient() as source_client:
        department_run(job_id=job.pk, client=source_client)
    return job


def test_a_curator_adds_a_department_from_the_site(client, curator, fake_openalex, django_capture_on_commit_callbacks):
    add = reverse("profiles:department_add")
    assert "Paste its faculty page" in client.get(reverse("profiles:researcher_add")).content.decode()
    read = client.post(add, {"text": PAGE_TEXT, "institution": "Bangor University", "roles": ["faculty"],
                             "action": "read"})
    page = read.content.decode()
    assert read.status_code == 200 and "The page lists 6 people" in page and "5 faculty, 1 staff" in page
    assert '<tr data-role="staff" class="muted">' in page and "Add the ticked roles" in page
    assert DepartmentImport.objects.count() == 0

    with django_capture_on_commit_callbacks() as sent:
        added = client.post(add, {"text": PAGE_TEXT, "institution": "Bangor University", "roles": ["faculty"],
                                  "action": "add"})
    job = DepartmentImport.objects.get()
    assert added.status_code == 302 and added["Location"] == reverse("profiles:department_progress", args=[job.pk])
    assert len(sent) == 1 and job.created_by == curator and job.members.count() == 5
    with SourceClient() as source_client:
        department_run(job_id=job.pk, client=source_client)

    progress = client.get(added["Location"]).content.decode()
    assert 'data-state="done"' in progress and "5 of 5 resolved; 3 added" in progress
    roberts = Researcher.objects.get(name="Jonathan C. Roberts")
    assert f'<a href="{roberts.get_absolute_url()}">Jonathan Roberts</a>' in progress
    butcher = DepartmentMember.objects.get(job=job, name="Peter Butcher")
    assert f'name="member" value="{butcher.pk}"' in progress and 'value="A5032473299"' in progress
    assert "Peter Butcher" not in client.get(added["Location"] + "?role=staff").content.decode()
    # htmx polls only the progress section
    fragment = client.get(added["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="department-progress"')

    chosen = client.post(reverse("profiles:department_choose", args=[job.pk]),
                         {"member": butcher.pk, "profile": "A5032473237"})
    assert chosen.status_code == 302
    butcher.refresh_from_db()
    assert butcher.outcome == "imported" and butcher.researcher.name == "Peter Butcher"


def test_a_choice_not_offered_is_refused_with_a_message(client, curator, fake_openalex, django_capture_on_commit_callbacks):
    job = _department_added_and_run(client, django_capture_on_commit_callbacks)
    butcher = DepartmentMember.objects.get(job=job, name="Peter Butcher")
    response = client.post(reverse("profiles:department_choose", args=[job.pk]),
                           {"member": butcher.pk, "profile": "A5009341822"})
    assert response.status_code == 400
    assert "A5009341822 is not one of the profiles offered for Peter Butcher" in response.content.decode()


@pytest.mark.parametrize(("text", "message"), [
    ("", "Paste the text of the department&#x27;s People or Faculty page"),
    ("People\n\nNobody is listed here yet.\n", "errorlist"),
])
def test_bad_pages_get_a_message_and_nothing_is_stored(client, curator, text, message):
    response = client.post(reverse("profiles:department_add"), {"text": text, "institution": "Bangor University",
                                                                "action": "read"})
    assert response.status_code == 400 and message in response.content.decode()
    assert DepartmentImport.objects.count() == 0


def test_what_an_applicant_adds_waits_for_a_curator_and_published_records_keep_their_fields(
        client, fake_openalex, django_capture_on_commit_callbacks):
    published = Researcher.objects.create(name="Panagiotis D. Ritsos", name_key="panagiotis d ritsos",
                                          slug="ritsos", title="Reader in Visualisation")
    applicant = get_user_model().objects.create_user("applicant", password="x")
    client.force_login(applicant)
    assert "Paste its faculty page" in client.get(reverse("profiles:researcher_add")).content.decode()
    job = _department_added_and_run(client, django_capture_on_commit_callbacks)
    roberts = Researcher.objects.get(name="Jonathan C. Roberts")
    assert not roberts.published and roberts.proposed_by == applicant  # waits for a curator
    assert roberts.title == "Professor of Visualisation"  # the page describes what it proposes
    published.refresh_from_db()
    assert published.published and published.title == "Reader in Visualisation"  # not the applicant's page
    assert DepartmentMember.objects.get(job=job, name="Panagiotis Ritsos").researcher == published
    page = client.get(reverse("profiles:department_progress", args=[job.pk])).content.decode()
    assert "5 of 5 resolved; 3 added" in page
    # Another applicant cannot follow it
    client.force_login(get_user_model().objects.create_user("mallory", password="x"))
    assert client.get(reverse("profiles:department_progress", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("member", ["abc", "1.5", "99999999999999999999999", ""])
def test_a_member_that_is_not_a_number_is_a_404_not_a_server_error(client, curator, member):
    job = DepartmentImport.objects.create(created_by=curator, source="openalex", institution_name="Bangor University")
    response = client.post(reverse("profiles:department_choose", args=[job.pk]), {"member": member, "profile": "A1"})
    assert response.status_code == 404
