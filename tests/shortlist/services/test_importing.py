"""Bulk-saving from a CSV of names: fuzzy, diacritics-insensitive, with a per-row report."""
import pytest

from shortlist.exceptions import ImportFileError
from shortlist.selectors import saved_researcher_ids
from shortlist.services import shortlist_import_csv
from tests.factories.shortlist import ResearcherFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return {
        "jurgen": ResearcherFactory(name="Jürgen Schmidhuber", affiliation="IDSIA"),
        "yann": ResearcherFactory(name="Yann LeCun", affiliation="NYU"),
        "anna": ResearcherFactory(name="Anna Kowalska", affiliation="Warsaw"),
        "anna2": ResearcherFactory(name="Anna Kowalska", affiliation="Kraków"),
        "hidden": ResearcherFactory(name="Hidden Person", hidden=True),
    }


def test_import_matches_without_diacritics_and_reports_the_rest(catalogue):
    user = UserFactory()
    raw = "name,notes\nJurgen Schmidhuber,x\nLeCun, Yann\nyan lecun\nAnna Kowalska\nNobody Atall\n\nHidden Person\n".encode()
    report = shortlist_import_csv(user=user, raw=raw)
    outcomes = [(r.name, r.outcome) for r in report.rows]
    assert outcomes == [
        ("Jurgen Schmidhuber", "matched"), ("LeCun", "no_match"), ("yan lecun", "matched"),
        ("Anna Kowalska", "ambiguous"), ("Nobody Atall", "no_match"), ("Hidden Person", "no_match"),
    ]
    assert report.rows[0].researcher_name == "Jürgen Schmidhuber"
    assert report.rows[2].already_saved is False
    assert "Warsaw" in report.rows[3].message and "Kraków" in report.rows[3].message
    assert saved_researcher_ids(user=user) == {catalogue["jurgen"].pk, catalogue["yann"].pk}
    assert len(report.unmatched) == 4


def test_import_reads_the_first_column_and_latin1_files(catalogue):
    user = UserFactory()
    raw = "Jürgen Schmidhuber;IDSIA\n\"LeCun, Yann\";NYU\n".encode("latin-1")
    report = shortlist_import_csv(user=user, raw=raw)
    assert report.encoding == "cp1252"
    assert [r.outcome for r in report.rows] == ["matched", "matched"]


def test_import_strips_a_utf8_bom(catalogue):
    report = shortlist_import_csv(user=UserFactory(), raw="\ufeffname\nYann LeCun\n".encode())
    assert [(r.name, r.outcome) for r in report.rows] == [("Yann LeCun", "matched")]


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"", "empty"), (b"\xff\xfeY\x00a\x00", "not plain text"), (b"a" * 2_000_000, "limit")],
)
def test_unreadable_files_are_refused_with_a_reason_and_save_nothing(catalogue, raw, message):
    user = UserFactory()
    with pytest.raises(ImportFileError, match=message):
        shortlist_import_csv(user=user, raw=raw)
    assert saved_researcher_ids(user=user) == set()


def test_an_affiliation_column_settles_a_shared_name(catalogue):
    user = UserFactory()
    raw = "Name;Affiliation\nAnna Kowalska;Krakow\nAnna Kowalska;Gdańsk\n".encode()
    report = shortlist_import_csv(user=user, raw=raw)
    assert [r.outcome for r in report.rows] == ["matched", "ambiguous"]
    assert report.rows[0].affiliation == "Kraków"
    assert saved_researcher_ids(user=user) == {catalogue["anna2"].pk}
