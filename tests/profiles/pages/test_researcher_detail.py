"""A researcher's page: papers, coauthors, sources, freshness, students; hidden and merged."""
import datetime as dt
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import CaptureOutcome, TakingStudents
from profiles.selectors import catalogue_version_current
from profiles.selectors.catalogue import (
    catalogue_version_request_begin,
    catalogue_version_request_end,
)
from profiles.services import catalogue_version_bump, curated_edit_save
from tests.factories.pages import (
    CaptureFactory,
    ResearcherFactory,
    UserFactory,
    author_of,
)

pytestmark = pytest.mark.django_db
# The module, not the view function profiles.views re-exports under the same name.
DIRECTORY_VIEWS = importlib.import_module("profiles.views.directory")


def page(client, researcher):
    return client.get(researcher.get_absolute_url())


def test_shows_profile_fields_topics_and_metrics(client):
    r = ResearcherFactory(
        name="Ada Lovelace", title="Professor of Engines", affiliation="Oxford", department="Maths",
        about="Writes programs.", topics=["Analytical engines", "Poetry"], h_index=42, citations=1234,
    )
    body = page(client, r).content.decode()
    for text in ("Ada Lovelace", "Professor of Engines", "Oxford", "Maths", "Writes programs.",
                 "Analytical engines", "Poetry", "42", "1234"):
        assert text in body


def test_papers_newest_first_undated_last_without_hidden_ones(client):
    r = ResearcherFactory()
    author_of(r, title="Middle", date=dt.date(2022, 5, 1), venues=["ICML"], has_code=True,
              authors=["A. One", "B. Two"], author_count=5)
    author_of(r, title="Undated", date=None)
    author_of(r, title="Newest", date=dt.date(2025, 2, 3), open_access=True)
    author_of(r, title="Secret", date=dt.date(2026, 1, 1), hidden=True)
    response = page(client, r)
    assert [p.title for p in response.context["page"].papers] == ["Newest", "Middle", "Undated"]
    body = response.content.decode()
    assert "Secret" not in body
    assert body.index("Newest") < body.index("Middle") < body.index("Undated")
    assert "3 Feb 2025" in body and "ICML" in body and "undated" in body
    assert "A. One, B. Two <span class=\"muted\">(the source lists 2 of 5 authors)</span>" in body
    assert 'title="Code available"' in body and 'title="Open access"' in body


def test_the_kept_papers_section_shows_each_catalogue_change_at_once(client):
    """The papers section is rendered once per researcher and catalogue version: a paper
    hidden, a curator's new title and a newly imported paper show on the next view."""
    from profiles.models import Paper
    from profiles.services import curated_edit_save, paper_set_hidden

    r = ResearcherFactory()
    author_of(r, title="First paper", date=dt.date(2024, 1, 1))
    author_of(r, title="Second paper", date=dt.date(2023, 1, 1))
    assert "First paper" in page(client, r).content.decode()
    paper_set_hidden(paper=Paper.objects.get(title="First paper"), hidden=True)
    assert "First paper" not in page(client, r).content.decode()
    second = Paper.objects.get(title="Second paper")
    second.title = "Second paper, retitled"
    curated_edit_save(obj=second, changed={"title"}, release=set())
    assert "Second paper, retitled" in page(client, r).content.decode()
    author_of(r, title="Third paper", date=dt.date(2025, 1, 1))
    assert "Third paper" in page(client, r).content.decode()


def test_coauthors_link_to_their_page_when_imported_too(client):
    ResearcherFactory(name="Grace Hopper", slug="grace")
    ResearcherFactory(name="Hidden Person", hidden=True)
    r = ResearcherFactory(coauthors=[
        {"name": "Grace  HOPPER", "shared_papers": 3, "affiliation": "Navy"},
        {"name": "Nobody Known", "shared_papers": 1},
        {"name": "Hidden Person"},
    ])
    response = page(client, r)
    body = response.content.decode()
    assert '<a href="/researchers/grace/">Grace  HOPPER</a>' in body
    links = {c.name: c.researcher for c in response.context["page"].coauthors}
    assert links["Nobody Known"] is None and links["Hidden Person"] is None


