"""Merges move entries to the survivor (combining duplicates); new papers become notices."""
import datetime as dt

import pytest
from django.utils import timezone

from shortlist.models import EventKind, Notice, NoticeKind, ShortlistEntry, Status
from shortlist.selectors import shortlist_entries
from shortlist.services import (
    entry_details_update,
    entry_notes_save,
    entry_save,
    entry_status_set,
    shortlist_entries_reassign,
    shortlist_notify_new_papers,
)
from tests.factories.shortlist import PaperFactory, ResearcherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_merge_moves_an_entry_to_the_survivor_with_its_notes():
    user = UserFactory()
    source, target = ResearcherFactory(), ResearcherFactory()
    entry = entry_save(user=user, researcher=source)
    entry_notes_save(entry=entry, notes="keep me", base_version=0)
    shortlist_entries_reassign(source=source, target=target)
    moved = ShortlistEntry.objects.get(user=user)
    assert moved.researcher == target and moved.notes == "keep me"
    assert moved.events.filter(kind=EventKind.MERGED).exists()


def test_merge_combines_duplicates_keeping_the_most_of_both():
    user, other_user = UserFactory(), UserFactory()
    source, target = ResearcherFactory(name="J. Müller"), ResearcherFactory(name="Jana Müller")
    older = entry_save(user=user, researcher=source)
    ShortlistEntry.objects.filter(pk=older.pk).update(saved_at=timezone.now() - dt.timedelta(days=30))
    entry_status_set(entry=older, status=Status.REPLIED)
    entry_notes_save(entry=older, notes="replied kindly", base_version=0)
    entry_details_update(entry=older, tags="vision, top", priority=3, follow_up_on=dt.date(2030, 5, 1), personal_hook="")
    newer = entry_save(user=user, researcher=target)
    entry_notes_save(entry=newer, notes="second record", base_version=0)
    entry_details_update(entry=newer, tags="vision, ml", priority=1, follow_up_on=dt.date(2030, 3, 1), personal_hook="")
    bystander = entry_save(user=other_user, researcher=target)

    shortlist_entries_reassign(source=source, target=target)

    entries = ShortlistEntry.objects.filter(user=user)
    assert entries.count() == 1
    kept = entries.get()
    assert kept.researcher == target
    assert kept.status == Status.REPLIED
    assert "second record" in kept.notes and "replied kindly" in kept.notes
    assert sorted(t.name for t in kept.tags.all()) == ["ml", "top", "vision"]
    assert kept.saved_at.date() == (timezone.now() - dt.timedelta(days=30)).date()
    assert kept.priority == 3 and kept.follow_up_on == dt.date(2030, 3, 1)
    kinds = list(kept.events.values_list("kind", flat=True))
    assert kinds.count(EventKind.SAVED) == 2 and EventKind.STATUS in kinds
    assert ShortlistEntry.objects.get(pk=bystander.pk).notes == ""


def test_new_papers_notify_each_user_who_saved_the_researcher_once():
    researcher = ResearcherFactory(name="Ada Lovelace")
    saver, removed_saver, unrelated = UserFactory(), UserFactory(), UserFactory()
    entry = entry_save(user=saver, researcher=researcher)
    gone = entry_save(user=removed_saver, researcher=researcher)
    from shortlist.services import entry_remove

    entry_remove(entry=gone)
    entry_save(user=unrelated, researcher=ResearcherFactory())
    paper = PaperFactory(title="Notes on the Analytical Engine")

    shortlist_notify_new_papers(researcher_id=researcher.pk, paper_ids=[paper.pk])
    shortlist_notify_new_papers(researcher_id=researcher.pk, paper_ids=[paper.pk])  # hook re-run

    notice = Notice.objects.get()
    assert notice.user == saver and notice.entry == entry and notice.kind == NoticeKind.NEW_PAPER
    assert "New paper since you saved Ada Lovelace" in notice.text
    assert "Analytical Engine" in notice.text
    assert entry.events.filter(kind=EventKind.NEW_PAPER).count() == 1
    assert shortlist_entries(user=saver).get().unread_notices == 1


def test_hidden_researcher_stays_on_the_shortlist():
    user, researcher = UserFactory(), ResearcherFactory()
    entry_save(user=user, researcher=researcher)
    researcher.hidden = True
    researcher.save()
    assert [e.researcher.hidden for e in shortlist_entries(user=user)] == [True]
