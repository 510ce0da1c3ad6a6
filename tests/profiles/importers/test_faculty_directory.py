"""Faculty pages: who a department's People page lists, with titles and roles, as shown."""
import pytest

from profiles.importers import CaptureError, detect_layout, layout_scores
from profiles.importers.faculty_directory import ROLES, parse_faculty_directory
from profiles.importers.names import name_key
from tests.fixtures.pages import PAGES, page_labels, page_text
from tests.fixtures.sources import SOURCES_DIR as SOURCES

from .real_captures import HERE as REAL_CAPTURES
from .seeds import SEED_PREFIXES, seed_text


def _scores(name: str):
    found = parse_faculty_directory(page_text(name)).people
    labels = page_labels(name)
    expected = {name_key(p["name"]): p for p in labels}
    got = {name_key(p.name): p for p in found}
    hits = expected.keys() & got.keys()
    return found, labels, expected, got, len(hits) / len(expected), len(hits) / max(len(found), 1)


@pytest.mark.parametrize("page", PAGES)
def test_real_page_people_are_read_with_recall_and_precision_of_at_least_095(page):
    found, labels, expected, got, recall, precision = _scores(page)
    missing = sorted(p["name"] for k, p in expected.items() if k not in got)
    extra = sorted(p.name for k, p in got.items() if k not in expected)
    assert recall >= 0.95 and precision >= 0.95, (recall, precision, missing, extra)
    assert len(found) == len(got), "one person read twice"


@pytest.mark.parametrize("page", PAGES)
def test_real_page_titles_and_roles_are_the_pages(page):
    found, labels, expected, got, *_ = _scores(page)
    wrong = [(p["name"], p["title"], p["role"], got[k].title, got[k].role)
             for k, p in expected.items() if k in got and (got[k].title, got[k].role) != (p["title"], p["role"])]
    assert not wrong
    assert {p.role for p in found} <= set(ROLES)


def test_names_are_shown_as_on_the_page_and_in_page_order():
    names = [p.name for p in parse_faculty_directory(page_text("abbs_faculty_directory")).people]
    labels = [p["name"] for p in page_labels("abbs_faculty_directory")]
    assert names == labels  # "H.R Venkatesha", "D.M.Mahishi", "Mahesh": initials and single names kept


def test_a_person_listed_in_two_sections_is_one_person_with_the_first_listing_and_all_details():
    people = parse_faculty_directory(page_text("iith_ai_faculty")).people
    ghalme = [p for p in people if p.name == "Ganesh Ghalme"]
    assert len(ghalme) == 1
    assert ghalme[0].title == "Head of the Department" and ghalme[0].role == "faculty"
    assert ghalme[0].research[:2] == ("Game Theory", "Mechanism Design")


def test_emails_and_research_areas_come_with_their_person():
    people = {p.name: p for p in parse_faculty_directory(page_text("ucsb_philosophy_people")).people}
    assert people["C. Anthony Anderson"].email == "caanders@philosophy.ucsb.edu"
    assert people["C. Anthony Anderson"].research == ("Logic", "Metaphysics", "Epistemology")
    assert people["Herbert Fingarette"].email == "hfingarette@yahoo.com"
    assert people["Hubert Schwyzer"].research == ("Kant", "Wittgenstein")
    assert people["Donald W. Crawford"].email == ""  # never the next person's address
    iith = {p.name: p for p in parse_faculty_directory(page_text("iith_ai_faculty")).people}
    assert iith["Rekha Raja"].research == ("Robotics", "Motion Planning")


def test_bio_paragraphs_make_nobody():
    people = parse_faculty_directory(page_text("earlham_cs_faculty")).people
    assert [p.name for p in people] == ["Roberta Cayard-Roberts", "Beenish Chaudhry", "John Howell",
                                        "Charles Peck", "Jim Rogers"]


CARDS = """People
Faculty
C.R. Ramakrishnan
Professor
cram@cs.example.edu
Research Interests: Logic Programming, Verification
I.V. Ramakrishnan
Professor
Research Interests: Accessibility
Kanchana. V
Assistant Professor
kanchana.v@example.ac.in
Van Nguyen
Associate Professor
van.nguyen@example.edu
https://vannguyen.example.edu/
Dr. Mangilal
Assistant Professor
Ludwig van Beethoven
Lecturer
Staff
Maria Gomez
Senior Staff Software Engineer
Maria joined us from industry, where she was a Senior Staff Software Engineer.
Senior Staff Software Engineer
Contact the department office at office@cs.example.edu or the head at head@cs.example.edu
"""


def test_name_edge_cases_initials_trailing_initial_single_name_and_van():
    directory = parse_faculty_directory(CARDS)
    names = [p.name for p in directory.people]
    assert names == ["C.R. Ramakrishnan", "I.V. Ramakrishnan", "Kanchana. V", "Van Nguyen", "Mangilal",
                     "Ludwig van Beethoven", "Maria Gomez"]
    van = directory.people[3]
    assert van.email == "van.nguyen@example.edu" and van.homepage == "https://vannguyen.example.edu/"
    assert directory.people[0].research == ("Logic Programming", "Verification")