def test_without_a_coauthor_panel_coauthors_come_from_paper_authors(client):
    grace = ResearcherFactory(name="Grace Hopper", slug="grace")
    r = ResearcherFactory(name="Ada Lovelace")
    author_of(r, authors=["Ada Lovelace", "Grace Hopper", "Alan Turing"])
    author_of(r, authors=["Ada Lovelace", "Grace Hopper"])
    coauthors = page(client, r).context["page"].coauthors
    assert [(c.name, c.shared_papers, c.researcher and c.researcher.pk) for c in coauthors] == [
        ("Grace Hopper", 2, grace.pk), ("Alan Turing", 1, None),
    ]


def test_paper_author_lists_mark_the_researcher_and_link_imported_authors(client):
    ResearcherFactory(name="Grace Hopper", slug="grace")
    r = ResearcherFactory(name="Ada Lovelace")
    author_of(r, authors=["Ada  Lovelace", "Grace Hopper", "Alan Turing"])
    body = page(client, r).content.decode()
    assert '<strong>Ada  Lovelace</strong>, <a href="/researchers/grace/">Grace Hopper</a>, Alan Turing' in body


def test_sources_table_and_freshness_flags(client, settings):
    settings.CAPTURE_STALE_DAYS = 100
    r = ResearcherFactory(name="Ada Lovelace")
    CaptureFactory(researcher=r, layout="phdfit", captured_on=dt.date(2020, 1, 2), parsed_affiliation="Oxford")
    CaptureFactory(researcher=r, layout="alphaxiv", captured_on=dt.date(2020, 3, 4), parsed_affiliation="Cambridge")
    CaptureFactory()  # someone was captured today: Ada's profile fell behind the catalogue
    body = page(client, r).content.decode()
    assert "phdfit" in body and "alphaxiv" in body
    assert "2 Jan 2020" in body and "4 Mar 2020" in body
    assert "Newest capture: <strong>4 Mar 2020</strong>" in body
    assert ">stale</span>" in body
    assert "sources disagree" in body
    assert "“Cambridge” (4 Mar 2020) vs “Oxford” (2 Jan 2020)" in body


def test_fresh_agreeing_profile_is_not_flagged(client):
    r = ResearcherFactory()
    CaptureFactory(researcher=r)
    CaptureFactory(researcher=r, outcome=CaptureOutcome.FAILED, parsed_affiliation="Elsewhere")
    body = page(client, r).content.decode()
    assert ">stale</span>" not in body and "sources disagree" not in body


def test_taking_students_and_contact_instructions_with_source_and_date(client):
    r = ResearcherFactory(
        taking_students=TakingStudents.YES,
        taking_students_source="https://example.edu/~ada/students",
        taking_students_on=dt.date(2026, 9, 1),
        contact_instructions="Email with [PhD] in the subject.\nAttach a CV.",
        contact_instructions_source="javascript:alert(1)",
        contact_instructions_on=dt.date(2026, 9, 2),
    )
    body = page(client, r).content.decode()
    assert "Yes" in body and "1 Sep 2026" in body and "2 Sep 2026" in body
    assert '<a href="https://example.edu/~ada/students"' in body
    assert "Email with [PhD] in the subject.<br>Attach a CV." in body
    # A source that is not a web address is shown, never linked.
    assert 'href="javascript:' not in body and "javascript:alert(1)" in body


def test_stored_markup_is_shown_as_text(client):
    r = ResearcherFactory(about="<img src=x onerror=alert(1)>", contact_instructions="<b>hi</b>")
    author_of(r, title="<script>alert(1)</script>", authors=["<i>Eve</i>"], venues=["<u>V</u>"])
    body = page(client, r).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    for raw in ("<img src=x", "<b>hi</b>", "<i>Eve</i>", "<u>V</u>"):
        assert raw not in body


