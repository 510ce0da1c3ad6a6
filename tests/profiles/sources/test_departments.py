"""Adding a department: a faculty page's people resolved at OpenAlex with the institution as the
disambiguator, against a local HTTP server holding real recorded Bangor University authors
(tests/fixtures/sources/openalex_bangor, PROVENANCE.md). Only the sure ones are imported."""
import json
import socket

import pytest

from profiles.importers.faculty_directory import FacultyDirectory, FacultyMember
from profiles.models import Capture, DepartmentImport, DepartmentMember, Researcher, SourceLink
from profiles.services import (
    DepartmentError,
    department_add,
    department_enqueue,
    department_member_choose,
    department_preview,
    department_run,
)
from profiles.sources import SourceClient
from profiles.sources.institution_listing import institution_authors_list

pytestmark = pytest.mark.django_db

SCHOOL = "School of Computer Science and Electronic Engineering"
PAGE = (
    "People\nAcademic staff\nProfessor Jonathan Roberts\nProfessor of Visualisation\nj.c.roberts@bangor.ac.uk\n"
    "Visualization, Visual analytics\n…\n"
).encode()


def bangor_page() -> FacultyDirectory:
    return FacultyDirectory(department=SCHOOL, institution="Bangor University", people=[
        FacultyMember(name="Jonathan Roberts", title="Professor of Visualisation", role="faculty",
                      email="j.c.roberts@bangor.ac.uk", research=("Visualization", "Visual analytics"), line=3),
        FacultyMember(name="Panagiotis Ritsos", title="Senior Lecturer", role="faculty",
                      email="p.ritsos@bangor.ac.uk", research=("Immersive analytics",), line=8),
        FacultyMember(name="Peter Butcher", title="Lecturer", role="faculty", line=12),
        FacultyMember(name="Andrew Wilson", title="Lecturer", role="faculty", line=15),
        FacultyMember(name="Helen Miles", title="Lecturer", role="affiliated", line=18),
        FacultyMember(name="Joseph Mearman", title="Lecturer in Computing", role="faculty", line=20),
        FacultyMember(name="Llinos Hughes", title="School Administrator", role="staff", line=24),
    ])




def add(**kwargs):
    with SourceClient() as client:
        return department_add(raw=PAGE, filename="bangor-people.txt", directory=kwargs.pop("directory", bangor_page()),
                              institution_name=kwargs.pop("institution", "Bangor University"), client=client, **kwargs)


def by_name(report):
    return {person["name"]: person for person in report.people}


def test_imports_exactly_the_people_it_is_sure_of(fake_openalex):
    report = add(roles=("faculty", "affiliated"))

    people = by_name(report)
    assert report.institution.external_id == "I161548249" and report.institution.name == "Bangor University"
    assert sorted(Researcher.objects.values_list("name", flat=True)) == [
        "Jonathan C. Roberts", "Joseph Mearman", "Panagiotis D. Ritsos"]
    assert [people[n]["outcome"] for n in ("Jonathan Roberts", "Panagiotis Ritsos", "Joseph Mearman")] == ["imported"] * 3
    # Two OpenAlex profiles of Peter Butcher at Bangor: never picked automatically.
    assert people["Peter Butcher"]["resolution"] == "needs_choice"
    assert {c["id"] for c in people["Peter Butcher"]["candidates"]} == {"A5032473237", "A5032473299"}
    # Andrew T. Wilson was at Bangor until 2016 and is at Pomona College now: a namesake elsewhere.
    assert people["Andrew Wilson"]["resolution"] == "not_found"
    assert "Pomona College" in people["Andrew Wilson"]["detail"]
    assert people["Helen Miles"]["resolution"] == "not_found"  # now at Aberystwyth
    assert "Llinos Hughes" not in people and report.left_out == 1
    assert not Researcher.objects.filter(name__icontains="Butcher").exists()
    assert not Researcher.objects.filter(name__icontains="Wilson").exists()
    assert Researcher.objects.get(name="Joseph Mearman").papers.count() == 9


