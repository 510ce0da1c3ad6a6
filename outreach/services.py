"""Outreach writes and the checks they run: render a grounded draft, save it with its history,
edit it, swap a paper, bulk-draft a shortlist status, and point drafts at a merged researcher."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import grounding
from .context import (
    applicant_context, build_context, paper_facts, paper_options, profile_terms, researcher_context,
)
from .exceptions import OutreachError
from .models import BulkDraftJob, BulkState, Draft, DraftVersion, EmailTemplate, VersionSource
from .paper_choice import ChosenPaper, choose_papers
from .sandbox import TemplateProblem, compile_template, render_body, render_subject

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
# The shipped templates, loaded by these fixed names only (never a user-supplied file name).
DEFAULT_TEMPLATES = {
    "first_contact": "First contact about PhD openings",
    "follow_up": "Follow-up after no reply",
    "paper_question": "Question about a specific paper",
}


def _setting(name: str, default):
    return getattr(settings, name, default)


@dataclass(frozen=True)
class TemplateSource:
    key: str
    name: str
    subject: str
    body: str


@functools.lru_cache(maxsize=None)
def default_template(name: str) -> TemplateSource:
    if name not in DEFAULT_TEMPLATES:
        raise OutreachError(f"There is no built-in template called “{name}”.")
    return TemplateSource(
        key=f"default:{name}",
        name=DEFAULT_TEMPLATES[name],
        subject=(DEFAULTS_DIR / f"{name}-subject.txt").read_text(encoding="utf-8"),
        body=(DEFAULTS_DIR / f"{name}-body.txt").read_text(encoding="utf-8"),
    )


def template_source(*, user, key: str) -> TemplateSource:
    """A built-in template ("default:first_contact") or one of this user's ("user:12")."""
    kind, _, rest = (key or "").partition(":")
    if kind == "default":
        return default_template(rest)
    if kind == "user" and rest.isdigit():
        tpl = EmailTemplate.objects.filter(user=user, pk=int(rest)).first()
        if tpl:
            return TemplateSource(tpl.key, tpl.name, tpl.subject_source, tpl.body_source)
    raise OutreachError("That template does not exist (or is not yours). Pick one from the list.")


def template_choices(*, user) -> list[tuple[str, str]]:
    """Every template this user may draft with, built-ins first."""
    out = [(f"default:{k}", v) for k, v in DEFAULT_TEMPLATES.items()]
    out += [(t.key, t.name) for t in EmailTemplate.objects.filter(user=user).order_by("name", "id")]
    return out


def template_save(*, user, name: str, subject_source: str, body_source: str, template: EmailTemplate | None = None) -> EmailTemplate:
    """Create or update a user's template after checking that both parts compile."""
    name = (name or "").strip()
    if not name:
        raise OutreachError("Give the template a name.")
    compile_template(subject_source, part="subject")
    compile_template(body_source, part="body")
    with transaction.atomic():
        tpl = template or EmailTemplate(user=user)
        if EmailTemplate.objects.filter(user=user, name=name).exclude(pk=tpl.pk).exists():
            raise OutreachError(f"You already have a template called “{name}”; pick another name.")
        tpl.name, tpl.subject_source, tpl.body_source = name, subject_source, body_source
        tpl.full_clean()
        tpl.save()
    return tpl


# --- rendering --------------------------------------------------------------------------------


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


def _today() -> dt.date:
    return timezone.localdate()


def researcher_paper_rows(researcher):
    from profiles.selectors import researcher_papers_visible

    return list(researcher_papers_visible(researcher))


def _profile(user):
    from profiles.models import ApplicantProfile

    return ApplicantProfile.objects.filter(user=user).first()


def _catalogue_titles() -> list[str]:
    from profiles.models import Paper

    return list(Paper.objects.filter(hidden=False).values_list("title", flat=True))


