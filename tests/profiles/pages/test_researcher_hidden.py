"""A researcher a curator hid: their page says so, in the site's own words, and points to what
the applicant still has (their shortlist entry and its notes, their drafts); never the
framework's 404 with the URL patterns, whatever DEBUG says."""
import pytest

from outreach.models import Draft
from tests.factories.outreach import ResearcherFactory, UserFactory, entry_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [False, True])
def test_a_hidden_researcher_says_a_curator_hid_them_and_links_what_remains(client, settings, debug):
    settings.DEBUG = debug
    researcher = ResearcherFactory(name="Chidi Okafor", slug="chidi-okafor", hidden=True)
    user = UserFactory(username="ada")
    entry = entry_for(user, researcher, notes="Met at NeurIPS")
    draft = Draft.objects.create(user=user, researcher=researcher, entry=entry, template_key="default:first_contact",
                                 template_name="First contact", template_subject="Hello", template_body="Hi")
    client.force_login(user)
    response = client.get(researcher.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 404
    assert "A curator hid" in page and "Chidi Okafor" in page
    assert entry.get_absolute_url() in page and draft.get_absolute_url() in page
    assert "URLconf" not in page and "urlpatterns" not in page.lower()


def test_a_hidden_researcher_without_an_entry_says_nothing_of_yours_remains(client):
    researcher = ResearcherFactory(name="Chidi Okafor", slug="chidi-okafor", hidden=True)
    client.force_login(UserFactory(username="ada"))
    page = client.get(researcher.get_absolute_url()).content.decode()
    assert "A curator hid" in page and "not on your shortlist" in page


def test_anyone_elses_entry_is_never_linked(client):
    researcher = ResearcherFactory(name="Chidi Okafor", slug="chidi-okafor", hidden=True)
    other = entry_for(UserFactory(username="bo"), researcher)
    client.force_login(UserFactory(username="ada"))
    assert other.get_absolute_url() not in client.get(researcher.get_absolute_url()).content.decode()


def test_in_debug_an_unknown_address_shows_the_sites_own_404(client, settings):
    settings.DEBUG = True
    response = client.get("/researchers/nobody-by-this-name/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in page and "URLconf" not in page
