"""Adding a whole department: the people of its faculty page, each resolved to a scholarly
profile with the institution as the disambiguator, and only the sure ones imported.

The page is stored as a capture (their provenance) with one row per person saying what the
source said and what became of them. Each import goes through ``researcher_add_from_source``
(raw responses kept as captures, rate limits, the usual merge and authorship rules); the
page's title, email, research areas and department are then written where no curator locked
them. A source that cannot be reached while resolving creates nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from config.tasks import TRANSIENT_ERRORS
from profiles.importers import name_key
from profiles.importers.faculty_directory import FacultyDirectory, FacultyMember
from profiles.importers.openalex_institutions import Institution
from profiles.models import Capture, CaptureOutcome, DepartmentImport, DepartmentMember, Researcher, SourceLink
from profiles.selectors import department_known_researchers
from profiles.sources import SOURCE_NAMES, SourceClient, SourceError, SourceUnreachable
from profiles.sources.departments import (
    KNOWN,
    NEEDS_CHOICE,
    NOT_FOUND,
    SURE,
    UNREACHABLE,
    PersonResolution,
    department_source_check,
    institution_find,
    person_resolve,
)

from .captures import capture_sha256
from .sources import SourceAddError, researcher_add_from_source
from .versions import catalogue_version_bump

DEFAULT_ROLES = ("faculty",)
PAGE_LAYOUT = "faculty_directory"
PAGE_DETAIL = "A department page: what became of each person it lists is on its department import."


class DepartmentError(Exception):
    """A department that cannot be added as asked, in one line saying what to do instead."""


@dataclass
class DepartmentReport:
    """What adding a department did (or, in a dry run, would do), person by person."""

    source: str
    institution: Institution | None = None
    people: list[dict] = field(default_factory=list)
    left_out: int = 0  # people on the page whose role was not chosen
    job_id: int | None = None
    error: str = ""  # one line: the source could not be asked; nothing was created

    def counts(self) -> dict[str, int]:
        counts = {key: 0 for key in ("sure", "known", "needs_choice", "not_found", "unreachable",
                                     "imported", "linked", "failed")}
        for person in self.people:
            counts[person["resolution"]] = counts.get(person["resolution"], 0) + 1
            if person.get("outcome") in ("imported", "linked", "failed"):
                counts[person["outcome"]] += 1
        return counts

    def lines(self) -> list[str]:
        """The report for a terminal: one line per person, candidates indented."""
        if self.error:
            return [self.error]
        where = self.institution.describe() if self.institution else ""
        lines = [f"Institution: {where}"]
        for person in self.people:
            lines.append(f"  {person['name']}: {_person_line(person)}")
            lines += [f"      - {c['name']} ({c['affiliation'] or 'affiliation unknown'}; "
                      f"{c['paper_count'] if c['paper_count'] is not None else '?'} works) [{c['id']}]"
                      for c in person["candidates"]]
        c = self.counts()
        done = (f"; imported {c['imported']}, linked {c['linked']}, failed {c['failed']}" if self.job_id is not None
                else "; nothing written (dry run)")
        lines.append(
            f"{len(self.people)} people: {c['sure']} sure, {c['known']} added before, {c['needs_choice']} need a "
            f"choice, {c['not_found']} not found{done}"
            + (f"; {self.left_out} listed with other roles left out" if self.left_out else ""))
        return lines

    def as_json(self) -> dict:
        institution = None
        if self.institution:
            institution = {"source": self.institution.kind, "id": self.institution.external_id or None,
                           "name": self.institution.name}
        return {"source": self.source, "institution": institution, "job": self.job_id, "error": self.error or None,
                "left_out": self.left_out, "counts": self.counts(), "people": self.people}


def _person_line(person: dict) -> str:
    outcome = {"imported": "imported", "linked": "already in the catalogue, linked", "failed": "FAILED"}.get(
        person.get("outcome") or "", "")
    what = {"sure": "sure", "known": "added before", "needs_choice": "needs a choice",
            "not_found": "not found", "unreachable": "not asked"}[person["resolution"]]
    researcher = f" as {person['researcher']}" if person.get("researcher") else ""
    detail = f" ({person['detail']})" if person.get("detail") else ""
    return f"{what}{', ' + outcome if outcome else ''}{researcher}{detail}"


def department_people(directory: FacultyDirectory, roles: tuple[str, ...] | list[str]) -> tuple[list[FacultyMember], int]:
    """The people of the chosen roles, each once (by name), and how many others the page lists."""
    chosen, seen = [], set()
    for member in directory.people:
        key = name_key(member.name)
        if member.role not in roles or not key or key in seen:
            continue
        seen.add(key)
        chosen.append(member)
    return chosen, len(directory.people) - len(chosen)


def _refuse_empty(directory: FacultyDirectory, people: list[FacultyMember], roles) -> None:
    if not directory.people:
        raise DepartmentError("The page lists nobody: it does not read as a faculty page. Copy the People/"
                              "Faculty page itself (select all, copy) and try again.")
    if not people:
        shown = sorted({m.role for m in directory.people})
        raise DepartmentError(f"The page lists {len(directory.people)} people, none with the role "
                              f"{', '.join(roles)}; its roles are {', '.join(shown)}. Choose with --roles.")


def department_preview(*, directory: FacultyDirectory, institution_name: str, source: str = "openalex",
                       roles=DEFAULT_ROLES, client: SourceClient, choices: dict[str, str] | None = None,
                       ) -> DepartmentReport:
    """What adding this page would do: every chosen person resolved, nothing written."""
    people, left_out = department_people(directory, roles)
    _refuse_empty(directory, people, roles)
    report = DepartmentReport(source=source, left_out=left_out)
    try:
        institution, resolutions = _resolve_all(client=client, source=source, institution_name=institution_name,
                                                people=people, choices=choices)
    except SourceError as error:
        report.error = _source_line(source, error)
        return report
    report.institution = institution
    report.people = [_person_dict(member, resolution) for member, resolution in zip(people, resolutions)]
    return report


def department_add(*, raw: bytes, encoding: str = "utf-8", filename: str = "", directory: FacultyDirectory, institution_name: str,
                   source: str = "openalex", roles=DEFAULT_ROLES, client: SourceClient,
                   captured_on: date | None = None, created_by=None, choices: dict[str, str] | None = None,
                   ) -> DepartmentReport:
    """Resolve every chosen person, then store the page and import the sure ones. When the
    source cannot be asked, nothing is created and the report says so in one line.
    ``choices`` ({name as on the page: profile id}) settles people with several profiles at the
    institution, when the id is one of them."""
    people, left_out = department_people(directory, roles)
    _refuse_empty(directory, people, roles)
    report = DepartmentReport(source=source, left_out=left_out)
    try:
        institution, resolutions = _resolve_all(client=client, source=source, institution_name=institution_name,
                                                people=people, choices=choices)
    except SourceError as error:
        report.error = _source_line(source, error)
        return report
    with transaction.atomic():
        job = _job_store(raw=raw, encoding=encoding, filename=filename, directory=directory, institution_name=institution_name,
                         source=source, roles=roles, people=people, captured_on=captured_on, created_by=created_by)
        job.institution_id, job.institution_name = institution.external_id, institution.name
        # Claimed by this process, as a worker claims a queued job: no worker takes it over.
        job.status, job.claimed_at = DepartmentImport.Status.RUNNING, timezone.now()
        job.save(update_fields=["institution_id", "institution_name", "status", "claimed_at"])
        for member, resolution in zip(job.members.order_by("position"), resolutions):
            _resolution_save(member, resolution)
    _members_import(job=job, client=client)
    report = department_report(job=job, institution=institution)
    report.left_out = left_out
    return report


def department_enqueue(*, raw: bytes, encoding: str = "utf-8", filename: str = "", directory: FacultyDirectory, institution_name: str,
                       source: str = "openalex", roles=DEFAULT_ROLES, captured_on: date | None = None,
                       created_by=None) -> DepartmentImport:
    """Store the page and its people and queue the resolving and importing for a worker
    (sent once committed); the job's progress page follows it."""
    people, _ = department_people(directory, roles)
    _refuse_empty(directory, people, roles)
    department_source_check_or_refuse(source)
    with transaction.atomic():
        job = _job_store(raw=raw, encoding=encoding, filename=filename, directory=directory, institution_name=institution_name,
                         source=source, roles=roles, people=people, captured_on=captured_on, created_by=created_by)
        department_import_task.enqueue_on_commit(job.pk)
    return job


