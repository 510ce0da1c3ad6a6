"""The same paper and person seen on several sites: one record each, nothing lost."""
import json
from datetime import date

import pytest

from profiles.exporting import researcher_as_dict
from profiles.models import Paper, Researcher
from profiles.services import capture_import

pytestmark = pytest.mark.django_db

ALPHAXIV = """Jane Doe

LG
h-index12
30papers
1,234citations
Novelty50%
AI Score40

30 Papers

LGMar 3Code
Sparse $\\ell_1$ Regression: A Study

Jane Doe, Bob Lee et al. · mit

Short abstract.
"""

ARXIV = """-
Sparse \u21131 Regression - a study.
Authors:
Jane Doe,
Bob Lee,
Carol King
Abstract:
Short abstract, now told in full…
\u25bd More
Short abstract, now told in full, with every detail the listing keeps.
\u25b3 Less
Submitted 5 March, 2025; v1 submitted 1 February, 2025;
originally announced February 2025.
-
Another Paper
Authors:
Jane Doe
Abstract:
Another abstract.
Submitted 1 January, 2024;
originally announced January 2024.
"""

PHDFIT = """Jane Doe
\u00b7 Professor of StatisticsVerifiedMIT \u00b7 Department of Mathematics
Active 2010\u20132026
Research topics
- Statistics
- Optimization
Selected publications
Sparse l1 Regression: A Study
JMLR \u00b7 2025-06-01
articleOpen accessShort abstract.
Awards & honors
- 2020 Sloan Fellowship
- Save to shortlist
See your match with Jane Doe
"""


def load(text, day, **kwargs):
    result = capture_import(raw=text.encode("utf-8"), captured_on=day, filename="capture.txt", **kwargs)
    assert result.ok, result.message
    return result


def test_one_paper_across_three_sites_keeps_the_fullest_of_each_field():
    load(ALPHAXIV, date(2025, 3, 10))
    load(ARXIV, date(2025, 3, 12))
    load(PHDFIT, date(2025, 7, 1))
    (paper,) = Paper.objects.filter(title_key__startswith="sparse")
    assert paper.authors == ["Jane Doe", "Bob Lee", "Carol King"] and paper.author_count == 3
    assert paper.abstract == "Short abstract, now told in full, with every detail the listing keeps."
    assert paper.date == date(2025, 2, 1)  # the first submission, earlier than any listing
    assert paper.has_code is True and paper.categories == ["LG"] and paper.orgs == ["mit"]
    assert paper.venues == ["JMLR"] and paper.kind == "article" and paper.open_access is True
    assert Researcher.objects.count() == 1


def test_shorter_listing_later_never_shrinks_what_is_stored():
    load(ARXIV, date(2025, 3, 12))
    load(ALPHAXIV, date(2025, 3, 20))  # newer, but cut: "et al." and a short abstract
    paper = Paper.objects.get(title_key__startswith="sparse")
    assert paper.authors == ["Jane Doe", "Bob Lee", "Carol King"]
    assert paper.abstract.endswith("every detail the listing keeps.")


def test_reimporting_every_capture_changes_nothing():
    for text, day in ((ALPHAXIV, date(2025, 3, 10)), (ARXIV, date(2025, 3, 12)), (PHDFIT, date(2025, 7, 1))):
        load(text, day)
    before = json.dumps(researcher_as_dict(Researcher.objects.get()), sort_keys=True)
    for text, day in ((PHDFIT, date(2025, 7, 1)), (ARXIV, date(2025, 3, 12)), (ALPHAXIV, date(2025, 3, 10))):
        result = load(text, day)
        assert result.papers_added == result.papers_updated == 0
    assert json.dumps(researcher_as_dict(Researcher.objects.get()), sort_keys=True) == before
    # The same page captured again later is a new source with nothing new in it.
    result = load(ALPHAXIV + "\n", date(2025, 8, 1))
    assert result.papers_added == result.papers_updated == 0
    assert researcher_as_dict(Researcher.objects.get())["papers"] == json.loads(before)["papers"]


