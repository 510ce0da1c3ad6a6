"""M2: adding from a source creates nothing (no researcher, link or capture, no version raise)
unless a page was read with at least one paper on it: an empty arXiv feed for a made-up name
once created a public record."""
import httpx
import pytest
import respx

from profiles.models import Capture, Researcher, SourceLink
from profiles.selectors import catalogue_version_stamp
from profiles.services.sources import researcher_add_from_source
from profiles.sources import SourceClient
from tests.fixtures.sources import source_bytes

pytestmark = pytest.mark.django_db
ARXIV = "https://export.arxiv.org/api/query"


def add(ref, **kwargs):
    with SourceClient() as client:
        return researcher_add_from_source(ref=ref, client=client, **kwargs)


def _nothing_created(version_before):
    assert not Researcher.objects.exists()
    assert not SourceLink.objects.exists() and not Capture.objects.exists()
    assert catalogue_version_stamp()[0] == version_before


@respx.mock
def test_an_empty_arxiv_feed_for_a_made_up_name_adds_nobody():
    respx.get(ARXIV).mock(return_value=httpx.Response(200, content=source_bytes("arxiv_atom_empty_2026.xml")))
    before = catalogue_version_stamp()[0]

    result = add("Totally Fakeperson", source="arxiv")

    assert not result.ok
    assert result.summary() == ("arXiv Totally Fakeperson: arXiv lists no paper for “Totally Fakeperson”, "
                                "so nobody was added. Check the spelling, or paste their profile link; "
                                "nothing changed.")
    _nothing_created(before)


@respx.mock
def test_an_arxiv_author_id_with_an_empty_feed_adds_nobody():
    respx.get(ARXIV).mock(return_value=httpx.Response(200, content=source_bytes("arxiv_atom_empty_2026.xml")))
    before = catalogue_version_stamp()[0]

    result = add("https://arxiv.org/a/fakeperson_t_1")

    assert not result.ok and "lists no paper" in result.message
    _nothing_created(before)


@respx.mock
def test_a_profile_whose_paper_list_cannot_be_read_adds_nobody():
    # The author record names them, but the works page is an error page from a proxy.
    respx.get("https://api.openalex.org/authors/A5017898742").mock(return_value=httpx.Response(
        200, content=source_bytes("openalex_author_joseph_mearman.json")))
    respx.get("https://api.openalex.org/works").mock(return_value=httpx.Response(
        200, content=b"<html><body><h1>502 Bad Gateway</h1></body></html>"))
    before = catalogue_version_stamp()[0]

    result = add("https://openalex.org/A5017898742")

    assert not result.ok and "could not be read" in result.message and "nothing changed" in result.summary()
    _nothing_created(before)


@respx.mock
def test_a_feed_of_other_peoples_papers_adds_nobody(settings):
    settings.SOURCES_MAX_PAGES = 1  # the recorded feed is the first page of many
    # arXiv answers a name query with papers, none of which lists the name as an author.
    respx.get(ARXIV).mock(return_value=httpx.Response(200, content=source_bytes("arxiv_atom_all_science_2019.xml")))
    before = catalogue_version_stamp()[0]

    result = add("Totally Fakeperson", source="arxiv")

    assert not result.ok and result.researcher_id is None
    assert "none of the 10 paper(s) arXiv gave names “Totally Fakeperson” as an author" in result.message
    _nothing_created(before)


@respx.mock
def test_an_existing_researcher_still_gains_a_link_whose_list_is_empty_for_now():
    from profiles.services import researcher_get_or_create

    researcher, _ = researcher_get_or_create(name="Jason Priem")
    respx.get("https://api.openalex.org/authors/A5023888391").mock(return_value=httpx.Response(
        200, content=source_bytes("openalex_author_jason_priem.json")))
    respx.get("https://api.openalex.org/works").mock(return_value=httpx.Response(
        200, content=b'{"meta": {"count": 0}, "results": []}'))

    result = add("A5023888391")

    # The empty works page is reported (and retried later), but the link to the known record stays.
    assert result.researcher_id == researcher.pk and Researcher.objects.count() == 1
    assert SourceLink.objects.get(kind="openalex").researcher == researcher