def test_the_page_gives_title_email_research_and_department_and_stays_their_provenance(fake_openalex):
    report = add()

    roberts = Researcher.objects.get(name="Jonathan C. Roberts")
    assert roberts.title == "Professor of Visualisation"
    assert roberts.department == SCHOOL
    assert roberts.contact_email == "j.c.roberts@bangor.ac.uk"
    assert roberts.topics[:2] == ["Visualization", "Visual analytics"] and len(roberts.topics) > 2  # then OpenAlex's
    assert roberts.affiliation == "Bangor University"
    page = Capture.objects.get(layout="faculty_directory")
    assert bytes(page.raw) == PAGE
    listing = DepartmentMember.objects.get(researcher=roberts)
    assert listing.job.page == page and listing.job.pk == report.job_id and listing.title == roberts.title
    # Every response the import fetched is kept as a capture of its own.
    assert set(roberts.captures.values_list("layout", flat=True)) == {"openalex_author", "openalex_works"}
    assert SourceLink.objects.get(researcher=roberts, kind="openalex").external_id == "A5009341822"


def test_curated_fields_win_over_the_page(fake_openalex):
    curated = Researcher.objects.create(name="Jonathan C. Roberts", name_key="jonathan c roberts", slug="jcr",
                                        title="Chair in Visualisation", contact_email="jonathan@example.org",
                                        locked_fields=["title"])
    add()
    curated.refresh_from_db()
    assert curated.title == "Chair in Visualisation" and curated.contact_email == "jonathan@example.org"
    assert Researcher.objects.filter(name="Jonathan C. Roberts").count() == 1  # linked, not duplicated
    assert curated.source_links.get(kind="openalex").external_id == "A5009341822"


def test_a_person_already_linked_is_linked_again_without_fetching_them(fake_openalex):
    ritsos = Researcher.objects.create(name="Panos Ritsos", name_key="panos ritsos", slug="panos-ritsos")
    SourceLink.objects.create(researcher=ritsos, kind="openalex", external_id="A5065371627")
    people = by_name(add())
    assert people["Panagiotis Ritsos"]["outcome"] == "linked" and people["Panagiotis Ritsos"]["researcher"] == "Panos Ritsos"
    assert not any(path.startswith("/authors/A5065371627") for path in fake_openalex.log)
    assert Researcher.objects.filter(name__icontains="Ritsos").count() == 1
    assert Researcher.objects.get(pk=ritsos.pk).title == "Senior Lecturer"


def test_running_again_adds_only_who_is_new(fake_openalex):
    add()
    researchers, captures = Researcher.objects.count(), Capture.objects.count()
    fake_openalex.log.clear()

    people = by_name(add())

    assert Researcher.objects.count() == researchers and Capture.objects.count() == captures
    assert people["Jonathan Roberts"]["resolution"] == "known" and people["Jonathan Roberts"]["outcome"] == "linked"
    # The institution once, then a search only for the people not added before.
    searched = sorted(path for path in fake_openalex.log if path.startswith("/authors?"))
    assert len(searched) == 2 and all("Butcher" in p or "Wilson" in p for p in searched)
    assert not any(path.startswith(("/authors/", "/works")) for path in fake_openalex.log)
    assert DepartmentImport.objects.count() == 2 and Capture.objects.filter(layout="faculty_directory").count() == 1


def test_a_curator_chooses_between_namesakes(fake_openalex):
    report = add()
    member = DepartmentMember.objects.get(job_id=report.job_id, name="Peter Butcher")
    with SourceClient() as client:
        with pytest.raises(DepartmentError, match="not one of the profiles offered"):
            department_member_choose(member=member, external_id="A5009341822", client=client)
        member = department_member_choose(member=member, external_id="A5032473237", client=client)
    assert member.outcome == "imported" and member.researcher.name == "Peter Butcher"
    assert member.researcher.title == "Lecturer"


def test_a_dry_run_writes_nothing(fake_openalex):
    with SourceClient() as client:
        report = department_preview(directory=bangor_page(), institution_name="Bangor University", client=client)
    assert by_name(report)["Jonathan Roberts"]["resolution"] == "sure"
    assert by_name(report)["Jonathan Roberts"]["profile"] == "A5009341822"
    assert json.dumps(report.as_json())  # the --json shape serialises
    assert (Researcher.objects.count(), Capture.objects.count(), DepartmentImport.objects.count()) == (0, 0, 0)