def department_source_check_or_refuse(source: str) -> None:
    try:
        department_source_check(source)
    except SourceError as error:
        raise DepartmentError(error.message) from error


def department_run(*, job_id: int, client: SourceClient) -> DepartmentReport | None:
    """The worker's side of ``department_enqueue``: claim the job, resolve each person (saved
    as it goes, for the progress page), then import the sure ones. A second delivery of the
    same job finds it claimed or finished and does nothing."""
    # A job another worker is running is not taken: two runs at once would both import the
    # same people. A message can arrive twice while the first runs (a send retried after a
    # stalled broker had in fact taken it, or the re-send of queued work after a reconnect).
    # A claim older than the task time limit was left by a worker that died: taking it over
    # resumes the job, people already resolved keep their answer, people already imported are
    # not imported again.
    Status = DepartmentImport.Status
    claimed = _jobs_claimable().filter(pk=job_id).update(status=Status.RUNNING, claimed_at=timezone.now())
    if not claimed:
        return None
    try:
        return _department_run_claimed(job_id=job_id, client=client)
    except TRANSIENT_ERRORS:
        # The task is retried in a few seconds (ScoutTask.autoretry_for): hand the job back so
        # the retry can claim it. If the database is what failed, this fails too, and the job
        # waits for its claim to age (above).
        DepartmentImport.objects.filter(pk=job_id, status=Status.RUNNING).update(status=Status.QUEUED)
        raise


