"""Catalogue packs: what `export_profiles` writes imports into another install with
`import_profiles catalogue.json`, losing nothing, keeping curated locks, and a second import
changes nothing. Built from the real seed captures plus a live-source response and curation."""
import json
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from profiles.models import (
    Authorship,
    Capture,
    CaptureOutcome,
    CatalogueVersion,
    Paper,
    Researcher,
    SourceLink,
)
from profiles.services import (
    capture_import,
    curated_edit_save,
    paper_set_hidden,
    researcher_create,
    researcher_get_or_create,
    researcher_merge,
    researcher_reimport,
    researcher_set_hidden,
)

from .running import run

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _export(*args) -> str:
    code, out, err = run("export_profiles", *args)
    assert code == 0, err
    return out


def _version() -> int:
    return CatalogueVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _empty_the_catalogue() -> None:
    """As a fresh install's database: the pack is imported where none of it exists."""
    Authorship.objects.all().delete()
    Paper.objects.all().delete()
    Capture.objects.all().delete()
    SourceLink.objects.all().delete()
    Researcher.objects.all().delete()


def _counts() -> tuple:
    return (Researcher.objects.count(), Paper.objects.count(), Authorship.objects.count(),
            Capture.objects.count(), SourceLink.objects.count(), _version())


@pytest.fixture
def curated_catalogue(seeds_dir, tmp_path):
    """The seeds (one waits for assignment), a DBLP response, and a curator's work on them."""
    folder = tmp_path / "captures"
    shutil.copytree(seeds_dir, folder)
    shutil.copy(FIXTURES / "sources" / "dblp_di_xu_0001.xml", folder)
    run("import_profiles", str(folder))
    mirrokni = Researcher.objects.get(name="Vahab Mirrokni")
    mirrokni.title = "Google Fellow, curated"
    mirrokni.contact_email = "mirrokni@example.org"
    mirrokni.taking_students = "yes"
    mirrokni.taking_students_source = "https://example.org/mirrokni/students"
    curated_edit_save(obj=mirrokni, changed={"title", "contact_email", "taking_students", "taking_students_source"},
                      release=set())
    paper = mirrokni.papers.order_by("title").first()
    paper.title = paper.title + " (curated title)"
    curated_edit_save(obj=paper, changed={"title"}, release=set())
    hidden_paper = mirrokni.papers.exclude(pk=paper.pk).order_by("title").first()
    paper_set_hidden(paper=hidden_paper, hidden=True)
    duplicate = researcher_create(researcher=Researcher(name="V. Mirrokni", affiliation="Google"))
    researcher_merge(source=duplicate, target=mirrokni)
    SourceLink.objects.create(researcher=mirrokni, kind="openalex", external_id="A5064938411",
                              validators={"https://api.openalex.org/authors/A5064938411": {"etag": "W/\"1\""}})
    researcher_set_hidden(researcher=Researcher.objects.get(name="Keivan Alizadeh"), hidden=True)
    applicant = get_user_model().objects.create_user("applicant", password="x")
    researcher_get_or_create(name="Proposed Person", proposed_by=applicant)
    return {"mirrokni": mirrokni, "curated_paper": paper, "hidden_paper": hidden_paper}


