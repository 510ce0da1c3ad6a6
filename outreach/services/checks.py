"""Every check a draft gets, generated or edited by hand: the grounding check plus the
personal hook, contact instructions, near-duplicates and who else was written to this week."""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from django.conf import settings
from django.utils import timezone

from profiles.models import Authorship, Researcher
from profiles.selectors import paper_titles_visible
from profiles.text import latex_to_text

from .. import grounding
from ..context import paper_facts
from ..models import Draft, DraftVersion

# All catalogue titles (to tell "someone else's paper" from "invented"), or a loader of them.
Titles = list[str] | Callable[[], list[str]]


def today_local() -> dt.date:
    return timezone.localdate()


def catalogue_titles_visible() -> list[str]:
    """Every visible paper title in the catalogue, as plain text like the drafts cite them (to
    tell a real citation from an invented one)."""
    return [latex_to_text(title) for title in paper_titles_visible()]


def _instruction_flags(researcher, subject: str) -> list[grounding.Flag]:
    text = (researcher.contact_instructions or "").strip()
    if not text:
        return []
    flags = [grounding.Flag("contact_instructions", f"{researcher.name} asks: “{text}”", None, "info")]
    lowered = text.lower()
    if re.search(r"(do not|don't|please don't|no) (e-?mail|contact)|apply (only )?through|not (accept|answer|respond)", lowered):
        flags.append(grounding.Flag(
            "do_not_email",
            f"{researcher.name} asks prospective students not to email; follow their instructions instead.",
            None, "error",
        ))
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        quoted = re.findall(r"[\"“]([^\"”]+)[\"”]", sentence)
        if "subject" in sentence.lower() and quoted and quoted[0].strip().lower() not in subject.lower():
            flags.append(grounding.Flag(
                "required_subject",
                f"{researcher.name} asks for the subject to contain “{quoted[0].strip()}”; it does not.",
                None, "error",
            ))
    return flags


def _without_name(text: str, name: str) -> str:
    parts = name.split()
    for piece in (name, *parts[-1:]):
        text = text.replace(piece, " ")
    return text.lower()


def _duplicate_flags(*, user, researcher, body: str, exclude_draft_id) -> list[grounding.Flag]:
    """Nearly the same text as a recent draft to someone else reads as mass mail."""
    from rapidfuzz import fuzz, process

    threshold = settings.OUTREACH_DUPLICATE_RATIO
    window = settings.OUTREACH_DUPLICATE_LOOKBACK
    rows = list(
        DraftVersion.objects.filter(draft__user=user)
        .exclude(draft__researcher=researcher)
        .exclude(draft_id=exclude_draft_id)
        .order_by("-created_at", "-id")
        .values_list("body", "draft__researcher__name")[:window]
    )
    if not rows:
        return []
    # Names differ in every mass mail; compare what is left.
    mine = _without_name(body, researcher.name)
    theirs = [_without_name(text, name) for text, name in rows]
    found = process.extractOne(mine, theirs, scorer=fuzz.ratio, score_cutoff=threshold)
    if not found:
        return []
    return [grounding.Flag(
        "near_duplicate",
        f"This draft is nearly the same as your draft to {rows[found[2]][1]}; professors "
        "read that as mass mail. Make it specific to this researcher.",
    )]


def _same_week_flags(*, user, researcher, exclude_draft_id, today: dt.date) -> list[grounding.Flag]:
    """Coauthors, or several people in one department, written to in the same week."""

    since = timezone.now() - dt.timedelta(days=7)
    recent = (
        Draft.objects.filter(user=user, created_at__gte=since)
        .exclude(researcher=researcher).exclude(pk=exclude_draft_id)
    )
    others = set(recent.values_list("researcher_id", flat=True))
    if not others:
        return []
    flags = []
    my_papers = list(Authorship.objects.filter(researcher=researcher).values_list("paper_id", flat=True))
    coauthors = sorted(set(
        Authorship.objects.filter(paper_id__in=my_papers, researcher_id__in=others)
        .values_list("researcher__name", flat=True)
    ))
    if coauthors:
        flags.append(grounding.Flag(
            "coauthor_same_week",
            f"You also drafted to {', '.join(coauthors)} this week, who writes papers with {researcher.name}. "
            "Coauthors compare notes; space these emails out.",
        ))
    if researcher.affiliation:
        same = sorted(set(
            Researcher.objects.filter(pk__in=others, affiliation=researcher.affiliation,
                                      department=researcher.department or "")
            .values_list("name", flat=True)
        ))
        if len(same) >= 2:
            flags.append(grounding.Flag(
                "same_department_week",
                f"You drafted to {len(same)} others in the same department this week ({', '.join(same[:4])}). "
                "Writing to several people in one department at once reads as mass mail.",
            ))
    return flags


