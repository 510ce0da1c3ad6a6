"""import_shortlist and export_shortlist: output and exit codes."""
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shortlist.selectors import saved_researcher_ids
from tests.factories.shortlist import ResearcherFactory

pytestmark = pytest.mark.django_db


def test_import_all_matched_exits_zero_and_prints_each_match(owner, tmp_path, capsys):
    jurgen = ResearcherFactory(name="Jürgen Schmidhuber")
    names = tmp_path / "names.csv"
    names.write_text("name\nJurgen Schmidhuber\n")
    call_command("import_shortlist", "--user", "owner", str(names))
    out = capsys.readouterr().out
    assert "row 2: Jurgen Schmidhuber: matched Jürgen Schmidhuber" in out
    assert saved_researcher_ids(user=owner) == {jurgen.pk}


def test_import_with_an_unmatched_row_saves_the_rest_and_exits_non_zero(owner, tmp_path, capsys):
    ResearcherFactory(name="Yann LeCun")
    names = tmp_path / "names.csv"
    names.write_text("Yann LeCun\nNobody Known\n")
    with pytest.raises(CommandError, match="1 matched nothing") as raised:
        call_command("import_shortlist", "--user", "owner", str(names))
    assert raised.value.returncode == 1
    assert "Nobody Known: not saved: no researcher" in capsys.readouterr().out
    assert len(saved_researcher_ids(user=owner)) == 1


@pytest.mark.parametrize("command", ["import_shortlist", "export_shortlist"])
def test_unknown_user_is_a_clear_error(db, tmp_path, command):
    names = tmp_path / "n.csv"
    names.write_text("x\n")
    args = ["--user", "ghost"] + ([str(names)] if command == "import_shortlist" else [])
    with pytest.raises(CommandError, match="No user named “ghost”"):
        call_command(command, *args)


def test_import_missing_file_is_a_clear_error(owner):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_shortlist", "--user", "owner", "/nonexistent/names.csv")


def test_export_prints_csv_and_json(owner, capsys):
    from shortlist.services import entry_save

    entry_save(user=owner, researcher=ResearcherFactory(name="Grace Hopper", affiliation="Yale"))
    call_command("export_shortlist", "--user", "owner")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("name,affiliation,status,priority,tags,follow_up_on,notes,saved_at")
    assert lines[1].startswith("Grace Hopper,Yale,considering,normal")
    call_command("export_shortlist", "--user", "owner", "--format", "json")
    assert json.loads(capsys.readouterr().out)["entries"][0]["affiliation"] == "Yale"
