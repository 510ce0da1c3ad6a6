"""Adding and refreshing researchers from live sources, replaying real recorded responses at
the HTTP layer (respx): every response becomes a capture and goes through the capture import."""
import json
from datetime import timedelta

import httpx
import pytest
import respx
from django.utils import timezone

from profiles.models import Capture, CaptureOutcome, Paper, Researcher, SourceLink, SourceOutcome
from profiles.services import field_lock, researcher_get_or_create
from profiles.services.sources import (
    SourceAddError,
    researcher_add_from_source,
    source_fetch,
    source_link_refresh,
)
from profiles.sources import SourceClient, semantic_scholar
from shortlist.models import Notice
from tests.factories.shortlist import EntryFactory
from tests.fixtures.sources import SOURCES_DIR, source_bytes

pytestmark = pytest.mark.django_db

OPENALEX = "https://api.openalex.org"
MEARMAN = "A5017898742"
OFFLINE = httpx.ConnectError("[Errno -3] Temporary failure in name resolution")


def mearman_routes(mock, *, etag='W/"works-1"'):
    mock.get(f"{OPENALEX}/authors/{MEARMAN}").mock(return_value=httpx.Response(
        200, content=source_bytes("openalex_author_joseph_mearman.json"),
        headers={"ETag": etag, "Last-Modified": "Sun, 21 Sep 2025 00:00:00 GMT"}))
    return mock.get(f"{OPENALEX}/works").mock(return_value=httpx.Response(
        200, content=source_bytes("openalex_works_joseph_mearman.json")))


def add(ref, **kwargs):
    with SourceClient() as client:
        return researcher_add_from_source(ref=ref, client=client, **kwargs)


@respx.mock
def test_openalex_link_adds_the_researcher_with_every_work_stored_as_received():
    works = mearman_routes(respx)
    result = add(f"https://openalex.org/{MEARMAN}")
    assert result.ok, result.message
    # Nine works, nine papers: a preprint (its arXiv DOI) and its published version share a
    # title but carry different identifiers, so the identity rule keeps them apart.
    assert result.researcher_name == "Joseph Mearman" and result.papers_added == 9
    researcher = Researcher.objects.get(name="Joseph Mearman")
    assert researcher.affiliation == "Bangor University" and researcher.h_index == 2
    assert researcher.papers.count() == 9
    # The works were asked for by author id, with our contact address (OpenAlex's polite pool).
    params = works.calls.last.request.url.params
    assert params["filter"] == f"author.id:{MEARMAN}" and params["mailto"] == "curator@example.org"
    # Every response is a capture: bytes as received, where from, validators, hash.
    captures = Capture.objects.filter(researcher=researcher).order_by("id")
    assert [c.layout for c in captures] == ["openalex_author", "openalex_works"]
    first = captures[0]
    assert bytes(first.raw) == source_bytes("openalex_author_joseph_mearman.json")
    assert first.source_url == f"{OPENALEX}/authors/{MEARMAN}?mailto=curator%40example.org"
    assert first.etag == 'W/"works-1"' and first.last_modified.startswith("Sun, 21 Sep 2025")
    assert all(c.outcome == CaptureOutcome.IMPORTED for c in captures)
    link = SourceLink.objects.get(kind="openalex", external_id=MEARMAN)
    assert link.researcher == researcher and link.last_outcome == SourceOutcome.UPDATED
    assert link.validators["etag"] == 'W/"works-1"'
    assert link.next_refresh_at > timezone.now()


@respx.mock
def test_rebuilt_abstract_reaches_the_paper():
    mearman_routes(respx)
    add(MEARMAN)
    paper = Paper.objects.get(title="Alternative Representations of 3D-Reconstructed Heritage Data")
    assert paper.abstract.startswith("By collecting images of heritage assets from members of the public")


