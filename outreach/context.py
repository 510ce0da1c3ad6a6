"""The grounding context a template sees: plain dicts, lists and strings built from the
catalogue and this applicant's own profile. Never a model instance, queryset or request, so a
template can neither read other users' data nor change anything.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from profiles.dates import paper_date_iso
from profiles.text import latex_to_text

from .grounding import PaperFact
from .paper_choice import ChosenPaper, PaperOption, choose_papers

# The fields a template sees, by object: the template check refuses any other name, and the
# editor's buttons insert them (label, what is inserted, what it is).
SCHEMA = {
    "applicant": {"name", "first_name", "program", "program_phrase", "interests", "methods", "keywords", "background", "has_cv"},
    "researcher": {"name", "first_name", "last_name", "salutation", "title", "institution", "department", "topics"},
    "paper": {"title", "short_title", "year", "date", "venue", "reason", "shared", "relevant"},
    "original": {"subject", "short_subject", "body", "date", "about", "kind", "paper_title"},
}
TOP_LEVEL = {"applicant", "researcher", "papers", "paper", "hook", "instructions", "original", "today"}

FIELD_BUTTONS = [
    ("Greeting name", "{{ researcher.salutation }}", "e.g. “Professor Okafor”"),
    ("Their last name", "{{ researcher.last_name }}", ""),
    ("Their institution", "{{ researcher.institution }}", "from the catalogue"),
    ("Your name", "{{ applicant.name }}", "from your profile"),
    ("Your program", "{{ applicant.program_phrase }}", "e.g. “the PhD program in Computer Science for Fall 2027”"),
    ("Your interests", "{{ applicant.interests }}", "from your profile"),
    # Guarded: a researcher with no papers in the catalogue has no paper, and the draft must still work.
    ("Paper title", '{% if paper %}"{{ paper.title }}" ({{ paper.year }}){% endif %}',
     "the most relevant paper chosen for you"),
    ("Paper short name", "{% if paper %}{{ paper.short_title }}{% endif %}",
     "its name before a colon, or the first words: good in a subject"),
    ("All chosen papers",
     '{% for p in papers %}"{{ p.title }}" ({{ p.year }}){% if not loop.last %} and {% endif %}{% endfor %}',
     "every paper chosen, one after another"),
    ("Your personal hook", "{% if hook %}{{ hook }}{% endif %}", "your sentence from the shortlist entry"),
    ("CV sentence", "{% if applicant.has_cv %}I have attached my CV.{% endif %}",
     "only when you uploaded a CV (the .eml then attaches it)"),
    ("Earlier email (follow-ups)", "{% if original %}I wrote to you on {{ original.date }} {{ original.about }}.{% endif %}",
     "what your first email was about"),
    ("Quote earlier email", "{% if original %}{{ original.body|quote }}{% endif %}", "quoted with “> ” like a mail client"),
    ("Their contact instructions", "{% if instructions %}{{ instructions }}{% endif %}", "if a curator recorded any"),
]
FIELDS_HELP = [
    ("applicant.name / .first_name", "your full name and first name, from your profile"),
    ("applicant.program", "the program you are applying to, as your profile writes it"),
    ("applicant.program_phrase", "the same as a sentence says it: “the PhD program in Computer Science for Fall 2027”"),
    ("applicant.interests / .methods / .background", "from your profile"),
    ("applicant.has_cv", "true when you uploaded a CV file on your profile"),
    ("researcher.name / .last_name / .salutation", "e.g. “Professor Okafor”"),
    ("researcher.title / .institution / .department", "from the catalogue"),
    ("papers", "the chosen papers: each has .title, .short_title, .year, .date, .venue, .reason, .shared"),
    ("paper", "the first chosen paper (or none)"),
    ("hook", "your personal hook for this researcher (from the shortlist entry)"),
    ("instructions", "the researcher's contact instructions, if a curator recorded any"),
    ("original", "for follow-ups: the earlier draft's .subject, .body, .date and .about (what it was about)"),
    ("today", "today's date, YYYY-MM-DD"),
    ("|quote", "filter: quote text with “> ” like a mail client"),
]

SHORT_TITLE_CHARS = 50
# Where a long title can end and still read as a name: "Efficient Data Selection at Scale | via …".
_TITLE_BREAK = re.compile(r"\s+(?:via|with|for|using|in|through|by|from|on|under|without|towards?)\s+|\s*[,;–—]\s+|\s+-\s+")
_TRAILING_MINOR = {"a", "an", "the", "and", "or", "of", "for", "in", "on", "to", "with", "via", "by", "at", "from"}


def short_title(title: str, limit: int = SHORT_TITLE_CHARS) -> str:
    """A paper's name short enough for a subject line, always ending on a whole word: the part
    before a colon ("Less is More"), the whole title when short, else its first phrase."""
    title = " ".join((title or "").split())
    head = title.split(":")[0].strip()
    if head != title and 1 <= len(head.split()) <= 6 and len(head) <= limit:
        return head
    if len(title) <= limit:
        return title
    cut = ""
    for m in _TITLE_BREAK.finditer(title):
        if m.start() > limit:
            break
        if len(title[:m.start()].split()) >= 2:
            cut = title[:m.start()]
    return (cut or cut_at_word(title, limit)).rstrip(" ,;:-–—")


def cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters after a whole word, never after a word like
    "of" or "the" that leaves it hanging (a single over-long word is kept whole)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    words: list[str] = []
    for w in text.split():
        if len(" ".join(words + [w])) > limit:
            break
        words.append(w)
    while len(words) > 1 and words[-1].lower().strip(",;:") in _TRAILING_MINOR:
        words.pop()
    return (" ".join(words) if words else text.split()[0]).rstrip(" ,;:-–—")


# "…, Fall 2027", "… (2027)", "… Spring 2028": when the applicant would start.
_PROGRAM_TERM = re.compile(
    r"^(?P<head>.*?)[\s,;:–—-]*\(?(?P<term>(?:(?:fall|spring|summer|winter|autumn)\s+)?(?:19|20)\d\d)\)?\.?$",
    re.IGNORECASE)
_DEGREE = r"(?:ph\.?\s?d\.?|d\.?\s?phil\.?|m\.?\s?sc\.?|m\.?\s?s\.?|m\.?\s?phil\.?|master'?s|masters|doctoral|doctorate)"
_DEGREE_THEN_FIELD = re.compile(rf"^(?P<degree>{_DEGREE})(?P<rest>\s+(?:in|of)\s+.+)$", re.IGNORECASE)
_ENDS_WITH_DEGREE = re.compile(rf"(?:^|\s){_DEGREE}$", re.IGNORECASE)


def program_phrase(program: str) -> str:
    """The program as a sentence says it after "I am applying to": "PhD in Computer Science,
    Fall 2027" becomes "the PhD program in Computer Science for Fall 2027" ("" for none)."""
    text = " ".join((program or "").split()).rstrip(" .,;")
    if not text:
        return ""
    m = _PROGRAM_TERM.match(text)
    head, term = (m["head"], m["term"]) if m and m["head"] else (text, "")
    head = re.sub(r"^the\s+", "", head, flags=re.IGNORECASE)
    if not re.search(r"\bprogram(?:me)?s?\b", head, re.IGNORECASE):
        degree = _DEGREE_THEN_FIELD.match(head)
        if degree:
            head = f"{degree['degree']} program{degree['rest']}"
        elif _ENDS_WITH_DEGREE.search(head):
            head = f"{head} program"
    return f"the {head}" + (f" for {term}" if term else "")


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def applicant_context(profile, user) -> dict[str, str | bool]:
    """The applicant's part; works for a user who has not filled in a profile yet."""
    full = (getattr(profile, "full_name", "") or "").strip() if profile else ""
    if not full and user is not None:
        full = (user.get_full_name() or "").strip()
    return {
        "name": full,
        "first_name": full.split()[0] if full else "",
        "program": (getattr(profile, "program", "") or "").strip() if profile else "",
        "program_phrase": program_phrase(getattr(profile, "program", "") if profile else ""),
        "interests": (getattr(profile, "interests", "") or "").strip() if profile else "",
        "methods": (getattr(profile, "methods", "") or "").strip() if profile else "",
        "keywords": (getattr(profile, "keywords", "") or "").strip() if profile else "",
        "background": (getattr(profile, "background", "") or "").strip() if profile else "",
        # A CV *file*, the one the .eml attaches: typed-in CV text cannot be attached.
        "has_cv": bool(profile and getattr(profile, "cv_file", None)),
    }


