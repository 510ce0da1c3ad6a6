"""The directory's sort keys (listed papers, newest paper date) are columns the catalogue's
services keep current: after an import, a hidden paper, a curator's date edit and a merge they
equal a fresh count, and the directory sorts by them."""
import datetime as dt
import json

import pytest
from django.db.models import Count, Max, Q
from django.urls import reverse

from profiles.models import Paper, Researcher
from profiles.services import capture_import, curated_edit_save, paper_set_hidden, researcher_merge

pytestmark = pytest.mark.django_db


def _counted():
    """What the columns must say, counted the slow way."""
    listed = Q(authorships__paper__hidden=False)
    return {r.pk: (r.n, r.newest) for r in Researcher.objects.annotate(
        n=Count("authorships", filter=listed),
        newest=Max("authorships__paper__date", filter=listed))}


def _stored():
    return {pk: (n, newest) for pk, n, newest in Researcher.objects.values_list("pk", "listed_paper_count", "newest_paper_on")}


@pytest.fixture
def seeded(seeds_dir):
    dates = json.loads((seeds_dir / "captures.json").read_text())
    for path in sorted(seeds_dir.glob("*.txt")):
        capture_import(raw=path.read_bytes(), captured_on=dt.date.fromisoformat(dates[path.name]["captured_on"]),
                       filename=path.name)
    assert Researcher.objects.filter(listed_paper_count__gt=0).count() >= 3
    # A list in a total order: indexing an unevaluated queryset runs one query per index, and
    # PostgreSQL may return tied rows in a different order each time (the same researcher twice).
    return list(Researcher.objects.filter(listed_paper_count__gt=0).order_by("-listed_paper_count", "pk"))


def test_imports_fill_the_sort_keys(seeded):
    assert _stored() == _counted()


def test_hiding_a_paper_and_editing_its_date_move_every_authors_keys(seeded):
    top = seeded[0]
    newest = Paper.objects.filter(authorships__researcher=top, hidden=False).order_by("-date").first()
    paper_set_hidden(paper=newest, hidden=True)
    top.refresh_from_db()
    assert top.newest_paper_on != newest.date or Paper.objects.filter(
        authorships__researcher=top, hidden=False, date=newest.date).exists()
    assert _stored() == _counted()
    paper_set_hidden(paper=newest, hidden=False)
    oldest = Paper.objects.filter(authorships__researcher=top).order_by("date").first()
    oldest.date = dt.date(2030, 1, 1)
    curated_edit_save(obj=oldest, changed={"date"}, release=set())
    top.refresh_from_db()
    assert top.newest_paper_on == dt.date(2030, 1, 1)
    assert _stored() == _counted()


def test_a_merge_moves_the_papers_count_to_the_survivor(seeded):
    first, second = seeded[0], seeded[1]
    researcher_merge(source=second, target=first)
    assert _stored() == _counted()
    assert Researcher.objects.get(pk=second.pk).listed_paper_count == 0


