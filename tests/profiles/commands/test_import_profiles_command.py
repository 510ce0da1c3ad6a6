"""The import_profiles / export_profiles commands as a user runs them."""
import json
from datetime import date
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from profiles.models import Capture, CaptureOutcome, Paper, Researcher

from tests.profiles.importers.real_captures import HERE

from .running import run as run_command

pytestmark = pytest.mark.django_db


def run(*args):
    return run_command("import_profiles", *args)


def test_importing_the_seeds_folder_reports_each_file(seeds_dir):
    code, out, err = run(str(seeds_dir))
    assert code == 1  # the Daily Papers list names nobody: it waits for assignment
    assert "003_" in err and "awaiting_assignment" in err and "1 of 5" in err
    for name in ("Meisam Razaviyayn", "Vahab Mirrokni", "Keivan Alizadeh", "Michael W. Mahoney"):
        assert name in out
    assert "phdfit" in out and "alphaxiv" in out and "arxiv_listing" in out
    assert Capture.objects.count() == 5
    # Capture dates come from the folder's captures.json.
    assert str(Capture.objects.get(filename__contains="004_").captured_on) == "2025-12-10"


def test_every_capture_imported_exits_zero_with_summary(seeds_dir):
    code, out, _ = run(str(next(seeds_dir.glob("000_*"))), "--captured-on", "2026-05-20")
    assert code == 0 and "papers added 6" in out


def test_researcher_option_alone_attaches_nothing_from_a_list_that_names_nobody(seeds_dir):
    code, out, err = run(str(next(seeds_dir.glob("003_*"))), "--researcher", "Ada Lovelace")
    assert code == 1 and "awaiting_assignment" in err and "--entries" in err
    assert not Researcher.objects.exists() and not Paper.objects.exists()


def test_entries_attach_only_the_confirmed_papers_of_a_list_that_names_nobody(seeds_dir):
    code, out, _ = run(str(next(seeds_dir.glob("003_*"))), "--researcher", "Ada Lovelace", "--entries", "1,4,7")
    assert code == 0 and "Ada Lovelace" in out and "papers added 3" in out
    assert "Entries 2, 3, 5" in out  # the rest are reported with the reason
    assert Researcher.objects.get().papers.count() == 3


def test_bad_files_exit_nonzero_with_one_line_reason_and_create_nothing(tmp_path, settings):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "page.html").write_text("<html><head><title>x</title></head><body>Prof</body></html>")
    settings.CAPTURE_MAX_BYTES = 300
    (tmp_path / "huge.txt").write_text("x" * 301)
    code, out, err = run(str(tmp_path))
    assert code == 1
    lines = [line for line in err.splitlines() if "NOT IMPORTED" in line]
    assert len(lines) == 4
    assert any("empty.txt" in line and "(empty)" in line for line in lines)
    assert any("photo.txt" in line and "(binary)" in line for line in lines)
    assert any("page.html" in line and "(html)" in line for line in lines)
    assert any("huge.txt" in line and "(too_large)" in line for line in lines)
    assert not Capture.objects.exists() and not Paper.objects.exists()


def test_bad_arguments_get_clear_messages(tmp_path):
    code, _, err = run(str(tmp_path / "missing.txt"))
    assert code == 1 and "no such file" in err
    code, _, err = run(str(tmp_path), "--captured-on", "20/05/2026")
    assert code == 1 and "YYYY-MM-DD" in err