def test_round_trip_into_an_empty_install_loses_nothing_and_a_second_import_changes_nothing(
        curated_catalogue, tmp_path):
    first = _export("--include-hidden")
    pack = json.loads(first)
    assert {c["outcome"] for c in pack["captures"]} >= {"imported", "awaiting_assignment"}
    assert len(pack["captures"]) == 6
    path = tmp_path / "catalogue.json"
    path.write_text(first, encoding="utf-8")

    _empty_the_catalogue()
    before = _version()
    code, out, err = run("import_profiles", str(path))
    assert code == 0, err
    assert "catalogue.json: catalogue pack:" in out
    assert _version() == before + 1  # raised once, for the whole pack
    assert _export("--include-hidden") == first

    # What the curator did there holds here: locks, curated fields, hidden state, the merge.
    mirrokni = Researcher.objects.get(name="Vahab Mirrokni")
    assert "title" in mirrokni.locked_fields and mirrokni.title == "Google Fellow, curated"
    assert mirrokni.contact_email == "mirrokni@example.org" and mirrokni.taking_students == "yes"
    assert Researcher.objects.get(name="V. Mirrokni").merged_into == mirrokni
    assert Researcher.objects.get(name="Keivan Alizadeh").hidden
    assert not Researcher.objects.get(name="Proposed Person").published  # still waits for a curator
    assert Paper.objects.get(title=curated_catalogue["hidden_paper"].title).hidden
    assert Capture.objects.get(outcome=CaptureOutcome.AWAITING_ASSIGNMENT).researcher is None
    assert SourceLink.objects.get(kind="openalex").researcher == mirrokni

    # The captures replayed here keep the curation: nothing comes back visible or unlocked.
    researcher_reimport(researcher=mirrokni)
    assert Paper.objects.get(title=curated_catalogue["hidden_paper"].title).hidden
    assert Paper.objects.filter(title=curated_catalogue["curated_paper"].title).exists()
    assert Researcher.objects.get(pk=mirrokni.pk).title == "Google Fellow, curated"
    assert _export("--include-hidden") == first

    counts = _counts()
    code, out, err = run("import_profiles", str(path))
    assert code == 0, err
    assert "catalogue pack: 0 added, 0 changed" in out
    assert _counts() == counts
    assert _export("--include-hidden") == first


def _pack_with_a_curated_title(seeds_dir, tmp_path):
    """A seed imported, its title edited (and so locked) by a curator, and exported as a pack:
    the seed's bytes and the pack's path."""
    seed = next(seeds_dir.glob("001_*")).read_bytes()  # Vahab Mirrokni's alphaXiv page
    capture_import(raw=seed, captured_on=__import__("datetime").date(2025, 12, 1))
    researcher = Researcher.objects.get()
    researcher.title = "Curated there"
    curated_edit_save(obj=researcher, changed={"title"}, release=set())
    path = tmp_path / "catalogue.json"
    path.write_text(_export(), encoding="utf-8")
    return seed, path


def test_a_pack_imported_over_existing_records_links_them_and_brings_its_locks(seeds_dir, tmp_path):
    seed, path = _pack_with_a_curated_title(seeds_dir, tmp_path)

    _empty_the_catalogue()
    capture_import(raw=seed, captured_on=__import__("datetime").date(2025, 12, 1))
    here = Researcher.objects.get()
    assert here.locked_fields == [] and here.title != "Curated there"
    papers = Paper.objects.count()
    code, out, err = run("import_profiles", str(path))
    assert code == 0, err
    here = Researcher.objects.get()  # linked (same capture), not duplicated
    assert here.title == "Curated there" and here.locked_fields == ["title"]
    assert Paper.objects.count() == papers
    researcher_reimport(researcher=here)
    assert Researcher.objects.get().title == "Curated there"  # the lock holds against this install's imports
    code, out, _ = run("import_profiles", str(path))
    assert "0 added, 0 changed" in out


def test_a_field_locked_here_keeps_this_installs_value_and_says_so(seeds_dir, tmp_path):
    seed, path = _pack_with_a_curated_title(seeds_dir, tmp_path)
    researcher = Researcher.objects.get()
    researcher.title = "Curated here"
    curated_edit_save(obj=researcher, changed={"title"}, release=set())
    code, out, _ = run("import_profiles", str(path))
    assert code == 0
    assert Researcher.objects.get().title == "Curated here"
    assert "researchers[0].title: kept this install's curated value (locked here too)" in out


def test_a_namesake_elsewhere_is_not_linked(tmp_path):
    researcher_create(researcher=Researcher(name="Ana García", affiliation="University of Lisbon"))
    path = tmp_path / "catalogue.json"
    pack = json.loads(_export())
    pack["researchers"][0]["affiliation"] = "Stanford University"
    pack["researchers"][0]["slug"] = "ana-garcia-stanford"
    path.write_text(json.dumps(pack), encoding="utf-8")
    code, out, _ = run("import_profiles", str(path))
    assert code == 0
    assert Researcher.objects.filter(name="Ana García").count() == 2
    assert "not linked to 'Ana García' here" in out and "another affiliation" in out


