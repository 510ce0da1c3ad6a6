"""A merge takes the merged record's curated values only where the survivor had none, and with
them their locks: the survivor does not become locked in fields it did not take."""
import pytest

from profiles.services import researcher_merge
from tests.factories import ResearcherFactory

pytestmark = pytest.mark.django_db


def test_the_survivor_gets_only_the_locks_of_the_fields_it_takes():
    source = ResearcherFactory(name="Ana Garcia", affiliation="Curated University", title="",
                               about="Curated words", locked_fields=["about", "affiliation"])
    target = ResearcherFactory(name="Ana García", affiliation="Imported University", title="Professor",
                               about="", locked_fields=["title"])

    survivor = researcher_merge(source=source, target=target)

    survivor.refresh_from_db()
    assert survivor.affiliation == "Imported University"  # the survivor's own value wins...
    assert survivor.about == "Curated words"  # ...and its gap is filled from the other record
    # "about" came with its lock; the survivor's own affiliation is not locked by a lock on a
    # value it did not take, so the next import still updates it.
    assert survivor.locked_fields == ["about", "title"]