def follow_up_original(*, user, researcher) -> dict[str, str] | None:
    """The latest text of this user's most recent non-follow-up draft to this researcher."""
    draft = (
        Draft.objects.filter(user=user, researcher=researcher)
        .exclude(template_key="default:follow_up")
        .order_by("-created_at", "-id").first()
    )
    if not draft:
        return None
    version = draft.versions.order_by("-number").first()
    return {"subject": version.subject, "body": version.body.strip(), "date": draft.created_at.date().isoformat()}


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
    catalogue_titles: list[str] | None = None,
    exclude_draft_id: int | None = None,
) -> Rendered:
    """Render one draft (nothing saved) and run every check on it. Raises TemplateProblem."""
    today = today or _today()
    papers = researcher_paper_rows(researcher) if papers is None else papers
    profile = _profile(user)
    options = paper_options(papers)
    if paper_ids:
        by_id = {o.paper_id: o for o in options}
        missing = [pid for pid in paper_ids if pid not in by_id]
        if missing:
            raise OutreachError(f"{researcher.name} is not an author of the paper you picked; choose one of their papers.")
        ranked = {c.paper_id: c for c in choose_papers(options, profile_terms(profile), today=today, count=3)}
        chosen = [
            ranked.get(pid) or ChosenPaper(pid, by_id[pid].title, by_id[pid].date, by_id[pid].venue, "chosen by you", 0.0)
            for pid in paper_ids[:3]
        ]
        chosen = [c if c.reason == "chosen by you" or c.paper_id in ranked else c for c in chosen]
    else:
        chosen = choose_papers(options, profile_terms(profile), today=today, count=paper_count)
    original = None
    if template.key == "default:follow_up" or "original" in template.body:
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
    rendered = Rendered(subject, body, chosen, context, template=template)
    rendered.flags = draft_check(
        user=user, researcher=researcher, entry=entry, subject=subject, body=body,
        applicant_name=context["applicant"]["name"], papers=papers, today=today,
        catalogue_titles=catalogue_titles, exclude_draft_id=exclude_draft_id,
        known_phrases=[context["applicant"]["program"], context["researcher"]["institution"],
                       context["researcher"]["department"], context["researcher"]["title"],
                       context["applicant"]["background"], context["applicant"]["interests"]],
    )
    return rendered


# --- checks -----------------------------------------------------------------------------------


def _instruction_flags(researcher, subject: str) -> list[grounding.Flag]:
    import re

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


def _duplicate_flags(*, user, researcher, body: str, exclude_draft_id) -> list[grounding.Flag]:
    from rapidfuzz import fuzz

    threshold = _setting("OUTREACH_DUPLICATE_RATIO", 90)
    mine = grounding.normalize(body.replace(researcher.name, " "))
    recent = (
        DraftVersion.objects.filter(draft__user=user)
        .exclude(draft__researcher=researcher)
        .exclude(draft_id=exclude_draft_id)
        .select_related("draft__researcher")
        .order_by("-created_at")[:200]
    )
    seen = set()
    for v in recent:
        if v.draft_id in seen:
            continue
        seen.add(v.draft_id)
        theirs = grounding.normalize(v.body.replace(v.draft.researcher.name, " "))
        if fuzz.ratio(mine, theirs) >= threshold:
            return [grounding.Flag(
                "near_duplicate",
                f"This draft is nearly the same as your draft to {v.draft.researcher.name}; professors "
                "read that as mass mail. Make it specific to this researcher.",
            )]
    return []


