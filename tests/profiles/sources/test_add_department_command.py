"""`manage.py add_department` as a curator runs it, against the local fake OpenAlex holding real
recorded Bangor University authors. The page (openalex_bangor/bangor_cs_people.txt) is a card
list written for these tests with the recorded people's names; reading real pages is tested
with the faculty-page reader."""
import json
import socket
import time

import pytest

from profiles.models import Capture, DepartmentImport, Researcher
from tests.fixtures.sources import SOURCES_DIR
from tests.profiles.commands.running import run

pytestmark = pytest.mark.django_db

PAGE = str(SOURCES_DIR / "openalex_bangor" / "bangor_cs_people.txt")




def test_adds_the_sure_people_and_lists_the_rest(fake_openalex):
    code, out, err = run("add_department", PAGE, "--institution", "Bangor University")
    assert code == 0, err
    assert "Institution: Bangor University, GB" in out
    assert "Jonathan Roberts: sure, imported as Jonathan C. Roberts" in out
    assert "Peter Butcher: needs a choice (2 profiles of this name at Bangor University)" in out
    assert "- Peter Butcher (Bangor University; 67 works) [A5032473237]" in out
    assert "Andrew Wilson: not found (nobody of this name at Bangor University now; namesakes elsewhere not taken: " \
           "Andrew T. Wilson (Pomona College))" in out
    assert "5 people: 3 sure, 0 added before, 1 need a choice, 1 not found; imported 3, linked 0, failed 0; " \
           "1 listed with other roles left out" in out
    assert sorted(Researcher.objects.values_list("name", flat=True)) == [
        "Jonathan C. Roberts", "Joseph Mearman", "Panagiotis D. Ritsos"]
    assert Researcher.objects.get(name="Joseph Mearman").contact_email == "j.mearman@bangor.ac.uk"


def test_a_curator_settles_namesakes_with_choose(fake_openalex):
    code, out, err = run("add_department", PAGE, "--institution", "Bangor University",
                         "--choose", "Peter Butcher=A5032473237")
    assert code == 0, err
    assert "Peter Butcher: sure, imported as Peter Butcher (chosen among 2 profiles; OpenAlex A5032473237: " in out
    assert Researcher.objects.get(name="Peter Butcher").source_links.get(kind="openalex").external_id == "A5032473237"


def test_dry_run_json_changes_nothing(fake_openalex):
    code, out, err = run("add_department", PAGE, "--institution", "Bangor University", "--roles", "faculty,staff",
                         "--dry-run", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["institution"] == {"source": "openalex", "id": "I161548249", "name": "Bangor University"}
    people = {p["name"]: p for p in report["people"]}
    assert people["Jonathan Roberts"]["resolution"] == "sure" and people["Jonathan Roberts"]["profile"] == "A5009341822"
    assert people["Llinos Hughes"]["role"] == "staff" and people["Llinos Hughes"]["resolution"] == "not_found"
    assert people["Peter Butcher"]["candidates"][0].keys() == {"id", "name", "affiliation", "paper_count"}
    assert (Researcher.objects.count(), Capture.objects.count(), DepartmentImport.objects.count()) == (0, 0, 0)


def test_a_source_offline_is_one_line_and_nothing_is_created(settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.OPENALEX_URL = f"http://127.0.0.1:{port}"
    code, out, err = run("add_department", PAGE, "--institution", "Bangor University")
    assert code == 1 and out == ""
    assert err.strip() == f"OpenAlex: could not reach 127.0.0.1:{port}: the connection was refused; nothing created."
    assert (Researcher.objects.count(), Capture.objects.count(), DepartmentImport.objects.count()) == (0, 0, 0)


def test_an_unknown_institution_is_named(fake_openalex):
    code, out, err = run("add_department", PAGE, "--institution", "Mearman")
    assert code == 1 and "OpenAlex knows no institution named “Mearman”" in err
    assert Capture.objects.count() == 0


@pytest.mark.parametrize(("args", "message"), [
    (["missing.txt", "--institution", "X"], "missing.txt: no such file."),
    ([PAGE, "--institution", "X", "--roles", "faculty,professor"], "unknown role professor; choose from faculty, "),
    ([PAGE, "--institution", "X", "--choose", "Peter Butcher"], 'write it as "Name as on the page=ID"'),
    (["--institution", "X"], "Give the faculty page (PAGE), or --field"),
    ([PAGE, "--institution", "X", "--roles", "emeritus"], "none with the role emeritus"),
])
def test_bad_input_gets_a_message(fake_openalex, args, message):
    code, out, err = run("add_department", *args)
    assert code == 1 and message in err and "Traceback" not in err
    assert Researcher.objects.count() == 0


def test_a_page_with_nobody_on_it_is_refused(fake_openalex, tmp_path):
    page = tmp_path / "people.txt"
    page.write_text("People\n\nOur department has no listed members at the moment.\nContact: office@example.ac.uk\n")
    code, out, err = run("add_department", str(page), "--institution", "Bangor University")
    assert code == 1 and str(page) in err and "Traceback" not in err
    assert Capture.objects.count() == 0


def test_arxiv_is_refused_with_the_reason(fake_openalex):
    code, out, err = run("add_department", PAGE, "--institution", "Bangor University", "--source", "arxiv")
    assert code == 1 and "arXiv keeps no author records or affiliations" in err


def test_an_institution_without_a_page_lists_its_authors_in_a_field(fake_openalex, monkeypatch):
    code, out, err = run("add_department", "--institution", "Bangor University", "--field", "Computer Science")
    assert code == 0, err
    assert "Bangor University [I161548249], Computer Science:" in out
    assert "(from an institution listing: check the roles)" in out
    assert "How the guess is made: likely faculty: publishing for 8+ years" in out
    assert "Jonathan C. Roberts" in out and "[openalex A5009341822]" in out
    assert "Andrew T. Wilson" not in out  # last known at Pomona College
    assert Researcher.objects.count() == 0  # a listing adds nobody


@pytest.mark.broker
def test_background_runs_on_a_real_worker_and_the_progress_page_follows_it(celery_worker, fake_openalex, admin_client):
    code, out, err = run("add_department", PAGE, "--institution", "Bangor University", "--background")
    assert code == 0, err
    job = DepartmentImport.objects.get()
    progress = f"/admin/profiles/departmentimport/{job.pk}/progress/"
    assert out.strip().endswith(progress) and "5 people queued as department import" in out
    deadline = time.monotonic() + 60
    while DepartmentImport.objects.get().status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
    job.refresh_from_db()
    assert job.status == "done", job.detail
    assert sorted(Researcher.objects.values_list("name", flat=True)) == [
        "Jonathan C. Roberts", "Joseph Mearman", "Panagiotis D. Ritsos"]
    page = admin_client.get(progress).content.decode()
    assert 'data-state="done"' in page and "5 of 5 resolved; 3 imported, 0 linked," in page


def test_a_page_imported_alone_before_is_the_one_kept_and_no_longer_waits(fake_openalex):
    run("import_profiles", PAGE)
    waiting = Capture.objects.get(layout="faculty_directory")
    assert waiting.outcome == "awaiting_assignment"
    code, out, err = run("add_department", PAGE, "--institution", "Bangor University")
    assert code == 0, err
    page = Capture.objects.get(layout="faculty_directory")
    assert page.pk == waiting.pk and page.outcome == "imported"
    assert DepartmentImport.objects.get().page == page
