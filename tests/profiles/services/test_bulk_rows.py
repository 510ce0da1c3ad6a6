"""The import's set-based inserts: every new row stored with its values exactly as given, rows
that break the unique key skipped (a stored one, or the same row twice in one batch: the first
copy is kept), on SQLite (parameter rows) and PostgreSQL (one JSON document per batch) alike."""
from datetime import date, datetime, timedelta, timezone as dt_timezone

import pytest
from django.db import transaction
from django.utils import timezone

from profiles.models import Authorship, Paper
from profiles.services.bulk_rows import insert_rows_ignoring_conflicts
from profiles.services.versions import catalogue_version_bump
from tests.factories.pages import PaperFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def _insert(model, columns, rows, conflict):
    with transaction.atomic():  # as the import that calls it does: the version raised with it
        insert_rows_ignoring_conflicts(model, columns, rows, conflict=conflict)
        catalogue_version_bump()


def test_new_rows_are_stored_and_conflicts_skipped_keeping_the_first_copy():
    ada = ResearcherFactory(name="Ada Lovelace")
    papers = [PaperFactory(title=f"Engines, part {n}") for n in range(7)]
    Authorship.objects.create(researcher=ada, paper=papers[0], basis="curator")
    now = timezone.now()
    rows = [(ada.pk, p.pk, None, "author_list", now) for p in papers] + [(ada.pk, papers[3].pk, None, "", now)]
    _insert(Authorship, ("researcher", "paper", "source", "basis", "created_at"), rows, ("researcher", "paper"))
    stored = dict(Authorship.objects.filter(researcher=ada).values_list("paper_id", "basis"))
    assert set(stored) == {p.pk for p in papers}
    assert stored[papers[0].pk] == "curator"  # the stored row kept, not overwritten
    assert stored[papers[3].pk] == "author_list"  # the first of the batch's two copies
    insert_rows_ignoring_conflicts(Authorship, ("researcher", "paper"), [], conflict=("researcher", "paper"))
    assert Authorship.objects.filter(researcher=ada).count() == 7


def test_every_kind_of_value_comes_back_as_it_went_in():
    """Text that looks like SQL, placeholders, JSON or escapes; nested JSON; dates; a timestamp
    with an offset; nulls and booleans: what a page can hold, stored unchanged."""
    hostile = "O'Brien \"quoted\" \\ back\\slash %s %(x)s $1 ?; DROP TABLE x; -- 🦀 ü\u00a0\t\nline"
    made = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=dt_timezone(timedelta(hours=-5)))
    columns = ("title_key", "identity_key", "title", "date", "date_precision", "venues", "authors", "author_count",
               "open_access", "has_code", "abstract", "orgs", "locked_fields", "hidden", "created_at", "updated_at",
               "kind", "arxiv_id", "doi", "abstract_complete", "authors_complete", "comments", "categories")
    row = ("hostile", "t:hostile", hostile, date(1999, 12, 31), "day", [{"name": hostile, "year": 1999}],
           [hostile, "B. Author"], None, None, True, hostile, [], [], False, made, made,
           "article", "", "10.1/x'y", False, True, hostile, ["cs.LG"])
    _insert(Paper, columns, [row], ("identity_key",))
    paper = Paper.objects.get(identity_key="t:hostile")
    assert paper.title == hostile and paper.abstract == hostile
    assert paper.date == date(1999, 12, 31)
    assert paper.venues == [{"name": hostile, "year": 1999}]
    assert paper.authors == [hostile, "B. Author"]
    assert paper.author_count is None and paper.open_access is None
    assert paper.has_code is True and paper.hidden is False and paper.authors_complete is True
    assert paper.doi == "10.1/x'y" and paper.comments == hostile and paper.categories == ["cs.LG"]
    assert paper.created_at == made  # the same instant, whatever the database's time zone


def test_a_capture_of_thousands_of_papers_finds_each_stored_one_again():
    """The stored papers an import could merge with are looked up in one statement per 5,000
    parameters; a listing of 1,300 papers (each with a title, an arXiv id and a DOI) needs more."""
    from profiles.importers import ParsedPaper
    from profiles.services.papers import PaperToAttach, papers_upsert_for_researcher
    from tests.factories.pages import CaptureFactory

    ada = ResearcherFactory(name="Ada Lovelace")
    parsed = [ParsedPaper(title=f"On the analytical engine, note {n}", arxiv_id=f"2401.{n:05d}",
                          doi=f"10.1000/engine.{n}", authors=["Ada Lovelace"]) for n in range(1300)]
    attach = [PaperToAttach(parsed=p, basis="author_list") for p in parsed]
    with transaction.atomic():
        first = papers_upsert_for_researcher(ada, attach, CaptureFactory(researcher=ada))
        catalogue_version_bump()
    assert first[:3] == (1300, 0, 0) and Paper.objects.count() == 1300
    babbage = ResearcherFactory(name="Charles Babbage")
    with transaction.atomic():
        again = papers_upsert_for_researcher(babbage, attach, CaptureFactory(researcher=babbage))
        catalogue_version_bump()
    assert again[:3] == (1300, 0, 0)  # each newly linked to Babbage…
    assert Paper.objects.count() == 1300  # …and every one found: not one stored twice
    assert Authorship.objects.filter(researcher=babbage).count() == 1300