def test_merged_researcher_redirects_permanently_to_the_survivor(client):
    survivor = ResearcherFactory(slug="survivor")
    middle = ResearcherFactory(slug="middle", merged_into=survivor)
    gone = ResearcherFactory(slug="gone", merged_into=middle)
    response = page(client, gone)
    assert response.status_code == 301
    assert response["Location"] == "/researchers/survivor/"


def test_hidden_researcher_is_404_for_the_public_but_visible_to_staff(client):
    r = ResearcherFactory(hidden=True)
    assert page(client, r).status_code == 404
    client.force_login(UserFactory())
    assert page(client, r).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    response = page(client, r)
    assert response.status_code == 200
    assert b"Hidden from the public" in response.content


def test_unknown_slug_is_404(client):
    assert client.get("/researchers/nobody-here/").status_code == 404


def test_query_count_does_not_grow_with_papers_or_captures(client, django_assert_max_num_queries):
    r = ResearcherFactory(coauthors=[{"name": f"Co Author{i}"} for i in range(10)])
    for _ in range(20):
        author_of(r, authors=["X Y", "Z W"])
    for _ in range(5):
        CaptureFactory(researcher=r)
    # researcher, papers, captures, coauthor links (+ shortlist and match hooks)
    with django_assert_max_num_queries(6):
        assert page(client, r).status_code == 200


def test_signed_in_user_gets_a_draft_email_link_the_public_does_not(client):
    r = ResearcherFactory()
    assert b"Draft email" not in page(client, r).content
    client.force_login(UserFactory())
    assert f'href="/outreach/drafts/new/?researcher={r.pk}">Draft email</a>' in page(client, r).content.decode()


def test_anonymous_visitors_are_invited_to_log_in_to_see_the_match(client):
    r = ResearcherFactory(name="Ada Lovelace")
    body = page(client, r).content.decode()
    assert "Why this match" in body
    assert f"/accounts/login/?next={r.get_absolute_url()}" in body


def test_a_source_typed_as_an_address_and_a_note_shows_as_a_link_and_a_note(client, db):
    researcher = ResearcherFactory(
        name="Ada Lovelace", taking_students="yes",
        taking_students_source="https://ada.example.edu/join", taking_students_note="said at the open day",
    )
    page = client.get(researcher.get_absolute_url()).content.decode()
    assert '<a href="https://ada.example.edu/join" rel="noopener noreferrer nofollow">https://ada.example.edu/join</a> (said at the open day)' in page


def test_a_catalogue_imported_today_from_old_captures_flags_nothing_on_day_one(client, settings):
    settings.CAPTURE_STALE_DAYS = 100
    r = ResearcherFactory(name="Ada Lovelace")
    CaptureFactory(researcher=r, captured_on=dt.date(2020, 1, 2))
    CaptureFactory(captured_on=dt.date(2020, 3, 4))  # the catalogue's newest capture
    body = page(client, r).content.decode()
    assert "Newest capture: <strong>2 Jan 2020</strong>" in body and ">stale</span>" not in body


def test_topic_codes_read_as_names_and_imported_topics_say_so(client, db):
    researcher = ResearcherFactory(name="Vahab Mirrokni", topics=["LG", "Pathology"])
    body = client.get(researcher.get_absolute_url()).content.decode()
    assert '<span class="tag" title="arXiv category LG">Machine Learning</span>' in body
    assert "As the source listed them (imported, not checked by a curator)" in body
    # A curator edits the topics in the admin: the edit locks them (and the page shown anew).
    researcher.topics = ["LG"]
    curated_edit_save(obj=researcher, changed={"topics"}, release=set())
    assert "Chosen by a curator." in client.get(researcher.get_absolute_url()).content.decode()


