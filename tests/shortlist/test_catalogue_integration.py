"""The catalogue's own services keep users' entries: a curator merge and a re-import that
adds a paper, run through profiles.services on a real seed capture."""
import datetime as dt
import json

import pytest

from profiles.models import Authorship, Researcher
from profiles.services import (
    capture_import,
    researcher_merge,
    researcher_reimport,
    researcher_set_hidden,
)
from shortlist.models import EventKind, Notice, NoticeKind, ShortlistEntry
from shortlist.selectors import shortlist_entries
from shortlist.services import entry_notes_save, entry_save
from tests.factories.shortlist import ResearcherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeds_dir):
    name = "000_e21337452ddc9eb7.txt"
    day = json.loads((seeds_dir / "captures.json").read_text())[name]["captured_on"]
    result = capture_import(raw=(seeds_dir / name).read_bytes(), captured_on=dt.date.fromisoformat(day), filename=name)
    assert result.ok, result.message
    return Researcher.objects.get(pk=result.researcher_id)


def test_reimport_that_adds_a_paper_notifies_the_user_on_the_entry(seeded, owner, django_capture_on_commit_callbacks):
    entry = entry_save(user=owner, researcher=seeded)
    entry_notes_save(entry=entry, notes="read their thesis", base_version=0)
    # As if the stored capture had arrived after this paper was last seen: the rebuild adds it.
    Authorship.objects.filter(researcher=seeded).order_by("-paper__date").first().paper.delete()
    with django_capture_on_commit_callbacks(execute=True):
        researcher_reimport(researcher=seeded)
    notice = Notice.objects.get(user=owner)
    assert notice.kind == NoticeKind.NEW_PAPER and notice.entry_id == entry.pk
    assert f"since you saved {seeded.name}" in notice.text
    entry.refresh_from_db()
    assert entry.notes == "read their thesis"
    assert entry.events.filter(kind=EventKind.NEW_PAPER).exists()


def test_curator_merge_and_hide_keep_the_users_entry_and_notes(seeded, owner):
    duplicate = ResearcherFactory(name=seeded.name + " Jr")
    entry_notes_save(entry=entry_save(user=owner, researcher=duplicate), notes="from the duplicate", base_version=0)
    entry_notes_save(entry=entry_save(user=owner, researcher=seeded), notes="from the original", base_version=0)
    researcher_merge(source=duplicate, target=seeded)
    researcher_set_hidden(researcher=seeded, hidden=True)
    kept = ShortlistEntry.objects.get(user=owner)
    assert kept.researcher_id == seeded.pk
    assert "from the duplicate" in kept.notes and "from the original" in kept.notes
    assert [e.researcher.hidden for e in shortlist_entries(user=owner)] == [True]


def test_saving_records_the_match_score_of_that_moment(seeded, owner):
    from applicants.models import ApplicantProfile

    title = seeded.papers.order_by("-date").first().title
    ApplicantProfile.objects.create(user=owner, interests=title, keywords=title)
    entry = entry_save(user=owner, researcher=seeded)
    assert entry.match_score_at_save is not None and entry.match_score_at_save > 0
    assert entry.events.get(kind=EventKind.SAVED).payload["match_score"] == entry.match_score_at_save


def test_without_an_applicant_profile_there_is_no_score(seeded, owner):
    assert entry_save(user=owner, researcher=seeded).match_score_at_save is None


def test_merge_moves_drafts_written_from_the_duplicate_entry(owner):
    from outreach.models import Draft

    source, target = ResearcherFactory(), ResearcherFactory()
    duplicate = entry_save(user=owner, researcher=source)
    entry_save(user=owner, researcher=target)
    draft = Draft.objects.create(
        user=owner, researcher=source, entry=duplicate, template_key="intro", template_name="Intro",
        template_subject="Hello", template_body="Hi",
    )
    researcher_merge(source=source, target=target)
    draft.refresh_from_db()
    assert draft.entry == ShortlistEntry.objects.get(user=owner)
    assert draft.researcher_id == target.pk

