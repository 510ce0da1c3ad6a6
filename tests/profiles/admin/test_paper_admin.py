"""The paper admin: search, filters, hiding, locked edits."""
import pytest
from django.urls import reverse

from profiles.models import Paper, Researcher
from profiles.selectors import researcher_papers_visible
from profiles.services import researcher_reimport
from tests.factories.pages import PaperFactory, ResearcherFactory, author_of
from tests.profiles.admin.conftest import change_form_data

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:profiles_paper_changelist")


def test_search_by_author_and_filter_by_year_and_code(admin_client):
    PaperFactory(title="Sparse attention", authors=["Ada Lovelace"], has_code=True)
    PaperFactory(title="Dense retrieval", authors=["Alan Turing"], date="2019-05-01")

    by_author = admin_client.get(CHANGELIST, {"q": "lovelace"}).content.decode()
    by_year = admin_client.get(CHANGELIST, {"year": "2019"}).content.decode()
    with_code = admin_client.get(CHANGELIST, {"has_code__exact": "1"}).content.decode()

    assert "Sparse attention" in by_author and "Dense retrieval" not in by_author
    assert "Dense retrieval" in by_year and "Sparse attention" not in by_year
    assert "Sparse attention" in with_code and "Dense retrieval" not in with_code


def test_hidden_paper_disappears_from_the_researchers_public_papers(admin_client):
    researcher = ResearcherFactory()
    paper = author_of(researcher)
    kept = author_of(researcher)

    admin_client.post(CHANGELIST, {"action": "hide_selected", "_selected_action": [paper.pk]})

    assert list(researcher_papers_visible(researcher)) == [kept]


def test_edited_paper_title_survives_a_reimport(admin_client, import_seed):
    researcher = Researcher.objects.get(pk=import_seed("002").researcher_id)
    paper = researcher.papers.order_by("pk").first()
    url = reverse("admin:profiles_paper_change", args=[paper.pk])
    data = change_form_data(admin_client.get(url))
    data["title"] = "A curator's corrected title"

    assert admin_client.post(url, data).status_code == 302
    researcher_reimport(researcher=researcher)

    paper.refresh_from_db()
    assert paper.title == "A curator's corrected title" and paper.locked_fields == ["title"]
    assert Paper.objects.filter(title_key=paper.title_key).count() == 1