def test_alphaxiv_metrics_say_where_they_come_from(client, db):
    researcher = ResearcherFactory(novelty_pct=60, ai_score=63)
    body = client.get(researcher.get_absolute_url()).content.decode()
    assert "Novelty (alphaXiv)" in body and "AI score (alphaXiv)" in body
    assert "does not use them in your match score" in body


def test_long_author_lists_show_six_then_and_more_and_missing_ones_say_so(client, db):
    researcher = ResearcherFactory(name="Ada Lovelace")
    author_of(researcher, title="Many hands", authors=["Ada Lovelace"] + [f"Author Number{i}" for i in range(9)])
    author_of(researcher, title="Nobody listed", authors=[])
    body = client.get(researcher.get_absolute_url()).content.decode()
    assert "<summary>and 4 more</summary>" in body
    assert "Authors not given by the source." in body


def test_curators_see_organisations_from_papers_as_a_suggestion_only(admin_client, client, db):
    researcher = ResearcherFactory(name="Vahab Mirrokni", affiliation="")
    author_of(researcher, title="One", orgs=["deepmind"])
    author_of(researcher, title="Two", orgs=["deepmind", "mila"])
    admin_page = admin_client.get(reverse("admin:profiles_researcher_change", args=[researcher.pk])).content.decode()
    assert "<strong>deepmind</strong> (2 papers), <strong>mila</strong> (1 paper). A suggestion only" in admin_page
    assert "deepmind" not in client.get(researcher.get_absolute_url()).content.decode()


def test_papers_link_to_their_doi_or_arxiv_page_when_known_and_offer_a_title_search_otherwise(client, db, monkeypatch):
    r = ResearcherFactory(name="Ada Lovelace")
    known = author_of(r, title="Known paper")
    author_of(r, title="Unknown paper")
    original = DIRECTORY_VIEWS.researcher_page

    def with_identifiers(**kwargs):
        # As a source that gives identifiers (arXiv, Crossref) sets them on the paper.
        data = original(**kwargs)
        for paper in data.papers:
            if paper.pk == known.pk:
                paper.arxiv_id, paper.doi = "2202.12139", "10.1000/xyz"
        return data

    monkeypatch.setattr(DIRECTORY_VIEWS, "researcher_page", with_identifiers)
    body = client.get(r.get_absolute_url()).content.decode()
    assert '<a href="https://arxiv.org/abs/2202.12139" rel="noopener noreferrer nofollow">arXiv:2202.12139</a>' in body
    assert '<a href="https://doi.org/10.1000/xyz"' in body
    assert "query=Unknown%20paper&amp;searchtype=title" in body


def test_a_page_reads_the_catalogue_version_once_and_a_write_in_the_same_request_is_seen(client, db):
    r = ResearcherFactory(name="Ada Lovelace")
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(r.get_absolute_url()).status_code == 200
    assert sum("profiles_catalogueversion" in q["sql"] for q in queries.captured_queries) == 1
    # Inside one request the version is remembered, but not past a write of this request's own.
    catalogue_version_request_begin()  # as request_started does (sending it would close the test's connection)
    try:
        before = catalogue_version_current()
        with CaptureQueriesContext(connection) as queries:
            assert catalogue_version_current() == before
        assert not queries.captured_queries
        catalogue_version_bump()
        assert catalogue_version_current() == before + 1
    finally:
        catalogue_version_request_end()


def test_a_papers_authors_show_the_researcher_in_bold_and_link_those_in_the_catalogue(client):
    r = ResearcherFactory(name="Ada Lovelace")
    babbage = ResearcherFactory(name="Charles Babbage")
    author_of(r, title="Engines", authors=["Ada Lovelace", "Charles Babbage", "<b>Mallory</b>"])
    body = page(client, r).content.decode()
    assert (f'<strong>Ada Lovelace</strong>, <a href="{babbage.get_absolute_url()}">Charles Babbage</a>, '
            "&lt;b&gt;Mallory&lt;/b&gt;") in body