def test_bio_job_titles_and_footer_role_addresses_belong_to_nobody():
    people = parse_faculty_directory(CARDS).people
    gomez = people[-1]
    assert gomez.role == "staff" and gomez.title == "Senior Staff Software Engineer"
    assert all("office@" not in p.email and "head@" not in p.email for p in people)
    assert gomez.email == ""


@pytest.mark.parametrize("text", ["", "Home\nAbout\nContact\n", "Our faculty are world class.\nApply now\n",
                                  "Professor\nAssociate Professor\n"])
def test_a_page_with_nobody_on_it_is_refused_saying_what_was_read(text):
    with pytest.raises(CaptureError) as caught:
        parse_faculty_directory(text)
    assert caught.value.reason == "no_people"
    assert "No people were found" in caught.value.message
    if text.strip():
        assert text.split("\n")[0] in caught.value.message


def test_written_out_addresses_and_labelled_keyword_lists_are_read():
    pku = {p.name: p for p in parse_faculty_directory(page_text("pku_probability_faculty")).people}
    assert pku["Dayue Chen"].email == "dayue@math.pku.edu.cn"  # "dayue at math dot pku dot edu dot cn"
    assert pku["Xin Sun"].email == "xinsun@bicmr.pku.edu.cn"
    adsai = {p.name: p for p in parse_faculty_directory(page_text("adsai_trieste_faculty")).people}
    assert adsai["Alberto D'Onofrio"].research == ("Complex Systems", "Theoretical Biophysics", "Biology",
                                                   "Edpidemiology of Infectious Diseases", "Medicine")
    assert adsai["Eric Medvet"].title == "FACULTY"  # the lab line between address and tag is not the title


def test_a_name_and_its_address_in_one_line_are_split():
    people = parse_faculty_directory(
        "Faculty\nAna Filipa Prata -  af.patinha@uniandes.edu.co\nPosition: Associate Professor\n"
        "Dina Hossain  dina.hossain@bracu.ac.bd\nPosition: Senior Lecturer\n").people
    assert [(p.name, p.email, p.title) for p in people] == [
        ("Ana Filipa Prata", "af.patinha@uniandes.edu.co", "Associate Professor"),
        ("Dina Hossain", "dina.hossain@bracu.ac.bd", "Senior Lecturer")]


@pytest.mark.parametrize("page", PAGES)
def test_faculty_pages_are_detected_by_content(page):
    assert detect_layout(page_text(page)) == "faculty_directory"


def _other_captures():
    real = sorted(REAL_CAPTURES.glob("*.txt"))
    sources = sorted(p for p in SOURCES.iterdir() if p.suffix in (".json", ".xml"))
    return [(f"seed {prefix}", seed_text(prefix)) for prefix in SEED_PREFIXES] + [
        (path.name, path.read_text(encoding="utf-8")) for path in real + sources]


@pytest.mark.parametrize("name, text", _other_captures(), ids=lambda value: value if len(value) < 60 else "")
def test_detection_does_not_take_other_captures_for_faculty_pages(name, text):
    try:
        assert detect_layout(text) != "faculty_directory"
    except CaptureError:
        pass  # a source fixture that is no capture at all (an error page) stays refused
    assert layout_scores(text)["faculty_directory"] < 3


def test_names_with_credentials_nicknames_titles_on_the_same_line_and_unicased_scripts():
    people = parse_faculty_directory(
        "Faculty\nJane Doe, Ph.D.\nAssociate Professor of Biology\njdoe@bio.example.edu\n"
        "Robert (Bob) Smith, Professor of Chemistry\n"
        "Prof. Dr.-Ing. Hans Müller\nProfessor\n"
        "陈大岳\nProfessor\n"
        "Smith, John\tLecturer\tjsmith@example.edu\n").people
    assert [(p.name, p.title) for p in people] == [
        ("Jane Doe", "Associate Professor of Biology"), ("Robert (Bob) Smith", "Professor of Chemistry"),
        ("Hans Müller", "Professor"), ("陈大岳", "Professor"), ("Smith, John", "Lecturer")]
    assert people[0].email == "jdoe@bio.example.edu" and people[-1].email == "jsmith@example.edu"


def test_a_row_of_tab_headings_gives_nobody_the_last_tabs_role():
    people = parse_faculty_directory(
        "People\nCore Faculty\nAffiliated Faculty\nEmeritus Faculty\n"
        "Ann Lee\nProfessor\nBo Chan\nAssociate Professor\n").people
    assert [p.role for p in people] == ["faculty", "faculty"]


