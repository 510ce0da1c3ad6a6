"""Identity before title: identifiers in one spelling, generic titles, and names as authors write them."""
from profiles.importers import names_match
from profiles.importers.identifiers import (
    canonical_arxiv_id,
    canonical_doi,
    identifiers_contradict,
    identity_key,
    is_generic_title,
)


def test_versions_and_spellings_of_one_preprint_are_one_identifier():
    spellings = ["1807.07067", "arXiv:1807.07067v3", "https://arxiv.org/abs/1807.07067v1", "1807.07067_v2",
                 "10.48550/arXiv.1807.07067", "https://arxiv.org/pdf/1807.07067v2.pdf"]
    assert {canonical_arxiv_id(s) for s in spellings} == {"1807.07067"}
    assert canonical_arxiv_id("hep-th/9901001v2") == "hep-th/9901001"
    assert canonical_arxiv_id("") == "" and canonical_arxiv_id("not an id") == ""


def test_dois_compare_without_resolver_or_case():
    assert canonical_doi("https://doi.org/10.1103/PhysRevB.99.1") == canonical_doi("doi:10.1103/physrevb.99.1.")
    assert canonical_doi("no doi here") == ""


def test_generic_titles_never_merge_on_title_alone():
    for title in ("Foreword", "Introduction", "Editorial", "Preface", "Reply", "  FOREWORD. "):
        assert is_generic_title(title)
    assert not is_generic_title("Deep Residual Learning for Image Recognition")
    one = identity_key(title="Foreword", arxiv_id="", doi="", venue="Quantum Fluids, Vol. 1", year=2019)
    two = identity_key(title="Foreword", arxiv_id="", doi="", venue="Superfluidity Today", year=2021)
    assert one != two


def test_identifiers_contradict_only_when_both_sides_have_one():
    assert identifiers_contradict("1807.07067", "", "1901.00001", "")
    assert identifiers_contradict("", "10.1/a", "", "10.1/b")
    assert not identifiers_contradict("1807.07067", "", "", "10.1/b")


def test_names_as_author_lists_write_them():
    assert names_match("A. Del Maestro", "Adrian Del Maestro")
    assert names_match("Adrián Del Maestro", "Adrian Del-Maestro")
    assert names_match("Zhi-Quan Luo", "Zhiquan Luo") and names_match("Z.-Q. Luo", "Zhi-Quan Luo")
    assert names_match("Mahoney, Michael W.", "Michael W. Mahoney")
    assert names_match("Kamile Lukosiute", "Kamilė Lukošiūtė")
    assert not names_match("A. Del Maestro", "Bruno Del Maestro")
    assert not names_match("Daniela Amodei", "Dario Amodei")
