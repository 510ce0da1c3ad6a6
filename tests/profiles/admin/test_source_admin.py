"""Live sources in the admin: each researcher's sources with last fetch, outcome and next
refresh; adding a researcher from a link or a name; refreshing selected sources."""
import httpx
import pytest
import respx
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from profiles import tasks
from profiles.models import Researcher, SourceLink, SourceOutcome
from profiles.services import researcher_get_or_create
from tests.fixtures.sources import source_bytes

pytestmark = pytest.mark.django_db
ADD = reverse("admin:profiles_sourcelink_add_researcher")


@pytest.fixture(autouse=True)
def _no_waiting(settings):
    settings.SOURCES_MIN_INTERVALS = {k: 0.0 for k in ("openalex", "arxiv", "s2", "orcid", "dblp")}
    settings.SOURCES_RETRY_BACKOFF_SECONDS = 0.001


def test_researcher_page_lists_sources_with_last_fetch_outcome_and_next_refresh(admin_client):
    person, _ = researcher_get_or_create(name="Di Xu")
    SourceLink.objects.create(researcher=person, kind="dblp", external_id="95/7448-1",
                              last_fetched_at=timezone.now(), last_outcome=SourceOutcome.UNREACHABLE,
                              last_detail="could not reach dblp.org: no answer in time",
                              next_refresh_at=timezone.now())
    page = admin_client.get(reverse("admin:profiles_researcher_change", args=[person.pk])).content.decode()
    assert "Live sources" in page and "95/7448-1" in page
    assert "Could not be reached" in page and "no answer in time" in page
    listing = admin_client.get(reverse("admin:profiles_sourcelink_changelist")).content.decode()
    assert "Di Xu" in listing and "Add a researcher from a source" in listing


@respx.mock
def test_curator_adds_a_researcher_by_link_and_lands_on_the_record(admin_client):
    respx.get("https://dblp.org/pid/95/7448-1.xml").mock(
        return_value=httpx.Response(200, content=source_bytes("dblp_di_xu_0001.xml")))
    response = admin_client.post(ADD, {"ref": "https://dblp.org/pid/95/7448-1", "source": ""})
    person = Researcher.objects.get(name="Di Xu")
    assert response.status_code == 302 and response.url == reverse("admin:profiles_researcher_change", args=[person.pk])
    assert person.papers.count() == 8


@respx.mock
def test_curator_name_search_lists_candidates(admin_client):
    respx.get("https://api.openalex.org/authors").mock(
        return_value=httpx.Response(200, content=source_bytes("openalex_author_search_mearman.json")))
    page = admin_client.post(ADD, {"ref": "Mearman", "source": "openalex"}).content.decode()
    assert "nothing was added" in page and "University of Leeds" in page
    assert not Researcher.objects.exists()


@respx.mock
def test_offline_add_says_so_and_adds_nothing(admin_client):
    respx.route().mock(side_effect=httpx.ConnectError("[Errno -3] Temporary failure in name resolution"))
    page = admin_client.post(ADD, {"ref": "A5017898742"}, follow=True).content.decode()
    assert "could not reach api.openalex.org" in page and "nothing changed" in page
    assert not Researcher.objects.exists()


def test_refresh_action_queues_the_selected_sources(admin_client, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.sources_refresh_task, "apply_async", lambda args, kwargs, **options: sent.append(args[0]))
    person, _ = researcher_get_or_create(name="Di Xu")
    link = SourceLink.objects.create(researcher=person, kind="dblp", external_id="95/7448-1")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:profiles_sourcelink_changelist"),
                          {"action": "refresh_selected", ACTION_CHECKBOX_NAME: [link.pk]})
    assert sent == [[link.pk]]