def _same_week_flags(*, user, researcher, exclude_draft_id, today: dt.date) -> list[grounding.Flag]:
    from profiles.models import Authorship

    since = timezone.now() - dt.timedelta(days=7)
    recent = (
        Draft.objects.filter(user=user, created_at__gte=since)
        .exclude(researcher=researcher).exclude(pk=exclude_draft_id)
        .select_related("researcher")
    )
    others = {d.researcher_id: d.researcher for d in recent}
    if not others:
        return []
    flags = []
    my_papers = Authorship.objects.filter(researcher=researcher).values("paper_id")
    coauthor_ids = set(
        Authorship.objects.filter(paper_id__in=my_papers, researcher_id__in=others)
        .values_list("researcher_id", flat=True)
    )
    if coauthor_ids:
        names = ", ".join(sorted(others[i].name for i in coauthor_ids))
        flags.append(grounding.Flag(
            "coauthor_same_week",
            f"You also drafted to {names} this week, who writes papers with {researcher.name}. "
            "Coauthors compare notes; space these emails out.",
        ))
    if researcher.affiliation:
        same = sorted(
            r.name for r in others.values()
            if r.affiliation == researcher.affiliation and (r.department or "") == (researcher.department or "")
        )
        if len(same) >= 2:
            flags.append(grounding.Flag(
                "same_department_week",
                f"You drafted to {len(same)} others in the same department this week ({', '.join(same[:4])}). "
                "Writing to several people in one department at once reads as mass mail.",
            ))
    return flags


def draft_check(
    *, user, researcher, entry, subject: str, body: str, applicant_name: str, papers,
    today: dt.date | None = None, catalogue_titles: list[str] | None = None,
    exclude_draft_id: int | None = None, known_phrases: list[str] = (),
) -> list[grounding.Flag]:
    """Every check a draft gets, generated or edited by hand."""
    today = today or _today()
    titles = _catalogue_titles() if catalogue_titles is None else catalogue_titles
    result = grounding.check_draft(
        subject=subject, body=body, researcher_name=researcher.name, applicant_name=applicant_name,
        papers=paper_facts(papers), today=today,
        catalogue_match=grounding.catalogue_matcher(titles),
        known_phrases=[p for p in known_phrases if p],
        max_words=_setting("OUTREACH_MAX_WORDS", grounding.MAX_WORDS),
        old_years=_setting("OUTREACH_OLD_PAPER_YEARS", grounding.OLD_PAPER_YEARS),
    )
    flags = list(result.flags)
    if entry is not None and not (entry.personal_hook or "").strip():
        flags.append(grounding.Flag(
            "no_hook",
            "No personal hook yet: write one sentence, in your own words, about a specific paper "
            "of theirs on your shortlist entry. Generic emails get ignored.",
        ))
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


# --- saving -----------------------------------------------------------------------------------


def _record_in_timeline(draft: Draft) -> None:
    if draft.entry_id is None:
        return
    from shortlist import services as shortlist_services

    if hasattr(shortlist_services, "entry_record_draft"):
        shortlist_services.entry_record_draft(entry=draft.entry, draft_id=draft.pk, template_name=draft.template_name)