def _text_flags(*, subject: str, body: str, papers, has_cv_file: bool) -> list[grounding.Flag]:
    """What the applicant would be embarrassed to send: a placeholder left in, a subject that
    is cut off or too long, a CV said to be attached that does not exist."""
    flags = []
    for phrase, span in grounding.find_placeholders(body):
        flags.append(grounding.Flag(
            "placeholder",
            f"“{phrase}” is a placeholder still waiting for your own words; replace it before sending.",
            span, "error",
        ))
    for phrase, _span in grounding.find_placeholders(subject):
        flags.append(grounding.Flag(
            "placeholder", f"The subject still has a placeholder, “{phrase}”; replace it before sending.",
            None, "error",
        ))
    problem = grounding.subject_problem(subject, [p.title for p in papers])
    if problem:
        flags.append(grounding.Flag("subject", problem))
    claim = grounding.cv_claim(body)
    if claim and not has_cv_file:
        flags.append(grounding.Flag(
            "cv_missing",
            "The draft says your CV is attached, but you have not uploaded a CV file: upload one on "
            "your profile (the .eml download then attaches it) or change the sentence.",
            claim, "error",
        ))
    return flags


def _hook_sentence_flags(hook: str, body: str) -> list[grounding.Flag]:
    """The hook goes into the email as written: one pasted as a fragment (no capital at the
    start, no full stop at the end) reads as a slip in the middle of a letter."""
    hook = (hook or "").strip()
    start = body.find(hook)
    if not hook or start < 0:
        return []  # the template (or an edit) left it out: nothing to judge
    first = next((c for c in hook if c.isalpha()), "")
    missing = []
    if first and not first.isupper():
        missing.append("start with a capital letter")
    if not re.search(r"[.!?…][\"”’')\]]*$", hook):
        missing.append("end with a full stop")
    if not missing:
        return []
    return [grounding.Flag(
        "hook_sentence",
        f"Your personal hook goes into the email as you wrote it, and it does not {' or '.join(missing)}; "
        "make it a whole sentence on your shortlist entry (or here).",
        (start, start + len(hook)),
    )]


def draft_check(
    *, user, researcher, entry, subject: str, body: str, applicant_name: str, papers,
    today: dt.date | None = None, catalogue_titles: Titles | None = None,
    exclude_draft_id: int | None = None, known_phrases: list[str] = (), has_cv_file: bool = False,
) -> list[grounding.Flag]:
    """Every check a draft gets, generated or edited by hand."""
    today = today or today_local()
    titles = catalogue_titles_visible if catalogue_titles is None else catalogue_titles
    result = grounding.check_draft(
        subject=subject, body=body, researcher_name=researcher.name, applicant_name=applicant_name,
        papers=paper_facts(papers), today=today,
        catalogue_match=grounding.catalogue_matcher(titles),
        known_phrases=[p for p in known_phrases if p],
        max_words=settings.OUTREACH_MAX_WORDS,
        old_years=settings.OUTREACH_OLD_PAPER_YEARS,
    )
    flags = list(result.flags)
    flags += _text_flags(subject=subject, body=body, papers=papers, has_cv_file=has_cv_file)
    if entry is not None and not (entry.personal_hook or "").strip():
        flags.append(grounding.Flag(
            "no_hook",
            "No personal hook yet: write one sentence, in your own words, about a specific paper "
            "of theirs on your shortlist entry. Generic emails get ignored.",
        ))
    elif entry is not None:
        flags += _hook_sentence_flags(entry.personal_hook, body)
    elif entry is None:
        flags.append(grounding.Flag(
            "no_hook",
            "This draft is not tied to a shortlist entry, so it has no personal hook; save the "
            "researcher and write one.",
        ))
    flags += _instruction_flags(researcher, subject)
    flags += _duplicate_flags(user=user, researcher=researcher, body=body, exclude_draft_id=exclude_draft_id)
    flags += _same_week_flags(user=user, researcher=researcher, exclude_draft_id=exclude_draft_id, today=today)
    return flags
