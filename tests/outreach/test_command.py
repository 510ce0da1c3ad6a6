"""`manage.py draft_outreach` renders one draft, as text or JSON, and refuses bad templates."""
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories.outreach import UserFactory


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("draft_outreach", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_subject_body_papers_and_flags(applicant, researcher):
    data = json.loads(run("--user", "ada", "--researcher", "Chidi Okafor", "--json"))
    assert set(data) == {"subject", "body", "papers", "flags", "ready"}
    assert "Professor Okafor" in data["body"] and data["ready"] is True
    assert all(set(p) == {"title", "date"} for p in data["papers"])
    assert all(isinstance(f, str) for f in data["flags"])


def test_a_user_without_a_profile_gets_a_draft_with_the_most_recent_paper(researcher):
    UserFactory(username="fresh")
    data = json.loads(run("--user", "fresh", "--researcher", "chidi okafor", "--json"))
    assert data["papers"][0] == {"title": "A Study of Graph Coloring Heuristics", "date": "2026-05-01"}
    assert data["ready"] is False  # no name to sign with: "[your name]" is left in


def test_template_file_is_used_as_the_template_source(applicant, researcher, tmp_path):
    f = tmp_path / "mine.txt"
    f.write_text("Subject: About {{ paper.title }}\nDear {{ researcher.salutation }}, hello.\n{{ applicant.name }}")
    data = json.loads(run("--user", "ada", "--researcher", "Chidi Okafor", "--template", str(f), "--json"))
    assert data["subject"].startswith("About ")
    assert data["body"].startswith("Dear Professor Okafor, hello.")


@pytest.mark.parametrize("source,expected", [
    ("Dear {{ researcher.email }}", "line 1"),
    ("ok\n{{ ''.__class__.__mro__ }}", "Not allowed"),
    ("{% for x in %}", "Syntax error"),
    ("Subject: fine\nok\n{{ nope }}", "line 3: 'nope' is undefined"),
])
def test_a_bad_template_exits_with_the_users_message(applicant, researcher, tmp_path, source, expected):
    f = tmp_path / "bad.txt"
    f.write_text(source)
    with pytest.raises(CommandError, match=expected):
        run("--user", "ada", "--researcher", "Chidi Okafor", "--template", str(f))


def test_unknown_researcher_is_an_error(applicant):
    with pytest.raises(CommandError, match="No researcher named"):
        run("--user", "ada", "--researcher", "Nobody Here")
