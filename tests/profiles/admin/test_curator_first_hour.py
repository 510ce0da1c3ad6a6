"""What a curator meets in the first hour: the way into the admin, an index of what they use,
lists edited as text, a batch upload with one bad file, an honest "is a worker running?",
per-researcher re-import results and an assign page that offers the record already there."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from profiles.models import Capture, CaptureOutcome, ReimportJob, Researcher, WorkerHeartbeat
from profiles.services import reimport_job_start, reimport_job_step
from tests.factories.pages import ResearcherFactory

from .conftest import change_form_data

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:profiles_capture_upload")


def _seed_file(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def test_staff_see_an_admin_link_in_the_site_nav_and_applicants_do_not(admin_client, client, django_user_model):
    assert 'href="/admin/">Admin</a>' in admin_client.get("/").content.decode()
    client.force_login(django_user_model.objects.create_user("applicant", password="x"))
    assert ">Admin</a>" not in client.get("/").content.decode()


def test_admin_index_lists_what_curators_use_only(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Researchers" in page and "Captures" in page and "Periodic tasks" in page
    for clutter in ("Access attempts", "Access logs", "Task results", "Group results", "Clocked", "Solar"):
        assert clutter not in page, clutter


def test_topics_coauthors_education_and_awards_are_edited_as_text(admin_client):
    researcher = ResearcherFactory(
        name="Meisam Razaviyayn", topics=["Optimization"], awards=["NSF CAREER, 2022"],
        coauthors=[{"name": "Zhi-Quan Luo", "shared_papers": 47, "affiliation": None}],
        education=[{"degree": "Ph.D.", "institution": "University of Minnesota"}],
    )
    url = reverse("admin:profiles_researcher_change", args=[researcher.pk])
    page = admin_client.get(url)
    html = page.content.decode()
    assert 'value="Optimization"' in html and "Zhi-Quan Luo; ; 47" in html and "Ph.D.; University of Minnesota" in html
    data = change_form_data(page)
    admin_client.post(url, data)  # unchanged text must not lock anything
    researcher.refresh_from_db()
    assert researcher.locked_fields == []
    data.update(topics="Optimization, Machine Learning", coauthors="Zhi-Quan Luo; CUHK; 47\nMingyi Hong; ; 43",
                awards="NSF CAREER, 2022\nAFOSR YIP")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert researcher.topics == ["Optimization", "Machine Learning"]
    assert researcher.coauthors[1] == {"name": "Mingyi Hong", "affiliation": None, "shared_papers": 43}
    assert researcher.awards == ["NSF CAREER, 2022", "AFOSR YIP"]
    assert set(researcher.locked_fields) == {"topics", "coauthors", "awards"}


def test_a_bad_coauthor_line_is_named_and_nothing_is_saved(admin_client):
    researcher = ResearcherFactory(name="Ada Lovelace")
    url = reverse("admin:profiles_researcher_change", args=[researcher.pk])
    data = change_form_data(admin_client.get(url))
    data.update(coauthors="Charles Babbage; Cambridge; many")
    response = admin_client.post(url, data)
    assert "Line 1: “many” should be a whole number (shared papers)" in response.content.decode()
    researcher.refresh_from_db()
    assert researcher.coauthors == []


def test_one_empty_file_in_a_batch_is_named_and_the_rest_import(admin_client, seeds_dir):
    empty = SimpleUploadedFile("blank.txt", b"", content_type="text/plain")
    preview = admin_client.post(UPLOAD, {"files": [_seed_file(seeds_dir, "000"), empty, _seed_file(seeds_dir, "002")],
                                         "captured_on": "2026-05-20", "layout": "auto"})
    assert "blank.txt: refused" in preview.content.decode() and not Capture.objects.exists()
    response = admin_client.post(UPLOAD, {"token": preview.context["token"], "action": "import"}, follow=True)
    page = response.content.decode()
    assert "blank.txt: not imported (empty): this capture is empty." in page.lower()  # admin capitalises
    assert Capture.objects.filter(outcome=CaptureOutcome.IMPORTED).count() == 2


def test_waiting_upload_says_a_worker_is_running_when_one_beats(admin_client, seeds_dir):
    preview = admin_client.post(UPLOAD, {"files": [_seed_file(seeds_dir, "000")], "captured_on": "2026-05-20",
                                         "layout": "auto", "background": "on"})
    response = admin_client.post(UPLOAD, {"token": preview.context["token"], "action": "import"})
    missing = admin_client.get(response.url).content.decode()
    assert "no worker is running" in missing and 'data-worker="missing"' in missing
    WorkerHeartbeat.objects.create(hostname="celery@here", seen_at=timezone.now())
    alive = admin_client.get(response.url).content.decode()
    assert "no worker is running" not in alive and "Waiting for the worker: it is running" in alive
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(minutes=5))
    assert "the last one checked in 300 s ago" in admin_client.get(response.url).content.decode()


def test_reimport_progress_lists_each_researchers_result(admin_client, import_seed):
    first, second = (Researcher.objects.get(pk=import_seed(p).researcher_id) for p in ("000", "002"))
    job = reimport_job_start(researchers=[first, second])
    reimport_job_step(researcher_id=first.pk, job_id=job.pk)
    page = admin_client.get(reverse("admin:profiles_reimportjob_progress", args=[job.pk])).content.decode()
    assert page.count("<tr data-status=") == 2
    assert f"{first.name}: papers added 0, updated 0, unchanged" in page  # what it changed, per researcher
    assert "waiting for the worker" in page  # the second is not done yet


def test_assign_offers_the_existing_record_for_a_close_name_and_creates_nothing_until_chosen(admin_client, import_seed):
    existing = ResearcherFactory(name="Nikolai T. Mensah", affiliation="MIT")
    waiting = Capture.objects.get(pk=import_seed("003").capture_id)
    url = reverse("admin:profiles_capture_assign", args=[waiting.pk])
    assert "--researcher" not in admin_client.get(url).content.decode()

    asked = admin_client.post(url, {"researcher_name": "Nikolai Mensah"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "Nikolai T. Mensah (existing record, MIT)" in page
    assert "A new researcher named “Nikolai Mensah”" in page and "choose them if this is the same person" in page
    assert Researcher.objects.count() == 1
    waiting.refresh_from_db()
    assert waiting.outcome == CaptureOutcome.AWAITING_ASSIGNMENT

    # A Daily Papers list names no authors: the curator ticks the entries that are theirs.
    done = admin_client.post(url, {"researcher_name": "Nikolai Mensah", "existing": str(existing.pk), "entries": ["1"]})
    assert done.url == reverse("admin:profiles_researcher_change", args=[existing.pk])
    waiting.refresh_from_db()
    assert waiting.researcher == existing and Researcher.objects.count() == 1
    assert existing.papers.count() == 1


def test_assign_can_still_make_a_new_record_when_the_curator_says_so(admin_client, import_seed):
    ResearcherFactory(name="Nikolai T. Mensah")
    waiting = Capture.objects.get(pk=import_seed("003").capture_id)
    admin_client.post(reverse("admin:profiles_capture_assign", args=[waiting.pk]),
                      {"researcher_name": "Nikolai Mensah", "existing": "new", "entries": ["2"]})
    assert sorted(Researcher.objects.values_list("name", flat=True)) == ["Nikolai Mensah", "Nikolai T. Mensah"]


def test_reimport_job_admin_exists(admin_client):
    assert ReimportJob.objects.count() == 0
    assert admin_client.get(reverse("admin:profiles_reimportjob_changelist")).status_code == 200
