"""A department's People/Faculty page (its select-all text): who is listed, as shown.

Pure: text in, these dataclasses out. The parser reads card grids, tables and long lists with
bios; each person's role comes from their title and the section headings above them.

How it reads a page: the text is cut into cells (lines, and a table's tab-separated cells).
A person starts at a cell that is shaped like a name (capitalised name words and initials, no
word that names a rank, a unit or a menu) and is followed closely by what a directory says of
a person: a title, an e-mail address or a "Research interests:" line. Everything up to the next
person or section heading is theirs: the first title-like cell is the title, the first
personal e-mail the e-mail, a labelled (or a short comma-separated) list of topics the research
areas, a shown web address the homepage. Bios never start a person: their sentences and job
titles ("Senior Staff Software Engineer") contain words a name never has.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from datetime import date

from .base import CaptureError, ParsedCapture
from .names import name_key, normalize_name

# The unit's own faculty first; "adjunct" also covers visiting and teaching staff.
ROLES = ("faculty", "affiliated", "emeritus", "adjunct", "staff", "student", "other")


@dataclass(frozen=True)
class FacultyMember:
    """One person on a faculty page, with what the page says of them."""

    name: str
    title: str = ""
    role: str = "other"  # one of ROLES
    email: str = ""
    research: tuple[str, ...] = ()
    homepage: str = ""
    section: str = ""  # the heading the person was listed under, as shown
    line: int = 0  # 1-based line of the name in the capture, for messages
    # Their own unit when the page says it (a table's Department column, "…, Department of
    # History" in the title, a "Department of Physics" heading); "" when only the page's.
    department: str = ""


@dataclass
class FacultyDirectory:
    """Everyone a faculty page lists, in page order, with what the reader was unsure of."""

    people: list[FacultyMember] = field(default_factory=list)
    institution: str = ""  # when the page names it
    department: str = ""  # when the page names it
    warnings: list[str] = field(default_factory=list)


# --- vocabulary -------------------------------------------------------------------------------

# Honorifics before a name are not part of it ("Dr.Vijaya Bhaskar K" is Vijaya Bhaskar K).
_HONORIFIC = re.compile(
    r"^(?:(?:dr\.?-ing|dipl\.?-ing|dr|prof|professor|mr|mrs|ms|miss|mx|sir|dame|shri|smt|er|engr)\b\.?\s*"
    r"(?:\((?:mrs?|ms|miss)\.?\)\s*)?)+",
    re.IGNORECASE,
)
# Degrees and credentials after a name ("Jane Doe, Ph.D.", "John Smith PhD, FRS") are not part of it.
_CREDENTIALS = re.compile(
    r"(?:,?\s+(?:Ph\.?\s?D|D\.?\s?Phil|M\.?\s?D|M\.?\s?S|M\.?\s?A|MBA|MPH|J\.?\s?D|Ed\.?\s?D|D\.?\s?Sc|"
    r"P\.?\s?E|FRS|FREng|FIEEE|FACM|CPA)\.?)+$"
)
# Words that never occur in a person's name on these pages: ranks, roles, units, fields, menus.
# A cell holding one is a title, a heading, a bio or navigation, never a name.
_NOT_NAME_WORDS = frozenset("""
    professor professors prof lecturer lecturers reader instructor instructors fellow fellows
    faculty faculties emeritus emerita emeriti adjunct visiting affiliated affiliate associate
    assistant distinguished chair chairman chairperson head dean director principal hod
    provost president vice chancellor registrar librarian secretary officer manager
    coordinator administrator administrative staff engineer engineering scientist scientists
    researcher researchers research postdoc postdoctoral student students candidate scholar
    scholars alumni advisor adviser liaison member members people team senior junior lead
    principal chief technician analyst specialist counselor counsellor clerk accountant
    department departments school college university institute institution centre center
    lab laboratory program programme programs office division group unit campus hall building
    science sciences computer computing software hardware data mathematics physics chemistry
    biology economics management commerce philosophy psychology history arts humanities
    language languages law medicine education studies technology information systems
    home about contact contacts news events event links resources search menu login logout
    admissions academics courses teaching undergraduate graduate overview directory profile
    profiles publications projects careers jobs quicklinks follow copyright privacy blog
    schedule hours phone email fax address location map and the of for in at to with on by
    from our your all view more less show hide back top next previous page share download
    apply give giving support facilities infrastructure collaborations seminars seminar
    in memoriam welcome message vision mission facebook twitter linkedin youtube instagram
    emails website web site interests interest areas area open positions vacancies
    name names no sno sl sr phd ph.d mba msc
