"""The hooks the catalogue calls: merges move entries to the surviving researcher, and new
papers from a re-import become notices for the users who saved that researcher."""
from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from profiles.models import Paper

from ..models import (
    CLOSED,
    PIPELINE,
    EntryEvent,
    EventKind,
    Notice,
    NoticeKind,
    ShortlistEntry,
)

# A closed entry (declined / not a fit) is the latest word on it, so it outranks any open stage.
_STATUS_RANK = {str(s): i for i, s in enumerate(PIPELINE + CLOSED)}
for _closed in CLOSED:
    _STATUS_RANK[str(_closed)] = len(PIPELINE)


def _combine(*, keep: ShortlistEntry, gone: ShortlistEntry, source_name: str) -> None:
    if _STATUS_RANK[gone.status] > _STATUS_RANK[keep.status]:
        keep.status, keep.status_changed_at = gone.status, gone.status_changed_at
    if gone.notes.strip() and gone.notes.strip() != keep.notes.strip():
        header = f"— notes from the merged record “{source_name}” —"
        keep.notes = f"{keep.notes.rstrip()}\n\n{header}\n{gone.notes}" if keep.notes.strip() else gone.notes
        keep.notes_version += 1
    if gone.personal_hook.strip() and gone.personal_hook.strip() != keep.personal_hook.strip():
        keep.personal_hook = "\n".join(h for h in (keep.personal_hook.strip(), gone.personal_hook.strip()) if h)
    if gone.saved_at < keep.saved_at:
        keep.saved_at = gone.saved_at
        keep.match_score_at_save = gone.match_score_at_save
    keep.priority = max(keep.priority, gone.priority)
    dates = [d for d in (keep.follow_up_on, gone.follow_up_on) if d]
    keep.follow_up_on = min(dates) if dates else None
    if keep.removed_at is not None and gone.removed_at is None:
        keep.removed_at = None
    keep.save()
    keep.tags.add(*gone.tags.all())
    gone.events.update(entry=keep)
    gone.notices.update(entry=keep)
    # Other apps' rows that point at the entry (outreach drafts) follow it rather than being
    # orphaned when the duplicate is deleted.
    for relation in ShortlistEntry._meta.related_objects:
        if relation.one_to_many and relation.related_model not in (EntryEvent, Notice):
            relation.related_model._base_manager.filter(**{relation.field.name: gone}).update(
                **{relation.field.name: keep}
            )
    gone.delete()


def shortlist_entries_reassign(*, source, target) -> None:
    """Move every user's entries from a merged-away researcher to the survivor.

    A user who saved both gets one entry: the most advanced status, both notes, the union of
    tags, the earliest saved date and both timelines.
    """
    now = timezone.now()
    with transaction.atomic():
        moving = list(
            ShortlistEntry.objects.select_for_update().filter(researcher=source).prefetch_related("tags")
        )
        existing = {
            e.user_id: e
            for e in ShortlistEntry.objects.select_for_update().filter(
                researcher=target, user_id__in=[m.user_id for m in moving]
            )
        }
        for entry in moving:
            keep = existing.get(entry.user_id)
            if keep is None:
                entry.researcher = target
                entry.save(update_fields=["researcher", "updated_at"])
                keep = entry
            else:
                _combine(keep=keep, gone=entry, source_name=source.name)
            EntryEvent.objects.create(
                entry=keep, kind=EventKind.MERGED,
                payload={"from_researcher": source.name, "from_researcher_id": source.pk}, at=now,
            )


def shortlist_notify_new_papers(*, researcher_id: int, paper_ids: list[int]) -> None:
    """Tell users who saved this researcher that new papers arrived (one notice each)."""

    if not paper_ids:
        return
    titles = list(Paper.objects.filter(pk__in=paper_ids).order_by("-date", "title").values_list("title", flat=True))
    if not titles:
        return
    ids = sorted(set(paper_ids))
    key = "new_paper:" + hashlib.sha256(f"{researcher_id}:{ids}".encode()).hexdigest()[:40]
    now = timezone.now()
    entries = ShortlistEntry.objects.filter(researcher_id=researcher_id, removed_at__isnull=True).select_related("researcher")
    for entry in entries:
        if len(titles) == 1:
            text = f"New paper since you saved {entry.researcher.name}: “{titles[0]}”."
        else:
            text = f"{len(titles)} new papers since you saved {entry.researcher.name}, newest: “{titles[0]}”."
        try:
            with transaction.atomic():
                Notice.objects.create(
                    user_id=entry.user_id, entry=entry, kind=NoticeKind.NEW_PAPER, text=text,
                    payload={"paper_ids": ids, "titles": titles[:10]}, dedupe_key=key,
                )
                EntryEvent.objects.create(
                    entry=entry, kind=EventKind.NEW_PAPER, payload={"paper_ids": ids, "titles": titles[:10]}, at=now
                )
        except IntegrityError:
            # The same papers were already announced to this user (the hook ran twice).
            continue