def test_the_directory_sorts_by_the_stored_keys(client, seeded):
    by_papers = [r.pk for r, _ in client.get(reverse("profiles:directory"), {"sort": "papers"}).context["rows"]]
    expected = list(Researcher.objects.filter(hidden=False, merged_into__isnull=True)
                    .order_by("-listed_paper_count", "name", "pk").values_list("pk", flat=True))
    assert by_papers == expected[:len(by_papers)]
    rows = client.get(reverse("profiles:directory"), {"sort": "recent"}).context["rows"]
    dates = [r.newest_paper_on for r, _ in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated  # undated last


@pytest.mark.django_db(transaction=True)
def test_a_bulk_import_refreshes_stale_planner_statistics(seeds_dir):
    """With autovacuum off, a database filled by imports had no statistics and every lookup of
    the import became a full scan; imports now ANALYZE tables that changed enough (PostgreSQL)."""
    from django.db import connection

    from profiles.services.paper_stats import catalogue_statistics_refresh_if_stale

    dates = json.loads((seeds_dir / "captures.json").read_text())
    path = sorted(seeds_dir.glob("*.txt"))[0]
    capture_import(raw=path.read_bytes(), captured_on=dt.date.fromisoformat(dates[path.name]["captured_on"]),
                   filename=path.name)
    if connection.vendor != "postgresql":
        assert catalogue_statistics_refresh_if_stale(every=1, min_rows=0, share=0.0) == []
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    with connection.cursor() as cursor:  # a new statement: the import's counts are published
        cursor.execute("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'profiles_paper'")
        assert cursor.fetchone()[0] > 0
    # Below the thresholds nothing is analysed; past them, the changed tables are.
    assert catalogue_statistics_refresh_if_stale(every=1, min_rows=10**9, share=0.0) == []
    analysed = catalogue_statistics_refresh_if_stale(every=1, min_rows=0, share=0.0)
    assert {"profiles_paper", "profiles_researcher", "profiles_authorship", "profiles_capture"} <= set(analysed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'profiles_paper'")
        assert cursor.fetchone()[0]


def test_an_import_that_re_dates_a_shared_paper_moves_its_other_authors_keys():
    # A coauthor listed with the paper under a later date; the import of Joseph Mearman's works
    # brings its first appearance, earlier: the coauthor's newest paper date follows it.
    from django.db import transaction

    from profiles.models import Authorship
    from profiles.services.paper_stats import researcher_paper_stats_refresh
    from profiles.services.versions import catalogue_version_bump
    from tests.profiles.services.test_preprint_versions import TANGIBLE, works_listing

    with transaction.atomic():
        coauthor = Researcher.objects.create(name="Ada Coauthor", name_key="ada coauthor", slug="ada-coauthor")
        paper = Paper.objects.create(title=TANGIBLE, title_key="tangible papercraft visualisations for education",
                                     identity_key="doi:10.31219/osf.io/sfgj6", doi="10.31219/osf.io/sfgj6",
                                     date=dt.date(2030, 1, 1), date_precision="day")
        Authorship.objects.create(researcher=coauthor, paper=paper)
        researcher_paper_stats_refresh(researcher_ids=[coauthor.pk])
        catalogue_version_bump()
    assert Researcher.objects.get(pk=coauthor.pk).newest_paper_on == dt.date(2030, 1, 1)

    result = capture_import(raw=works_listing("https://doi.org/10.31219/osf.io/sfgj6"),
                            captured_on=dt.date(2026, 4, 20), layout="openalex_works")
    assert result.ok, result.message
    paper.refresh_from_db()
    assert paper.date < dt.date(2030, 1, 1)
    assert Researcher.objects.get(pk=coauthor.pk).newest_paper_on == paper.date
    assert _stored() == _counted()



@pytest.mark.django_db(transaction=True)
def test_the_refresh_after_an_import_vacuums_the_catalogue_as_autovacuum_would(seeds_dir):
    """After a bulk import (the index rebuild's first step) the catalogue tables, the search
    words and their marks are vacuumed and analysed (PostgreSQL with autovacuum off: a fresh
    import's rows were never marked visible, and the marks' dead rows were scanned at every
    commit); inside a transaction, where VACUUM cannot run, it analyses only, without failing."""
    from django.db import connection, transaction

    from profiles.services.paper_stats import catalogue_statistics_refresh

    dates = json.loads((seeds_dir / "captures.json").read_text())
    path = sorted(seeds_dir.glob("*.txt"))[0]
    capture_import(raw=path.read_bytes(), captured_on=dt.date.fromisoformat(dates[path.name]["captured_on"]),
                   filename=path.name)
    with transaction.atomic():
        catalogue_statistics_refresh()
    catalogue_statistics_refresh()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND "
                       "last_analyze IS NOT NULL AND relname LIKE 'profiles_%' ORDER BY relname")
        done = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT count(*) FROM profiles_researcher_words_stale")
        assert cursor.fetchone()[0] == 0
    assert {"profiles_paper", "profiles_researcher", "profiles_authorship", "profiles_capture",
            "profiles_researcher_words", "profiles_researcher_words_stale"} <= done
