"""add_researcher and refresh_sources as a user runs them, offline included."""
import json
from io import StringIO

import httpx
import pytest
import respx
from django.core.management import call_command

from profiles import tasks
from profiles.models import Capture, Researcher, SourceLink, SourceOutcome
from profiles.services import researcher_get_or_create
from tests.fixtures.sources import source_bytes
from tests.profiles.commands.running import run

pytestmark = pytest.mark.django_db
OFFLINE = httpx.ConnectError("[Errno -3] Temporary failure in name resolution")



@respx.mock
def test_add_offline_says_in_one_line_what_could_not_be_reached():
    respx.route().mock(side_effect=OFFLINE)
    code, out, err = run("add_researcher", "https://dblp.org/pid/95/7448-1")
    assert code == 1 and out == ""
    assert err.strip() == ("DBLP 95/7448-1: could not reach dblp.org: the name could not be resolved "
                           "(no network?); nothing changed.")
    assert not Researcher.objects.exists() and not SourceLink.objects.exists()


@respx.mock
def test_refresh_offline_reports_one_line_per_source_and_keeps_everything():
    respx.route().mock(side_effect=OFFLINE)
    person, _ = researcher_get_or_create(name="Di Xu")
    SourceLink.objects.create(researcher=person, kind="dblp", external_id="95/7448-1")
    SourceLink.objects.create(researcher=person, kind="openalex", external_id="A5017898742")
    code, out, err = run("refresh_sources")
    assert code == 1
    lines = [line for line in err.splitlines() if line]
    assert lines[:2] == [
        "DBLP 95/7448-1: could not reach dblp.org: the name could not be resolved (no network?); nothing changed.",
        "OpenAlex A5017898742: could not reach api.openalex.org: the name could not be resolved (no network?); "
        "nothing changed.",
    ]
    assert "2 of 2 source(s) failed; they will be retried on a later run." in lines[-1]
    assert set(SourceLink.objects.values_list("last_outcome", flat=True)) == {SourceOutcome.UNREACHABLE}
    assert not Capture.objects.exists()
    # Not due again until the back-off has passed.
    assert run("refresh_sources")[1] == "Nothing to refresh: no linked source is due.\n"


@respx.mock
def test_add_json_reports_the_researcher_and_counts():
    respx.get("https://dblp.org/pid/95/7448-1.xml").mock(
        return_value=httpx.Response(200, content=source_bytes("dblp_di_xu_0001.xml")))
    code, out, _ = run("add_researcher", "https://dblp.org/pid/95/7448-1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["researcher"] == "Di Xu" and data["papers_added"] == 8 and data["outcome"] == "updated"


@respx.mock
def test_name_search_lists_candidates_and_adds_nothing():
    respx.get("https://api.openalex.org/authors").mock(
        return_value=httpx.Response(200, content=source_bytes("openalex_author_search_mearman.json")))
    code, out, _ = run("add_researcher", "Mearman", "--source", "openalex")
    assert code == 1 and "8 people match; nothing added" in out
    assert "Joseph Mearman (Bangor University; 9 papers) [openalex A5017898742]" in out
    assert not Researcher.objects.exists()


def test_refresh_for_an_unknown_researcher_says_so():
    code, _, err = run("refresh_sources", "--researcher", "Nobody Atall")
    assert code == 1 and "No researcher named “Nobody Atall”" in err


def test_saved_response_imports_offline_like_any_capture(tmp_path):
    path = tmp_path / "works.json"
    path.write_bytes(source_bytes("openalex_works_joseph_mearman.json"))
    out = StringIO()
    call_command("import_profiles", str(path), stdout=out, stderr=StringIO())
    assert "openalex_works, Joseph Mearman: papers added 9" in out.getvalue()
    capture = Capture.objects.get()
    assert bytes(capture.raw) == source_bytes("openalex_works_joseph_mearman.json") and capture.source_url == ""


def test_background_runs_queue_one_task_and_print_its_id(monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(tasks.source_add_task, "apply_async",
                        lambda args, kwargs, **options: sent.append((tasks.source_add_task.name, args, options)))
    monkeypatch.setattr(tasks.sources_refresh_task, "apply_async",
                        lambda args, kwargs, **options: sent.append((tasks.sources_refresh_task.name, args, options)))
    person, _ = researcher_get_or_create(name="Di Xu")
    link = SourceLink.objects.create(researcher=person, kind="dblp", external_id="95/7448-1")
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _ = run("add_researcher", "https://orcid.org/0000-0002-7262-6251", "--background")
    assert code == 0 and sent[0][1] == ("https://orcid.org/0000-0002-7262-6251", None, None)
    assert out.strip() == f"https://orcid.org/0000-0002-7262-6251: queued as task {sent[0][2]['task_id']}"
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _ = run("refresh_sources", "--background")
    assert code == 0 and sent[1][1] == ([link.pk],) and out.strip().startswith("1 source(s) queued as task ")
    assert not Capture.objects.exists()  # nothing fetched in the command itself


@respx.mock
def test_add_with_an_arxiv_page_that_stays_empty_reports_a_partial_result_and_succeeds():
    api = "https://export.arxiv.org/api/query"
    respx.get(api, params={"start": "0"}).mock(return_value=httpx.Response(
        200, content=source_bytes("arxiv_atom_query_testing_2026.xml")))
    respx.get(api, params={"start": "10"}).mock(return_value=httpx.Response(
        200, content=source_bytes("arxiv_atom_empty_2026.xml")))
    code, out, err = run("add_researcher", "https://arxiv.org/a/gotlieb_a_1")
    assert code == 0, err
    assert "Arnaud Gotlieb: partial result: 1 page(s)" in out
    assert "answered page 2 (from entry 11) with no entries 3 times" in out
    assert "nothing changed" not in out + err
    assert Researcher.objects.get(name="Arnaud Gotlieb").papers.count() == 1
