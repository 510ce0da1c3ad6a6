"""Reads: everything one applicant owns, as the data archive (see archive.py for its format)."""
from __future__ import annotations

from django.utils import timezone

from applicants.models import ApplicantProfile
from outreach.models import Draft, EmailTemplate
from shortlist.models import ShortlistEntry, Tag

from .archive import PROFILE_TEXT, archive_pack


def _researcher(r) -> dict:
    # The slug finds the same person on another instance built from the same captures; the
    # name is the fallback and what a person reads.
    return {"slug": r.slug, "name": r.name}


def user_data(*, user) -> tuple[dict, tuple[str, bytes] | None]:
    """The user's data as plain JSON-ready data, and their CV file (name, bytes) if any."""
    profile = ApplicantProfile.objects.filter(user=user).first()
    cv = None
    profile_data = None
    if profile is not None:
        profile_data = {key: getattr(profile, key) for key in PROFILE_TEXT}
        profile_data["match_weights"] = profile.match_weights
        if profile.cv_file:
            try:
                with profile.cv_file.open("rb") as fh:
                    cv = (profile.cv_filename or "cv", fh.read())
            except FileNotFoundError:
                profile_data["cv_file_missing"] = True  # the text is still there to move
    entries = (ShortlistEntry.objects.filter(user=user).select_related("researcher")
               .prefetch_related("tags", "events").order_by("id"))
    drafts = (Draft.objects.filter(user=user).select_related("researcher")
              .prefetch_related("versions").order_by("id"))
    data = {
        "exported_at": timezone.now(),
        "user": {"username": user.get_username(), "email": user.email, "date_joined": user.date_joined},
        "profile": profile_data,
        "tags": list(Tag.objects.filter(user=user).order_by("name").values_list("name", flat=True)),
        "shortlist": [{
            "researcher": _researcher(e.researcher), "status": e.status,
            "status_changed_at": e.status_changed_at, "notes": e.notes, "personal_hook": e.personal_hook,
            "tags": sorted(t.name for t in e.tags.all()), "priority": e.priority,
            "follow_up_on": e.follow_up_on, "match_score_at_save": e.match_score_at_save,
            "saved_at": e.saved_at, "removed_at": e.removed_at,
            "events": [{"kind": ev.kind, "payload": ev.payload, "at": ev.at} for ev in e.events.all()],
        } for e in entries],
        "templates": [{
            "key": t.key, "name": t.name, "subject_source": t.subject_source, "body_source": t.body_source,
            "created_at": t.created_at,
        } for t in EmailTemplate.objects.filter(user=user).order_by("id")],
        "drafts": [{
            "researcher": _researcher(d.researcher), "on_shortlist": d.entry_id is not None,
            "template_key": d.template_key, "template_name": d.template_name,
            "template_subject": d.template_subject, "template_body": d.template_body,
            "polish_note": d.polish_note, "created_at": d.created_at,
            "versions": [{
                "number": v.number, "source": v.source, "subject": v.subject, "body": v.body,
                "papers": v.papers, "context": v.context, "flags": v.flags, "created_at": v.created_at,
            } for v in d.versions.all()],
        } for d in drafts],
    }
    return data, cv


def user_data_archive(*, user) -> bytes:
    """The zip an applicant downloads: data.json and their CV file."""
    data, cv = user_data(user=user)
    return archive_pack(data=data, cv_name=cv[0] if cv else None, cv_bytes=cv[1] if cv else None)
