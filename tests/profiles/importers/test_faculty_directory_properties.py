"""Properties of the faculty-page reader: generated directories read back exactly; mangled real
pages parse or are refused cleanly; nothing is invented."""
import os
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles.importers import CaptureError, parse_capture
from profiles.importers.faculty_directory import ROLES, parse_faculty_directory
from profiles.importers.names import name_key
from tests.fixtures.pages import PAGES, page_text

FUZZ = settings(
    max_examples=int(os.environ.get("CAPTURE_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TEXTS = {name: page_text(name) for name in PAGES}

GIVEN = st.sampled_from(["Anna", "Rajesh", "Van", "Wei", "María", "Olusegun", "Kanchana.", "Jean-Luc", "Siobhán",
                         "Hiroshi", "C.R.", "I.V.", "P N", "M.", "Ludwig", "Zoë", "Ahmed", "Priya"])
FAMILY = st.sampled_from(["Ramakrishnan", "Nguyen", "Kumar", "O'Neil", "Cayard-Roberts", "Schmidt", "Okafor",
                          "van Dijk", "de la Cruz", "Müller", "Tanaka", "Iyer", "V", "Balasubramanian", "Smith"])
TITLES = {
    "Professor": "faculty", "Associate Professor of Chemistry": "faculty", "Assistant Professor": "faculty",
    "Distinguished Professor and Chair": "faculty", "Lecturer": "faculty",
    "Professor Emeritus": "emeritus", "Adjunct Professor": "adjunct", "Visiting Assistant Professor": "adjunct",
    "Teaching Professor": "adjunct", "Administrative Assistant": "staff", "Graduate Program Coordinator": "staff",
    "PhD Student": "student",
}
SECTIONS = {"Faculty": None, "Affiliated Faculty": "affiliated", "Emeritus Faculty": "emeritus",
            "Adjunct Faculty": "adjunct", "Staff": "staff"}


@st.composite
def directory(draw):
    """A card-grid or list page: sections of people, each a name, a title, maybe an e-mail and
    research; with menus above and a footer with role addresses below."""
    # (All-initial "P N V" is no name a page shows: a run of initials is read as a menu.)
    names = draw(st.lists(st.tuples(GIVEN, FAMILY).map(" ".join).filter(
        lambda name: any(len(word.strip(".")) > 1 for word in name.split())), min_size=1, max_size=12,
        unique_by=name_key))
    lines = ["Home", "About", "People", "Research", "Contact"]
    expected = []
    section_role = None
    for number, name in enumerate(names):
        if number == 0 or draw(st.integers(0, 4)) == 0:
            heading = draw(st.sampled_from(sorted(SECTIONS)))
            lines.append(heading)
            section_role = SECTIONS[heading]
        title = draw(st.sampled_from(sorted(TITLES)))
        lines += [name, title]
        email = ""
        if draw(st.booleans()):
            email = f"person{number}@dept.example.edu"
            lines.append(email)
        research = ()
        if draw(st.booleans()):
            research = ("Machine Learning", "Robotics")
            lines.append("Research interests: Machine Learning, Robotics")
        if draw(st.booleans()):
            lines.append(f"{name.split()[0]} joined the department in 2019 and works with a Senior Staff "
                         "Software Engineer on the cluster.")
        by_title = TITLES[title]
        role = by_title if by_title != "faculty" or section_role is None else section_role
        expected.append((name, title, role, email, research))
    lines += ["Contact us: office@dept.example.edu", "Head: head@dept.example.edu", "© 2026 The University"]
    return "\n".join(lines), expected


@FUZZ
@given(directory())
def test_generated_directories_read_back_exactly(page):
    text, expected = page
    people = parse_faculty_directory(text).people
    got = [(p.name, p.title, p.role, p.email, p.research) for p in people]
    assert got == [(" ".join(n.split()), t, r, e, res) for n, t, r, e, res in expected]


@FUZZ
@given(directory(), st.data())
def test_a_person_listed_twice_is_one_person(page, data):
    text, expected = page
    repeated = text + "\nOur people\n" + "\n".join(text.split("\n")[5:-3])
    people = parse_faculty_directory(repeated).people
    assert len(people) == len({name_key(p.name) for p in people}) == len(expected)


@st.composite
def mangled_page(draw):
    lines = TEXTS[draw(st.sampled_from(PAGES))].split("\n")
    for _ in range(draw(st.integers(1, 5))):
        action = draw(st.sampled_from(["drop", "duplicate", "swap", "insert", "cut"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if action == "drop" and lines:
            del lines[at]
        elif action == "duplicate" and lines:
            lines.insert(at, lines[at])
        elif action == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "insert":
            lines.insert(at, draw(st.text(max_size=60) | st.sampled_from(
                ["Professor", "Faculty", "\t", "Emeritus Faculty", "Research Interests:", "@", "Dr.", "Mr. ",
                 "Kanchana. V", "A. B. C.", "[back to top]", "office@example.edu"])))
        elif action == "cut":
            lines = lines[:at]
    return "\n".join(lines)


@FUZZ
@given(mangled_page())
def test_mangled_real_pages_parse_or_are_refused_cleanly_and_invent_nothing(text):
    try:
        directory = parse_faculty_directory(text)
    except CaptureError as error:
        assert error.reason == "no_people"
        return
    keys = [name_key(p.name) for p in directory.people]
    assert len(keys) == len(set(keys))
    squeezed = " ".join(text.split())
    for person in directory.people:
        assert person.role in ROLES
        assert person.name in squeezed or person.name.replace(" ", "") in squeezed.replace(" ", "")
        # (an address written out, "x at y dot z", is read as x@y.z)
        assert not person.email or person.email.split("@")[0] in text
        assert not re.match(r"(?:office|head|info)@", person.email)
    try:
        parse_capture(text, captured_on=date(2026, 12, 6), layout="faculty_directory")
    except CaptureError as error:
        assert error.reason in ("unknown_layout", "no_people")