def test_dry_run_json_says_what_would_happen_and_writes_nothing(curated_catalogue, tmp_path):
    path = tmp_path / "catalogue.json"
    path.write_text(_export(), encoding="utf-8")
    _empty_the_catalogue()
    counts = _counts()
    code, out, err = run("import_profiles", str(path), "--dry-run", "--json")
    assert code == 0, err
    report = json.loads(out)["packs"][0]
    assert report["outcome"] == "would be imported" and report["dry_run"] is True
    assert report["researchers_added"] == 4 and report["papers_added"] > 50 and report["captures_added"] == 5
    assert {r["outcome"] for r in report["researchers"]} == {"added"}
    assert _counts() == counts


def _bad_pack(curated_catalogue_pack: dict, tmp_path, change) -> Path:
    pack = json.loads(json.dumps(curated_catalogue_pack))
    change(pack)
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(pack), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    (lambda p: p.update(version=2), "format version 2; this install reads version 1"),
    (lambda p: p["researchers"][1]["papers"][3].pop("date"), "researchers[1].papers[3].date is missing"),
    (lambda p: p["researchers"][1]["papers"][3].update(date="last May"),
     "researchers[1].papers[3].date 'last May' is not a date; write it as YYYY-MM-DD"),
    (lambda p: p["researchers"][0].update(topics="optimization"), "researchers[0].topics should be a list, not str"),
    (lambda p: p["researchers"][0].update(locked_fields=["slug"]), "researchers[0].locked_fields names 'slug'"),
    (lambda p: p["captures"][0].update(raw_base64=p["captures"][1]["raw_base64"]),
     "captures[0]: its bytes do not have the sha256 it names"),
    # Only the model's own check finds it, after researchers[0] was written: nothing stays.
    (lambda p: p["researchers"][1]["curated"].update(taking_students_source="ftp://example.org/x"),
     "researchers[1]: taking_students_source"),
])
def test_a_bad_pack_is_refused_with_where_and_nothing_is_written(curated_catalogue, tmp_path, change, message):
    pack = json.loads(_export())
    _empty_the_catalogue()
    counts = _counts()
    code, out, err = run("import_profiles", str(_bad_pack(pack, tmp_path, change)))
    assert code == 1
    assert "catalogue.json: NOT IMPORTED (catalogue pack): " in err and message in err, err
    assert "Traceback" not in err
    assert _counts() == counts


def test_a_cut_short_or_oversized_pack_is_refused(curated_catalogue, tmp_path):
    text = _export()
    _empty_the_catalogue()
    counts = _counts()
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    code, _, err = run("import_profiles", str(cut))
    assert code == 1 and "The pack is not valid JSON (line" in err and "cut short" in err
    whole = tmp_path / "catalogue.json"
    whole.write_text(text, encoding="utf-8")
    with override_settings(CATALOGUE_PACK_MAX_BYTES=10_000):
        code, _, err = run("import_profiles", str(whole))
    assert code == 1 and "the limit is 10,000 (CATALOGUE_PACK_MAX_BYTES)" in err
    code, _, err = run("import_profiles", str(whole), "--researcher", "Ada Lovelace")
    assert code == 1 and "is a catalogue pack: --researcher apply to captures" in err
    assert _counts() == counts


def test_a_pack_without_hidden_researchers_names_them_nowhere_and_round_trips(curated_catalogue, tmp_path):
    first = _export()
    assert "Keivan Alizadeh" not in first and "Proposed Person" not in first  # not even as a coauthor
    path = tmp_path / "catalogue.json"
    path.write_text(first, encoding="utf-8")
    _empty_the_catalogue()
    code, _, err = run("import_profiles", str(path))
    assert code == 0, err
    assert not Researcher.objects.filter(name="Keivan Alizadeh").exists()
    assert _export() == first