def test_export_prints_the_documented_json(seeds_dir, tmp_path):
    for prefix in ("000", "001"):
        shutil.copy(next(seeds_dir.glob(f"{prefix}_*")), tmp_path)
    shutil.copy(seeds_dir / "captures.json", tmp_path)
    assert run(str(tmp_path))[0] == 0
    out = StringIO()
    call_command("export_profiles", stdout=out)
    data = json.loads(out.getvalue())
    assert [r["name"] for r in data["researchers"]] == ["Meisam Razaviyayn", "Vahab Mirrokni"]
    mirrokni = data["researchers"][1]
    assert set(mirrokni) >= {"name", "slug", "title", "affiliation", "department", "about", "topics", "metrics",
                             "coauthors", "education", "awards", "labs", "papers", "sources"}
    assert mirrokni["metrics"] == {"h_index": 117, "citations": 10519, "paper_count": 95,
                                   "novelty_pct": 60, "ai_score": 63}
    atlas = next(p for p in mirrokni["papers"] if p["title"].startswith("ATLAS"))
    assert sorted(atlas["researchers"]) == ["Meisam Razaviyayn", "Vahab Mirrokni"]
    # The keys export_profiles always printed, and what a catalogue pack adds for the round trip.
    assert set(atlas) == {"title", "date", "date_precision", "venues", "kind", "open_access", "abstract", "authors",
                          "author_count", "categories", "has_code", "orgs", "researchers",
                          "arxiv_id", "doi", "abstract_complete", "authors_complete", "comments", "identity_key",
                          "locked_fields", "hidden", "basis", "source"}
    assert data["format"] == "advisor-scout-catalogue" and data["version"] == 1
    assert atlas["basis"] in ("own_profile", "author_list") and atlas["source"] in {c["sha256"] for c in data["captures"]}
    assert mirrokni["sources"][0]["layout"] == "alphaxiv" and len(mirrokni["sources"][0]["sha256"]) == 64
    one = StringIO()
    call_command("export_profiles", "--researcher", "vahab mirrokni", stdout=one)
    assert [r["name"] for r in json.loads(one.getvalue())["researchers"]] == ["Vahab Mirrokni"]
    with pytest.raises(CommandError, match="No researcher named"):
        call_command("export_profiles", "--researcher", "Nobody Here", stdout=StringIO())


def test_background_import_queues_one_task_per_capture(seeds_dir, settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            code, out, _ = run(str(next(seeds_dir.glob("002_*"))), "--background", "--captured-on", "2026-03-10")
    finally:
        app.conf.task_always_eager = False
    assert code == 0 and "as task" in out
    assert Capture.objects.get().outcome == CaptureOutcome.IMPORTED
    assert Researcher.objects.get().name == "Keivan Alizadeh"


@pytest.fixture
def listing_kept_for_review(tmp_path):
    # A real arXiv listing whose own count was edited to disagree with the 50 entries read.
    path = tmp_path / "hinton.txt"
    path.write_bytes((HERE / "arxiv_list_new_hinton.txt").read_bytes().replace(b"Total of 50 entries", b"Total of 40 entries"))
    return path


def test_a_capture_kept_for_review_is_imported_anyway_from_the_command_line(listing_kept_for_review):
    path = str(listing_kept_for_review)
    code, out, err = run(path, "--captured-on", "2026-02-06")
    assert code == 1 and "needs_review" in err and "--import-anyway" in err
    assert Capture.objects.get().outcome == CaptureOutcome.NEEDS_REVIEW and not Paper.objects.exists()

    # The curator checked it: the same file again, accepted.
    code, out, err = run(path, "--captured-on", "2026-02-06", "--import-anyway")
    assert code == 0, err
    capture = Capture.objects.get()
    assert capture.outcome == CaptureOutcome.IMPORTED and capture.review_accepted
    assert capture.warnings[0].startswith("Imported anyway by import_profiles --import-anyway on ")
    assert any("says there are 40 entries, but 50 were read" in w for w in capture.warnings)
    assert Researcher.objects.get().papers.count() == 50
    assert "Geoffrey Hinton" in out and "imported anyway" in out


def test_import_anyway_imports_a_new_file_held_for_review_in_one_run(listing_kept_for_review):
    code, out, err = run(str(listing_kept_for_review), "--captured-on", "2026-02-06", "--import-anyway")
    assert code == 0, err
    assert Capture.objects.get().outcome == CaptureOutcome.IMPORTED and Paper.objects.count() == 50


def test_import_anyway_leaves_a_capture_that_imports_cleanly_as_it_is(seeds_dir):
    code, out, err = run(str(next(seeds_dir.glob("004_*.txt"))), "--import-anyway")
    assert code == 0, err
    assert not Capture.objects.get().review_accepted


@pytest.mark.parametrize("other", ["--background", "--dry-run"])
def test_import_anyway_says_what_it_cannot_be_combined_with(listing_kept_for_review, other):
    code, out, err = run(str(listing_kept_for_review), "--import-anyway", other)
    assert code == 1 and "--import-anyway" in err and other in err
    assert not Capture.objects.exists()


def test_a_capture_without_a_given_date_takes_the_one_it_shows(seeds_dir, tmp_path):
    # Seed 003, the Daily Papers list of "Apr 20", outside its folder's captures.json.
    path = tmp_path / "daily_papers.txt"
    path.write_bytes(next(seeds_dir.glob("003_*.txt")).read_bytes())
    run(str(path))
    today = date.today()
    shown = date(today.year, 4, 20) if date(today.year, 4, 20) <= today else date(today.year - 1, 4, 20)
    assert Capture.objects.get().captured_on == shown
