"""The faculty directory: search, filters, sort, pagination, htmx fragments, query count."""
import datetime as dt

import pytest
from django.urls import reverse

from profiles.models import Authorship, Paper
from tests.factories.pages import AuthorshipFactory, CaptureFactory, PaperFactory, ResearcherFactory, author_of

pytestmark = pytest.mark.django_db
URL = reverse("profiles:directory")


def names(response):
    return [r.name for r, _ in response.context["rows"]]


def test_lists_visible_researchers_by_name_with_paper_count_and_newest_date(client):
    ada = ResearcherFactory(name="Ada Lovelace", slug="ada")
    author_of(ada, date=dt.date(2023, 3, 1))
    author_of(ada, date=dt.date(2025, 6, 1))
    author_of(ada, date=dt.date(2026, 1, 1), hidden=True)
    ResearcherFactory(name="Barbara Liskov")
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Ada Lovelace", "Barbara Liskov"]
    ada_row = response.context["rows"][0][0]
    assert ada_row.listed_paper_count == 2
    assert ada_row.newest_paper_on == dt.date(2025, 6, 1)
    assert b'href="/researchers/ada/"' in response.content
    assert b"Jun 2025" in response.content


def test_hidden_and_merged_researchers_are_not_listed(client):
    survivor = ResearcherFactory(name="Kept")
    ResearcherFactory(name="Hidden One", hidden=True)
    ResearcherFactory(name="Merged Away", merged_into=survivor)
    assert names(client.get(URL)) == ["Kept"]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("lovelace", ["Ada Lovelace"]),
        ("garcia", ["José García"]),  # accents ignored in names
        ("robotics", ["José García"]),  # topic
        ("oxford", ["Ada Lovelace"]),  # institution
        ("mathematics", ["Ada Lovelace"]),  # department
        ("ada oxford", ["Ada Lovelace"]),  # every word must match somewhere
        ("ada stanford", []),
        ("ENGINES", ["Ada Lovelace"]),  # case ignored
        ("GARCÍA", ["José García"]),  # a word beyond plain ASCII
        ("oxfordmathematics", []),  # a word is never made of two fields
    ],
)
def test_search_matches_name_topic_institution_and_department(client, q, expected):
    ResearcherFactory(
        name="Ada Lovelace", affiliation="University of Oxford", department="Mathematics", topics=["Analytical engines"]
    )
    ResearcherFactory(name="José García", affiliation="Stanford University", department="CS", topics=["Robotics"])
    assert names(client.get(URL, {"q": q})) == expected


def test_no_match_says_how_to_widen_the_search(client):
    ResearcherFactory(name="Ada Lovelace")
    response = client.get(URL, {"q": "zzzz"})
    assert b"No researcher matches this search" in response.content


def test_institution_and_topic_filters_offer_what_is_present_and_narrow_the_list(client):
    ResearcherFactory(name="A", affiliation="MIT", topics=["Vision", "Robotics"])
    ResearcherFactory(name="B", affiliation="MIT", topics=["Robotic arms"])
    ResearcherFactory(name="C", affiliation="ETH Zurich", topics=["Vision"])
    ResearcherFactory(name="Gone", affiliation="Hidden U", topics=["Secret"], hidden=True)
    response = client.get(URL)
    assert response.context["institutions"] == ["ETH Zurich", "MIT"]
    # Most researchers first, each with its count; ties by name.
    assert response.context["topics"] == [("Vision", 2), ("Robotic arms", 1), ("Robotics", 1)]
    html = response.content.decode()
    assert html.index(">Vision (2)<") < html.index(">Robotic arms (1)<") < html.index(">Robotics (1)<")
    assert names(client.get(URL, {"institution": "MIT"})) == ["A", "B"]
    # A topic filter matches a whole topic, not part of another one.
    assert names(client.get(URL, {"topic": "Robotics"})) == ["A"]
    assert names(client.get(URL, {"topic": "Vision", "institution": "ETH Zurich"})) == ["C"]


