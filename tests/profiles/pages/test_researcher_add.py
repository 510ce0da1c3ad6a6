"""The "Add a researcher" page: paste a link or search a name, with and without htmx."""
import httpx
import pytest
import respx
from django.urls import reverse

from profiles.models import Researcher, SourceLink
from tests.fixtures.sources import source_bytes

from tests.factories.pages import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("profiles:researcher_add")


@pytest.fixture
def applicant(client, settings):
    settings.SOURCES_MIN_INTERVALS = {k: 0.0 for k in ("openalex", "arxiv", "s2", "orcid", "dblp")}
    settings.SOURCES_RETRY_BACKOFF_SECONDS = 0.001
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_page_needs_an_account(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_page_shows_the_form(client, applicant):
    page = client.get(URL).content.decode()
    assert 'name="ref"' in page and 'name="source"' in page and f'action="{URL}"' in page


@respx.mock
def test_pasting_a_link_adds_the_researcher_and_links_their_page(client, applicant):
    respx.get("https://dblp.org/pid/95/7448-1.xml").mock(
        return_value=httpx.Response(200, content=source_bytes("dblp_di_xu_0001.xml")))
    response = client.post(URL, {"ref": "https://dblp.org/pid/95/7448-1", "source": ""})
    page = response.content.decode()
    researcher = Researcher.objects.get(name="Di Xu")
    assert response.status_code == 200 and "papers added 8" in page
    assert researcher.get_absolute_url() in page
    assert SourceLink.objects.get().researcher == researcher


@respx.mock
def test_searching_a_name_lists_candidates_each_with_its_own_add_button(client, applicant):
    respx.get("https://api.openalex.org/authors").mock(
        return_value=httpx.Response(200, content=source_bytes("openalex_author_search_mearman.json")))
    response = client.post(URL, {"ref": "Mearman", "source": "openalex"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page  # the htmx fragment only
    assert "nothing was added" in page and "Bangor University" in page and "106 papers" in page
    assert 'name="ref" value="A5017898742"' in page
    assert not Researcher.objects.exists()


@respx.mock
def test_offline_the_page_says_what_could_not_be_reached(client, applicant):
    respx.route().mock(side_effect=httpx.ConnectError("[Errno -3] Temporary failure in name resolution"))
    page = client.post(URL, {"ref": "https://openalex.org/A5017898742"}).content.decode()
    assert "could not reach api.openalex.org" in page and "nothing changed" in page
    assert not Researcher.objects.exists()


@respx.mock
def test_a_name_without_a_source_is_searched_on_openalex_and_says_so_in_words(client, applicant):
    respx.get("https://api.openalex.org/authors").mock(
        return_value=httpx.Response(200, content=source_bytes("openalex_author_search_mearman.json")))
    response = client.post(URL, {"ref": "Mearman", "source": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Searched OpenAlex for “Mearman”" in page and "Bangor University" in page
    assert "--source" not in page


@respx.mock
def test_offline_a_name_search_offers_to_paste_the_page_text_instead(client, applicant):
    respx.route().mock(side_effect=httpx.ConnectError("[Errno -3] Temporary failure in name resolution"))
    page = client.post(URL, {"ref": "Joseph Mearman", "source": ""}).content.decode()
    assert "could not reach api.openalex.org" in page
    assert reverse("profiles:researcher_paste") in page and "Paste the page text instead" in page


def test_an_empty_form_is_refused(client, applicant):
    response = client.post(URL, {"ref": "  "})
    assert response.status_code == 400 and "Give a profile link" in response.content.decode()
