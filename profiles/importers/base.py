"""What every capture parser returns, and the one error it may raise.

Parsers are pure: text in, these dataclasses out. Nothing here touches the database,
so they are fast to run at scale and safe to fuzz.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .faculty_directory import FacultyMember

# A department's People/Faculty page lists people, not papers (``faculty_directory``).
PAGE_LAYOUTS = ("phdfit", "alphaxiv", "hf_papers", "arxiv_listing", "faculty_directory")
# Scholarly-API responses saved as they arrived (JSON or XML): one module each.
RESPONSE_LAYOUTS = (
    "openalex_author", "openalex_works", "arxiv_atom", "s2_author", "s2_papers", "orcid_works",
    "dblp_person",
)
LAYOUTS = PAGE_LAYOUTS + RESPONSE_LAYOUTS


class CaptureError(Exception):
    """A capture the importer refuses, with a message the user can act on.

    ``reason`` is a short machine-readable code (``unreadable``, ``empty``,
    ``too_large``, ``unknown_layout``, ``html``, ``binary``, ``no_entries``);
    ``str(error)`` is the sentence shown to the user: what is wrong and how to fix it.
    """

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class ParsedPaper:
    title: str
    date: date | None = None
    # How much of ``date`` the page said: "day", "month" (the 1st stands for the month) or
    # "year" (January 1st stands for the year); "" when there is no date.
    date_precision: str = ""
    venues: list[str] = field(default_factory=list)
    kind: str = ""  # "preprint", "article", … as the page says; "" when unknown
    open_access: bool | None = None  # None: the layout does not say
    abstract: str = ""
    abstract_complete: bool = True  # False when the page showed only a preview ("▽ More", cut mid-sentence)
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None  # the full count when the page gives one
    authors_complete: bool = False  # False when the page cut the list ("et al.") or gave none
    categories: list[str] = field(default_factory=list)
    has_code: bool = False
    orgs: list[str] = field(default_factory=list)
    arxiv_id: str = ""  # "1807.07067" or "hep-th/9901001", without its version
    doi: str = ""  # lower-case, without "https://doi.org/"
    comments: str = ""  # the page's "Comments:" line
    journal_ref: str = ""  # the page's "Journal-ref:" line
    line: int = 0  # 1-based line of the entry's title in the capture, for messages


@dataclass
class ParsedCoauthor:
    name: str
    shared_papers: int | None = None
    affiliation: str | None = None


@dataclass
class ParsedEducation:
    degree: str
    institution: str | None = None


@dataclass
class ParsedMetrics:
    h_index: int | None = None
    citations: int | None = None
    paper_count: int | None = None
    novelty_pct: int | None = None
    ai_score: int | None = None


@dataclass
class ParsedCapture:
    """One capture, parsed. ``researcher_name`` is None when the page names nobody
    (hf_papers) or when the subject is ambiguous (``candidates`` then lists who it could be)."""

    layout: str
    researcher_name: str | None = None
    candidates: list[str] = field(default_factory=list)
    title: str | None = None
    affiliation: str | None = None
    department: str | None = None
    about: str | None = None
    active_from: int | None = None
    active_to: int | None = None
    topics: list[str] = field(default_factory=list)
    metrics: ParsedMetrics = field(default_factory=ParsedMetrics)
    coauthors: list[ParsedCoauthor] = field(default_factory=list)
    education: list[ParsedEducation] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    labs: str | None = None
    papers: list[ParsedPaper] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The page is the researcher's own profile (every paper on it is theirs), not a list of
    # papers that may merely mention them.
    own_profile: bool = False
    # How many entries the page itself says it lists ("Total of 90 entries", "34 papers").
    stated_total: int | None = None
    # How many entries one page shows at most ("Showing up to 25 entries per page").
    stated_per_page: int | None = None
    # What looked wrong with the parse (``plausibility``): the capture then waits for review.
    review: list[str] = field(default_factory=list)
    # Lines the parser took for navigation (tabs, menus), kept to judge the parse.
    skipped_navigation: int = 0
    # Ids a scholarly source gives the subject ({"openalex": "A5017898742", "orcid": …}).
    source_ids: dict[str, str] = field(default_factory=dict)
    # How many entries the source says the whole result has (a response may be one page).
    entries_total: int | None = None
    next_offset: int | None = None  # where the next page starts, when the source says
    # Everyone a faculty page lists (``faculty_directory``); no other layout fills it.
    people: list[FacultyMember] = field(default_factory=list)