def test_sorts_by_papers_recent_paper_and_h_index(client):
    few = ResearcherFactory(name="Few", h_index=40)
    many = ResearcherFactory(name="Many", h_index=None)
    undated = ResearcherFactory(name="Undated", h_index=5)
    author_of(few, date=dt.date(2026, 5, 1))
    for year in (2019, 2020, 2021):
        author_of(many, date=dt.date(year, 1, 1))
    author_of(undated, date=None)
    assert names(client.get(URL, {"sort": "papers"})) == ["Many", "Few", "Undated"]
    assert names(client.get(URL, {"sort": "recent"})) == ["Few", "Many", "Undated"]
    assert names(client.get(URL, {"sort": "h_index"})) == ["Few", "Undated", "Many"]


def test_unknown_sort_is_reported_and_the_list_still_shows(client):
    ResearcherFactory(name="Ada")
    response = client.get(URL, {"sort": "salary"})
    assert response.status_code == 200
    assert names(response) == ["Ada"]
    assert b"Select a valid choice" in response.content


def test_overlong_search_typed_live_is_reported_in_the_fragment(client):
    ResearcherFactory(name="Ada")
    response = client.get(URL, {"q": "a" * 201}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()


def test_empty_catalogue_says_how_to_fill_it(client):
    assert b"No researchers yet" in client.get(URL).content


def test_pages_of_25_with_links_that_keep_the_search(client):
    for i in range(30):
        ResearcherFactory(name=f"Vision Person {i:02d}", topics=["Vision"])
    ResearcherFactory(name="Other", topics=["Databases"])
    first = client.get(URL, {"q": "vision", "sort": "name"})
    assert len(first.context["rows"]) == 25
    assert first.context["page"].paginator.count == 30
    assert b'href="?q=vision&amp;sort=name&amp;page=2"' in first.content
    second = client.get(URL, {"q": "vision", "sort": "name", "page": 2})
    assert names(second) == [f"Vision Person {i:02d}" for i in range(25, 30)]
    assert b'href="?q=vision&amp;sort=name&amp;page=1"' in second.content
    # A page number past the end or not a number still shows a page.
    assert client.get(URL, {"page": "abc"}).status_code == 200
    assert client.get(URL, {"page": 99}).context["page"].number == 2


def test_htmx_request_gets_only_the_results_fragment(client):
    ResearcherFactory(name="Ada Lovelace")
    ResearcherFactory(name="Barbara Liskov")
    response = client.get(URL, {"q": "ada"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body and 'name="q"' not in body
    assert "Ada Lovelace" in body and "Barbara Liskov" not in body
    assert "HX-Request" in response["Vary"]
    full = client.get(URL, {"q": "ada"})
    assert b"<html" in full.content and b'id="results"' in full.content


def test_htmx_history_restore_gets_the_full_page(client):
    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in response.content


def test_search_inputs_drive_htmx_and_work_without_javascript(client):
    body = client.get(URL).content.decode()
    assert 'method="get" action="/"' in body
    assert 'hx-trigger="input changed delay:300ms, search"' in body
    assert 'hx-target="#results"' in body and 'hx-push-url="true"' in body


def test_stored_markup_is_shown_as_text(client):
    ResearcherFactory(name="<script>alert(1)</script>", affiliation="<b>Uni</b>", topics=["<i>x</i>"])
    body = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in body and "<b>Uni</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    echoed = client.get(URL, {"q": '"><script>alert(2)</script>'}).content.decode()
    assert "<script>alert(2)" not in echoed


def test_rows_flag_stale_and_disagreeing_profiles(client, settings):
    settings.CAPTURE_STALE_DAYS = 30
    old = ResearcherFactory(name="Old")
    CaptureFactory(researcher=old, captured_on=dt.date.today() - dt.timedelta(days=31))
    torn = ResearcherFactory(name="Torn")
    CaptureFactory(researcher=torn, parsed_affiliation="MIT")
    CaptureFactory(researcher=torn, parsed_affiliation="Harvard")
    fine = ResearcherFactory(name="Fine")
    CaptureFactory(researcher=fine)
    flags = {r.name: (f.stale, f.disagree) for r, f in client.get(URL).context["rows"]}
    assert flags == {"Fine": (False, False), "Old": (True, False), "Torn": (False, True)}


def test_query_count_does_not_grow_with_researchers_papers_or_captures(client, django_assert_max_num_queries):
    for i in range(25):
        r = ResearcherFactory(topics=["Vision", f"Topic {i}"])
        for _ in range(3):
            author_of(r)
        CaptureFactory(researcher=r)
        CaptureFactory(researcher=r)
    # count, page, captures prefetch, catalogue version, institutions, topics (+ saved ids)
    with django_assert_max_num_queries(7):
        response = client.get(URL, {"sort": "recent"})
    assert len(response.context["rows"]) == 25
    # The filters' choices are kept per catalogue version: the next page reads only the version.
    with django_assert_max_num_queries(5):
        assert len(client.get(URL, {"sort": "papers"}).context["rows"]) == 25


def test_signed_in_query_count_is_the_same_for_5_or_25_rows(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.pages import UserFactory

    client.force_login(UserFactory())

    def queries_for_page():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(5):
        r = ResearcherFactory()
        author_of(r)
        CaptureFactory(researcher=r)
    few = queries_for_page()
    for _ in range(20):
        r = ResearcherFactory()
        author_of(r)
        author_of(r)
        CaptureFactory(researcher=r)
    assert queries_for_page() == few


def test_pages_load_htmx_from_our_static_files_and_carry_the_csrf_header(client):
    import re

    body = client.get(URL).content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', body)
    assert "/static/django_htmx/htmx-2.min.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)
    assert re.search(r"<body hx-headers='\{\"x-csrftoken\": \"[^\"]+\"\}'>", body)


def test_a_filter_nobody_matches_any_more_stays_selected_and_explains(client):
    ResearcherFactory(name="Ada", affiliation="MIT")
    response = client.get(URL, {"institution": "Closed University"})
    body = response.content.decode()
    assert '<option value="Closed University" selected>' in body
    assert "No researcher matches this search" in body


def test_search_finds_researchers_by_words_in_their_papers_and_shows_the_paper(client):
    ada = ResearcherFactory(name="Ada Lovelace", topics=["Analytical engines"])
    author_of(ada, title=r"Loss of plasticity in $\textit{continual}$ learning",
              abstract="Networks stop learning when the data keeps changing.", date=dt.date(2025, 1, 1))
    bob = ResearcherFactory(name="Bob Builder")
    author_of(bob, title="Bridges", abstract="Steel and concrete under load; plasticity of metals.")
    author_of(ResearcherFactory(name="Hidden Paper"), title="Plasticity and continual learning", hidden=True)
    response = client.get(URL, {"q": "continual plasticity"})
    assert names(response) == ["Ada Lovelace"]  # every word, in title or abstract; hidden papers never
    html = response.content.decode()
    assert "Loss of plasticity in continual learning" in html and "\\textit" not in html
    assert names(client.get(URL, {"q": "plasticity"})) == ["Ada Lovelace", "Bob Builder"]
    assert names(client.get(URL, {"q": "concrete"})) == ["Bob Builder"]  # the abstract counts too


def test_a_remembered_search_follows_the_catalogue(client):
    """Paper hits are kept per catalogue version: a paper imported, hidden or shown again
    changes the answer at once, not when a cache expires."""
    from profiles.services import paper_set_hidden

    ada = ResearcherFactory(name="Ada Lovelace")
    assert names(client.get(URL, {"q": "graphene"})) == []
    author_of(ada, title="Graphene sheets", abstract="Transport in graphene.")
    assert names(client.get(URL, {"q": "graphene"})) == ["Ada Lovelace"]
    paper_set_hidden(paper=Paper.objects.get(title="Graphene sheets"), hidden=True)
    assert names(client.get(URL, {"q": "graphene"})) == []
    paper_set_hidden(paper=Paper.objects.get(title="Graphene sheets"), hidden=False)
    assert names(client.get(URL, {"q": "graphene"})) == ["Ada Lovelace"]


def test_the_remembered_listing_follows_hides_renames_and_new_researchers(client):
    """The directory's ordered ids are kept per catalogue version: each curator's change shows
    on the next page view, in the list, its count and its order."""
    from profiles.services import researcher_set_hidden

    ada, bob = ResearcherFactory(name="Ada Lovelace"), ResearcherFactory(name="Bob Builder")
    assert names(client.get(URL)) == ["Ada Lovelace", "Bob Builder"]
    researcher_set_hidden(researcher=ada, hidden=True)
    response = client.get(URL)
    assert names(response) == ["Bob Builder"] and "1 researcher" in response.content.decode()
    researcher_set_hidden(researcher=ada, hidden=False)
    ResearcherFactory(name="Aaron Aardvark")
    assert names(client.get(URL)) == ["Aaron Aardvark", "Ada Lovelace", "Bob Builder"]


def test_search_words_that_look_like_query_syntax_are_plain_words(client):
    ada = ResearcherFactory(name="Ada Lovelace")
    author_of(ada, title="Near optimal AND fast sorting", abstract="A NEAR* algorithm.")
    for q in ['NEAR', 'AND fast', '"sorting', "optimal*", "NOT OR (", "sorting)"]:
        response = client.get(URL, {"q": q})
        assert response.status_code == 200, q
    assert names(client.get(URL, {"q": "near optimal"})) == ["Ada Lovelace"]


def test_search_shows_each_researchers_best_matching_paper(client):
    ada = ResearcherFactory(name="Ada Lovelace")
    author_of(ada, title="Materials survey", abstract="Steel, glass, timber, concrete, ceramics, polymers and some graphene.")
    author_of(ada, title="Graphene sheets: graphene transport", abstract="Graphene conducts.")
    author_of(ada, title="Graphene notes", abstract="Hidden draft on graphene graphene.", hidden=True)
    response = client.get(URL, {"q": "graphene"})
    assert names(response) == ["Ada Lovelace"]
    assert response.context["rows"][0][0].matched_paper.title == "Graphene sheets: graphene transport"


def test_a_word_in_thousands_of_papers_still_finds_every_researcher_who_used_it(client):
    """Ranking is bounded for common words, the filter is not: the one researcher whose only
    matching paper ranks below 5,000 better ones is listed too."""
    prolific, late = ResearcherFactory(name="Prolific Writer"), ResearcherFactory(name="Zed Latecomer")
    papers = Paper.objects.bulk_create(
        PaperFactory.build(title=f"Graphene graphene study {n}", abstract="Graphene, graphene.") for n in range(5_001))
    Authorship.objects.bulk_create(AuthorshipFactory.build(researcher=prolific, paper=p) for p in papers)
    author_of(late, title="Materials survey",
              abstract="Steel, glass, timber, concrete, ceramics, polymers, alloys, composites and graphene.")
    response = client.get(URL, {"q": "graphene"})
    assert names(response) == ["Prolific Writer", "Zed Latecomer"]
    assert response.context["rows"][1][0].matched_paper.title == "Materials survey"


def test_a_paper_word_search_keeps_the_chosen_sort_and_filters(client):
    """A search's researchers come in the sort asked for (the whole directory's order, kept per
    catalogue version), and an institution or topic narrows them as it narrows the listing."""
    busy = ResearcherFactory(name="Zoe Busy", affiliation="MIT", topics=["Materials"])
    for n in range(3):
        author_of(busy, title=f"Graphene sheets {n}", abstract="Transport in graphene.")
    quiet = ResearcherFactory(name="Ada Quiet", affiliation="ETH Zurich", topics=["Materials"])
    author_of(quiet, title="Graphene sheets", abstract="One study.")
    ResearcherFactory(name="Bob Builder", affiliation="MIT")
    assert names(client.get(URL, {"q": "graphene"})) == ["Ada Quiet", "Zoe Busy"]
    assert names(client.get(URL, {"q": "graphene", "sort": "papers"})) == ["Zoe Busy", "Ada Quiet"]
    assert names(client.get(URL, {"q": "graphene", "institution": "MIT"})) == ["Zoe Busy"]
    assert names(client.get(URL, {"q": "graphene transport", "institution": "MIT"})) == ["Zoe Busy"]
    assert names(client.get(URL, {"q": "graphene transport", "institution": "ETH Zurich"})) == []
    assert names(client.get(URL, {"q": "graphene", "topic": "Materials", "sort": "papers"})) == ["Zoe Busy", "Ada Quiet"]
