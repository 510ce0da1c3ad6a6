"""Saving, removing and tracking one shortlist entry; every change lands in its timeline."""
from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from matching.applicant import match_explain_for

from ..exceptions import NotesConflict, ShortlistError
from ..models import (
    EntryEvent,
    EventKind,
    Notice,
    Priority,
    ShortlistEntry,
    Status,
    Tag,
)

# Autosave fires every few seconds while typing; edits this close together are one timeline line.
NOTE_EVENT_COALESCE = dt.timedelta(minutes=10)
MAX_TAGS = 20


def _match_score(*, user, researcher) -> float | None:

    explained = match_explain_for(user=user, researcher=researcher)
    score = getattr(explained, "score", None)
    return float(score) if score is not None else None


def entry_save(*, user, researcher) -> ShortlistEntry:
    """Put a researcher on the user's shortlist (restoring a removed entry with its notes)."""
    now = timezone.now()
    # Ranking can take a moment: score before taking the row lock, and only for a first save.
    score = None
    if not ShortlistEntry.objects.filter(user=user, researcher=researcher).exists():
        score = _match_score(user=user, researcher=researcher)
    with transaction.atomic():
        entry = (
            ShortlistEntry.objects.select_for_update().filter(user=user, researcher=researcher).first()
        )
        if entry is not None and entry.removed_at is None:
            return entry
        if entry is None:
            entry = ShortlistEntry(
                user=user, researcher=researcher, status=Status.CONSIDERING,
                status_changed_at=now, saved_at=now, match_score_at_save=score,
            )
            payload = {"match_score": entry.match_score_at_save}
        else:
            entry.removed_at = None
            payload = {"restored": True}
        entry.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            # Another tab saved the same researcher a moment ago: that entry is the one.
            return ShortlistEntry.objects.get(user=user, researcher=researcher)
        EntryEvent.objects.create(entry=entry, kind=EventKind.SAVED, payload=payload, at=now)
    return entry


def entry_remove(*, entry: ShortlistEntry) -> ShortlistEntry:
    """Take an entry off the shortlist; its notes and timeline are kept for a later re-save."""
    if entry.removed_at is not None:
        return entry
    now = timezone.now()
    with transaction.atomic():
        entry.removed_at = now
        entry.save(update_fields=["removed_at", "updated_at"])
        EntryEvent.objects.create(entry=entry, kind=EventKind.REMOVED, at=now)
    return entry


def entry_status_set(*, entry: ShortlistEntry, status: str) -> ShortlistEntry:
    """Move an entry to another pipeline status, recording when."""
    if status not in Status.values:
        raise ShortlistError(
            f"“{status}” is not a shortlist status; use one of: {', '.join(Status.labels)}."
        )
    if status == entry.status:
        return entry
    now = timezone.now()
    with transaction.atomic():
        previous = entry.status
        entry.status = status
        entry.status_changed_at = now
        entry.full_clean()
        entry.save(update_fields=["status", "status_changed_at", "updated_at"])
        EntryEvent.objects.create(
            entry=entry, kind=EventKind.STATUS, payload={"from": previous, "to": status}, at=now
        )
    return entry


def entry_notes_save(*, entry: ShortlistEntry, notes: str, base_version: int) -> ShortlistEntry:
    """Save notes edited from ``base_version``; raise NotesConflict if someone saved since.

    The check and the write are one conditional UPDATE, so of two tabs saving from the same
    version exactly one wins and the other is told, never silently overwritten.
    """
    now = timezone.now()
    with transaction.atomic():
        won = ShortlistEntry.objects.filter(pk=entry.pk, notes_version=base_version).update(
            notes=notes, notes_version=F("notes_version") + 1, updated_at=now
        )
        if not won:
            current = ShortlistEntry.objects.values("notes", "notes_version").get(pk=entry.pk)
            if current["notes"] == notes:
                # Both tabs typed the same text: nothing to choose between.
                entry.notes, entry.notes_version = current["notes"], current["notes_version"]
                return entry
            raise NotesConflict(current_notes=current["notes"], current_version=current["notes_version"])
        entry.refresh_from_db(fields=["notes", "notes_version", "updated_at"])
        last = entry.events.order_by("-at", "-id").first()
        if last is not None and last.kind == EventKind.NOTE and now - last.at < NOTE_EVENT_COALESCE:
            last.payload = {"length": len(notes)}
            last.at = now
            last.save(update_fields=["payload", "at"])
        else:
            EntryEvent.objects.create(entry=entry, kind=EventKind.NOTE, payload={"length": len(notes)}, at=now)
    return entry


