"""The admin's "Add a department": paste the page, see who it lists with their roles, add the
chosen roles in the background, follow each person's resolution and choose between namesakes.
The worker's part runs here through the same service the task calls, against the local fake
OpenAlex of real recorded Bangor University authors."""
import pytest
from django.urls import reverse

from profiles.importers.faculty_directory import parse_faculty_directory
from profiles.models import DepartmentImport, DepartmentMember, Researcher
from profiles.services import department_add, department_run
from profiles.sources import SourceClient
from tests.fixtures.sources import SOURCES_DIR

pytestmark = pytest.mark.django_db

PAGE_TEXT = (SOURCES_DIR / "openalex_bangor" / "bangor_cs_people.txt").read_text()




def test_a_curator_adds_a_department_and_chooses_between_namesakes(admin_client, fake_openalex, django_capture_on_commit_callbacks):
    add = reverse("admin:profiles_departmentimport_add")
    assert b"Read the page" in admin_client.get(add).content

    preview = admin_client.post(add, {"institution": "Bangor University", "source": "openalex", "text": PAGE_TEXT})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "The page lists 6 people" in page and "faculty (5)" in page and "staff (1)" in page
    assert '<tr data-role="staff">' in page and "School Administrator" in page
    assert DepartmentImport.objects.count() == 0  # a preview writes nothing
    token = preview.context["token"]

    with django_capture_on_commit_callbacks() as sent:  # the task is sent once committed; run it here instead
        response = admin_client.post(add, {"token": token, "roles": ["faculty"], "action": "add"})
    job = DepartmentImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:profiles_departmentimport_progress", args=[job.pk])
    assert len(sent) == 1 and job.status == "queued" and job.members.count() == 5

    waiting = admin_client.get(response["Location"]).content.decode()
    assert "no worker is running" in waiting
    with SourceClient() as client:
        department_run(job_id=job.pk, client=client)

    progress = admin_client.get(response["Location"])
    page = progress.content.decode()
    assert 'data-state="done"' in page and "5 of 5 resolved; 3 imported" in page
    butcher = DepartmentMember.objects.get(job=job, name="Peter Butcher")
    assert f'action="{reverse("admin:profiles_departmentimport_choose", args=[job.pk, butcher.pk])}"' in page
    assert 'value="A5032473299"' in page
    # Filter by role
    assert "Peter Butcher" not in admin_client.get(response["Location"] + "?role=staff").content.decode()

    chosen = admin_client.post(reverse("admin:profiles_departmentimport_choose", args=[job.pk, butcher.pk]),
                               {"profile": "A5032473237"})
    assert chosen.status_code == 302
    butcher.refresh_from_db()
    assert butcher.outcome == "imported" and butcher.researcher.name == "Peter Butcher"
    assert Researcher.objects.count() == 4


def test_the_form_refuses_a_page_that_lists_nobody_and_needs_one_page(admin_client, fake_openalex):
    add = reverse("admin:profiles_departmentimport_add")
    response = admin_client.post(add, {"institution": "Bangor University", "source": "openalex"})
    assert "Paste the page&#x27;s text or upload it as a file" in response.content.decode()
    response = admin_client.post(add, {"institution": "Bangor University", "source": "openalex",
                                       "text": "People\n\nNobody is listed here yet.\n"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert DepartmentImport.objects.count() == 0


def test_a_choice_not_offered_is_refused(admin_client, fake_openalex):
    with SourceClient() as client:
        report = department_add(raw=PAGE_TEXT.encode(), directory=parse_faculty_directory(PAGE_TEXT),
                                institution_name="Bangor University", client=client)
    butcher = DepartmentMember.objects.get(job_id=report.job_id, name="Peter Butcher")
    response = admin_client.post(reverse("admin:profiles_departmentimport_choose", args=[report.job_id, butcher.pk]),
                                 {"profile": "A5009341822"}, follow=True)
    assert "is not one of the profiles offered for Peter Butcher" in response.content.decode()
    butcher.refresh_from_db()
    assert butcher.outcome == "left" and butcher.researcher is None
