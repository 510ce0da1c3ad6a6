"""`manage.py match`: ranks the catalogue imported from the seeds for ad-hoc text or a CV."""
import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from profiles.services import capture_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeds_dir):
    dates = json.loads((seeds_dir / "captures.json").read_text())
    for path in sorted(seeds_dir.glob("*.txt")):
        capture_import(raw=path.read_bytes(), captured_on=date.fromisoformat(dates[path.name]["captured_on"]),
                       filename=path.name)


def run(*args) -> str:
    out = StringIO()
    call_command("match", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_the_documented_shape_best_first(seeded):
    results = json.loads(run("randomized numerical linear algebra", "--top", "3", "--json"))["results"]
    assert 1 <= len(results) <= 3
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    for r in results:
        assert set(r) == {"name", "score", "axes", "reasons", "terms"}
        assert set(r["axes"]) == {"topic", "method", "trajectory", "certainty"}
        assert all(set(reason) == {"title", "date", "snippet"} for reason in r["reasons"])
        assert all(isinstance(t, str) for t in r["terms"])
    assert results[0]["name"] == "Michael W. Mahoney"
    top = results[0]
    assert top["reasons"] and re.match(r"\d{4}-\d{2}-\d{2}$", top["reasons"][0]["date"])
    assert {"randomized", "linear", "algebra"} & set(top["terms"])


def test_resume_file_is_ranked_too(seeded, tmp_path):
    cv = tmp_path / "cv.txt"
    cv.write_text("Jane Doe. Research: speculative decoding and efficient inference of large language models.")
    results = json.loads(run("--resume", str(cv), "--json"))["results"]
    assert results and all(r["score"] > 0 for r in results)


def test_table_output_names_reasons_and_terms(seeded):
    out = run("bilevel optimization data mixing", "--top", "2")
    assert out.startswith("  1. ") and "shared terms:" in out


def test_unreadable_resume_is_refused_with_the_reason(seeded, tmp_path):
    fake = tmp_path / "cv.pdf"
    fake.write_bytes(b"not a pdf at all")
    with pytest.raises(CommandError, match="not a PDF"):
        run("--resume", str(fake))
    with pytest.raises(CommandError, match="Check the path"):
        run("--resume", str(tmp_path / "missing.pdf"))


def test_no_interests_and_no_resume_is_refused():
    with pytest.raises(CommandError, match="Give some interests"):
        run()


def test_oversized_resume_is_refused_before_it_is_read(tmp_path, settings):
    settings.CV_MAX_BYTES = 1024 * 1024
    huge = tmp_path / "cv.pdf"
    huge.write_bytes(b"%PDF-1.7\n" + b"0" * (3 * 1024 * 1024))
    with pytest.raises(CommandError, match="“cv.pdf” is 3.0 MB; CVs can be at most 1 MB. Export a smaller PDF"):
        run("interests", "--resume", str(huge))
