"""Saving, the pipeline, the timeline and the notes conflict rule."""
import datetime as dt

import pytest

from shortlist.exceptions import NotesConflict, ShortlistError
from shortlist.models import EventKind, ShortlistEntry, Status
from shortlist.selectors import saved_researcher_ids
from shortlist.services import (
    entry_details_update,
    entry_notes_save,
    entry_record_draft,
    entry_remove,
    entry_save,
    entry_status_set,
)
from tests.factories.shortlist import ResearcherFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_save_creates_one_entry_with_a_saved_event_and_is_idempotent():
    user, researcher = UserFactory(), ResearcherFactory()
    first = entry_save(user=user, researcher=researcher)
    again = entry_save(user=user, researcher=researcher)
    assert first.pk == again.pk
    assert ShortlistEntry.objects.filter(user=user).count() == 1
    assert [e.kind for e in first.events.all()] == [EventKind.SAVED]
    assert first.status == Status.CONSIDERING
    assert saved_researcher_ids(user=user) == {researcher.pk}


def test_removing_then_saving_again_restores_the_notes():
    user, researcher = UserFactory(), ResearcherFactory()
    entry = entry_save(user=user, researcher=researcher)
    entry_notes_save(entry=entry, notes="met at NeurIPS", base_version=0)
    entry_remove(entry=entry)
    assert saved_researcher_ids(user=user) == set()
    restored = entry_save(user=user, researcher=researcher)
    assert restored.pk == entry.pk
    assert restored.notes == "met at NeurIPS"
    assert saved_researcher_ids(user=user) == {researcher.pk}


def test_status_change_records_when_and_adds_a_timeline_line():
    entry = entry_save(user=UserFactory(), researcher=ResearcherFactory())
    before = entry.status_changed_at
    entry_status_set(entry=entry, status=Status.CONTACTED)
    entry_status_set(entry=entry, status=Status.REPLIED)
    entry.refresh_from_db()
    assert entry.status == Status.REPLIED
    assert entry.status_changed_at > before
    moves = [(e.payload["from"], e.payload["to"]) for e in entry.events.filter(kind=EventKind.STATUS)]
    assert moves == [("considering", "contacted"), ("contacted", "replied")]


def test_unknown_status_is_refused_with_the_valid_ones_named():
    entry = entry_save(user=UserFactory(), researcher=ResearcherFactory())
    with pytest.raises(ShortlistError, match="Considering"):
        entry_status_set(entry=entry, status="ghosted")


def test_draft_is_logged_with_its_template_and_moves_considering_to_drafting():
    entry = entry_save(user=UserFactory(), researcher=ResearcherFactory())
    entry_record_draft(entry=entry, draft_id=7, template_name="Short intro")
    entry.refresh_from_db()
    assert entry.status == Status.DRAFTING
    draft = entry.events.get(kind=EventKind.DRAFT)
    assert draft.payload == {"draft_id": 7, "template": "Short intro"}


def test_stale_notes_save_raises_conflict_and_keeps_the_earlier_text():
    entry = entry_save(user=UserFactory(), researcher=ResearcherFactory())
    tab_a = ShortlistEntry.objects.get(pk=entry.pk)
    tab_b = ShortlistEntry.objects.get(pk=entry.pk)
    entry_notes_save(entry=tab_a, notes="from tab A", base_version=0)
    with pytest.raises(NotesConflict) as raised:
        entry_notes_save(entry=tab_b, notes="from tab B", base_version=0)
    assert raised.value.current_notes == "from tab A"
    assert raised.value.current_version == 1
    entry.refresh_from_db()
    assert entry.notes == "from tab A"
    # Choosing "keep mine" saves on top of the version the conflict reported.
    entry_notes_save(entry=tab_b, notes="from tab B", base_version=raised.value.current_version)
    entry.refresh_from_db()
    assert (entry.notes, entry.notes_version) == ("from tab B", 2)


def test_rapid_autosaves_make_one_timeline_line():
    entry = entry_save(user=UserFactory(), researcher=ResearcherFactory())
    for version, text in enumerate(["a", "ab", "abc"]):
        entry_notes_save(entry=entry, notes=text, base_version=version)
    assert entry.events.filter(kind=EventKind.NOTE).count() == 1


def test_details_set_tags_priority_follow_up_and_hook():
    entry = entry_save(user=UserFactory(), researcher=ResearcherFactory())
    entry_details_update(
        entry=entry, tags="Robotics, dream school,robotics", priority=3,
        follow_up_on=dt.date(2030, 1, 2), personal_hook="Loved the 2023 paper.",
    )
    entry.refresh_from_db()
    assert sorted(t.name for t in entry.tags.all()) == ["dream school", "robotics"]
    assert (entry.priority, entry.follow_up_on, entry.personal_hook) == (3, dt.date(2030, 1, 2), "Loved the 2023 paper.")


def test_too_long_tag_is_refused_and_nothing_changes():
    entry = entry_save(user=UserFactory(), researcher=ResearcherFactory())
    with pytest.raises(ShortlistError, match="longer than 50"):
        entry_details_update(entry=entry, tags="x" * 60, priority=3, follow_up_on=None, personal_hook="")
    entry.refresh_from_db()
    assert entry.priority == 2 and not entry.tags.exists()
