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