def _department_run_claimed(*, job_id: int, client: SourceClient) -> DepartmentReport:
    job = DepartmentImport.objects.get(pk=job_id)
    members = list(job.members.filter(resolution="").order_by("position"))
    people = [FacultyMember(name=m.name) for m in members]
    pending = iter(members)
    try:
        institution, _ = _resolve_all(
            client=client, source=job.source, institution_name=job.institution_query, people=people,
            on_institution=lambda found: DepartmentImport.objects.filter(pk=job.pk).update(
                institution_id=found.external_id, institution_name=found.name),
            on_resolved=lambda resolution: _resolution_save(next(pending), resolution))
    except SourceError as error:
        department_fail(job_id=job.pk, reason=_source_line(job.source, error))
        return DepartmentReport(source=job.source, error=_source_line(job.source, error), job_id=job.pk)
    job.refresh_from_db()
    _members_import(job=job, client=client)
    return department_report(job=job, institution=institution)


def _abandoned() -> Q:
    """Running under a claim not renewed for longer than the task time limit: a worker's run is
    cut off then, and a run renews its claim person by person, so whoever ran it is gone.
    (Migration 0024 dated the claims of jobs running before claims were dated.)"""
    left_by_a_dead_worker = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return Q(status=DepartmentImport.Status.RUNNING, claimed_at__lt=left_by_a_dead_worker)


def _jobs_claimable():
    """Jobs a worker may take: queued, or abandoned by a dead worker."""
    return DepartmentImport.objects.filter(Q(status=DepartmentImport.Status.QUEUED) | _abandoned())


def _abandoned_jobs_release() -> list[int]:
    """Mark queued again the jobs a dead worker left running; their ids. Each is released only
    if still abandoned, so a job a worker took over meanwhile keeps its claim."""
    released = []
    for job_id in DepartmentImport.objects.filter(_abandoned()).values_list("pk", flat=True):
        if DepartmentImport.objects.filter(_abandoned(), pk=job_id).update(status=DepartmentImport.Status.QUEUED):
            released.append(job_id)
    return released


def department_jobs_unfinished_requeue() -> int:
    """Send again the department jobs the database shows queued, those a dead worker left
    running first marked queued again; returns how many. A duplicate of a message still
    waiting finds the job claimed or finished and does nothing."""
    _abandoned_jobs_release()
    sent = 0
    for job_id in _jobs_claimable().values_list("pk", flat=True):
        department_import_task.delay(job_id)
        sent += 1
    return sent


def department_jobs_abandoned_requeue() -> int:
    """Queue again, and send, only the jobs a dead worker left running (beat's minute: queued
    jobs are not sent again while they wait behind other work); returns how many."""
    released = _abandoned_jobs_release()
    for job_id in released:
        department_import_task.enqueue_on_commit(job_id)
    return len(released)