@respx.mock
def test_refresh_answered_304_changes_nothing():
    mearman_routes(respx)
    add(MEARMAN)
    link = SourceLink.objects.get(kind="openalex")
    captures, papers = Capture.objects.count(), Paper.objects.count()
    respx.clear()
    author = respx.get(f"{OPENALEX}/authors/{MEARMAN}").mock(return_value=httpx.Response(304))
    works = respx.get(f"{OPENALEX}/works").mock(return_value=httpx.Response(500))
    with SourceClient() as client:
        result = source_link_refresh(link=link, client=client)
    assert result.ok and result.outcome == SourceOutcome.NOT_MODIFIED
    assert author.calls.last.request.headers["If-None-Match"] == 'W/"works-1"'
    assert works.call_count == 0  # nothing else is asked once the source says "not modified"
    assert (Capture.objects.count(), Paper.objects.count()) == (captures, papers)
    assert "not modified" in result.summary() and "nothing changed" in result.summary()


@respx.mock
def test_the_same_body_again_is_not_stored_twice():
    mearman_routes(respx)
    add(MEARMAN)
    link = SourceLink.objects.get(kind="openalex")
    captures = Capture.objects.count()
    with SourceClient() as client:
        result = source_link_refresh(link=link, client=client)
    assert result.ok and result.papers_added == 0 and result.papers_updated == 0
    assert Capture.objects.count() == captures


@respx.mock
def test_a_body_that_differs_only_in_volatile_fields_is_not_stored_again():
    mearman_routes(respx)
    add(MEARMAN)
    captures = Capture.objects.count()
    works = json.loads(source_bytes("openalex_works_joseph_mearman.json"))
    works["meta"]["db_response_time_ms"] = 7  # OpenAlex's timing: every answer differs
    respx.get(f"{OPENALEX}/works").mock(return_value=httpx.Response(200, content=json.dumps(works).encode()))
    with SourceClient() as client:
        result = source_link_refresh(link=SourceLink.objects.get(), client=client)
    assert result.ok and result.outcome == SourceOutcome.NOT_MODIFIED and result.pages_same == 2
    assert Capture.objects.count() == captures
    # A real change (one more work) is stored and imported.
    works["results"][1]["display_name"] = "A new paper by Joseph Mearman"
    respx.get(f"{OPENALEX}/works").mock(return_value=httpx.Response(200, content=json.dumps(works).encode()))
    with SourceClient() as client:
        result = source_link_refresh(link=SourceLink.objects.get(), client=client)
    assert result.outcome == SourceOutcome.UPDATED and result.papers_added == 1
    assert Capture.objects.count() == captures + 1


@respx.mock
def test_refresh_keeps_what_a_curator_locked():
    mearman_routes(respx)
    add(MEARMAN)
    researcher = Researcher.objects.get(name="Joseph Mearman")
    Researcher.objects.filter(pk=researcher.pk).update(affiliation="Curated University")
    researcher.refresh_from_db()
    field_lock(obj=researcher, fields=["affiliation"])
    # Forget what was stored, so the same bodies are imported again rather than skipped.
    Capture.objects.all().delete()
    SourceLink.objects.update(validators={})
    link = SourceLink.objects.get(kind="openalex")
    with SourceClient() as client:
        assert source_link_refresh(link=link, client=client).ok
    researcher.refresh_from_db()
    assert researcher.affiliation == "Curated University"


@respx.mock
def test_offline_refresh_marks_the_link_failed_for_later_and_changes_nothing():
    mearman_routes(respx)
    add(MEARMAN)
    link = SourceLink.objects.get(kind="openalex")
    before = (Capture.objects.count(), Paper.objects.count(), Researcher.objects.get().papers.count())
    respx.clear()
    respx.get(host="api.openalex.org").mock(side_effect=OFFLINE)
    with SourceClient() as client:
        result = source_link_refresh(link=link, client=client)
    link.refresh_from_db()
    assert not result.ok and link.last_outcome == SourceOutcome.UNREACHABLE
    assert result.summary() == (f"OpenAlex {MEARMAN}: could not reach api.openalex.org: the name could not be "
                                "resolved (no network?); nothing changed.")
    assert timezone.now() < link.next_refresh_at < timezone.now() + timedelta(hours=2)  # retried later
    assert (Capture.objects.count(), Paper.objects.count(), Researcher.objects.get().papers.count()) == before


