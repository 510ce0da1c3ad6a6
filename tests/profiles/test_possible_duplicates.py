"""Who an import names as possibly the same person as a researcher it creates: records sharing
the surname whose given names could be the same, never a one-word name or another surname, on
either database; on PostgreSQL the lookup is answered by the surname index (migration 0023), not
by reading every researcher."""
import pytest
from django.db import connection

from profiles.selectors import researcher_possible_duplicate_names
from profiles.selectors.catalogue import _same_surname
from tests.factories.pages import ResearcherFactory

pytestmark = pytest.mark.django_db


def test_records_of_the_same_surname_whose_given_names_fit_are_named():
    new = ResearcherFactory(name="Ana B. García")
    same = ResearcherFactory(name="Ana Garcia")
    initial = ResearcherFactory(name="A. García")
    ResearcherFactory(name="Ana García-López")  # another surname
    ResearcherFactory(name="Garcia")  # one word: no surname to compare
    ResearcherFactory(name="Carla García")  # the given name does not fit
    ResearcherFactory(name="Ana Garcias")  # a longer surname is not the same one
    found = researcher_possible_duplicate_names(researcher=new)
    assert sorted(pk for pk, _ in found) == sorted([same.pk, initial.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the surname index is PostgreSQL's")
def test_postgresql_answers_from_the_surname_index():
    ResearcherFactory(name="Ana Garcia")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small would be read whole
    assert "researcher_surname_key" in _same_surname("garcia").values("pk").explain()