def department_fail(*, job_id: int, reason: str) -> None:
    """Mark a job failed with its reason (a source offline, a worker that gave up); the people
    not imported yet stay as they are, nothing half-written."""
    DepartmentImport.objects.filter(pk=job_id).exclude(status=DepartmentImport.Status.DONE).update(
        status=DepartmentImport.Status.FAILED, detail=reason[:2000], finished_at=timezone.now())


def department_member_choose(*, member: DepartmentMember, external_id: str, client: SourceClient) -> DepartmentMember:
    """A curator picked one of a person's candidates: import that profile for them."""
    if member.resolution != NEEDS_CHOICE or not any(c["id"] == external_id for c in member.candidates):
        raise DepartmentError(f"{external_id} is not one of the profiles offered for {member.name}; choose one "
                              "of: " + ", ".join(c["id"] for c in member.candidates or []) + ".")
    DepartmentMember.objects.filter(pk=member.pk).update(chosen_id=external_id, outcome="")
    member.refresh_from_db()
    _member_import(member, client=client)
    member.refresh_from_db()
    return member


def department_report(*, job: DepartmentImport, institution: Institution | None = None) -> DepartmentReport:
    """A stored job as a report."""
    members = job.members.select_related("researcher").order_by("position")
    people = [_member_dict(m) for m in members]
    if institution is None and job.institution_name:
        institution = Institution(kind=job.source, external_id=job.institution_id, name=job.institution_name)
    return DepartmentReport(source=job.source, institution=institution, people=people, job_id=job.pk,
                            error=job.detail if job.status == DepartmentImport.Status.FAILED else "")


# --- resolving ------------------------------------------------------------------------------

def _resolve_all(*, client: SourceClient, source: str, institution_name: str, people: list[FacultyMember],
                 on_institution: Callable[[Institution], object] | None = None,
                 on_resolved: Callable[[PersonResolution], object] | None = None,
                 choices: dict[str, str] | None = None) -> tuple[Institution, list[PersonResolution]]:
    """The institution once, then each person: one request each, none for people already
    added from this institution. Raises SourceError when the source is unreachable (or does
    not know the institution), so the caller creates nothing."""
    institution = institution_find(client=client, source=source, name=institution_name)
    if on_institution:
        on_institution(institution)
    chosen_ids = {name_key(name): external_id for name, external_id in (choices or {}).items()}
    known = department_known_researchers(source=source, institution_id=institution.external_id,
                                         institution_name=institution.name)
    resolutions = []
    for member in people:
        researcher = known.get(name_key(member.name))
        if researcher is not None:
            resolution = PersonResolution(name=member.name, status=KNOWN, researcher=researcher,
                                          message=f"added before as {researcher.name}")
        else:
            resolution = person_resolve(client=client, institution=institution, name=member.name)
            if resolution.status == UNREACHABLE:
                raise SourceUnreachable(source, resolution.message)
            chosen = chosen_ids.get(name_key(member.name))
            if chosen and resolution.status == NEEDS_CHOICE:
                resolution = _settled(resolution, chosen)
        resolutions.append(resolution)
        if on_resolved:
            on_resolved(resolution)
    return institution, resolutions


def _settled(resolution: PersonResolution, external_id: str) -> PersonResolution:
    """A person with several profiles at the institution, settled by the curator's choice."""
    picked = [c for c in resolution.candidates if c.external_id == external_id]
    if not picked:
        resolution.message += f"; {external_id} (your choice) is not one of them"
        return resolution
    return PersonResolution(name=resolution.name, status=SURE, chosen=picked[0], elsewhere=resolution.elsewhere,
                            message=f"chosen among {len(resolution.candidates)} profiles", raw=resolution.raw)


def _source_line(source: str, error: SourceError) -> str:
    return f"{SOURCE_NAMES.get(source, source)}: {error.message}; nothing created."


def _candidate_dicts(resolution: PersonResolution) -> list[dict]:
    return [{"id": c.external_id, "name": c.name, "affiliation": c.affiliation, "paper_count": c.paper_count}
            for c in resolution.candidates]


def _person_dict(member: FacultyMember, resolution: PersonResolution) -> dict:
    return {
        "name": member.name, "title": member.title, "role": member.role, "email": member.email,
        "research": list(member.research), "resolution": resolution.status,
        "profile": resolution.chosen.external_id if resolution.chosen else None,
        "candidates": _candidate_dicts(resolution), "detail": resolution.message,
        "researcher": resolution.researcher.name if resolution.researcher is not None else None, "outcome": None,
    }


