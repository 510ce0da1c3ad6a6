"""Catalogue events: subscribers hear each event once, and never about a write that rolled back."""
import pytest
from django.db import transaction

from profiles import events
from profiles.events import (
    CatalogueChanged,
    PapersAdded,
    announce,
    announce_on_commit,
    subscribe,
)
from profiles.services import researcher_set_hidden
from tests.factories import ResearcherFactory


@pytest.fixture
def heard(monkeypatch):
    monkeypatch.setattr(events, "_subscribers", type(events._subscribers)(list))
    heard = []
    subscribe(PapersAdded, heard.append)
    subscribe(PapersAdded, heard.append)  # an app's ready() run twice subscribes once
    subscribe(CatalogueChanged, heard.append)
    return heard


def test_each_subscriber_hears_an_event_once(heard):
    announce(PapersAdded(researcher_id=1, paper_ids=(2, 3)))
    assert heard == [PapersAdded(researcher_id=1, paper_ids=(2, 3))]


@pytest.mark.django_db(transaction=True)
def test_an_event_announced_on_commit_is_not_heard_when_the_write_rolls_back(heard):
    with pytest.raises(RuntimeError), transaction.atomic():
        announce_on_commit(PapersAdded(researcher_id=1, paper_ids=(2,)))
        raise RuntimeError("the import failed half-way")
    assert heard == []
    with transaction.atomic():
        announce_on_commit(PapersAdded(researcher_id=1, paper_ids=(2,)))
        assert heard == []  # not before the commit
    assert heard == [PapersAdded(researcher_id=1, paper_ids=(2,))]


@pytest.mark.django_db(transaction=True)
def test_a_curator_hiding_a_researcher_announces_the_new_catalogue_version(heard):
    researcher = ResearcherFactory()
    heard.clear()
    researcher_set_hidden(researcher=researcher, hidden=True)
    assert len(heard) == 1 and isinstance(heard[0], CatalogueChanged)
    researcher_set_hidden(researcher=researcher, hidden=False)
    assert heard[1].version == heard[0].version + 1


@pytest.mark.django_db(transaction=True)
def test_a_subscriber_failing_after_the_commit_neither_fails_the_caller_nor_silences_the_others(heard, caplog):
    def broken(event):
        raise ConnectionError("the shared cache is down")

    events._subscribers[PapersAdded].insert(0, broken)
    with transaction.atomic():
        announce_on_commit(PapersAdded(researcher_id=1, paper_ids=(2,)))
    assert heard == [PapersAdded(researcher_id=1, paper_ids=(2,))]  # the next subscriber still ran
    assert "the shared cache is down" in caplog.text  # and the failure is logged