@respx.mock
def test_offline_add_creates_nothing():
    respx.get(host="api.openalex.org").mock(side_effect=OFFLINE)
    result = add(f"https://openalex.org/{MEARMAN}")
    assert not result.ok and "nothing changed" in result.summary()
    assert not Researcher.objects.exists() and not Capture.objects.exists() and not SourceLink.objects.exists()


@respx.mock
def test_a_name_with_one_clear_match_is_added():
    respx.get(f"{OPENALEX}/authors", params={"search": "Joseph Mearman"}).mock(return_value=httpx.Response(
        200, content=source_bytes("openalex_author_search_mearman.json")))
    mearman_routes(respx)
    result = add("Joseph Mearman", source="openalex")
    assert result.ok and result.researcher_name == "Joseph Mearman"
    assert SourceLink.objects.filter(kind="openalex", external_id=MEARMAN).exists()


@respx.mock
def test_a_name_with_several_matches_lists_candidates_and_adds_nothing():
    respx.get(f"{OPENALEX}/authors").mock(return_value=httpx.Response(
        200, content=source_bytes("openalex_author_search_mearman.json")))
    result = add("Mearman", source="openalex")
    assert result.candidates and not Researcher.objects.exists()
    lines = result.summary().splitlines()
    assert "nothing added" in lines[0]
    assert "  - Andrew Mearman (University of Leeds; 106 papers) [openalex A5019952124]" in lines
    assert "  - Joseph Mearman (Bangor University; 9 papers) [openalex A5017898742]" in lines


@respx.mock
def test_semantic_scholar_search_lists_namesakes():
    respx.get("https://api.semanticscholar.org/graph/v1/author/search").mock(return_value=httpx.Response(
        200, content=source_bytes("s2_author_search_turing.json")))
    result = add("A. Turing", source="s2")
    assert len(result.candidates) > 1 and not Researcher.objects.exists()
    assert all(c.kind == "s2" for c in result.candidates)


@respx.mock
def test_a_second_source_of_the_same_person_joins_the_same_record():
    dblp = respx.get("https://dblp.org/pid/95/7448-1.xml").mock(return_value=httpx.Response(
        200, content=source_bytes("dblp_di_xu_0001.xml")))
    existing, _ = researcher_get_or_create(name="Di Xu")
    result = add("https://dblp.org/pid/95/7448-1")
    assert dblp.called and result.ok and result.researcher_id == existing.id
    assert Researcher.objects.count() == 1 and existing.papers.count() == 8


@respx.mock
def test_ids_the_source_gives_link_the_same_person():
    # Already in the catalogue (say, from a page capture): a source with no paper list yet
    # still links to a known record; it would not create one (test_nothing_without_papers).
    researcher_get_or_create(name="Jason Priem")
    respx.get(f"{OPENALEX}/authors/A5023888391").mock(return_value=httpx.Response(
        200, content=source_bytes("openalex_author_jason_priem.json")))
    respx.get(f"{OPENALEX}/works").mock(return_value=httpx.Response(
        200, content=json.dumps({"meta": {"count": 0}, "results": []}).encode()))
    priem = add("A5023888391")
    orcid = SourceLink.objects.get(kind="orcid")
    assert orcid.external_id == "0000-0001-6187-6610" and orcid.researcher_id == priem.researcher_id
    # Adding the ORCID iD later finds the same record (and refreshes it, offline here).
    respx.get(host="pub.orcid.org").mock(side_effect=OFFLINE)
    again = add("https://orcid.org/0000-0001-6187-6610")
    assert again.researcher_id == priem.researcher_id and Researcher.objects.count() == 1