def _version(draft: Draft, *, source: str, subject: str, body: str, papers, context=None, flags=(), note="") -> DraftVersion:
    number = (draft.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    v = DraftVersion(
        draft=draft, number=number, source=source, subject=subject, body=body,
        papers=list(papers), context=context or {}, flags=[f.as_dict() for f in flags], note=note,
    )
    v.full_clean()
    v.save()
    return v


def draft_create(
    *, user, researcher, template_key: str, entry=None, paper_ids: list[int] | None = None,
    paper_count: int = 2, bulk_job: BulkDraftJob | None = None, catalogue_titles: list[str] | None = None,
) -> Draft:
    """Render and save a new draft with its generated (immutable) first version."""
    if entry is not None and (entry.user_id != user.pk or entry.researcher_id != researcher.pk):
        raise OutreachError("That shortlist entry is not yours or is for another researcher.")
    template = template_source(user=user, key=template_key)
    rendered = draft_render(
        user=user, researcher=researcher, template=template, entry=entry, paper_ids=paper_ids,
        paper_count=paper_count, catalogue_titles=catalogue_titles,
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
    polish = _setting("OUTREACH_LLM_URL", "")
    if polish and bulk_job is None:
        draft_polish(draft=draft)
    return draft


def draft_latest(draft: Draft) -> DraftVersion:
    return draft.versions.order_by("-number").first()


def draft_edit(*, draft: Draft, subject: str, body: str) -> DraftVersion:
    """Save a hand edit as a new version (the generated one is never changed), re-checked."""
    subject = (subject or "").strip()
    if not subject or any(c in subject for c in "\r\n"):
        raise OutreachError("The subject must be one non-empty line (line breaks are not allowed in a subject).")
    if len(subject) > 200:
        raise OutreachError("Keep the subject under 200 characters.")
    if not (body or "").strip():
        raise OutreachError("The body is empty.")
    latest = draft_latest(draft)
    profile = _profile(draft.user)
    flags = draft_check(
        user=draft.user, researcher=draft.researcher, entry=draft.entry, subject=subject, body=body,
        applicant_name=applicant_context(profile, draft.user)["name"],
        papers=researcher_paper_rows(draft.researcher), exclude_draft_id=draft.pk,
        known_phrases=[getattr(profile, "program", ""), draft.researcher.affiliation, draft.researcher.department],
    )
    with transaction.atomic():
        return _version(
            draft, source=VersionSource.EDITED, subject=subject, body=body.replace("\r\n", "\n"),
            papers=latest.papers if latest else [], flags=flags,
        )


def draft_swap_paper(*, draft: Draft, old_paper_id: int, new_paper_id: int) -> DraftVersion:
    """Re-render the draft's template with one chosen paper replaced by another of theirs."""
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
    from .llm import LLMError, polish_text

    latest = draft_latest(draft)
    try:
        text = polish_text(subject=latest.subject, body=latest.body, context=latest.context or {})
    except LLMError as exc:
        latest.note = f"Polish skipped: {exc}"
        DraftVersion.objects.filter(pk=latest.pk).update(note=latest.note)
        return None
    papers = researcher_paper_rows(draft.researcher)
    profile = _profile(draft.user)
    flags = draft_check(
        user=draft.user, researcher=draft.researcher, entry=draft.entry, subject=latest.subject,
        body=text, applicant_name=applicant_context(profile, draft.user)["name"], papers=papers,
        exclude_draft_id=draft.pk,
        known_phrases=[getattr(profile, "program", ""), draft.researcher.affiliation, draft.researcher.department],
    )
    bad = [f for f in flags if f.kind in ("unknown_citation", "not_their_paper", "unverified_quote")]
    if bad:
        note = "The language model's rewrite was rejected, keeping the template version: " + " ".join(f.message for f in bad)
        DraftVersion.objects.filter(pk=latest.pk).update(note=note)
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


def follow_up_due(entry, *, today: dt.date | None = None) -> bool:
    """An entry "contacted" for the configured number of days with no reply."""
    if entry is None or entry.status != "contacted" or not entry.status_changed_at:
        return False
    today = today or _today()
    days = _setting("OUTREACH_FOLLOW_UP_DAYS", 10)
    return (today - timezone.localtime(entry.status_changed_at).date()).days >= days


def entries_due_follow_up(*, user, today: dt.date | None = None) -> list:
    """The user's entries "contacted" long enough ago with no reply, oldest first."""
    from shortlist.models import Status
    from shortlist.selectors import shortlist_entries

    days = _setting("OUTREACH_FOLLOW_UP_DAYS", 10)
    today = today or _today()
    cutoff = timezone.now() - dt.timedelta(days=days)
    entries = shortlist_entries(user=user).filter(status=Status.CONTACTED, status_changed_at__lte=cutoff)
    return [e for e in entries.order_by("status_changed_at", "id") if follow_up_due(e, today=today)]


def entry_for_researcher(*, user, researcher):
    """This user's current shortlist entry for the researcher, if any."""
    from shortlist.selectors import shortlist_entries

    return shortlist_entries(user=user).filter(researcher=researcher).first()


# --- bulk -------------------------------------------------------------------------------------


def bulk_job_create(*, user, entry_status: str, template_key: str) -> BulkDraftJob:
    """Fix the list of entries now and queue the job (after commit)."""
    from shortlist.models import Status
    from shortlist.selectors import shortlist_entries

    if entry_status not in Status.values:
        raise OutreachError(f"“{entry_status}” is not a shortlist status.")
    template = template_source(user=user, key=template_key)
    compile_template(template.subject, part="subject")
    compile_template(template.body, part="body")
    ids = list(shortlist_entries(user=user).filter(status=entry_status).values_list("id", flat=True))
    if not ids:
        raise OutreachError(f"You have no shortlist entries in status “{Status(entry_status).label}”.")
    with transaction.atomic():
        job = BulkDraftJob(
            user=user, entry_status=entry_status, template_key=template.key,
            template_name=template.name, entry_ids=ids, total=len(ids),
        )
        job.full_clean()
        job.save()
        from .tasks import bulk_draft_task

        transaction.on_commit(lambda: bulk_draft_task.delay(job.pk))
    return job


def bulk_job_run(*, job_id: int) -> BulkDraftJob:
    """Draft every entry of the job that has no draft in it yet. Safe to run twice, or twice at
    once: each draft is unique per (job, entry) in the database, so a second run only skips."""
    from shortlist.models import ShortlistEntry

    job = BulkDraftJob.objects.select_related("user").get(pk=job_id)
    # Compare-and-swap on the attempt counter: of two deliveries starting together only one
    # wins; a redelivery after a lost worker wins too, and the unique (job, entry) constraint
    # keeps even overlapping runs from drafting an entry twice.
    claimed = BulkDraftJob.objects.filter(
        pk=job_id, attempts=job.attempts, state__in=[BulkState.QUEUED, BulkState.RUNNING]
    ).update(state=BulkState.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1)
    if not claimed:
        return job  # finished already, or another run got there first
    titles = _catalogue_titles()
    entries = {
        e.pk: e for e in ShortlistEntry.objects.filter(pk__in=job.entry_ids, user=job.user).select_related("researcher")
    }
    drafted = set(Draft.objects.filter(bulk_job=job).values_list("entry_id", flat=True))
    failed_ids = {e["entry_id"] for e in job.errors}
    for entry_id in job.entry_ids:
        if entry_id in drafted or entry_id in failed_ids:
            continue
        entry = entries.get(entry_id)
        if entry is None:
            _bulk_fail(job, entry_id, "", "The entry was removed from the shortlist.")
            continue
        try:
            draft_create(
                user=job.user, researcher=entry.researcher, template_key=job.template_key,
                entry=entry, bulk_job=job, catalogue_titles=titles,
            )
        except IntegrityError:
            continue  # a concurrent run of this job drafted the entry first
        except (TemplateProblem, OutreachError) as exc:
            _bulk_fail(job, entry_id, entry.researcher.name, str(exc))
            continue
        BulkDraftJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    done = Draft.objects.filter(bulk_job=job).count()
    BulkDraftJob.objects.filter(pk=job.pk).update(state=BulkState.DONE, finished_at=timezone.now(), done=done)
    job.refresh_from_db()
    return job


def _bulk_fail(job: BulkDraftJob, entry_id: int, name: str, message: str) -> None:
    with transaction.atomic():
        locked = BulkDraftJob.objects.select_for_update().get(pk=job.pk)
        if any(e["entry_id"] == entry_id for e in locked.errors):
            return
        locked.errors = [*locked.errors, {"entry_id": entry_id, "researcher": name, "message": message}]
        locked.failed = len(locked.errors)
        locked.save(update_fields=["errors", "failed"])


def bulk_job_fail(*, job_id: int, message: str) -> None:
    """Mark a job failed when its task gives up (called from the task's on_failure)."""
    BulkDraftJob.objects.filter(pk=job_id).exclude(state=BulkState.DONE).update(
        state=BulkState.FAILED, finished_at=timezone.now(),
        errors=[{"entry_id": None, "researcher": "", "message": message}],
    )
