"""Shortlist reads, always scoped to one user."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from profiles.models import Researcher
from profiles.selectors import researchers_visible_to

from .models import (
    CLOSED,
    PIPELINE,
    EntryEvent,
    EventKind,
    Notice,
    ShortlistEntry,
    Status,
    Tag,
)

# What the table can be sorted by: the query parameter value -> the ORDER BY.
SORTS = {
    "name": ["researcher__name", "id"],
    "-name": ["-researcher__name", "-id"],
    "affiliation": ["researcher__affiliation", "researcher__name", "id"],
    "-affiliation": ["-researcher__affiliation", "researcher__name", "id"],
    "status": ["status", "researcher__name", "id"],
    "-status": ["-status", "researcher__name", "id"],
    "priority": ["priority", "researcher__name", "id"],
    "-priority": ["-priority", "researcher__name", "id"],
    "follow_up": ["follow_up_on", "researcher__name", "id"],
    "-follow_up": ["-follow_up_on", "researcher__name", "id"],
    "saved": ["saved_at", "id"],
    "-saved": ["-saved_at", "-id"],
    "score": ["match_score_at_save", "researcher__name", "id"],
    "-score": ["-match_score_at_save", "researcher__name", "id"],
}
DEFAULT_SORT = "-priority"
RESEARCHER_HEAVY_FIELDS = (
    "title", "about", "topics", "coauthors", "education", "awards", "labs", "locked_fields",
    "contact_instructions", "contact_instructions_source", "taking_students_source",
)


def researchers_saveable(*, user):
    """Researchers this user can newly save: the ones the catalogue shows, and their own
    proposals a curator has not published yet."""

    return researchers_visible_to(user=user)


def researcher_current(*, pk: int):
    """The researcher with this id, or the record it was merged into (a page rendered before a
    merge still saves the right person); None if there is no such researcher."""

    researcher = Researcher.objects.filter(pk=pk).first()
    for _ in range(10):  # merges chain rarely; the cap guards against a curator-made loop
        if researcher is None or researcher.merged_into_id is None:
            break
        researcher = Researcher.objects.filter(pk=researcher.merged_into_id).first()
    return researcher


def saved_researcher_ids(*, user) -> set[int]:
    """Ids of the researchers this user has saved (empty for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        ShortlistEntry.objects.filter(user=user, removed_at__isnull=True).values_list("researcher_id", flat=True)
    )


def saved_among(*, user, researcher_ids: list[int]) -> set[int]:
    """Which of these researchers the user has saved: one indexed read for a page's save
    buttons. Written as SQL: it runs on every page with a researcher on it, and the ORM spent
    0.5 ms of CPU building this one statement (five times the query itself)."""
    if not getattr(user, "is_authenticated", False) or not researcher_ids:
        return set()
    ids = [int(pk) for pk in researcher_ids]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT researcher_id FROM {ShortlistEntry._meta.db_table}"
            f" WHERE user_id = %s AND removed_at IS NULL AND researcher_id IN ({', '.join(['%s'] * len(ids))})",
            [user.pk, *ids])
        return {row[0] for row in cursor.fetchall()}


def shortlist_entries_removed(*, user) -> QuerySet[ShortlistEntry]:
    """The user's removed entries (kept so a removal can be undone)."""
    return (
        ShortlistEntry.objects.filter(user=user, removed_at__isnull=False)
        .select_related("researcher").order_by("-removed_at", "id")
    )


def shortlist_entries(*, user) -> QuerySet[ShortlistEntry]:
    """The user's current entries with researcher, tags and unread-notice count, in one
    fixed number of queries however many entries there are."""
    return (
        ShortlistEntry.objects.filter(user=user, removed_at__isnull=True)
        .select_related("researcher")
        # The shortlist needs the researcher's name and place, not their whole profile: skip
        # the long text and JSON columns (decoding them for 500 rows costs more than the query).
        .defer(*(f"researcher__{f}" for f in RESEARCHER_HEAVY_FIELDS))
        # to_attr: a plain list, so a 500-row table doesn't build 500 querysets from the cache.
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name"), to_attr="tag_list"))
        .annotate(unread_notices=Count("notices", filter=Q(notices__read_at__isnull=True)))
        .order_by("-priority", "researcher__name", "id")
    )


