"""``AnyOf``: one of a list of values, sent as one array on PostgreSQL and as ``IN`` elsewhere,
with the same rows either way (quotes, accents and a value as long as a name key can be)."""
import pytest
from django.db.models import F

from config.lookups import AnyOf
from profiles.models import Researcher
from tests.factories import ResearcherFactory

pytestmark = pytest.mark.django_db

NAMES = ["Ana García", "Seán O'Brien", "Zoë d’Arc-Ñuñez", "Li " + "x" * 280]


def test_the_rows_whose_value_is_in_the_list_and_no_other():
    made = {name: ResearcherFactory(name=name) for name in NAMES}
    ResearcherFactory(name="Ana Garcias")  # a longer key is another value
    keys = [made[n].name_key for n in NAMES[1:]] + ["nobody here"]

    found = Researcher.objects.filter(AnyOf(F("name_key"), keys)).order_by("pk").values_list("name", flat=True)

    assert list(found) == NAMES[1:]
