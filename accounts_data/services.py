"""Writes: import an applicant's data archive into their (empty) account, and delete an account
with everything it owns, the CV file on disk included."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from applicants.models import ApplicantProfile
from outreach.models import Draft, DraftVersion, EmailTemplate
from profiles.models import Researcher
from profiles.services import researcher_proposals_release
from shortlist.models import EntryEvent, ShortlistEntry, Tag

from .archive import PROFILE_TEXT, archive_unpack
from .exceptions import UserDataError

logger = logging.getLogger(__name__)
CV_EXTENSIONS = (".pdf", ".docx", ".txt", ".md")


@dataclass
class ImportSummary:
    """What an import brought in, and what it could not place (researchers this site lacks)."""

    profile: bool = False
    cv: bool = False
    entries: int = 0
    templates: int = 0
    drafts: int = 0
    missing: list[str] = field(default_factory=list)  # researchers' names, entries and drafts skipped

    def message(self) -> str:
        parts = [f"{self.entries} shortlist entr{'y' if self.entries == 1 else 'ies'}",
                 f"{self.templates} template{'s' * (self.templates != 1)}",
                 f"{self.drafts} draft{'s' * (self.drafts != 1)}"]
        text = "Imported " + ("your profile, " if self.profile else "") + ("your CV, " if self.cv else "") + ", ".join(parts) + "."
        if self.missing:
            text += " Not on this site, so left out: " + "; ".join(self.missing) + "."
        return text


def _account_has_data(user) -> list[str]:
    found = []
    if ApplicantProfile.objects.filter(user=user).exists():
        found.append("a profile")
    for label, model in (("shortlist entries", ShortlistEntry), ("templates", EmailTemplate), ("drafts", Draft)):
        if model.objects.filter(user=user).exists():
            found.append(label)
    return found


def _survivor(researcher: Researcher) -> Researcher:
    seen = set()
    while researcher.merged_into_id and researcher.pk not in seen:  # a merge chain, never a loop
        seen.add(researcher.pk)
        researcher = researcher.merged_into
    return researcher


def _resolve(people: list[dict]) -> dict[str, Researcher | None]:
    """Each archived researcher (by slug) to this site's record: same slug (following merges),
    else one visible researcher of exactly that name; None when there is none. A researcher a
    curator hid is never found: an archive is written by hand as easily as downloaded, and a
    draft to them would show their curated address and papers."""
    slugs = {p["slug"] for p in people}
    # An applicant's proposal no curator has published is nobody else's to reach.
    by_slug = {r.slug: r for r in Researcher.objects.filter(slug__in=slugs, published=True).select_related("merged_into")}
    out = {}
    for p in people:
        found = by_slug.get(p["slug"])
        if found is None:
            named = list(Researcher.objects.filter(name__iexact=p["name"], merged_into__isnull=True, hidden=False,
                                                   published=True)[:2])
            found = named[0] if len(named) == 1 else None
        survivor = _survivor(found) if found else None
        out[p["slug"]] = survivor if survivor is not None and not survivor.hidden else None
    return out


def _dt(value: str | None):
    return datetime.fromisoformat(value) if value else None


def _clean(obj, where: str) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise UserDataError(f"data.json: {where} cannot be imported ({problems}).") from None


def user_data_import(*, user, raw: bytes, allow_missing: bool = False) -> ImportSummary:
    """Bring an archive made by “Download my data” into ``user``'s account, all or nothing.

    The account must not have data yet (an import never merges into or overwrites what is
    there). Researchers are found by slug or name; those this site lacks stop the import unless
    ``allow_missing``, which leaves their entries and drafts out and names them.
    """
    archive = archive_unpack(raw, max_bytes=settings.DATA_IMPORT_MAX_BYTES,
                             data_max_bytes=settings.DATA_IMPORT_JSON_MAX_BYTES)
    data = archive.data
    if found := _account_has_data(user):
        raise UserDataError(f"This account already has {', '.join(found)}. An archive is imported into an "
                            "account with no data yet: sign up for a new account, or delete this data first.")
    people = [e["researcher"] for e in data["shortlist"]] + [d["researcher"] for d in data["drafts"]]
    resolved = _resolve(people)
    missing = sorted({p["name"] for p in people if resolved[p["slug"]] is None})
    if missing and not allow_missing:
        raise UserDataError("These researchers are not on this site: " + "; ".join(missing) + ". Ask a curator "
                            "to import them first, or import without them (their entries and drafts are left out).")
    summary = ImportSummary(missing=missing)
    stored_cv, done = [], False
    try:
        with transaction.atomic():
            _import_profile(user, archive, summary, stored_cv)
            entries = _import_shortlist(user, data, resolved, summary)
            template_keys = _import_templates(user, data, summary)
            _import_drafts(user, data, resolved, entries, template_keys, summary)
        done = True
    finally:
        if stored_cv and not done:  # nothing half-written: the rows rolled back, so goes the file
            ApplicantProfile._meta.get_field("cv_file").storage.delete(stored_cv[0])
    return summary


def _import_profile(user, archive, summary, stored_cv: list[str]) -> None:
    profile_data = archive.data.get("profile")
    if profile_data is None:
        return
    profile = ApplicantProfile(user=user, **{k: profile_data.get(k) or "" for k in PROFILE_TEXT},
                               match_weights=profile_data.get("match_weights") or {})
    if archive.cv_bytes is not None:
        suffix = PurePath(archive.cv_name.lower()).suffix
        # A random stored name, as for an upload: the user's file name never reaches the disk.
        profile.cv_file.save(f"{secrets.token_hex(16)}{suffix if suffix in CV_EXTENSIONS else '.txt'}",
                             ContentFile(archive.cv_bytes), save=False)
        stored_cv.append(profile.cv_file.name)
        profile.cv_filename = profile.cv_filename or archive.cv_name
        summary.cv = True
    _clean(profile, "profile")
    profile.save()
    summary.profile = True


def _import_shortlist(user, data, resolved, summary) -> dict[int, ShortlistEntry]:
    tags = {name: Tag(user=user, name=name) for name in dict.fromkeys(
        data["tags"] + [t for e in data["shortlist"] for t in e["tags"]])}
    for i, tag in enumerate(tags.values()):
        _clean(tag, f"tags[{i}]")
        tag.save()
    entries: dict[int, ShortlistEntry] = {}
    for i, item in enumerate(data["shortlist"]):
        researcher = resolved[item["researcher"]["slug"]]
        if researcher is None:
            continue
        if ShortlistEntry.objects.filter(user=user, researcher=researcher).exists():
            continue  # two archived entries for people since merged into one: the first stays
        follow = item.get("follow_up_on")
        entry = ShortlistEntry(
            user=user, researcher=researcher, status=item["status"], status_changed_at=_dt(item["status_changed_at"]),
            notes=item["notes"], personal_hook=item["personal_hook"], priority=item["priority"],
            follow_up_on=date.fromisoformat(follow) if follow else None,
            match_score_at_save=item.get("match_score_at_save"), saved_at=_dt(item["saved_at"]),
            removed_at=_dt(item.get("removed_at")))
        _clean(entry, f"shortlist[{i}]")
        entry.save()
        entry.tags.set([tags[t] for t in item["tags"]])
        events = [EntryEvent(entry=entry, kind=ev["kind"], payload=ev["payload"], at=_dt(ev["at"])) for ev in item["events"]]
        for j, event in enumerate(events):
            _clean(event, f"shortlist[{i}].events[{j}]")
        EntryEvent.objects.bulk_create(events)
        entries[researcher.pk] = entry
        summary.entries += 1
    return entries


def _import_templates(user, data, summary) -> dict[str, str]:
    keys = {}
    for i, item in enumerate(data["templates"]):
        tpl = EmailTemplate(user=user, name=item["name"], subject_source=item["subject_source"],
                            body_source=item["body_source"])
        _clean(tpl, f"templates[{i}]")
        tpl.save()
        if item.get("created_at"):
            EmailTemplate.objects.filter(pk=tpl.pk).update(created_at=_dt(item["created_at"]))
        keys[item["key"]] = tpl.key  # drafts name their template by key: user:<id on the old site>
        summary.templates += 1
    return keys


def _import_drafts(user, data, resolved, entries, template_keys, summary) -> None:
    for i, item in enumerate(data["drafts"]):
        researcher = resolved[item["researcher"]["slug"]]
        if researcher is None:
            continue
        draft = Draft(user=user, researcher=researcher,
                      entry=entries.get(researcher.pk) if item["on_shortlist"] else None,
                      template_key=template_keys.get(item["template_key"], item["template_key"]),
                      template_name=item["template_name"], template_subject=item["template_subject"],
                      template_body=item["template_body"], polish_note=item["polish_note"])
        _clean(draft, f"drafts[{i}]")
        draft.save()
        Draft.objects.filter(pk=draft.pk).update(created_at=_dt(item["created_at"]))
        versions = []
        for j, v in enumerate(item["versions"]):
            version = DraftVersion(draft=draft, number=v["number"], source=v["source"], subject=v["subject"],
                                   body=v["body"], papers=v["papers"], context=v["context"], flags=v["flags"])
            _clean(version, f"drafts[{i}].versions[{j}]")
            versions.append(version)
        DraftVersion.objects.bulk_create(versions)
        for version, v in zip(versions, item["versions"]):
            DraftVersion.objects.filter(pk=version.pk).update(created_at=_dt(v["created_at"]))
        summary.drafts += 1


def user_account_delete(*, user) -> None:
    """Delete the account and everything it owns: profile, CV file, shortlist, notes, timeline,
    notices, templates, drafts, and the sign-in records kept under its username."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    cv_name = profile.cv_file.name if profile and profile.cv_file else ""
    storage = ApplicantProfile._meta.get_field("cv_file").storage
    username = user.get_username()
    with transaction.atomic():
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username=username).delete()
        # Researchers the user proposed stay, for the curators to publish or reject.
        researcher_proposals_release(user=user)
        user.delete()  # every row the user owns goes with it (on_delete=CASCADE)
        if cv_name:
            # After commit: a rolled-back deletion must not have lost the file.
            transaction.on_commit(lambda: storage.delete(cv_name))