def test_a_table_with_one_row_per_line():
    people = parse_faculty_directory(
        "Name\tTitle\tEmail\tPhone\n"
        "Ada Byron\tProfessor\tada@cs.example.edu\t555-0100\n"
        "Alan Turing\tAdjunct Professor\talan@cs.example.edu\t555-0101\n"
        "Grace Hopper\tGraduate Advisor\thopper@cs.example.edu\t555-0102\n").people
    assert [(p.name, p.role, p.email) for p in people] == [
        ("Ada Byron", "faculty", "ada@cs.example.edu"), ("Alan Turing", "adjunct", "alan@cs.example.edu"),
        ("Grace Hopper", "staff", "hopper@cs.example.edu")]


def test_the_plausibility_guard_keeps_a_doubtful_faculty_page_for_review():
    from datetime import date

    from profiles.importers import parse_capture
    from profiles.importers.faculty_directory import FacultyMember
    from profiles.importers.plausibility import directory_warnings

    bare = "".join(f"{first} {last}\nResearch interests:\n" for first, last in
                   [("Ann", "Lee"), ("Bo", "Chan"), ("Cy", "Dunn"), ("Di", "Eze"), ("Ed", "Fox"), ("Flo", "Gray")])
    titled = "Gus Hale\nProfessor\nHal Ives\nProfessor\nIda Jun\nLecturer\n"
    capture = parse_capture(titled + bare, captured_on=date(2026, 12, 6), layout="faculty_directory")
    assert len(capture.people) == 9
    assert capture.review and "6 of 9 people have no title, e-mail or research areas" in capture.review[0]
    menu = [FacultyMember(name="Home", title="Professor", line=3), FacultyMember(name="Ann Lee", title="Professor")]
    assert "menu words: “Home” (line 3)" in directory_warnings(menu, text_length=10_000)[0]
    assert "far more than the page can show" in directory_warnings(menu * 20, text_length=200)[-1]
    for page in PAGES:  # the real pages pass the guard
        assert parse_capture(page_text(page), captured_on=date(2026, 12, 6)).review == []


def test_each_persons_unit_and_the_pages_unit_and_institution_as_shown():
    abbs = parse_faculty_directory(page_text("abbs_faculty_directory")).people
    assert [p.department for p in abbs] == [p["department"] for p in page_labels("abbs_faculty_directory")]
    iith = parse_faculty_directory(page_text("iith_ai_faculty"))
    assert iith.institution == "Indian Institute of Technology, Hyderabad"
    assert iith.department == "Department of Artificial Intelligence"
    ucsb = parse_faculty_directory(page_text("ucsb_philosophy_people"))
    assert ucsb.institution == "University of California, Santa Barbara" and ucsb.department == "Philosophy"
    listed = parse_faculty_directory(
        "Department of Physics\nAnn Lee\nProfessor\nBo Chan\n"
        "Associate Professor, Department of Humanities and Literature, Universidad de los Andes\n").people
    assert [p.department for p in listed] == ["Department of Physics", "Department of Humanities and Literature"]


def test_an_address_on_a_line_naming_other_people_is_not_the_last_persons():
    people = parse_faculty_directory(
        "Faculty\nKathy Rymond\nPosition: Lecturer\n« Back\nGlobal Humanities\nWebpages developers:\n"
        "Diana Sarasti (d.sarasti@uniandes.edu.co) and Angélica Blanco (am.blanco@uniandes.edu.co)\n"
        "Supervisor: Sergio Rodríguez (sl.rodriguez48@uniandes.edu.co)\n").people
    assert [(p.name, p.email) for p in people] == [("Kathy Rymond", "")]
    office = parse_faculty_directory("Ann Lee\nProfessor\nSouth Hall 5708 | phone 805-893-3165 | zz9@x.edu\n").people
    assert office[0].email == "zz9@x.edu"  # a contact line is the person's even without their name


def test_academic_staff_headings_are_the_units_faculty_as_british_and_australian_pages_say():
    # "Academic Staff" is how UK, Irish and Australian departments head their lecturers,
    # readers and professors; "Research Staff" are postdocs, "Professional Services" the office.
    people = parse_faculty_directory(
        "School of Computer Science\nAcademic Staff\n"
        "Ann Lee\nSenior Lecturer\nann.lee@cs.example.ac.uk\n"
        "Bo Chan\nReader in Machine Learning\nbo.chan@cs.example.ac.uk\n"
        "Research Staff\nCy Diaz\nResearch Fellow\ncy.diaz@cs.example.ac.uk\n"
        "Professional Services Staff\nDee Ekwe\nSchool Manager\ndee.ekwe@cs.example.ac.uk\n").people
    assert [(p.name, p.role) for p in people] == [
        ("Ann Lee", "faculty"), ("Bo Chan", "faculty"), ("Cy Diaz", "other"), ("Dee Ekwe", "staff")]
