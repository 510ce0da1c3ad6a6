"""The grounding context a template sees: plain dicts, lists and strings built from the
catalogue and this applicant's own profile. Never a model instance, queryset or request, so a
template can neither read other users' data nor change anything.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from .grounding import PaperFact
from .paper_choice import ChosenPaper, PaperOption, choose_papers

# What the template editor lists as available; kept next to the code that builds it.
FIELDS_HELP = [
    ("applicant.name / .first_name", "your full name and first name, from your profile"),
    ("applicant.program", "the program you are applying to"),
    ("applicant.interests / .methods / .background", "from your profile"),
    ("applicant.has_cv", "true when you uploaded a CV on your profile"),
    ("researcher.name / .last_name / .salutation", "e.g. “Professor Okafor”"),
    ("researcher.title / .institution / .department", "from the catalogue"),
    ("papers", "the chosen papers: each has .title, .year, .date, .venue, .reason"),
    ("paper", "the first chosen paper (or none)"),
    ("hook", "your personal hook for this researcher (from the shortlist entry)"),
    ("instructions", "the researcher's contact instructions, if a curator recorded any"),
    ("original", "for follow-ups: the earlier draft's .subject, .body and .date"),
    ("today", "today's date, YYYY-MM-DD"),
    ("|quote", "filter: quote text with “> ” like a mail client"),
]


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
        "interests": (getattr(profile, "interests", "") or "").strip() if profile else "",
        "methods": (getattr(profile, "methods", "") or "").strip() if profile else "",
        "keywords": (getattr(profile, "keywords", "") or "").strip() if profile else "",
        "background": (getattr(profile, "background", "") or "").strip() if profile else "",
        # Whether the applicant uploaded a CV, so a template never claims one is attached when not.
        "has_cv": bool(profile and (getattr(profile, "cv_file", None) or getattr(profile, "cv_text", ""))),
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
    """Plain views of Paper rows for the chooser."""
    return [
        PaperOption(
            paper_id=p.pk, title=p.title, date=p.date, abstract=p.abstract or "",
            venue=str((p.venues or [""])[0]) if p.venues else "",
        )
        for p in papers
    ]


def paper_facts(papers) -> list[PaperFact]:
    return [PaperFact(title=p.title, date=p.date, abstract=p.abstract or "", paper_id=p.pk) for p in papers]


def paper_context(chosen: list[ChosenPaper]) -> list[dict[str, Any]]:
    return [
        {
            "title": c.title,
            "date": c.date.isoformat() if c.date else "",
            "year": c.date.year if c.date else "",
            "venue": c.venue,
            "reason": c.reason,
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


__all__ = [
    "FIELDS_HELP", "applicant_context", "build_context", "choose_papers", "paper_facts",
    "paper_options", "profile_terms", "researcher_context",
]
