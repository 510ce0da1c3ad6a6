"""A department's People/Faculty page (its select-all text): who is listed, as shown.

Pure: text in, these dataclasses out. The parser reads card grids, tables and long lists with
bios; each person's role comes from their title and the section headings above them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class FacultyDirectory:
    """Everyone a faculty page lists, in page order, with what the reader was unsure of."""

    people: list[FacultyMember] = field(default_factory=list)
    institution: str = ""  # when the page names it
    department: str = ""  # when the page names it
    warnings: list[str] = field(default_factory=list)
