"""The directory's search after each write has committed, as another visitor sees it.

On PostgreSQL a one-word search reads each researcher's pooled words (migration 0020), which
the database rebuilds when a write commits; the directory's other tests run inside one open
transaction, where the search reads the changed researchers' papers instead. These commit
every write, so they check the pooled words themselves: each curator's or import's change to
who wrote what, or to what a paper says, shows in the next search."""
import psycopg
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


def own_connection():
    """A connection of its own to the test database, as another process's import would have."""
    settings = connection.settings_dict
    return psycopg.connect(dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or None,
                           port=settings["PORT"] or None, password=settings["PASSWORD"] or None)


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


@pytest.mark.postgres
def test_two_imports_adding_papers_to_one_researcher_neither_wait_nor_lose_words(client):
    """Two transactions attach a paper each to the same researcher at once (two imports of
    coauthors): the second's write does not wait for the first's commit (no deadlock between
    imports that touch each other's researchers), and after both commit a search finds both
    papers' words."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL only (SQLite has one writer at a time)")
    from tests.factories.pages import PaperFactory

    ada = ResearcherFactory(name="Ada Lovelace")
    author_of(ada, title="Engines", abstract="Notes.")
    first, second = PaperFactory(title="Graphene sheets"), PaperFactory(title="Silicene ribbons")
    insert = ("INSERT INTO profiles_authorship (researcher_id, paper_id, basis, created_at) "
              "VALUES (%s, %s, '', now())")
    with own_connection() as one, own_connection() as two:
        one.execute(insert, [ada.pk, first.pk])
        two.execute("SET lock_timeout = '2s'")  # waiting for the first would fail here
        two.execute(insert, [ada.pk, second.pk])
        two.commit()
        one.commit()
    assert names(client, "graphene") == ["Ada Lovelace"]
    assert names(client, "silicene") == ["Ada Lovelace"]
    assert pooled_words_left_stale() == 0


@pytest.mark.postgres
def test_an_import_marks_each_researcher_once_and_its_own_search_sees_its_papers(client):
    """An import writes a capture's authorships one statement each: the researcher is marked
    for a rebuild once (the rebuild at the commit then runs once, not once per paper), and a
    search inside the open transaction finds them by the papers just added, before the commit;
    another visitor finds them after it."""
    if connection.vendor != "postgresql":
        pytest.skip("the pooled words are PostgreSQL's (migration 0020)")
    from tests.factories.pages import PaperFactory

    ada, bob = ResearcherFactory(name="Ada Lovelace"), ResearcherFactory(name="Bob Builder")
    papers = [PaperFactory(title=title) for title in ("Graphene sheets", "Graphene ribbons", "Graphene foam")]
    steel = PaperFactory(title="Steel bridges")
    insert = ("INSERT INTO profiles_authorship (researcher_id, paper_id, basis, created_at) "
              "VALUES (%s, %s, '', now())")
    with own_connection() as importer:
        for paper in papers:
            importer.execute(insert, [ada.pk, paper.pk])
        importer.execute(insert, [bob.pk, steel.pk])
        marks = importer.execute("SELECT researcher_id FROM profiles_researcher_words_stale "
                                 "ORDER BY researcher_id").fetchall()
        assert marks == [(ada.pk,), (bob.pk,)]
        found = importer.execute("SELECT * FROM profiles_researchers_with_papers_matching('graphene')").fetchall()
        assert found == [(ada.pk,)]
        assert names(client, "graphene") == []  # not committed: nobody else sees them yet
        # As the import service does, so pages cached before this change are not served after.
        importer.execute("UPDATE profiles_catalogueversion SET number = number + 1")
        importer.commit()
    assert names(client, "graphene") == ["Ada Lovelace"]
    assert names(client, "steel") == ["Bob Builder"]
    assert pooled_words_left_stale() == 0


def test_hostile_and_oversized_one_word_searches_answer_with_the_page(client):
    """Whatever is typed reaches the word rows as a plain word: quotes, backslashes, query
    operators, other scripts, a NUL byte and a search far past the field's limit all answer
    200, and the one real word still finds her."""
    ada = ResearcherFactory(name="Ada Lovelace")
    author_of(ada, title="Ñandú migration", abstract="Birds of the pampas.")
    for q in ["'; DROP TABLE profiles_researcher_words; --", "\\", "a & !b | c:*", "数据", "x\x00y",
              "pampas" * 2000, "<script>alert(1)</script>"]:
        assert client.get(URL, {"q": q}).status_code == 200, q[:40]
    assert names(client, "pampas") == ["Ada Lovelace"]
    assert names(client, "ñandú") == ["Ada Lovelace"]


@pytest.mark.postgres
def test_a_papers_search_words_stay_in_its_row_and_a_long_abstract_moves_out_instead(client):
    """Searches check a paper's stored words one paper at a time (two-word searches, each
    page's best paper per researcher): the words are kept in the paper's row (migration 0022),
    and when a row is too long it is the abstract, read by no search, that goes out of line."""
    if connection.vendor != "postgresql":
        pytest.skip("row storage: PostgreSQL only")
    ada = ResearcherFactory(name="Ada Lovelace")
    words = " ".join(f"graphene{n} transport{n} lattice{n}" for n in range(120))  # ~3 KB, ~360 lexemes
    author_of(ada, title="Graphene sheets", abstract=words)
    with connection.cursor() as cursor:
        cursor.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = 'profiles_paper'::regclass "
                       "AND attname = 'search_vector'")
        assert cursor.fetchone()[0] == "m"
        cursor.execute("SELECT pg_column_size(search_vector), pg_column_size(abstract) FROM profiles_paper "
                       "WHERE title = 'Graphene sheets'")
        vector_size, abstract_size = cursor.fetchone()
        cursor.execute("SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = 'profiles_paper'::regclass")
        toast = cursor.fetchone()[0]
        cursor.execute(f"SELECT chunk_id, sum(octet_length(chunk_data)) FROM {toast} GROUP BY chunk_id")
        out_of_line = [size for _, size in cursor.fetchall()]
    # The row was too long for both: one value went out of line, the abstract's, not the words.
    assert vector_size > 2000
    assert out_of_line == [abstract_size]
    assert names(client, "graphene7 lattice7") == ["Ada Lovelace"]
