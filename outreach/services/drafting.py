"""Rendering a grounded draft and saving it with its history: create, edit, swap a paper,
polish, follow-ups, and pointing drafts at a merged researcher."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from applicants.selectors import applicant_profile_for
from shortlist.services import entry_record_draft

from .. import grounding
from ..context import (
    applicant_context,
    build_context,
    cut_at_word,
    paper_options,
    profile_terms,
    researcher_context,
    short_title,
)
from ..exceptions import OutreachError
from ..llm import LLMError, polish_text
from ..models import BulkDraftJob, Draft, DraftVersion, VersionSource
from ..paper_choice import ChosenPaper, choose_papers
from ..sandbox import HEADER_BAD, render_body, render_subject
from ..selectors import PaperRelevance, draft_latest, paper_relevance_for, researcher_paper_rows
from .checks import Titles, draft_check, today_local
from .templates import TemplateSource, template_source


@dataclass
class Rendered:
    """A draft before it is saved: text, the papers used, the context and the flags."""

    subject: str
    body: str
    papers: list[ChosenPaper]
    context: dict[str, Any]
    flags: list[grounding.Flag] = field(default_factory=list)
    template: TemplateSource | None = None

    def papers_json(self) -> list[dict]:
        return [p.as_dict() for p in self.papers]


def _has_cv_file(profile) -> bool:
    return bool(profile and profile.cv_file)


def _known_phrases(profile, researcher) -> list[str]:
    """Title-case text that is the applicant's or the researcher's own words, never a citation."""
    applicant = applicant_context(profile, None)
    fields = ("program", "program_phrase", "background", "interests", "methods", "keywords")
    # Their topics too: "your work on Graph Mining" names a field of theirs, not a paper.
    return [applicant[k] for k in fields] + [
        researcher.affiliation, researcher.department, researcher.title,
    ] + [topic for topic in researcher.topics or [] if isinstance(topic, str)]


FOLLOW_UP_KEY = "default:follow_up"


def _about(draft: Draft, version: DraftVersion) -> tuple[str, str, str]:
    """(kind, what the email was about as a phrase after "I wrote to you …", its paper)."""
    paper_title = version.papers[0]["title"] if version.papers else ""
    if draft.template_key == "default:paper_question":
        if paper_title:
            return "paper_question", f"with a question about your paper \"{paper_title}\"", paper_title
        return "paper_question", "with a question about your recent work", ""
    if draft.template_key == "default:first_contact":
        return "first_contact", "about PhD openings in your group", paper_title
    return "own", f"about “{version.subject}”", paper_title


def follow_up_original(*, user, researcher) -> dict[str, str] | None:
    """The latest text of this user's most recent non-follow-up draft to this researcher, and
    what it was about (a question about a paper, PhD openings, or its subject)."""
    draft = (
        Draft.objects.filter(user=user, researcher=researcher)
        .exclude(template_key=FOLLOW_UP_KEY)
        .order_by("-created_at", "-id").first()
    )
    if not draft:
        return None
    version = draft.versions.order_by("-number").first()
    kind, about, paper_title = _about(draft, version)
    return {
        "subject": version.subject, "short_subject": cut_at_word(version.subject, 64),
        "body": version.body.strip(), "date": timezone.localtime(draft.created_at).date().isoformat(),
        "about": about, "kind": kind, "paper_title": paper_title,
    }


def _cited(chosen: list[ChosenPaper], body: str) -> list[ChosenPaper]:
    """The chosen papers the text names (by title or by its name before a colon)."""
    text = " " + grounding.normalize(body) + " "
    return [
        c for c in chosen
        if f" {grounding.normalize(c.title)} " in text or f" {grounding.normalize(short_title(c.title))} " in text
    ]


def _render_flags(*, researcher, template, context, chosen, today) -> list[grounding.Flag]:
    """What only a generated draft can know: an early or orphan follow-up, unrelated papers."""
    flags = []
    original = context.get("original")
    if template.key == FOLLOW_UP_KEY or "original" in template.body:
        days = settings.OUTREACH_FOLLOW_UP_DAYS
        if original is None:
            flags.append(grounding.Flag(
                "follow_up_without_original",
                f"There is no earlier draft to {researcher.name} here, so this follow-up cannot say what "
                "you wrote about; use a first-contact template, or say it in your own words.",
            ))
        else:
            since = (today - dt.date.fromisoformat(original["date"])).days
            if since < days:
                when = "today" if since == 0 else f"{since} day{'s' if since != 1 else ''} ago"
                flags.append(grounding.Flag(
                    "follow_up_too_soon",
                    f"Your first email to {researcher.name} was drafted {when} ({original['date']}); "
                    f"give them at least {days} days before following up.",
                    None, "error",
                ))
    if chosen and not any(c.relevant for c in chosen) and any(
        context["applicant"].get(k) for k in ("interests", "methods", "keywords")
    ):
        flags.append(grounding.Flag(
            "unrelated_papers",
            f"None of {researcher.name}'s papers in the catalogue is about your interests, so the draft "
            "names their most recent work instead: say honestly why you are writing to them.",
        ))
    return flags


def draft_render(
    *,
    user,
    researcher,
    template: TemplateSource,
    entry=None,
    paper_ids: list[int] | None = None,
    paper_count: int = 2,
    today: dt.date | None = None,
    papers=None,
    catalogue_titles: Titles | None = None,
    exclude_draft_id: int | None = None,
    relevance: PaperRelevance | None = None,
) -> Rendered:
    """Render one draft (nothing saved) and run every check on it. Raises TemplateProblem.

    ``relevance`` (from ``paper_relevance_for``) may be passed in when drafting for many
    researchers at once: the applicant's ranking is then computed once."""
    today = today or today_local()
    papers = researcher_paper_rows(researcher) if papers is None else papers
    profile = applicant_profile_for(user)
    options = paper_options(papers)
    relevance = relevance or paper_relevance_for(profile=profile)
    scores = relevance([o.paper_id for o in options])
    old_years = settings.OUTREACH_OLD_PAPER_YEARS
    if paper_ids:
        by_id = {o.paper_id: o for o in options}
        missing = [pid for pid in paper_ids if pid not in by_id]
        if missing:
            raise OutreachError(f"{researcher.name} is not an author of the paper you picked; choose one of their papers.")
        ranked = {c.paper_id: c for c in choose_papers(
            options, profile_terms(profile), today=today, count=3, relevance=scores, old_years=old_years)}
        chosen = [
            ranked.get(pid) or ChosenPaper(pid, by_id[pid].title, by_id[pid].date, by_id[pid].venue, "swapped in by you", 0.0,
                                            date_precision=by_id[pid].date_precision)
            for pid in paper_ids[:3]
        ]
    else:
        chosen = choose_papers(options, profile_terms(profile), today=today, count=paper_count,
                               relevance=scores, old_years=old_years)
    original = None
    if template.key == FOLLOW_UP_KEY or "original" in template.body:
        original = follow_up_original(user=user, researcher=researcher)
    context = build_context(
        applicant=applicant_context(profile, user),
        researcher=researcher_context(researcher),
        chosen=chosen,
        hook=getattr(entry, "personal_hook", "") if entry else "",
        instructions=researcher.contact_instructions,
        original=original,
        today=today,
    )
    subject = render_subject(template.subject, context)
    body = render_body(template.body, context)
    # A template may name fewer papers than were chosen: keep only those the email names.
    rendered = Rendered(subject, body, _cited(chosen, subject + "\n" + body), context, template=template)
    rendered.flags = draft_check(
        user=user, researcher=researcher, entry=entry, subject=subject, body=body,
        applicant_name=context["applicant"]["name"], papers=papers, today=today,
        catalogue_titles=catalogue_titles, exclude_draft_id=exclude_draft_id,
        known_phrases=_known_phrases(profile, researcher), has_cv_file=_has_cv_file(profile),
    ) + _render_flags(researcher=researcher, template=template, context=context, chosen=rendered.papers, today=today)
    return rendered