@dataclass
class ShortlistFilters:
    status: str = ""
    tag: str = ""
    institution: str = ""
    due: bool = False
    sort: str = DEFAULT_SORT


def shortlist_table_rows(
    *, user, filters: ShortlistFilters, today: dt.date | None = None, entry_id: int | None = None
) -> QuerySet:
    """The table: the user's entries narrowed by status, tag, institution and due follow-ups,
    as plain dicts of the shown columns (a 500-row table is then cheap to build and render).
    Tag names come from ``entry_tag_names``, unread notices from ``unread_notice_counts``."""
    qs = ShortlistEntry.objects.filter(user=user, removed_at__isnull=True)
    if entry_id is not None:
        qs = qs.filter(pk=entry_id)  # one row, re-rendered after an inline edit
    if filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.tag:
        qs = qs.filter(tags__user=user, tags__name=filters.tag)
    if filters.institution:
        qs = qs.filter(researcher__affiliation__icontains=filters.institution)
    if filters.due:
        qs = qs.filter(follow_up_on__lte=today or timezone.localdate())
    return (
        qs.annotate(name=F("researcher__name"), affiliation=F("researcher__affiliation"), hidden=F("researcher__hidden"))
        .values(
            "id", "status", "priority", "follow_up_on", "match_score_at_save", "saved_at",
            "name", "affiliation", "hidden",
        )
        .order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))
    )


def shortlist_fingerprint(*, user) -> tuple:
    """Changes whenever anything the shortlist page shows of the user's own data changes: how
    many entries they have and when one last changed (every write to an entry, its tags
    included, saves it), how many notices, the newest and how many are unread, and their tags.
    The page is kept in the cache under it (shortlist.views).

    Seven indexed aggregates in one query, written as SQL: the ORM took ~2 ms of CPU to build
    the same seven subqueries, as much as the page it saves."""
    entries, notices, tags = (m._meta.db_table for m in (ShortlistEntry, Notice, Tag))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {entries} WHERE user_id = %s),"
            f" (SELECT MAX(updated_at) FROM {entries} WHERE user_id = %s),"
            f" (SELECT COUNT(*) FROM {notices} WHERE user_id = %s),"
            f" (SELECT MAX(id) FROM {notices} WHERE user_id = %s),"
            f" (SELECT COUNT(*) FROM {notices} WHERE user_id = %s AND read_at IS NULL),"
            f" (SELECT COUNT(*) FROM {tags} WHERE user_id = %s),"
            f" (SELECT MAX(id) FROM {tags} WHERE user_id = %s)",
            [user.pk] * 7)
        return tuple(cursor.fetchone())


def unread_notice_counts(*, user) -> dict[int, int]:
    """{entry id: how many unread notices it has} for the user's entries that have any."""
    return dict(
        Notice.objects.filter(user=user, read_at__isnull=True, entry__isnull=False)
        .values("entry_id").annotate(n=Count("id")).order_by("entry_id").values_list("entry_id", "n")
    )


def entry_tag_names(*, user, entry_ids) -> dict[int, list[str]]:
    """{entry id: its tag names, A to Z} for the user's entries among ``entry_ids``."""
    names: dict[int, list[str]] = defaultdict(list)
    pairs = (
        ShortlistEntry.tags.through.objects.filter(shortlistentry__user=user, shortlistentry_id__in=list(entry_ids))
        .order_by("tag__name")
        .values_list("shortlistentry_id", "tag__name")
    )
    for entry_id, name in pairs:
        names[entry_id].append(name)
    return names


