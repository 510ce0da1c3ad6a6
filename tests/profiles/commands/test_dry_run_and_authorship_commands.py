"""import_profiles --dry-run --json, --entries, and unverified_authorships, as a curator runs them."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import Authorship, Capture, Paper, Researcher
from tests.profiles.importers.real_captures import HERE as REAL

from .running import run

pytestmark = pytest.mark.django_db
PAPER_KEYS = {"title", "date", "date_precision", "authors", "author_count", "categories", "arxiv_id", "doi",
              "abstract_complete", "attached"}
CAPTURE_KEYS = {"file", "layout", "outcome", "researcher", "candidates", "warnings", "papers"}


def test_dry_run_json_reports_in_the_issue_shape_and_touches_no_table(seeds_dir):
    paths = [str(REAL / "arxiv_author_page_barto.txt"), str(next(seeds_dir.glob("003_*")))]
    with CaptureQueriesContext(connection) as queries:
        code, out, _ = run("import_profiles", *paths, "--dry-run", "--json", "--captured-on", "2026-04-20")
    assert len(queries) == 0
    report = json.loads(out)
    assert set(report) == {"captures"} and [set(c) for c in report["captures"]] == [CAPTURE_KEYS] * 2
    barto, daily = report["captures"]
    assert all(set(p) == PAPER_KEYS for c in report["captures"] for p in c["papers"])
    assert barto["outcome"] == "imported" and barto["layout"] == "arxiv_listing" and barto["researcher"]
    assert barto["papers"][0] | {"authors": None} == {
        "title": "On Ensuring that Intelligent Machines Are Well-Behaved", "date": "2017-08-01",
        "date_precision": "month", "authors": None, "author_count": 4, "categories": ["cs.AI"],
        "arxiv_id": "1708.05448", "doi": None, "abstract_complete": False, "attached": True}
    assert daily["outcome"] == "awaiting_assignment" and daily["researcher"] is None
    assert not any(p["attached"] for p in daily["papers"])
    # The status the real import would have: the Daily Papers list would wait.
    assert code == 1
    assert not Capture.objects.exists() and not Paper.objects.exists() and not Researcher.objects.exists()


def test_dry_run_status_is_zero_when_every_capture_would_import():
    code, out, _ = run("import_profiles", str(REAL / "arxiv_author_page_amodei.txt"), "--dry-run")
    assert code == 0 and "would be imported" in out and "[33] attach" in out


def test_dry_run_with_entries_shows_exactly_which_entries_would_attach(seeds_dir):
    code, out, _ = run("import_profiles", str(next(seeds_dir.glob("003_*"))), "--dry-run", "--json",
                       "--researcher", "Ada Lovelace", "--entries", "2,5")
    (capture,) = json.loads(out)["captures"]
    assert code == 0 and capture["outcome"] == "imported"
    assert [n for n, p in enumerate(capture["papers"], 1) if p["attached"]] == [2, 5]
    assert any("--entries" in w for w in capture["warnings"])


@pytest.mark.parametrize("entries, message", [("1,x", "separated by commas"), ("0", "numbered from 1")])
def test_malformed_entries_are_refused_with_how_to_write_them(seeds_dir, entries, message):
    code, _, err = run("import_profiles", str(next(seeds_dir.glob("003_*"))), "--researcher", "A B",
                       "--entries", entries)
    assert code == 1 and message in err and not Capture.objects.exists()


def test_an_entry_not_on_the_page_is_refused_and_nothing_is_stored(seeds_dir):
    code, _, err = run("import_profiles", str(next(seeds_dir.glob("003_*"))), "--researcher", "Ada Lovelace",
                       "--entries", "1,99")
    assert code == 1 and "Entry 99 is not in this capture, which lists 37 entries" in err
    assert not Capture.objects.exists() and not Paper.objects.exists()


def test_entries_need_a_researcher_and_json_needs_dry_run(seeds_dir):
    seed = str(next(seeds_dir.glob("003_*")))
    assert "--researcher" in run("import_profiles", seed, "--entries", "1")[2]
    assert "add --dry-run" in run("import_profiles", seed, "--json")[2]


def test_unverified_authorships_lists_old_attachments_that_fail_and_changes_nothing():
    ada = Researcher.objects.create(name="Ada Lovelace", name_key="ada lovelace", slug="ada")
    paper = Paper.objects.create(title="Someone Else's", title_key="someone elses", authors=["Bo Chan"])
    Authorship.objects.create(researcher=ada, paper=paper)
    code, out, _ = run("unverified_authorships")
    assert code == 0 and "Ada Lovelace: “Someone Else's”" in out and "not among its authors (Bo Chan)" in out
    assert json.loads(run("unverified_authorships", "--json")[1])["authorships"][0]["paper_id"] == paper.pk
    assert Authorship.objects.count() == 1


def test_admin_paper_list_filters_papers_failing_the_authorship_check(admin_client):
    ada = Researcher.objects.create(name="Ada Lovelace", name_key="ada lovelace", slug="ada")
    bad = Paper.objects.create(title="Someone Else's Paper", title_key="x", authors=["Bo Chan"])
    good = Paper.objects.create(title="Ada's Own Paper", title_key="y", authors=["A. Lovelace"])
    for paper in (bad, good):
        Authorship.objects.create(researcher=ada, paper=paper)
    page = admin_client.get("/admin/profiles/paper/", {"authorship_check": "failing"}).content.decode()
    assert "Someone Else&#x27;s Paper" in page and "Ada&#x27;s Own Paper" not in page


def test_a_successful_import_prints_nothing_on_stderr(tmp_path, seeds_dir):
    """Run as a user does, in its own process: kombu's 'No hostname was supplied' never shows."""
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CELERY_BROKER_DIR": str(tmp_path),
           "REDIS_URL": "", "DJANGO_SETTINGS_MODULE": "config.settings"}
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run(manage + ["migrate", "-v0"], env=env, check=True, cwd=root, capture_output=True)
    done = subprocess.run(manage + ["import_profiles", str(next(seeds_dir.glob("004_*")))], env=env, cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Michael W. Mahoney" in done.stdout
    assert done.stderr == ""
