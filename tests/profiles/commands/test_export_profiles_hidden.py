"""export_profiles leaves out researchers a curator hid, says so, and includes them on request."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories.pages import ResearcherFactory

pytestmark = pytest.mark.django_db


def _export(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_profiles", *args, stdout=out, stderr=err)
    return [r["name"] for r in json.loads(out.getvalue())["researchers"]], err.getvalue()


def test_hidden_researchers_are_left_out_and_the_count_is_said():
    ResearcherFactory(name="Shown Person")
    ResearcherFactory(name="Hidden Person", hidden=True)
    names, said = _export()
    assert names == ["Shown Person"]
    assert "Left out 1 hidden or unpublished researcher(s); add --include-hidden" in said
    names, said = _export("--include-hidden")
    assert names == ["Hidden Person", "Shown Person"] and said == ""


def test_asking_for_a_hidden_researcher_by_name_says_how_to_get_them():
    ResearcherFactory(name="Hidden Person", hidden=True)
    with pytest.raises(CommandError, match="hidden by a curator; add --include-hidden"):
        _export("--researcher", "Hidden Person")