def test_an_institution_the_source_does_not_know_is_named(fake_openalex):
    report = add(institution="Mearman")
    assert report.error == ("OpenAlex: OpenAlex knows no institution named “Mearman”. Check the spelling, try its "
                            "full official name, or give its OpenAlex id (I…).; nothing created.")
    assert (Researcher.objects.count(), Capture.objects.count(), DepartmentImport.objects.count()) == (0, 0, 0)


def test_an_institution_given_by_its_id(fake_openalex):
    report = add(institution="https://openalex.org/I161548249")
    assert report.institution.name == "Bangor University" and Researcher.objects.count() == 3


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_source_offline_gives_one_line_and_creates_nothing(settings):
    settings.OPENALEX_URL = f"http://127.0.0.1:{_closed_port()}"
    report = add()
    assert report.error.startswith("OpenAlex: could not reach 127.0.0.1:") and report.error.endswith("; nothing created.")
    assert "\n" not in report.error and report.lines() == [report.error]
    assert (Researcher.objects.count(), Capture.objects.count(), DepartmentImport.objects.count()) == (0, 0, 0)


def test_a_source_going_offline_part_way_creates_nothing(fake_openalex):
    fake_openalex_answer = fake_openalex.answer

    def answer(path, query):
        if path == "/authors" and "Butcher" in query.get("search", [""])[0]:
            fake_openalex.offline = True
        return fake_openalex_answer(path, query)

    fake_openalex.answer = answer
    report = add()
    assert report.error.startswith("OpenAlex: could not reach") and report.error.endswith("nothing created.")
    assert (Researcher.objects.count(), Capture.objects.count(), DepartmentImport.objects.count()) == (0, 0, 0)


def test_a_page_with_nobody_or_no_one_of_the_roles_is_refused(fake_openalex):
    with pytest.raises(DepartmentError, match="lists nobody"):
        add(directory=FacultyDirectory())
    with pytest.raises(DepartmentError, match="none with the role emeritus; its roles are affiliated, faculty, staff"):
        add(roles=("emeritus",))
    assert DepartmentImport.objects.count() == 0


def test_arxiv_cannot_resolve_a_department(fake_openalex):
    report = add(source="arxiv")
    assert report.error == ("arXiv: arXiv keeps no author records or affiliations, so it cannot tell which namesake "
                            "works at the institution. Use --source openalex (or s2).; nothing created.")


def test_the_worker_side_resolves_and_imports_a_stored_job(fake_openalex):
    job = department_enqueue(raw=PAGE, directory=bangor_page(), institution_name="Bangor University")
    assert job.status == "queued" and job.members.count() == 5
    with SourceClient() as client:
        report = department_run(job_id=job.pk, client=client)
        assert department_run(job_id=job.pk, client=client) is None  # a second delivery does nothing
    job.refresh_from_db()
    assert job.status == "done" and job.institution_id == "I161548249"
    assert report.counts()["imported"] == 3 and Researcher.objects.count() == 3


def test_an_institution_without_a_page_lists_its_active_authors_in_a_field(fake_openalex):
    with SourceClient() as client:
        listing = institution_authors_list(client=client, institution_name="Bangor University",
                                           field="Computer Science", this_year=2025)
    assert not listing.error and listing.institution_id == "I161548249" and listing.field_name == "Computer Science"
    rows = {row.candidate.name: row for row in listing.authors}
    assert "Andrew T. Wilson" not in rows and "Helen Cabot Miles" not in rows  # last known elsewhere
    assert rows["Jonathan C. Roberts"].guess == "likely faculty" and rows["Dave Perkins"].guess == "inactive"
    assert listing.authors[0].guess == "likely faculty"  # likely faculty first
    assert all(row["note"] == "from an institution listing: check the roles" for row in listing.as_json()["authors"])
    assert Researcher.objects.count() == 0


def test_a_field_the_source_does_not_know_is_named(fake_openalex):
    with SourceClient() as client:
        listing = institution_authors_list(client=client, institution_name="Bangor University", field="Basket weaving")
    assert listing.error.startswith("OpenAlex: OpenAlex has no field named “Basket weaving”")