# --- saving -----------------------------------------------------------------------------------


def _record_in_timeline(draft: Draft) -> None:
    if draft.entry_id is None:
        return

    entry_record_draft(
        entry=draft.entry, draft_id=draft.pk, template_name=draft.template_name,
        move_to_drafting=draft.bulk_job_id is None,
    )


def _version(draft: Draft, *, source: str, subject: str, body: str, papers, context=None, flags=()) -> DraftVersion:
    number = (draft.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    v = DraftVersion(
        draft=draft, number=number, source=source, subject=subject, body=body,
        papers=list(papers), context=context or {}, flags=[f.as_dict() for f in flags],
    )
    v.full_clean()
    v.save()
    return v


def hidden_message(researcher) -> str:
    """Why no draft can be made for a researcher a curator hid."""
    return (f"{researcher.name} was hidden from the directory by a curator (the profile may be wrong or "
            "withdrawn), so no email can be drafted to them. Your shortlist entry and notes are kept.")


def _refuse_if_hidden(researcher) -> None:
    # A draft written before a curator hid its researcher stays the user's to read, but nothing
    # new is made from it: a re-render or a re-check would draw on their papers again.
    if researcher.hidden:
        raise OutreachError(hidden_message(researcher))


def draft_create(
    *, user, researcher, template_key: str, entry=None, paper_ids: list[int] | None = None,
    paper_count: int = 2, bulk_job: BulkDraftJob | None = None, catalogue_titles: Titles | None = None,
    relevance: PaperRelevance | None = None,
) -> Draft:
    """Render and save a new draft with its generated (immutable) first version."""
    if entry is not None and (entry.user_id != user.pk or entry.researcher_id != researcher.pk):
        raise OutreachError("That shortlist entry is not yours or is for another researcher.")
    _refuse_if_hidden(researcher)
    template = template_source(user=user, key=template_key)
    rendered = draft_render(
        user=user, researcher=researcher, template=template, entry=entry, paper_ids=paper_ids,
        paper_count=paper_count, catalogue_titles=catalogue_titles, relevance=relevance,
    )
    with transaction.atomic():
        draft = Draft(
            user=user, researcher=researcher, entry=entry, template_key=template.key,
            template_name=template.name, template_subject=template.subject,
            template_body=template.body, bulk_job=bulk_job,
        )
        draft.full_clean(validate_constraints=False)
        draft.save()
        _version(
            draft, source=VersionSource.GENERATED, subject=rendered.subject, body=rendered.body,
            papers=rendered.papers_json(), context=rendered.context, flags=rendered.flags,
        )
        _record_in_timeline(draft)
    polish = settings.OUTREACH_LLM_URL
    if polish and bulk_job is None:
        draft_polish(draft=draft)
    return draft




def draft_edit(*, draft: Draft, subject: str, body: str) -> DraftVersion:
    """Save a hand edit as a new version (the generated one is never changed), re-checked."""
    _refuse_if_hidden(draft.researcher)
    subject = (subject or "").strip()
    # Any line separator, not only CR/LF: U+2028, U+0085 … would also break the .eml header.
    if not subject or HEADER_BAD.search(subject):
        raise OutreachError("The subject must be one non-empty line (line breaks and control characters are not allowed in a subject).")
    if len(subject) > 200:
        raise OutreachError("Keep the subject under 200 characters.")
    body = (body or "").replace("\r\n", "\n")
    if not body.strip():
        raise OutreachError("The body is empty.")
    latest = draft_latest(draft)
    profile = applicant_profile_for(draft.user)
    flags = draft_check(
        user=draft.user, researcher=draft.researcher, entry=draft.entry, subject=subject, body=body,
        applicant_name=applicant_context(profile, draft.user)["name"],
        papers=researcher_paper_rows(draft.researcher), exclude_draft_id=draft.pk,
        known_phrases=_known_phrases(profile, draft.researcher), has_cv_file=_has_cv_file(profile),
    )
    with transaction.atomic():
        return _version(
            draft, source=VersionSource.EDITED, subject=subject, body=body,
            papers=latest.papers if latest else [], flags=flags,
        )


def draft_swap_paper(*, draft: Draft, old_paper_id: int, new_paper_id: int) -> DraftVersion:
    """Re-render the draft's template with one chosen paper replaced by another of theirs."""
    _refuse_if_hidden(draft.researcher)
    latest = draft_latest(draft)
    ids = [p["paper_id"] for p in latest.papers]
    if old_paper_id not in ids:
        raise OutreachError("That paper is not one this draft uses.")
    if new_paper_id in ids:
        raise OutreachError("The draft already uses that paper.")
    ids[ids.index(old_paper_id)] = new_paper_id
    template = TemplateSource(draft.template_key, draft.template_name, draft.template_subject, draft.template_body)
    rendered = draft_render(
        user=draft.user, researcher=draft.researcher, template=template, entry=draft.entry,
        paper_ids=ids, exclude_draft_id=draft.pk,
    )
    with transaction.atomic():
        return _version(
            draft, source=VersionSource.GENERATED, subject=rendered.subject, body=rendered.body,
            papers=rendered.papers_json(), context=rendered.context, flags=rendered.flags,
        )


def draft_polish(*, draft: Draft) -> DraftVersion | None:
    """Optional: have the configured language model rewrite the latest version for tone. The
    result goes through the same check; one citing anything not theirs is rejected."""
    _refuse_if_hidden(draft.researcher)

    latest = draft_latest(draft)
    try:
        text = polish_text(subject=latest.subject, body=latest.body, context=latest.context or {})
    except LLMError as exc:
        Draft.objects.filter(pk=draft.pk).update(polish_note=f"Polish skipped: {exc}")
        return None
    papers = researcher_paper_rows(draft.researcher)
    profile = applicant_profile_for(draft.user)
    flags = draft_check(
        user=draft.user, researcher=draft.researcher, entry=draft.entry, subject=latest.subject,
        body=text, applicant_name=applicant_context(profile, draft.user)["name"], papers=papers,
        exclude_draft_id=draft.pk,
        known_phrases=_known_phrases(profile, draft.researcher), has_cv_file=_has_cv_file(profile),
    )
    bad = [f for f in flags if f.kind in ("unknown_citation", "not_their_paper", "unverified_quote")]
    if bad:
        note = "The language model's rewrite was rejected, keeping the template version: " + " ".join(f.message for f in bad)
        Draft.objects.filter(pk=draft.pk).update(polish_note=note)
        return None
    with transaction.atomic():
        return _version(
            draft, source=VersionSource.POLISHED, subject=latest.subject, body=text.strip() + "\n",
            papers=latest.papers, context=latest.context, flags=flags,
        )


def drafts_reassign(*, source, target) -> None:
    """Point drafts written to a merged-away researcher at the survivor."""
    with transaction.atomic():
        Draft.objects.filter(researcher=source).update(researcher=target)


# --- follow-ups -------------------------------------------------------------------------------

