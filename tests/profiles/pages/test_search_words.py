"""The directory's search after each write has committed, as another visitor sees it.

On PostgreSQL a one-word search reads each researcher's pooled words (migration 0020), which
the database rebuilds when a write commits; the directory's other tests run inside one open
transaction, where the search reads the changed researchers' papers instead. These commit
every write, so they check the pooled words themselves: each curator's or import's change to
who wrote what, or to what a paper says, shows in the next search."""
import pytest
from django.db import connection
from django.urls import reverse

from profiles.models import Paper
from profiles.services import curated_edit_save, paper_delete, paper_set_hidden, researcher_merge
from tests.factories.pages import ResearcherFactory, author_of

pytestmark = pytest.mark.django_db(transaction=True)
URL = reverse("profiles:directory")


def names(client, q: str) -> list[str]:
    return [r.name for r, _ in client.get(URL, {"q": q}).context["rows"]]


def pooled_words_left_stale() -> int:
    """Researchers whose pooled words wait for a rebuild (0 once every write committed)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM profiles_researcher_words_stale")
        return cursor.fetchone()[0]


def test_one_word_search_follows_papers_added_hidden_reworded_and_deleted(client):
    ada, bob = ResearcherFactory(name="Ada Lovelace"), ResearcherFactory(name="Bob Builder")
    author_of(bob, title="Bridges", abstract="Steel under load.")
    assert names(client, "graphene") == []
    paper = author_of(ada, title="Graphene sheets", abstract="Transport in sheets.")
    assert names(client, "graphene") == ["Ada Lovelace"]
    assert pooled_words_left_stale() == 0

    paper_set_hidden(paper=paper, hidden=True)
    assert names(client, "graphene") == []
    paper_set_hidden(paper=Paper.objects.get(pk=paper.pk), hidden=False)
    assert names(client, "graphene") == ["Ada Lovelace"]

    # A curator rewords the title: the old word leads nowhere, the new one to her.
    paper = Paper.objects.get(pk=paper.pk)
    paper.title = "Silicene sheets"
    curated_edit_save(obj=paper, changed={"title"}, release=set())
    assert names(client, "graphene") == []
    assert names(client, "silicene") == ["Ada Lovelace"]

    paper_delete(paper=Paper.objects.get(pk=paper.pk))
    assert names(client, "silicene") == []
    assert names(client, "steel") == ["Bob Builder"]  # nobody else's words moved
    assert pooled_words_left_stale() == 0


def test_one_word_search_follows_a_merge_and_a_shared_paper(client):
    ada, copy = ResearcherFactory(name="Ada Lovelace"), ResearcherFactory(name="A. Lovelace")
    author_of(copy, title="Analytical engines", abstract="Notes on the engine.")
    assert names(client, "engines") == ["A. Lovelace"]
    researcher_merge(source=copy, target=ada)
    assert names(client, "engines") == ["Ada Lovelace"]
    # Several words must still share one paper: pooled words alone would list her for these.
    author_of(ada, title="Difference tables", abstract="Tables of numbers.")
    assert names(client, "engine tables") == []
    assert names(client, "engine notes") == ["Ada Lovelace"]
    assert pooled_words_left_stale() == 0
