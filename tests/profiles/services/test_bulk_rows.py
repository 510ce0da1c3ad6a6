"""The import's set-based inserts: every new row stored, rows that break the unique key skipped
(a stored one, or the same row twice in one batch), also when a batch is split over several
statements (PostgreSQL sends one statement per batch of rows, within its parameter limit)."""
import pytest
from django.db import transaction
from django.utils import timezone

from profiles.models import Authorship
from profiles.services import bulk_rows
from profiles.services.bulk_rows import insert_rows_ignoring_conflicts
from profiles.services.versions import catalogue_version_bump
from tests.factories.pages import PaperFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def test_rows_over_several_statements_are_all_stored_and_conflicts_skipped(monkeypatch):
    monkeypatch.setattr(bulk_rows, "_PARAMETERS_PER_STATEMENT", 10)  # two authorships a statement
    ada = ResearcherFactory(name="Ada Lovelace")
    papers = [PaperFactory(title=f"Engines, part {n}") for n in range(7)]
    Authorship.objects.create(researcher=ada, paper=papers[0], basis="curator")
    now = timezone.now()
    rows = [(ada.pk, p.pk, None, "author_list", now) for p in papers] + [(ada.pk, papers[3].pk, None, "", now)]
    with transaction.atomic():  # as the import that calls it does: the version raised with it
        insert_rows_ignoring_conflicts(Authorship, ("researcher", "paper", "source", "basis", "created_at"), rows,
                                       conflict=("researcher", "paper"))
        catalogue_version_bump()
    stored = dict(Authorship.objects.filter(researcher=ada).values_list("paper_id", "basis"))
    assert set(stored) == {p.pk for p in papers}
    assert stored[papers[0].pk] == "curator"  # the stored row kept, not overwritten
    assert stored[papers[3].pk] == "author_list"  # the first of the batch's two copies
    insert_rows_ignoring_conflicts(Authorship, ("researcher", "paper"), [], conflict=("researcher", "paper"))
    assert Authorship.objects.filter(researcher=ada).count() == 7
