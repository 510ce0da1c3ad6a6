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
    out = json.loads(run("randomized numerical linear algebra", "--top", "3", "--json"))
    assert out["not_covered"] == []
    results = out["results"]
    assert 1 <= len(results) <= 3
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    for r in results:
        assert set(r) == {"name", "fit", "score", "axes", "reasons", "terms"}
        assert r["fit"] in {"strong", "good", "weak"}
        assert set(r["axes"]) == {"topic", "method", "trajectory", "certainty"}
        assert all(set(reason) == {"title", "date", "date_precision", "snippet"} for reason in r["reasons"])
        assert all(isinstance(t, str) for t in r["terms"])
    assert results[0]["name"] == "Michael W. Mahoney"
    top = results[0]
    assert top["reasons"] and re.match(r"\d{4}-\d{2}-\d{2}$", top["reasons"][0]["date"])
    assert "randomized numerical linear algebra" in top["terms"]
    assert top["fit"] in {"strong", "good"}


def test_a_phrase_no_paper_covers_is_named_and_nobody_is_called_a_fit(seeded):
    out = json.loads(run("robust optimization for machine learning, federated learning", "--json"))
    assert out["not_covered"] == ["federated learning"]
    table = run("federated learning")
    assert table.startswith("Nothing here on federated learning")
    assert {r["fit"] for r in json.loads(run("federated learning", "--json"))["results"]} <= {"weak"}


def test_off_topic_interests_are_never_labelled_a_fit(seeded):
    for text in ("medieval French poetry and troubadour songs", "labor economics and minimum wage policy",
                 "machine learning", "deep learning for medical imaging"):
        fits = {r["fit"] for r in json.loads(run(text, "--top", "10", "--json"))["results"]}
        assert fits <= {"weak"}, text


def test_fit_follows_evidence_not_rank(seeded):
    """Two researchers on the same narrow topic can both be strong; the runner-up on a
    subject only one covers is weak: the score is absolute, not its place in the list."""
    results = json.loads(run("loss of plasticity in continual learning", "--top", "3", "--json"))["results"]
    assert results[0]["name"] == "Keivan Alizadeh" and results[0]["fit"] == "strong"
    assert "loss of plasticity" in results[0]["terms"]
    assert results[1]["fit"] == "weak" and results[1]["score"] < 0.5 < results[0]["score"]


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