def test_a_link_we_do_not_know_is_refused_with_what_works():
    with pytest.raises(SourceAddError, match="not a profile link we know"):
        add("https://scholar.google.com/citations?user=abc")
    with pytest.raises(SourceAddError, match="--source"):
        add("Joseph Mearman")


@respx.mock
def test_author_profile_papers_that_do_not_list_the_researcher_are_not_attached(settings):
    settings.SOURCES_MAX_PAGES = 1  # the recorded feed is the first page of 120,839 results
    researcher, _ = researcher_get_or_create(name="Yangyong Zhu")
    SourceLink.objects.create(researcher=researcher, kind="arxiv", external_id="zhu_y_1")
    # A real feed: one of its ten entries is by Yangyong Zhu, the rest by others.
    respx.get("https://export.arxiv.org/api/query").mock(return_value=httpx.Response(
        200, content=source_bytes("arxiv_atom_all_science_2019.xml")))
    with SourceClient() as client:
        result = source_link_refresh(link=SourceLink.objects.get(), client=client)
    assert result.ok
    assert list(researcher.papers.values_list("title", flat=True)) == ["Defining Data Science"]
    assert sum("not attached" in w for w in result.warnings) == 9


def _fetch_the_recorded_nine_page_list():
    """Fetch S2 author 1723755's papers, every page answered by its real recorded response."""
    for path in sorted(SOURCES_DIR.glob("s2_author_papers_1723755_offset*.json")):
        offset = path.stem.rsplit("offset", 1)[1]
        respx.get("https://api.semanticscholar.org/graph/v1/author/1723755/papers",
                  params={"offset": offset}).mock(return_value=httpx.Response(200, content=path.read_bytes()))
    with SourceClient() as client:
        fetched = source_fetch(client=client, kind="s2", external_id="1723755",
                               start=semantic_scholar.papers_request("1723755", 0))
    return fetched


@respx.mock
def test_paging_runs_to_the_end_of_a_real_nine_page_list():
    fetched = _fetch_the_recorded_nine_page_list()
    assert fetched.error is None and not fetched.capped
    assert [p.request.offset for p in fetched.pages] == [0, 100, 200, 300, 400, 500, 600, 700, 800]
    assert sum(p.paper_count for p in fetched.pages) == 875


@respx.mock
def test_paging_stops_at_the_cap(settings):
    settings.SOURCES_MAX_PAGES = 3
    fetched = _fetch_the_recorded_nine_page_list()
    assert len(fetched.pages) == 3 and fetched.capped


@respx.mock
def test_a_missing_page_never_deletes_papers():
    mearman_routes(respx)
    add(MEARMAN)
    researcher = Researcher.objects.get()
    respx.clear()
    respx.get(f"{OPENALEX}/authors/{MEARMAN}").mock(return_value=httpx.Response(
        200, content=source_bytes("openalex_author_joseph_mearman.json"), headers={"ETag": 'W/"works-2"'}))
    respx.get(f"{OPENALEX}/works").mock(return_value=httpx.Response(503))
    with SourceClient() as client:
        result = source_link_refresh(link=SourceLink.objects.get(), client=client)
    link = SourceLink.objects.get()
    assert not result.ok and link.last_outcome == SourceOutcome.UNREACHABLE
    assert "answered 503" in link.last_detail
    assert researcher.papers.count() == 9 and Paper.objects.count() == 9
    # The validators of a refresh that did not finish are not kept: the next one asks again.
    assert link.validators["etag"] == 'W/"works-1"'