def followups_due_count(*, user, today: dt.date | None = None) -> int:
    """How many of the user's entries have a follow-up due today or overdue."""
    return ShortlistEntry.objects.filter(
        user=user, removed_at__isnull=True, follow_up_on__lte=today or timezone.localdate()
    ).count()


def shortlist_tags(*, user) -> QuerySet[Tag]:
    """The user's tags that are on at least one current entry."""
    return (
        Tag.objects.filter(user=user, entries__removed_at__isnull=True).distinct().order_by("name")
    )


def entry_timeline(*, entry: ShortlistEntry) -> QuerySet[EntryEvent]:
    """An entry's timeline, newest first."""
    return entry.events.order_by("-at", "-id")


def notices_for(*, user, unread_only: bool = False) -> QuerySet[Notice]:
    """The user's notices, newest first."""
    qs = Notice.objects.filter(user=user).select_related("entry__researcher").order_by("-created_at", "-id")
    return qs.filter(read_at__isnull=True) if unread_only else qs


@dataclass
class FunnelRow:
    label: str
    contacted: int
    replied: int

    @property
    def reply_rate(self) -> float | None:
        return self.replied / self.contacted if self.contacted else None


@dataclass
class Funnel:
    total: int
    reached: list[tuple[str, int]]  # (status label, entries that reached it)
    overall: FunnelRow
    by_template: list[FunnelRow]


_REPLIED_OR_LATER = {Status.REPLIED, Status.MEETING, Status.APPLIED}
_CONTACTED_OR_LATER = {Status.CONTACTED} | _REPLIED_OR_LATER


def shortlist_funnel(*, user) -> Funnel:
    """How many entries reached each status, and the reply rate overall and by the template
    of the last draft made before the entry was contacted.

    An entry reached a pipeline stage if it ever held that stage or a later one (skipping
    "drafting" still counts as having passed it); declined / not a fit count if ever held.
    Replied means reached replied, meeting or applied; the rate is over contacted entries.
    """
    entries = list(ShortlistEntry.objects.filter(user=user, removed_at__isnull=True).values_list("id", "status"))
    held: dict[int, set[str]] = {pk: {Status.CONSIDERING, status} for pk, status in entries}
    template_at_contact: dict[int, str] = {}
    events = (
        EntryEvent.objects.filter(entry__user=user, entry__removed_at__isnull=True, kind__in=[EventKind.STATUS, EventKind.DRAFT])
        .order_by("at", "id")
        .values_list("entry_id", "kind", "payload")
    )
    last_template: dict[int, str] = {}
    for entry_id, kind, payload in events:
        if kind == EventKind.DRAFT:
            last_template[entry_id] = payload.get("template") or "(no template)"
            continue
        held[entry_id].add(payload.get("to", ""))
        if payload.get("to") in _CONTACTED_OR_LATER and entry_id not in template_at_contact and entry_id in last_template:
            template_at_contact[entry_id] = last_template[entry_id]
    for entry_id, template in last_template.items():
        template_at_contact.setdefault(entry_id, template)

    reached: list[tuple[str, int]] = []
    for i, stage in enumerate(PIPELINE):
        later = set(PIPELINE[i:])
        reached.append((stage.label, sum(1 for statuses in held.values() if statuses & later)))
    for closed in CLOSED:
        reached.append((closed.label, sum(1 for statuses in held.values() if closed in statuses)))

    def row(label: str, ids) -> FunnelRow:
        contacted = sum(1 for pk in ids if held[pk] & _CONTACTED_OR_LATER)
        replied = sum(1 for pk in ids if held[pk] & _REPLIED_OR_LATER)
        return FunnelRow(label=label, contacted=contacted, replied=replied)

    by_template_ids: dict[str, list[int]] = defaultdict(list)
    for pk, template in template_at_contact.items():
        if pk in held:
            by_template_ids[template].append(pk)
    return Funnel(
        total=len(entries),
        reached=reached,
        overall=row("All entries", list(held)),
        by_template=[row(t, ids) for t, ids in sorted(by_template_ids.items())],
    )