def test_the_worker_side_marks_the_job_failed_in_one_line_when_the_source_is_offline(settings):
    settings.OPENALEX_URL = f"http://127.0.0.1:{_closed_port()}"
    job = department_enqueue(raw=PAGE, directory=bangor_page(), institution_name="Bangor University")
    with SourceClient() as client:
        report = department_run(job_id=job.pk, client=client)
    job.refresh_from_db()
    assert job.status == "failed" and job.detail == report.error and "\n" not in job.detail
    assert job.detail.startswith("OpenAlex: could not reach 127.0.0.1:") and job.detail.endswith("nothing created.")
    assert Researcher.objects.count() == 0 and job.finished_at is not None


def test_a_profile_the_source_no_longer_has_fails_that_person_only(fake_openalex):
    answer = fake_openalex.answer
    fake_openalex.answer = lambda path, query: ((404, b'{"error": "not found"}')
                                                if path.startswith("/authors/A5065371627") else answer(path, query))
    people = by_name(add())
    assert people["Panagiotis Ritsos"]["resolution"] == "sure" and people["Panagiotis Ritsos"]["outcome"] == "failed"
    assert "has no such record" in people["Panagiotis Ritsos"]["detail"]
    assert people["Jonathan Roberts"]["outcome"] == "imported"
    assert not Researcher.objects.filter(name__icontains="Ritsos").exists()


def test_a_job_another_worker_is_running_is_not_run_again_until_its_claim_is_older_than_a_run_can_last(
        fake_openalex, settings):
    """A message can arrive twice while the first run goes on (a send retried after a stalled
    broker had in fact taken it; queued work re-sent after a reconnect): two runs at once would
    import the same people twice. A claim older than the task time limit was left by a worker
    that died, and the job is taken over and finished."""
    from datetime import timedelta

    from django.utils import timezone

    from profiles.services import department_jobs_unfinished_requeue

    job = department_enqueue(raw=PAGE, directory=bangor_page(), institution_name="Bangor University")
    DepartmentImport.objects.filter(pk=job.pk).update(status="running", claimed_at=timezone.now())
    with SourceClient() as client:
        assert department_run(job_id=job.pk, client=client) is None
    assert Researcher.objects.count() == 0 and not job.members.exclude(resolution="").exists()

    # The re-sender (a worker's start or reconnect) sends claimable jobs only; its task runs
    # here, in this process.
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        assert department_jobs_unfinished_requeue() == 0  # a live claim is not sent again
        long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
        DepartmentImport.objects.filter(pk=job.pk).update(claimed_at=long_ago)
        assert department_jobs_unfinished_requeue() == 1
    finally:
        app.conf.task_always_eager = False
    job.refresh_from_db()
    assert job.status == "done" and Researcher.objects.count() == 3
    with SourceClient() as client:
        assert department_run(job_id=job.pk, client=client) is None  # finished: nothing again


def test_beat_resumes_a_job_a_dead_worker_left_running(fake_openalex, settings, django_capture_on_commit_callbacks):
    """On the embedded broker a killed worker's message dies with it: its job said "running"
    until some worker happened to start again. Beat's minute queues it again once its claim is
    older than any run can last, and only then."""
    from datetime import timedelta

    from django.utils import timezone

    from config.celery import app
    from profiles.services.workers import lost_work_resend_task

    job = department_enqueue(raw=PAGE, directory=bangor_page(), institution_name="Bangor University")
    DepartmentImport.objects.filter(pk=job.pk).update(status="running", claimed_at=timezone.now())
    app.conf.task_always_eager = True  # the re-sent task runs here, in this process
    try:
        assert lost_work_resend_task() == {"resumed": 0, "sent": 0}  # may still be running
        long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
        DepartmentImport.objects.filter(pk=job.pk).update(claimed_at=long_ago)
        with django_capture_on_commit_callbacks(execute=True):  # beat's task runs in no transaction
            assert lost_work_resend_task() == {"resumed": 1, "sent": 0}
    finally:
        app.conf.task_always_eager = False
    job.refresh_from_db()
    assert job.status == "done" and Researcher.objects.count() == 3