def _member_dict(member: DepartmentMember) -> dict:
    return {
        "name": member.name, "title": member.title, "role": member.role, "email": member.email,
        "research": list(member.research), "resolution": member.resolution or "unreachable",
        "profile": member.chosen_id or None, "candidates": list(member.candidates), "detail": member.detail,
        "researcher": member.researcher.name if member.researcher_id else None,
        "researcher_id": member.researcher_id, "outcome": member.outcome or None,
    }


# --- storing and importing ------------------------------------------------------------------

def _job_store(*, raw: bytes, encoding: str, filename: str, directory: FacultyDirectory, institution_name: str, source: str,
               roles, people: list[FacultyMember], captured_on: date | None, created_by) -> DepartmentImport:
    """The page as a capture (kept once, however often it is added) and a job with its people."""
    page = _page_store(raw=raw, encoding=encoding, filename=filename, captured_on=captured_on or timezone.localdate(),
                       created_by=created_by)
    job = DepartmentImport.objects.create(
        page=page, source=source, institution_query=" ".join(institution_name.split())[:300],
        department=(directory.department or "")[:300], roles=list(roles), created_by=created_by)
    DepartmentMember.objects.bulk_create([
        DepartmentMember(job=job, position=n, name=m.name[:300], title=m.title[:500], role=m.role,
                         email=m.email[:254], research=list(m.research), homepage=m.homepage[:2000],
                         section=m.section[:300])
        for n, m in enumerate(people, 1)
    ])
    return job


def _page_store(*, raw: bytes, encoding: str, filename: str, captured_on: date, created_by) -> Capture:
    """The page's bytes as given (the caller read them, with ``decode_capture``, to parse them)."""
    sha = capture_sha256(raw)
    existing = Capture.objects.filter(sha256=sha).defer("raw").first()
    if existing is not None:
        if existing.layout == PAGE_LAYOUT and existing.outcome == CaptureOutcome.AWAITING_ASSIGNMENT:
            # Imported alone earlier, it waited for this: its people now have their rows.
            Capture.objects.filter(pk=existing.pk).update(outcome=CaptureOutcome.IMPORTED, outcome_detail=PAGE_DETAIL,
                                                          imported_at=timezone.now())
        return existing
    if len(raw) > settings.CAPTURE_MAX_BYTES:
        raise DepartmentError(f"The page is {len(raw):,} bytes; the limit is {settings.CAPTURE_MAX_BYTES:,}.")
    page = Capture(sha256=sha, raw=raw, encoding=encoding[:40], filename=filename[:500], layout=PAGE_LAYOUT,
                   captured_on=captured_on, uploaded_by=created_by, outcome=CaptureOutcome.IMPORTED,
                   outcome_detail=PAGE_DETAIL,
                   imported_at=timezone.now())
    page.full_clean(exclude=["raw", "researcher", "uploaded_by"], validate_unique=False)
    page.save()
    return page


def _resolution_save(member: DepartmentMember, resolution: PersonResolution) -> None:
    member.resolution = resolution.status
    member.candidates = _candidate_dicts(resolution)
    member.chosen_id = resolution.chosen.external_id if resolution.chosen else ""
    member.search_response = resolution.raw
    member.detail = resolution.message[:2000]
    if resolution.researcher is not None:
        member.researcher = resolution.researcher
    if resolution.status in (NEEDS_CHOICE, NOT_FOUND, UNREACHABLE):
        member.outcome = DepartmentMember.Outcome.LEFT
        member.finished_at = timezone.now()
    member.save()


def _members_import(*, job: DepartmentImport, client: SourceClient) -> None:
    for member in job.members.filter(outcome="").order_by("position"):
        # The claim is renewed person by person: a long department run in a terminal (no task
        # time limit there) is never taken for one a dead worker left.
        DepartmentImport.objects.filter(pk=job.pk, status=DepartmentImport.Status.RUNNING).update(
            claimed_at=timezone.now())
        _member_import(member, client=client)
    DepartmentImport.objects.filter(pk=job.pk, status=DepartmentImport.Status.RUNNING).update(
        status=DepartmentImport.Status.DONE, finished_at=timezone.now())