def _parse_tags(raw: str) -> list[str]:
    names: list[str] = []
    for part in raw.split(","):
        name = " ".join(part.split()).lower()
        if not name:
            continue
        if len(name) > 50:
            raise ShortlistError(f"The tag “{name[:20]}…” is longer than 50 characters; shorten it.")
        if name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ShortlistError(f"An entry can have at most {MAX_TAGS} tags; you gave {len(names)}.")
    return names


def _details_changes(*, entry: ShortlistEntry, old_tags: list[str], new_tags: list[str],
                     old_priority: int, old_follow_up: dt.date | None, old_hook: str) -> dict:
    """What an edit changed, as the timeline shows it (only the fields that did change)."""
    labels = dict(Priority.choices)
    changes: dict = {}
    if old_priority != entry.priority:
        changes["priority"] = [str(labels[old_priority]), str(labels[entry.priority])]
    if old_follow_up != entry.follow_up_on:
        changes["follow_up_on"] = [
            old_follow_up.isoformat() if old_follow_up else "none",
            entry.follow_up_on.isoformat() if entry.follow_up_on else "none",
        ]
    added = [t for t in new_tags if t not in old_tags]
    removed = [t for t in old_tags if t not in new_tags]
    if added:
        changes["tags_added"] = added
    if removed:
        changes["tags_removed"] = removed
    if old_hook != entry.personal_hook:
        changes["personal_hook"] = True
    return changes


def entry_details_update(
    *,
    entry: ShortlistEntry,
    tags: str,
    priority: int,
    follow_up_on: dt.date | None,
    personal_hook: str | None = None,
) -> ShortlistEntry:
    """Set an entry's tags (comma-separated), priority, follow-up date and personal hook
    (``None`` keeps the hook); what changed lands in the timeline."""
    if priority not in Priority.values:
        raise ShortlistError("Priority must be low, normal or high.")
    names = _parse_tags(tags)
    with transaction.atomic():
        old_tags = sorted(entry.tags.values_list("name", flat=True))
        old_priority, old_follow_up, old_hook = entry.priority, entry.follow_up_on, entry.personal_hook
        entry.priority = priority
        entry.follow_up_on = follow_up_on
        if personal_hook is not None:
            entry.personal_hook = personal_hook.strip()
        entry.full_clean()
        entry.save(update_fields=["priority", "follow_up_on", "personal_hook", "updated_at"])
        tag_objects = [Tag.objects.get_or_create(user=entry.user, name=name)[0] for name in names]
        entry.tags.set(tag_objects)
        changes = _details_changes(
            entry=entry, old_tags=old_tags, new_tags=names, old_priority=old_priority,
            old_follow_up=old_follow_up, old_hook=old_hook,
        )
        if changes:
            EntryEvent.objects.create(entry=entry, kind=EventKind.DETAILS, payload=changes, at=timezone.now())
    return entry


def entry_row_update(
    *, entry: ShortlistEntry, status: str, tags: str, priority: int, follow_up_on: dt.date | None
) -> ShortlistEntry:
    """Apply one edited row of the shortlist table: status, tags, priority and follow-up
    together, all or nothing."""
    with transaction.atomic():
        entry_details_update(entry=entry, tags=tags, priority=priority, follow_up_on=follow_up_on)
        entry_status_set(entry=entry, status=status)
    return entry


def entry_restore(*, entry: ShortlistEntry) -> ShortlistEntry:
    """Undo a removal: the entry comes back with its notes, tags and timeline."""
    if entry.removed_at is None:
        return entry
    now = timezone.now()
    with transaction.atomic():
        entry.removed_at = None
        entry.save(update_fields=["removed_at", "updated_at"])
        EntryEvent.objects.create(entry=entry, kind=EventKind.SAVED, payload={"restored": True}, at=now)
    return entry


def entry_record_draft(
    *, entry: ShortlistEntry, draft_id: int, template_name: str, move_to_drafting: bool = True
) -> EntryEvent:
    """Log in the timeline that a draft was made, and with which template (for the funnel).

    A draft the user asked for one researcher moves a Considering entry to Drafting (they are
    writing to them); a bulk draft passes ``move_to_drafting=False``: drafting twenty emails
    at once is not deciding to write to all twenty, so statuses stay as the user set them."""
    with transaction.atomic():
        event = EntryEvent.objects.create(
            entry=entry, kind=EventKind.DRAFT,
            payload={"draft_id": draft_id, "template": template_name or ""}, at=timezone.now(),
        )
        if move_to_drafting and entry.status == Status.CONSIDERING:
            entry_status_set(entry=entry, status=Status.DRAFTING)
    return event


def notice_mark_read(*, notice: Notice) -> Notice:
    """Mark an in-app notice as read."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
