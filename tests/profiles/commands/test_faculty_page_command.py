"""import_profiles on a department's faculty page: the dry run shows its people; the import keeps
the page for add_department and creates no researcher without papers."""
import json

import pytest

from profiles.models import Capture, CaptureOutcome, Paper, Researcher
from tests.fixtures.pages import HERE as PAGES, page_labels

from .running import run

pytestmark = pytest.mark.django_db
PERSON_KEYS = {"name", "title", "role", "email", "research", "homepage", "department"}


def test_dry_run_json_lists_the_pages_people_with_roles():
    code, out, _ = run("import_profiles", str(PAGES / "ucsb_philosophy_people.txt"), "--dry-run", "--json")
    (capture,) = json.loads(out)["captures"]
    assert capture["layout"] == "faculty_directory" and capture["outcome"] == "awaiting_assignment"
    assert all(set(person) == PERSON_KEYS for person in capture["people"])
    assert [p["name"] for p in capture["people"]] == [p["name"] for p in page_labels("ucsb_philosophy_people")]
    anderson = capture["people"][0]
    assert anderson == {"name": "C. Anthony Anderson", "title": "Professor of Philosophy", "role": "faculty",
                        "email": "caanders@philosophy.ucsb.edu", "research": ["Logic", "Metaphysics", "Epistemology"],
                        "homepage": "", "department": ""}
    assert any("add_department" in warning for warning in capture["warnings"])
    assert code == 1  # the real import would keep the page waiting, not import it
    _, out, _ = run("import_profiles", str(PAGES / "abbs_faculty_directory.txt"), "--dry-run", "--json")
    (table,) = json.loads(out)["captures"]
    assert table["people"][-1]["department"] == "Languages - Sanskrit"  # an institute-wide page's own column
    assert not Capture.objects.exists()


def test_dry_run_for_people_lists_each_person_with_role():
    _, out, _ = run("import_profiles", str(PAGES / "earlham_cs_faculty.txt"), "--dry-run")
    assert "5 people" in out and "staff      Roberta Cayard-Roberts (Administrative Assistant)" in out
    assert "affiliated John Howell (Professor of Physics; 3-2 Program Liaison)" in out


def test_importing_a_faculty_page_stores_it_for_add_department_and_creates_nobody():
    code, out, err = run("import_profiles", str(PAGES / "iith_ai_faculty.txt"))
    assert code == 1 and "add_department" in out + err
    capture = Capture.objects.get()
    assert capture.layout == "faculty_directory" and capture.outcome == CaptureOutcome.AWAITING_ASSIGNMENT
    assert "32 people" in capture.outcome_detail
    assert not Researcher.objects.exists() and not Paper.objects.exists()


def test_a_page_with_nobody_on_it_is_refused_with_what_was_read(tmp_path):
    page = tmp_path / "people.txt"
    page.write_text("People\nFaculty\nAssociate Professor\nProfessor of Physics\nLecturer\nContact us\n")
    code, out, err = run("import_profiles", str(page), "--layout", "faculty_directory")
    assert code == 1 and "No people were found" in err and "“People”" in err
    assert not Capture.objects.exists()