""".split())
# Lower-case words that do belong inside names.
_NAME_PARTICLES = frozenset(
    "van von der den de del della di da dos das du le la bin binti ibn al el ter ten st".split())
_NAME_WORD = re.compile(
    r"""^(?:
        [^\W\d_][^\W\d_'’\-.]*(?:['’\-][^\W\d_][^\W\d_'’\-.]*)*\.?   # Anna, O'Neil, Cayard-Roberts, Kanchana.
      | (?:[^\W\d_]\.){1,4}[^\W\d_]?\.?                             # C.R. or I.V. or H.R
      | [^\W\d_]{1,2}\.?                                            # K or K.
    )$""",
    re.VERBOSE,
)
# A name cell with initials glued to the next word ("C.R.Ramakrishnan", "Dr. D.M.Mahishi").
_GLUED_INITIALS = re.compile(r"(?<=\.)(?=[^\W\d_]{2})")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# E-mail boxes of an office or a role, not of a person: they belong to nobody.
_ROLE_MAILBOXES = re.compile(
    r"^(?:office|head|hod|chair|dean|info|admin|admissions?|contact|webmaster|web|dept|department|"
    r"secretary|reception|enquir(?:y|ies)|inquir(?:y|ies)|support|help|staff|faculty|grad|"
    r"graduate|undergrad|undergraduate|advising|noreply|no-reply|mail|main|general|hr|jobs|"
    r"careers|news|media|communications|events|library|registrar|director|principal|"
    r"accounts|it|helpdesk|postmaster|team|lab|cs|ece|ee|me)(?:[._-][a-z]+)*$",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_RESEARCH_LABEL = re.compile(
    r"^(?:research\s+(?:interests?|areas?|topics?|focus|fields?)|areas?\s+of\s+(?:interest|research|expertise)|"
    r"(?:technical\s+|application\s+|research\s+)?keywords|"
    r"interests?|research|expertise|specialization|specialisation|fields?)\s*[:：\-–]\s*",
    re.IGNORECASE,
)
# "dayue at math dot pku dot edu dot cn": an address written out against harvesters.
_SPELLED_EMAIL = re.compile(
    r"^([\w.+-]+)\s*(?:\[at\]|\(at\)|\sat\s)\s*([\w-]+(?:\s*(?:\[dot\]|\(dot\)|\sdot\s|\.)\s*[\w-]+)+)(?:</a>)?$",
    re.IGNORECASE,
)
_SPELLED_DOT = re.compile(r"\s*(?:\[dot\]|\(dot\)|\sdot\s|\.)\s*", re.IGNORECASE)
# "Ana Filipa Prata -  af.patinha@uniandes.edu.co": a name and an address in one cell.
_NAME_THEN_EMAIL = re.compile(r"^(.+?)[\s,;|:–—-]+<?([\w.+'-]+@[\w-]+(?:\.[\w-]+)+)>?\s*$")
# "Jane Doe, Associate Professor of Biology", "John Smith – Lecturer": a name and its title.
_NAME_THEN_TITLE = re.compile(r"^([^,|–—]+?)(?:,|\s+[-–—|]|\s*[–—|])\s+(.+)$")
_EMAIL_LABEL = re.compile(r"^e-?mail\s*[:：]?\s*", re.IGNORECASE)
_TITLE_LABEL = re.compile(r"^(?:designation|position|title|rank)\s*[:：]\s*", re.IGNORECASE)
_SERIAL = re.compile(r"^(?:\d{1,4}[.)]?|[ivxlc]{1,6}[.)])$", re.IGNORECASE)
# Degrees as pages abbreviate them; case matters ("MA" is a degree, "Ma Long" a name).
_DEGREE = re.compile(
    r"^(?:Ph\.?\s?D|PHD|D\.?\s?Phil|M\.?\s?Phil|M\.?\s?Sc|B\.?\s?Sc|M\.?\s?S|B\.?\s?S|M\.?\s?A|B\.?\s?A|"
    r"M\.?\s?(?:Tech|TECH)|B\.?\s?(?:Tech|TECH)|M\.?\s?E|B\.?\s?E|MBA|PGDM|M\.?\s?Com|B\.?\s?Com|MCA|BCA|"
    r"BBM|BBA|NET|K-?SET|SLET|SET|Post\s?[Dd]oc|POST DOC|CA|ICMA|M\.?\s?Ed|B\.?\s?Ed|LL\.?\s?[BM]|J\.?\s?D|"
    r"M\.?\s?D|M\.?\s?L\.?i\.?Sc|MLibSc|D\.?\s?Sc|Sc\.?\s?D|M\.?\s?Eng|B\.?\s?Eng|M\.?\s?Res|MFA)\b\.?"
    r"(?=$|[\s,;(]|\.)"
)
_PHONE_OR_ROOM = re.compile(r"\d{3}[\s.-]?\d{3,4}|\broom\b|\boffice\b|\bhall\b\s+\d", re.IGNORECASE)

# Section headings: what the group listed below is (most specific first).
_GROUP_WORDS = re.compile(
    r"\b(?:faculty|faculties|staff|emerit\w*|adjuncts?|visiting|affiliat\w*|courtesy|students?|"
    r"postdoc\w*|post-doctoral|researchers|scientists|lecturers|professors|instructors|"
    r"memoriam|retired|administration|people|members|fellows|alumni|scholars|team)\b",
    re.IGNORECASE,
)
_HEADING_ROLES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE)) for role, pattern in (
        ("other", r"\bmemoriam\b|\bin memory\b|\bdeceased\b|\balumni\b|\bformer\b"),
        ("emeritus", r"\bemerit\w*|\bretired\b"),
        ("adjunct", r"\badjuncts?\b|\bvisiting\b|\bteaching (?:faculty|staff)\b|\bpart[- ]time\b|"
                    r"\bsessional\b|\bguest\b|\binstructors\b|\blecturers\b|\bprofessors? of (?:the )?practice\b"),
        ("affiliated", r"\baffiliat\w*|\bcourtesy\b|\bjoint\b|\bexternal\b|\bother faculty\b|\bassociated faculty\b|\bother departments?\b|"
                       r"\bcross[- ]appointed\b|\bassociate members\b"),
        # "Academic Staff" (UK, Ireland, Australia) heads the lecturers, readers and professors;
        # "Research Staff" the postdocs: neither is the office.
        ("faculty", r"\bacademic (?:staff|faculty)\b|\b(?:teaching and research|research and teaching) staff\b"),
        ("other", r"\bresearch staff\b"),
        ("staff", r"\bstaff\b|\badministrat\w*|\bsupport\b|\btechnical\b"),
        ("student", r"\bstudents?\b|\bph\.?d\.?s?\b|\bdoctoral\b|\bscholars\b"),
        ("other", r"\bpostdoc\w*|\bpost-doctoral\b|\bresearchers\b|\bscientists\b|\bfellows\b"),
        ("faculty", r"\bfaculty\b|\bprofessors\b|\bcore\b|\bregular\b|\bmembers\b|\bteam\b|\bpeople\b"),
    )
)
# What a person's title says they are.
_PROFESSORIAL = re.compile(
    r"\b(?:professor|prof\.?|lecturer|reader|faculty|dean|hod|head of (?:the )?(?:department|school)|"
    r"head|chair(?:man|person)?|principal)\b",
    re.IGNORECASE,
)
_TITLE_ROLES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE)) for role, pattern in (
        ("other", r"\b(?:external|industry) (?:experts?|members?)\b|\bexpert members?\b"),
        ("emeritus", r"\bemerit\w*|\bretired\b"),
        ("adjunct", r"\badjunct\b|\bvisiting\b|\bteaching (?:professor|fellow|faculty|assistant|staff)\b|"
                    r"\binstructor\b|\bpart[- ]time\b|\bsessional\b|\bguest\b|\bprofessor of (?:the )?practice\b|"
                    r"\bclinical\b"),
        ("affiliated", r"\baffiliat\w*|\bcourtesy\b|\bjoint appointment\b|\bexternal\b|\bother faculty\b"),
    )
)
# After the ranks: "Associate Professor | Faculty Undergraduate Advisor" is faculty.
_STUDENT_TITLE: tuple[tuple[str, re.Pattern], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE)) for role, pattern in (
        ("student", r"\bstudent\b|\bph\.?\s?d\.? (?:candidate|scholar|student)\b|\bdoctoral\b|"
                    r"\bresearch scholar\b|\bcandidate\b|\bundergraduate\b|\bmasters?\b"),
    )
)
_STAFF_TITLE = re.compile(
    r"\b(?:assistant|administrat\w*|coordinator|manager|librarian|secretary|officer|technician|"
    r"engineer|advis[eo]r|specialist|director|registrar|clerk|accountant|analyst|counsel+or|"
    r"support|staff|receptionist|programmer|developer|webmaster|executive|supervisor)\b",
    re.IGNORECASE,
)
_RESEARCH_TITLE = re.compile(
    r"\b(?:postdoc\w*|post-doctoral|research (?:associate|fellow|scientist|assistant|engineer)|"
    r"scientist|researcher|fellow)\b",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:professor|prof\.|lecturer|reader|instructor|fellow|faculty|emerit\w*|adjunct|dean|"
    r"chair(?:man|person)?|head|director|principal|hod|provost|president|chancellor|registrar|"
    r"librarian|secretary|officer|manager|coordinator|administrat\w*|assistant|associate|"
    r"technician|engineer|scientist|researcher|postdoc\w*|post-doctoral|student|candidate|"
    r"scholar|advis[eo]r|liaison|specialist|analyst|counsel+or|clerk|accountant|staff|"
    r"receptionist|programmer|developer|executive|supervisor|visiting|members?)\b",
    re.IGNORECASE,
)
# "Professor of Computer Science", "Associate Professor, Psychology": the unit a title names.
_TITLE_UNIT = re.compile(
    r"\b(?i:professor|lecturer|reader|instructor)\b(?:\s+(?i:emerit)\w+)?(?:\s+of|,)\s+(?:the\s+)?"
    r"([A-Z][\w&'’-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w&'’-]*)*)",
)
# Where a page or a person's title names a unit or an institution.
_UNIT_NAMED = re.compile(
    r"\b((?:Department|Dept\.|School|Faculty|Division|Centre|Center|Institute)\s+(?:of|for)\s+"
    r"(?:the\s+)?[A-Z][\w'’&-]*(?:\s+(?:and\s+|&\s+|of\s+|in\s+)?[A-Z][\w'’&-]*)*)"
)
_UNIT_HEADING = re.compile(r"^(?:Department|School|Division|Faculty)\s+of\s+[A-Z]|\bDepartment$")
_INSTITUTION = re.compile(
    r"\b(?:University|Universit[àéäy]\w*|Universidad|Universidade|Institute of Technology|College|"
    r"Polytechnic|Institut\w*)\b"
)
# A table's header: the column of names and the column of units.
_NAME_HEADER = re.compile(r"^(?:(?:faculty|staff|member|employee)\s+)?names?(?:\s+of\s+(?:the\s+)?\w+)?$",
                          re.IGNORECASE)
_UNIT_HEADER = re.compile(r"^(?:department|dept\.?|school|unit|division|programme|program|group|area)s?$",
                          re.IGNORECASE)
_SENTENCE = re.compile(r"[a-z][.!?]\s+[A-Z]|\b(?:is|was|has|have|are|were|his|her|their|he|she)\b")
_NAVIGATION_LINE = re.compile(r"^\[.*\]$|back to top|^\W+$", re.IGNORECASE)

# How far past a name the reader looks for the title, e-mail or research line that makes it a
# person (a degree line or a serial number may come between).
_LOOKAHEAD = 4
_MAX_TITLE_WORDS = 16
_MAX_RESEARCH_ITEM_WORDS = 8


@dataclass
class _Cell:
    text: str
    line: int


@dataclass
class _Person:
    name: str
    line: int
    section: str
    section_role: str | None
    unit_column: int | None = None  # in a table: which of their cells is the Department column
    unit: str = ""  # the "Department of …" heading above them, or their own line naming one
    title: str = ""
    email: str = ""
    research: tuple[str, ...] = ()
    homepage: str = ""
    cells: list[str] = field(default_factory=list)
    listing: bool = False  # under a label with nothing after it ("Technical keywords:"): items follow
    labels: set[str] = field(default_factory=set)  # the research labels of their entry, lower-case


def parse_faculty_directory(text: str) -> FacultyDirectory:
    """Everyone the page lists, in page order, one entry per person.

    Raises CaptureError ``no_people`` when nobody is found, saying what was read instead.
    """
    cells = _cells(text)
    people: list[_Person] = []
    section, section_role = "", None
    current: _Person | None = None
    last_heading = -2  # index of the last heading cell
    unit_column = _unit_column(cells)
    unit = ""
    index = 0
    while index < len(cells):
        cell = cells[index]
        if current is not None and (_topics_expected(current, cell.text) or current.listing) \
                and _listed_item(current, cells, index):
            _take(current, cell.text)  # "Kant, Wittgenstein" under a title is research, not a name
            index += 1
            continue
        name = _person_name(cells, index)
        if name is not None:
            current = _Person(name=name, line=cell.line, section=section, section_role=section_role,
                              unit_column=unit_column, unit=unit)
            people.append(current)
            index += 1
            continue
        if _is_unit_line(cell.text) and index + 1 < len(cells) and _person_name(cells, index + 1) is not None:
            unit, current = cell.text, None  # "Department of Physics" above its people
            index += 1
            continue
        heading_role = _heading_role(cell.text)
        if heading_role is not None and _title_expected(current, cell.text):
            # "Visiting Faculty" under a name (and its e-mail) is their title; after an e-mail and
            # before the next name, a heading.
            # Right under the name it is always the title.
            following = index + 1 < len(cells) and _person_name(cells, index + 1) is not None
            heading_role = heading_role if following and current.cells else None
        if heading_role is not None:
            if heading_role == "navigation":
                pass
            elif last_heading == index - 1:
                # Headings one after another are a tab bar or a menu ("Core Faculty",
                # "Affiliated Faculty", "Emeritus Faculty"): which tab is shown is unknown.
                section, section_role = "", None
            else:
                section, section_role = cell.text, heading_role
            last_heading = index
            current = None
            index += 1
            continue
        if current is not None:
            _take(current, cell.text)
        index += 1
    directory = FacultyDirectory(people=_finish(people))
    if not directory.people:
        raise CaptureError("no_people", _nobody_message(cells))
    first_person = min(person.line for person in directory.people)
    head = [cell.text for cell in cells if cell.line < first_person]
    directory.department = _page_unit(head) or _home_unit(directory.people) or ""
    directory.institution = next((text for text in head + [c.text for c in cells[-15:]]
                                  if _names_institution(text)), "")
    return directory


def _unit_column(cells: list[_Cell]) -> int | None:
    """In a table whose header has a name column and a department column: how many cells after
    a name its department comes."""
    for index, cell in enumerate(cells):
        if _NAME_HEADER.match(cell.text):
            for offset, later in enumerate(cells[index + 1: index + 10], 1):
                if _UNIT_HEADER.match(later.text):
                    return offset
                if any(ch.isdigit() for ch in later.text) or len(later.text.split()) > 5:
                    break
    return None


def _is_unit_line(text: str) -> bool:
    return len(text.split()) <= 10 and _UNIT_HEADING.search(text) is not None and ":" not in text


def _page_unit(head: list[str]) -> str | None:
    """The unit the page is about, from a heading above its people ("Department of Physics")."""
    for text in head:
        if len(text.split()) <= 10 and _UNIT_HEADING.search(text):
            return text
    return None


def _names_institution(text: str) -> bool:
    return len(text.split()) <= 10 and _INSTITUTION.search(text) is not None and not _SENTENCE.search(text) \
        and "©" not in text and "@" not in text and not _is_degree_line(text)


def parse(text: str, *, captured_on: date) -> ParsedCapture:
    """The page as a capture: its people (no papers, no single researcher)."""
    directory = parse_faculty_directory(text)
    return ParsedCapture(layout="faculty_directory", people=directory.people,
                         department=directory.department or None, warnings=list(directory.warnings))


# --- reading cells ---------------------------------------------------------------------------

def _cells(text: str) -> list[_Cell]:
    """The page's non-empty lines, a table row's tab-separated cells each on its own."""
    cells = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        for part in line.split("\t"):
            part = " ".join(part.split())
            if not part:
                continue
            spelled = _SPELLED_EMAIL.match(part)
            if spelled:
                part = f"{spelled.group(1)}@{_SPELLED_DOT.sub('.', spelled.group(2))}"
            named = _NAME_THEN_TITLE.match(part)
            if named and _as_name(part) is None and _as_name(named.group(1)) is not None \
                    and _is_title(named.group(2)):
                cells += [_Cell(named.group(1), number), _Cell(named.group(2), number)]
                continue
            both = _NAME_THEN_EMAIL.match(part)
            if both and _as_name(both.group(1)) is not None:
                cells += [_Cell(both.group(1), number), _Cell(both.group(2), number)]
                continue
            cells.append(_Cell(part, number))
    return cells


def _person_name(cells: list[_Cell], index: int, *, strong: bool = False) -> str | None:
    """The name in ``cells[index]`` when that cell starts a person, else None. ``strong``: only
    a title or an e-mail after it counts (a research line follows list items too)."""
    name = _as_name(cells[index].text)
    if name is None:
        return None
    honorific = bool(_HONORIFIC.match(cells[index].text))
    single = len(name.split()) == 1
    # What follows a name on a directory: a title, an e-mail, research, a degree line.
    for position, ahead in enumerate(cells[index + 1: index + 1 + _LOOKAHEAD]):
        text = ahead.text
        if _as_name(text) is not None and not _is_title(text):
            return None  # another name first: this one is a list item without details
        if _is_title(text) or _TITLE_LABEL.match(text) or (_RESEARCH_LABEL.match(text) and not strong):
            # A lone word ("BLOG", "Mahesh") is a name only with an honorific or its title
            # right under it.
            return name if (not single or honorific or position == 0) else None
        if _EMAIL.search(text) and not _is_role_mailbox(_EMAIL.search(text).group(0)):
            return name
        if _heading_role(text) is not None:
            return None
        if _SERIAL.match(text) or _is_degree_line(text):
            continue
        if len(text.split()) > _MAX_TITLE_WORDS:  # a bio right after the name
            continue
    return None


def _as_name(text: str) -> str | None:
    """``text`` as a person's name (honorifics and a trailing "(HoD)" removed), or None."""
    if len(text) > 70 or any(ch.isdigit() for ch in text) or "@" in text or ":" in text:
        return None
    shown = _CREDENTIALS.sub("", re.sub(r"\s*\([^)]*\)\s*$", "", _HONORIFIC.sub("", text))).strip(" ,;")
    stripped = shown
    if _is_degree_line(stripped):
        return None
    stripped = re.sub(r"\([^)]*\)", " ", stripped)  # "Robert (Bob) Smith"
    stripped = _GLUED_INITIALS.sub(" ", stripped)
    if stripped.count(",") > 1:
        return None  # a list ("Logic, Metaphysics, Epistemology"); "Anderson, C. Anthony" is one comma
    words = stripped.replace(",", " ").split()
    if not words or len(words) > 6:
        return None
    capitalised = 0
    for word in words:
        bare = word.strip(".").lower()
        if word.lower() in _NAME_PARTICLES or bare in _NAME_PARTICLES:
            continue
        if bare in _NOT_NAME_WORDS or not _NAME_WORD.match(word):
            return None
        if word[0].islower():  # (scripts without case, 陈大岳, pass)
            return None
        capitalised += 1
    if capitalised == 0:
        return None
    # A run of one-letter words ("A B C") is a menu of initials, not a name.
    if all(len(word.strip(".")) <= 1 for word in words):
        return None
    # The name as shown: only the honorific, credentials and a trailing note go ("D.M.Mahishi" stays).
    return normalize_name(shown)


def _is_title(text: str) -> bool:
    text = _TITLE_LABEL.sub("", text)
    words = text.split()
    if not words or len(words) > _MAX_TITLE_WORDS or _EMAIL.search(text) or _SENTENCE.search(text):
        return False
    return _TITLE_WORDS.search(text) is not None


def _is_degree_line(text: str) -> bool:
    """A qualifications cell: "PhD, University of Minnesota", "Ph.D, M.Com, MBA"."""
    items = [item.strip() for item in re.split(r"[,;/]", text) if item.strip()]
    if not items:
        return False
    if _DEGREE.match(items[0]) is not None:
        return True
    # Mostly abbreviations ("MAF, M.Phil, B.Com", "M P Ed, PGDSM"): qualifications, not topics.
    short = [item for item in items if len(item.replace(" ", "")) <= 8
             and sum(ch.isupper() for ch in item) >= 2]
    return len(items) >= 2 and len(short) * 2 > len(items)


def _heading_role(text: str) -> str | None:
    """The role a section heading gives its people; "navigation" for a row of tabs; None when
    ``text`` is no heading."""
    words = text.split()
    if not words or len(words) > 12 or _EMAIL.search(text) or _SENTENCE.search(text) or ":" in text:
        return None
    if not _GROUP_WORDS.search(text):
        return None
    if _NAVIGATION_LINE.search(text) and "[" not in text:
        return None
    roles = {role for role, pattern in _HEADING_ROLES if pattern.search(text)}
    if "[" in text or "|" in text or len(_GROUP_WORDS.findall(text)) >= 4:
        return "navigation"  # "Faculty In Residence [Emeritus Faculty] [Adjunct & Visiting Faculty]"
    for role, pattern in _HEADING_ROLES:
        if pattern.search(text):
            return role
    return None if not roles else next(iter(roles))


_CONTACT_WORDS = re.compile(r"\b(?:e-?mail|mail|contact|tel|phone|fax|office|room|hall|building)\b[.:]?",
                            re.IGNORECASE)


def _their_address(person: _Person, text: str, address: str) -> bool:
    """An address in ``person``'s entry is theirs when its line is a contact line (the address,
    a label, an office or phone) or when it carries their name; not when the line names someone
    else ("Webpages developers: Diana Sarasti (d.sarasti@…) and …")."""
    local = re.sub(r"[^a-z]", "", address.split("@", 1)[0].lower())
    if any(len(token) >= 3 and token[:4] in local for token in name_key(person.name).split()):
        return True  # "caanders" for C. Anthony Anderson
    rest = _CONTACT_WORDS.sub(" ", _EMAIL.sub(" ", text))
    rest = " ".join(re.sub(r"[^\w\s'’-]|\d", " ", rest).split())
    words = rest.split()
    return len(_EMAIL.findall(text)) == 1 and len(words) <= 4 and (len(words) < 2 or _as_name(rest) is None)


def _is_role_mailbox(address: str) -> bool:
    return _ROLE_MAILBOXES.match(address.split("@", 1)[0]) is not None


def _take(person: _Person, text: str) -> None:
    """Read one cell of ``person``'s entry."""
    title_here = _title_expected(person, text)  # judged on the cells before this one
    person.cells.append(text)
    if _NAVIGATION_LINE.search(text):
        return
    for address in _EMAIL.findall(text):
        address = address.rstrip(".")
        if not person.email and not _is_role_mailbox(address) and _their_address(person, text, address):
            person.email = address
    labelled = _RESEARCH_LABEL.match(text)
    if labelled:
        person.labels.add(_label(text))
        topics = _topics(text[labelled.end():])
        person.listing = not topics
        if not person.research or person.listing:
            person.research = tuple(dict.fromkeys(person.research + topics))
        return
    if person.listing and _is_list_item(text):
        person.research = tuple(dict.fromkeys(person.research + (text.strip(" .;,"),)))
        return
    person.listing = False
    if not person.homepage:
        url = _URL.search(text)
        if url and "@" not in url.group(0):
            person.homepage = url.group(0).rstrip(".,;)")
    if _EMAIL.search(text) or _URL.search(text):
        return
    if title_here:
        person.title = _TITLE_LABEL.sub("", text).strip()
        return
    if _topics_expected(person, text):
        person.research = _topics(text)
        return
    if _is_unit_line(text) and len(person.cells) <= 4:
        person.unit = text  # their own line: "Department of Computer Science and Engineering"


def _topics_expected(person: _Person, text: str) -> bool:
    """An unlabelled list of topics right under the person's title is their research."""
    return bool(person.title and not person.research and len(person.cells) <= 3 and _looks_like_topics(text))


def _is_list_item(text: str) -> bool:
    """One topic on its own line under a label: short, no label, address or sentence."""
    return (len(text.split()) <= _MAX_RESEARCH_ITEM_WORDS and ":" not in text and not _EMAIL.search(text)
            and not _SENTENCE.search(text) and not _is_title(text))


def _listed_item(person: _Person, cells: list[_Cell], index: int) -> bool:
    """A cell in a list of topics ("Network Analysis" under "Technical keywords:", "Kant,
    Wittgenstein" under a title): an item, unless it is a name followed by a title or e-mail."""
    if not _is_list_item(cells[index].text):
        return False
    following = cells[index + 1].text if index + 1 < len(cells) else ""
    if _RESEARCH_LABEL.match(following) and _label(following) in person.labels:
        return _as_name(cells[index].text) is None  # the next entry: a name, then the same label
    return _person_name(cells, index, strong=True) is None


def _label(text: str) -> str:
    match = _RESEARCH_LABEL.match(text)
    return " ".join(text[:match.end()].lower().strip(" :：-–").split()) if match else ""


def _title_expected(person: _Person | None, text: str) -> bool:
    """Whether ``text`` is ``person``'s title: a title-like cell right under the name (a degree
    line may come between), before anything else about them. Later, "Adjunct Faculty" is the
    next section's heading."""
    if person is None or person.title or person.research:
        return False
    before = [cell for cell in person.cells
              if not _SERIAL.match(cell) and not _is_degree_line(cell) and not _EMAIL.fullmatch(cell)]
    return len(before) <= 1 and (_is_title(text) or _TITLE_LABEL.match(text) is not None)


def _looks_like_topics(text: str) -> bool:
    """An unlabelled list of research areas right under a title: "Logic, Metaphysics"."""
    if _is_degree_line(text) or _SENTENCE.search(text) or _PHONE_OR_ROOM.search(text) or ":" in text:
        return False
    items = [item.strip() for item in re.split(r"[,;]", text) if item.strip()]
    if len(items) < 2 or any(len(item.split()) > _MAX_RESEARCH_ITEM_WORDS for item in items):
        return False
    if _TITLE_WORDS.search(text) or "university" in text.lower():
        return False
    return all(not any(ch.isdigit() for ch in item) for item in items)


def _topics(text: str) -> tuple[str, ...]:
    items = [item.strip(" .") for item in re.split(r"[;,]|\s+\|\s+", text)]
    return tuple(dict.fromkeys(item for item in items if item))


# --- roles and the finished list -------------------------------------------------------------

def _title_role(title: str) -> str | None:
    if not title:
        return None
    for role, pattern in _TITLE_ROLES:
        if pattern.search(title):
            return role
    if _PROFESSORIAL.search(title):
        return "faculty"
    for role, pattern in _STUDENT_TITLE:
        if pattern.search(title):
            return role
    if _STAFF_TITLE.search(title):
        return "staff"
    if _RESEARCH_TITLE.search(title):
        return "other"
    return None


def _role(person: _Person, home_unit: str | None) -> str:
    from_title = _title_role(person.title)
    # A title that says emeritus, adjunct, staff or student is about the person themself; a
    # section says what a plain "Professor" under it is (affiliated, emeritus, adjunct …).
    if from_title in ("emeritus", "adjunct", "staff", "student", "affiliated") or (
            from_title == "other" and _TITLE_ROLES[0][1].search(person.title)):
        return from_title
    if person.section_role is not None and person.section_role != "faculty":
        return person.section_role
    if from_title == "faculty" and home_unit:
        unit = _title_unit(person.title)
        if unit and unit.lower() != home_unit.lower():
            return "affiliated"  # a professor of another department listed beside the unit's own
    if from_title is not None:
        return from_title
    return person.section_role or "other"


def _title_unit(title: str) -> str | None:
    match = _TITLE_UNIT.search(title)
    return match.group(1).strip() if match else None


def _home_unit(people) -> str | None:
    """The department most professorial titles name ("… of Computer Science"), when most do."""
    units = Counter(unit for unit in (_title_unit(p.title) for p in people) if unit)
    if not units:
        return None
    unit, count = units.most_common(1)[0]
    named = sum(units.values())
    return unit if count >= 3 and count * 5 >= named * 3 else None


def _finish(people: list[_Person]) -> list[FacultyMember]:
    """One member per person (a name listed twice is merged into its first listing)."""
    home = _home_unit(people)
    merged: dict[str, FacultyMember] = {}
    for person in people:
        key = name_key(person.name)
        member = FacultyMember(
            name=person.name, title=person.title, role=_role(person, home), email=person.email,
            research=person.research, homepage=person.homepage, section=person.section, line=person.line,
            department=_person_unit(person),
        )
        first = merged.get(key)
        if first is None:
            merged[key] = member
            continue
        merged[key] = replace(
            first,
            title=first.title or member.title, email=first.email or member.email,
            research=first.research or member.research, homepage=first.homepage or member.homepage,
            department=first.department or member.department,
        )
    return list(merged.values())


def _person_unit(person: _Person) -> str:
    """The person's own unit as the page shows it: the table's Department cell, a unit their
    title names, or the "Department of …" heading they are listed under."""
    if person.unit_column is not None and len(person.cells) >= person.unit_column:
        cell = person.cells[person.unit_column - 1]
        if not any(ch.isdigit() for ch in cell) and "@" not in cell:
            return cell
    named = _UNIT_NAMED.search(person.title)
    if named:
        return named.group(1)
    return person.unit


def _nobody_message(cells: list[_Cell]) -> str:
    shown = "; ".join(f"“{cell.text[:60]}”" for cell in cells[:5])
    read = f"{len(cells)} lines were read, starting {shown}" if cells else "the text is empty"
    return (
        "No people were found on this faculty page: no line looks like a person's name followed "
        f"by their title, e-mail or research interests ({read}). Copy the whole People/Faculty "
        "page, with each person's name and title, and try again."
    )