def test_a_newer_alphaxiv_page_does_not_wipe_phdfit_topics():
    load(PHDFIT, date(2025, 7, 1))
    load(ALPHAXIV.replace("LGMar 3", "LGAug 3"), date(2025, 8, 10))
    r = Researcher.objects.get()
    assert r.topics == ["Statistics", "Optimization", "LG"]
    # A newer PhdFit page replaces its own topics and keeps the category.
    load(PHDFIT.replace("- Optimization", "- Probability"), date(2025, 9, 1))
    r.refresh_from_db()
    assert r.topics == ["Statistics", "Probability", "LG"]


def test_export_matches_the_documented_shape():
    load(PHDFIT, date(2025, 7, 1))
    load(ARXIV, date(2025, 3, 12))
    data = researcher_as_dict(Researcher.objects.get())
    # export_profiles' keys from before packs, in their order, then what a catalogue pack adds.
    assert list(data) == [
        "name", "slug", "hidden", "title", "affiliation", "department", "about", "topics", "metrics", "coauthors",
        "education", "awards", "labs", "papers", "sources",
        "name_key", "published", "active_from", "active_to", "locked_fields", "curated", "hidden_papers", "source_links",
        "merged_records",
    ]
    assert list(data["metrics"]) == ["h_index", "citations", "paper_count", "novelty_pct", "ai_score"]
    assert data["metrics"]["h_index"] is None and data["about"] is None and data["labs"] is None
    assert data["coauthors"] == [] and data["education"] == []
    another = next(p for p in data["papers"] if p["title"] == "Another Paper")
    assert list(another) == [
        "title", "date", "date_precision", "venues", "kind", "open_access", "abstract", "authors", "author_count",
        "categories", "has_code", "orgs", "researchers",
        "arxiv_id", "doi", "abstract_complete", "authors_complete", "comments", "identity_key", "locked_fields",
        "hidden", "basis", "source",
    ]
    assert another["date"] == "2024-01-01" and another["venues"] == [] and another["kind"] is None
    assert another["has_code"] is False and another["researchers"] == ["Jane Doe"]
    assert sorted(s["layout"] for s in data["sources"]) == ["arxiv_listing", "phdfit"]
    assert {s["captured_on"] for s in data["sources"]} == {"2025-07-01", "2025-03-12"}
    assert all(len(s["sha256"]) == 64 for s in data["sources"])


def test_migration_rekeys_stored_tex_titles_so_reimports_find_them():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("profiles.migrations.0004_title_keys_read_tex_and_greek")
    tex = Paper.objects.create(title="Sparse $\\ell_1$ Regression: A Study", title_key="sparse ell 1 regression a study")
    edited = Paper.objects.create(title="A curator's better title", title_key="alpha nets")
    plain = Paper.objects.create(title="Plain Title", title_key="plain title")
    migration.recompute_title_keys(apps, None)
    assert Paper.objects.get(pk=tex.pk).title_key == "sparse l1 regression a study"
    assert Paper.objects.get(pk=edited.pk).title_key == "alpha nets"  # imported under that key
    assert Paper.objects.get(pk=plain.pk).title_key == "plain title"
    load(ARXIV, date(2025, 3, 12))
    assert Paper.objects.filter(title_key__startswith="sparse").count() == 1


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_two_complete_author_lists_of_one_length_settle_the_same_in_either_order(order):
    # Two listings name a different third author: whichever arrives first, the result is the
    # same (re-imports run in any order; the fault run compares them with a clean import).
    other = ARXIV.replace("Carol King", "Carla Kingsley")
    texts = [ARXIV, other]
    for i in order:
        load(texts[i], date(2025, 3, 12))
    paper = Paper.objects.get(title_key__startswith="sparse")
    assert paper.authors == ["Jane Doe", "Bob Lee", "Carol King"]