def profile_terms(profile) -> dict[str, str]:
    """What paper choice matches against (includes the CV text, which templates do not get)."""
    if not profile:
        return {}
    return {
        k: getattr(profile, k, "") or ""
        for k in ("interests", "methods", "keywords", "background", "cv_text")
    }


def researcher_context(researcher) -> dict[str, Any]:
    parts = researcher.name.split()
    last = parts[-1] if parts else researcher.name
    title = _first_line(researcher.title)
    is_prof = "professor" in title.lower() or not title
    return {
        "name": researcher.name,
        "first_name": parts[0] if parts else "",
        "last_name": last,
        "salutation": f"{'Professor' if is_prof else 'Dr.'} {last}",
        "title": title,
        "institution": researcher.affiliation or "",
        "department": researcher.department or "",
        "topics": [str(t) for t in (researcher.topics or [])][:10],
    }


def paper_options(papers) -> list[PaperOption]:
    """Plain views of Paper rows for the chooser. Titles are plain text ("$\\textit{master
    weights}$" → "master weights"): drafts cite a title the way a reader sees it."""
    return [
        PaperOption(
            paper_id=p.pk, title=latex_to_text(p.title), date=p.date, abstract=p.abstract or "",
            venue=str((p.venues or [""])[0]) if p.venues else "", date_precision=p.date_precision or "",
        )
        for p in papers
    ]


