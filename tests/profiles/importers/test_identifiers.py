"""Identity before title: identifiers in one spelling, generic titles, and names as authors write them."""
from profiles.importers import names_match
from profiles.importers.identifiers import (
    canonical_arxiv_id,
    canonical_doi,
    identifiers_contradict,
    identity_key,
    is_generic_title,
    preprint_work_doi,
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


# Preprint servers mint a DOI per version; each is one work, as arXiv's versions are.
# (van der Meide et al. 2025 is the OSF preprint cited as https://doi.org/10.31219/osf.io/sfgj6_v1.)
PREPRINT_VERSIONS = [
    ("10.31219/osf.io/sfgj6_v1", "10.31219/osf.io/sfgj6_v2", "10.31219/osf.io/sfgj6"),  # OSF Preprints
    ("10.31234/osf.io/abc12_v3", "10.31234/osf.io/abc12"),  # PsyArXiv, hosted by OSF
    ("10.1101/2020.03.01.972935v2", "10.1101/2020.03.01.972935v1", "10.1101/2020.03.01.972935"),  # bioRxiv
    ("10.1101/2021.05.06.21256403v1", "10.1101/2021.05.06.21256403"),  # medRxiv
    ("10.21203/rs.3.rs-123456/v1", "10.21203/rs.3.rs-123456/v2"),  # Research Square
    ("10.20944/preprints202001.0001.v1", "10.20944/preprints202001.0001.v2"),  # Preprints.org
    ("10.26434/chemrxiv-2022-k2sxw-v2", "10.26434/chemrxiv-2022-k2sxw"),  # ChemRxiv
    ("10.36227/techrxiv.12345678.v1", "10.36227/techrxiv.12345678.v2"),  # TechRxiv
    ("10.22541/au.159035211.12345678/v1", "10.22541/au.159035211.12345678/v2"),  # Authorea
]


def test_versions_of_one_preprint_on_any_server_are_one_identity():
    for versions in PREPRINT_VERSIONS:
        keys = {identity_key(title=f"Title {n}", arxiv_id="", doi=canonical_doi(v), year=None)
                for n, v in enumerate(versions)}
        assert len(keys) == 1, versions
        assert not any(identifiers_contradict("", a, "", b) for a in versions for b in versions)
    assert preprint_work_doi("https://doi.org/10.31219/osf.io/SFGJ6_V2") == "10.31219/osf.io/sfgj6"


def test_different_works_on_a_preprint_server_stay_different():
    assert identifiers_contradict("", "10.31219/osf.io/sfgj6_v1", "", "10.31219/osf.io/sfgj7_v1")
    assert identifiers_contradict("", "10.1101/2020.03.01.972935v2", "", "10.1101/2020.03.01.972936v2")
    # A journal DOI that merely ends in "v2" or "_v1" is not a preprint version.
    for doi in ("10.1103/physrevb.99.1v2", "10.1016/j.cell.2020_v1", "10.2139/ssrn.3456789"):
        assert preprint_work_doi(doi) == doi


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