def _member_import(member: DepartmentMember, *, client: SourceClient) -> None:
    """Import one person the source was sure of (or a curator chose), or link the record the
    catalogue already has; then write what the page says of them."""
    job = member.job
    outcome, detail = DepartmentMember.Outcome.LINKED, member.detail
    researcher = member.researcher
    if researcher is None:
        link = SourceLink.objects.select_related("researcher").filter(kind=job.source, external_id=member.chosen_id).first()
        if link is not None:
            researcher = link.researcher
            detail = f"{SOURCE_NAMES[job.source]} {member.chosen_id} was already linked to {researcher.name}"
        else:
            try:
                # An applicant's additions wait unpublished for a curator; a curator's, the
                # command's (nobody) are published at once.
                result = researcher_add_from_source(ref=member.chosen_id, source=job.source, client=client,
                                                    added_by=job.created_by)
            except SourceAddError as error:
                failure = str(error)
            else:
                failure = "" if result.ok and result.researcher_id is not None else result.summary()
            if failure:
                DepartmentMember.objects.filter(pk=member.pk).update(
                    outcome=DepartmentMember.Outcome.FAILED, detail=failure[:2000], finished_at=timezone.now())
                return
            researcher = Researcher.objects.get(pk=result.researcher_id)
            outcome = DepartmentMember.Outcome.IMPORTED
            detail = "; ".join(filter(None, [member.detail, result.summary()]))
    if _may_write_listing(job, researcher):
        researcher_listing_apply(researcher=researcher, member=member)
    DepartmentMember.objects.filter(pk=member.pk).update(
        researcher=researcher, outcome=outcome, detail=detail[:2000], finished_at=timezone.now())


def _may_write_listing(job: DepartmentImport, researcher: Researcher) -> bool:
    """A page an applicant pasted may describe the people it proposes, not records everyone
    sees: a published researcher's title or email changes only on a curator's (or the
    command's) word, and so does another applicant's proposal or one a curator rejected."""
    added_by = job.created_by
    if added_by is None or added_by.is_staff:
        return True
    return not researcher.published and not researcher.hidden and researcher.proposed_by_id == added_by.pk


@transaction.atomic
def researcher_listing_apply(*, researcher: Researcher, member: DepartmentMember) -> list[str]:
    """Write what the department page says of a person (title, department, institution,
    research areas first among the topics, email when none was set) where no curator locked
    the field; returns the fields written."""
    researcher = Researcher.objects.select_for_update().get(pk=researcher.pk)
    job = member.job
    locked = set(researcher.locked_fields)
    values = {"title": member.title, "department": job.department[:300]}
    if not researcher.affiliation:
        values["affiliation"] = (job.institution_name or job.institution_query)[:300]
    research = [area for area in member.research if area]
    if research:
        values["topics"] = research + [t for t in researcher.topics if t not in research]
    changed = [name for name, value in values.items()
               if name not in locked and value and getattr(researcher, name) != value]
    for name in changed:
        setattr(researcher, name, values[name])
    if member.email and not researcher.contact_email:
        try:
            validate_email(member.email)
        except ValidationError:
            pass  # an address the page garbled is shown on the listing, not used for writing
        else:
            researcher.contact_email = member.email
            changed.append("contact_email")
    if changed:
        researcher.full_clean(validate_unique=False, validate_constraints=False)
        researcher.save(update_fields=changed + ["updated_at"])
        catalogue_version_bump()
    return changed


def _department_failed(self, exc, task_id, args, kwargs, einfo):
    job_id = args[0] if args else kwargs.get("job_id")
    department_fail(job_id=job_id, reason=f"The department import stopped: {exc}. Start it again to "
                                          "add the rest (people added so far are kept).")


# Named as when it lived in profiles/tasks.py, so messages queued before an upgrade still run.
@shared_task(bind=True, name="profiles.tasks.department_import_task", on_failure=_department_failed)
def department_import_task(self, job_id: int) -> dict:
    """``add_department --background`` and the admin's "Add a department": resolve and import
    one stored department page; a second delivery of a finished job does nothing."""
    with SourceClient() as client:
        report = department_run(job_id=job_id, client=client)
    if report is None:
        return {"job_id": job_id, "skipped": "already finished"}
    return {"job_id": job_id, "error": report.error or None, "counts": report.counts()}