def paper_facts(papers) -> list[PaperFact]:
    return [PaperFact(title=latex_to_text(p.title), date=p.date, abstract=p.abstract or "", paper_id=p.pk) for p in papers]


def paper_context(chosen: list[ChosenPaper]) -> list[dict[str, Any]]:
    return [
        {
            "title": c.title,
            "short_title": short_title(c.title),
            # "2018-07" for a paper known only to the month: a draft never states a made-up day.
            "date": paper_date_iso(c.date, c.date_precision),
            "year": c.date.year if c.date else "",
            "venue": c.venue,
            "reason": c.reason,
            "shared": list(c.shared),
            "relevant": c.relevant,
        }
        for c in chosen
    ]


def build_context(
    *,
    applicant: dict[str, str],
    researcher: dict[str, Any],
    chosen: list[ChosenPaper],
    hook: str = "",
    instructions: str = "",
    original: dict[str, str] | None = None,
    today: date,
) -> dict[str, Any]:
    """The whole template context, as plain data."""
    papers = paper_context(chosen)
    return {
        "applicant": dict(applicant),
        "researcher": dict(researcher),
        "papers": papers,
        "paper": papers[0] if papers else None,
        "hook": (hook or "").strip(),
        "instructions": (instructions or "").strip(),
        "original": dict(original) if original else None,
        "today": today.isoformat(),
    }


def sample_contexts(today: date) -> list[tuple[str, dict[str, Any]]]:
    """Made-up contexts covering what real drafts meet – several papers, a hook, an earlier
    email and a CV; or one paper; or nothing at all – each with the situation it stands for.
    A template that fails on any of them would fail on some real researcher."""
    applicant = {
        "name": "Ada Lovelace", "first_name": "Ada", "program": "PhD in Computer Science",
        "program_phrase": "the PhD program in Computer Science", "interests": "sparse attention", "methods": "transformers", "keywords": "retrieval",
        "background": "I built a retrieval system.", "has_cv": True,
    }
    researcher = {
        "name": "Chidi Okafor", "first_name": "Chidi", "last_name": "Okafor", "salutation": "Professor Okafor",
        "title": "Professor", "institution": "Northfield University", "department": "Computer Science",
        "topics": ["attention", "retrieval"],
    }
    papers = [
        ChosenPaper(1, "Sparse Attention for Long Context Transformers", date(2026, 3, 1), "NeurIPS",
                    "shares: sparse attention; 2026", 1.0, ("sparse attention",), True),
        ChosenPaper(2, "Retrieval Augmented Generation at Scale", date(2025, 9, 1), "ICML",
                    "shares: retrieval; 2025", 0.5, ("retrieval",), True),
        ChosenPaper(3, "Memory for Language Models", None, "", "shares: attention", 0.2, (), True),
    ]
    original = {
        "subject": "PhD applicant: your work on Sparse Attention", "short_subject": "PhD applicant: your work on Sparse Attention",
        "body": "Dear Professor Okafor,\n…", "date": today.isoformat(), "about": "about PhD openings in your group",
        "kind": "first_contact", "paper_title": papers[0].title,
    }
    empty_applicant = {k: (False if k == "has_cv" else "") for k in applicant}
    empty_researcher = {**{k: "" for k in researcher}, "name": "Chidi Okafor", "last_name": "Okafor",
                        "salutation": "Dr. Okafor", "topics": []}
    return [
        ("", build_context(applicant=applicant, researcher=researcher, chosen=papers, hook="I loved it.",
                           instructions="Put PhD in the subject.", original=original, today=today)),
        ("when only one paper is chosen", build_context(
            applicant=applicant, researcher=researcher, chosen=papers[:1], today=today)),
        ("when the researcher has no papers or topics in the catalogue and your profile is empty",
         build_context(applicant=empty_applicant, researcher=empty_researcher, chosen=[], today=today)),
    ]


__all__ = [
    "FIELDS_HELP", "FIELD_BUTTONS", "SCHEMA", "TOP_LEVEL", "cut_at_word", "short_title", "applicant_context", "build_context", "choose_papers", "paper_facts",
    "paper_options", "profile_terms", "researcher_context", "sample_contexts",
]