@respx.mock
def test_new_papers_from_a_refresh_reach_the_shortlist_as_notices(django_capture_on_commit_callbacks):
    person, _ = researcher_get_or_create(name="Joseph Mearman")
    entry = EntryFactory(researcher=person)
    link = SourceLink.objects.create(researcher=person, kind="openalex", external_id=MEARMAN)
    mearman_routes(respx)
    with django_capture_on_commit_callbacks(execute=True), SourceClient() as client:
        assert source_link_refresh(link=link, client=client).papers_added == 9
    notices = Notice.objects.filter(entry=entry)
    assert notices.exists() and entry.user_id == notices.first().user_id


@respx.mock
def test_the_researcher_page_links_fetched_papers_to_their_doi_and_arxiv_pages(client):
    mearman_routes(respx)
    add(MEARMAN)
    page = client.get(Researcher.objects.get().get_absolute_url()).content.decode()
    assert 'href="https://doi.org/10.1145/2795233"' in page
    # The preprint's arXiv DOI gives its arXiv id.
    assert 'href="https://arxiv.org/abs/2108.04680"' in page
    assert Paper.objects.get(doi="10.1145/2795233").date_precision == "day"


ARXIV_API = "https://export.arxiv.org/api/query"


def gotlieb_routes(mock, *, second_page):
    """arXiv answering the author query page by page: the first page a real recorded feed
    (ten entries of 214,881), the second page as ``second_page`` lists (real recorded bodies)."""
    mock.get(ARXIV_API, params={"start": "0"}).mock(return_value=httpx.Response(
        200, content=source_bytes("arxiv_atom_query_testing_2026.xml")))
    return mock.get(ARXIV_API, params={"start": "10"}).mock(side_effect=[
        httpx.Response(200, content=source_bytes(name)) for name in second_page])


@respx.mock
def test_an_empty_arxiv_page_is_asked_again_and_paging_goes_on(settings):
    settings.SOURCES_MAX_PAGES = 2
    second = gotlieb_routes(respx, second_page=["arxiv_atom_empty_2026.xml",
                                                "arxiv_atom_query_testing_2026_start10.xml"])
    result = add("https://arxiv.org/a/gotlieb_a_1")
    assert result.ok and second.call_count == 2
    assert result.pages == 2 and Capture.objects.count() == 2
    gotlieb = Researcher.objects.get(name="Arnaud Gotlieb")
    assert gotlieb.papers.count() == 2  # one on each page


@respx.mock
def test_an_arxiv_page_that_stays_empty_keeps_what_arrived_and_says_the_result_is_partial():
    second = gotlieb_routes(respx, second_page=["arxiv_atom_empty_2026.xml"] * 3)
    result = add("https://arxiv.org/a/gotlieb_a_1")
    assert second.call_count == 3  # asked, then retried twice (SOURCES_MAX_RETRIES)
    assert result.ok and result.partial
    assert result.pages == 1 and Researcher.objects.get(name="Arnaud Gotlieb").papers.count() == 1
    summary = result.summary()
    assert "nothing changed" not in summary and "papers added 1," in summary
    assert "partial" in summary and "page 2" in summary and "no entries" in summary
    assert result.as_json()["partial"] is True
    link = SourceLink.objects.get(kind="arxiv")
    assert link.last_outcome == SourceOutcome.UPDATED and "page 2" in link.last_detail
    # The rest is asked for again soon, not in a day.
    assert link.next_refresh_at <= timezone.now() + timedelta(hours=1, minutes=1)


@respx.mock
def test_an_error_after_pages_were_kept_does_not_say_nothing_changed():
    respx.get(ARXIV_API, params={"start": "0"}).mock(return_value=httpx.Response(
        200, content=source_bytes("arxiv_atom_query_testing_2026.xml")))
    respx.get(ARXIV_API, params={"start": "10"}).mock(return_value=httpx.Response(503))
    result = add("https://arxiv.org/a/gotlieb_a_1")
    assert not result.ok and result.papers_added == 1 and result.pages == 1
    assert "answered 503" in result.summary() and "nothing changed" not in result.summary()
