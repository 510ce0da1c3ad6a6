"""A paper is attached to a researcher only when they wrote it: own profile, author list, or a
curator's confirmation; papers are one record when an identifier says so, never on a generic
title alone; complete abstracts and author lists replace partial ones, never the reverse."""
from datetime import date

import pytest
from django.db import transaction

from profiles.importers import ParsedPaper
from profiles.models import Authorship, Capture, CaptureOutcome, Paper, Researcher
from profiles.services import authorships_failing_check, catalogue_version_bump
from profiles.services import (
    author_list_names_researcher,
    authorship_decide,
    capture_import,
    paper_find_same,
)
from profiles.services.papers import PaperToAttach, papers_upsert_for_researcher
from tests.profiles.importers.real_captures import ARXIV_CAPTURED_ON, HERE

pytestmark = pytest.mark.django_db


def _real(name):
    return (HERE / name).read_bytes()


def test_author_list_check_tolerates_initials_accents_and_particles():
    assert author_list_names_researcher(authors=["B. Smith", "A. Del Maestro"], researcher_names=["Adrian Del Maestro"])
    assert not author_list_names_researcher(authors=["B. Smith"], researcher_names=["Adrian Del Maestro"])


def test_decision_says_why_an_entry_is_not_attached():
    listed = authorship_decide(authors=["Ann Lee", "Bo Chan"], researcher_names=["Grace Hopper"],
                               own_profile=False, confirmed=False)
    unnamed = authorship_decide(authors=[], researcher_names=["Grace Hopper"], own_profile=False, confirmed=False)
    assert not listed.attached and "Grace Hopper is not among its authors (Ann Lee, Bo Chan)" in listed.reason
    assert not unnamed.attached and "lists no author names" in unnamed.reason
    assert authorship_decide(authors=[], researcher_names=["G H"], own_profile=False, confirmed=True).basis == "curator"
    assert authorship_decide(authors=["X Y"], researcher_names=["G H"], own_profile=True, confirmed=False).basis == "own_profile"


def test_researcher_option_attaches_only_the_papers_they_wrote_and_reports_the_rest():
    result = capture_import(raw=_real("arxiv_author_page_amodei.txt"), captured_on=ARXIV_CAPTURED_ON,
                            filename="amodei.txt", researcher_name="Martin Wattenberg")
    assert result.ok and result.researcher_name == "Martin Wattenberg"
    wattenberg = Researcher.objects.get(name="Martin Wattenberg")
    assert list(wattenberg.papers.values_list("title", flat=True)) == ["Toy Models of Superposition"]
    assert wattenberg.authorships.get().basis == "author_list"
    assert len(result.not_attached) == 32
    assert all("Martin Wattenberg is not among its authors" in item["reason"] for item in result.not_attached)
    assert "not attached: 32" in result.summary()


def test_an_authors_own_page_attaches_every_entry_as_theirs():
    result = capture_import(raw=_real("arxiv_author_page_amodei.txt"), captured_on=ARXIV_CAPTURED_ON,
                            filename="amodei.txt")
    amodei = Researcher.objects.get()
    assert result.ok and amodei.name == "Dario Amodei" and amodei.papers.count() == 33
    assert set(amodei.authorships.values_list("basis", flat=True)) == {"own_profile"}
    paper = Paper.objects.get(arxiv_id="2503.04761")
    assert (paper.date, paper.date_precision) == (date(2025, 3, 1), "month")
    assert paper.categories == ["cs.CY", "cs.AI", "cs.CL", "cs.HC", "cs.LG"] and paper.authors_complete


def test_a_parse_that_looks_wrong_is_kept_for_review_not_imported():
    text = _real("arxiv_list_new_hinton.txt").replace(b"Total of 50 entries", b"Total of 40 entries")
    result = capture_import(raw=text, captured_on=ARXIV_CAPTURED_ON, filename="hinton.txt")
    capture = Capture.objects.get()
    assert not result.ok and result.reason == "needs_review"
    assert capture.outcome == CaptureOutcome.NEEDS_REVIEW and "says there are 40 entries, but 50 were read" in capture.outcome_detail
    assert not Paper.objects.exists() and not Researcher.objects.exists()


def _attach(researcher, capture, *papers, basis="own_profile"):
    # The import's inner step, in the transaction its caller (the import) owns and versions.
    with transaction.atomic():
        result = papers_upsert_for_researcher(researcher, [PaperToAttach(p, basis) for p in papers], capture)
        catalogue_version_bump()
    return result


@pytest.fixture
def person_and_capture():
    researcher = Researcher.objects.create(name="Adrian Del Maestro", name_key="adrian del maestro", slug="adm")
    capture = Capture.objects.create(sha256="b" * 64, raw=b"x", encoding="utf-8", layout="phdfit",
                                     captured_on=date(2026, 1, 1), outcome=CaptureOutcome.IMPORTED)
    return researcher, capture


def test_five_forewords_by_one_person_stay_five_papers(person_and_capture):
    researcher, capture = person_and_capture
    forewords = [ParsedPaper(title="Foreword", venues=[f"Book {n}"], date=date(2010 + n, 1, 2)) for n in range(5)]
    _attach(researcher, capture, *forewords)
    _attach(researcher, capture, *forewords)  # imported again: still five
    assert Paper.objects.filter(title="Foreword").count() == 5 == researcher.papers.count()


def test_versions_of_one_preprint_are_one_paper_and_other_identifiers_stay_apart(person_and_capture):
    researcher, capture = person_and_capture
    _attach(researcher, capture, ParsedPaper(title="Vortices in Superfluid Films", arxiv_id="1807.07067v1"))
    _attach(researcher, capture, ParsedPaper(title="Vortices in superfluid films (extended)", arxiv_id="arXiv:1807.07067v3"))
    _attach(researcher, capture, ParsedPaper(title="Vortices in Superfluid Films", arxiv_id="1901.00001"))
    assert Paper.objects.count() == 2
    assert paper_find_same(title="anything", arxiv_id="https://arxiv.org/abs/1807.07067v2").arxiv_id == "1807.07067"
    assert paper_find_same(title="Vortices in Superfluid Films", doi="10.1/zzz") is not None  # no contradiction
    assert paper_find_same(title="Foreword") is None


def test_a_complete_abstract_replaces_a_preview_never_the_reverse(person_and_capture):
    researcher, capture = person_and_capture
    preview = ParsedPaper(title="Quantum Liquids in Nanopores", abstract="We study helium in pores and find a long preview",
                          abstract_complete=False, authors=["A. Del Maestro", "B. Smith"], authors_complete=False)
    complete = ParsedPaper(title="Quantum Liquids in Nanopores", abstract="We study helium in pores.",
                           abstract_complete=True, authors=["Adrian Del Maestro"], authors_complete=True)
    _attach(researcher, capture, preview)
    _attach(researcher, capture, complete)
    paper = Paper.objects.get()
    assert (paper.abstract, paper.abstract_complete) == ("We study helium in pores.", True)
    assert (paper.authors, paper.authors_complete) == (["Adrian Del Maestro"], True)
    _attach(researcher, capture, preview)
    paper.refresh_from_db()
    assert (paper.abstract, paper.abstract_complete) == ("We study helium in pores.", True)
    assert paper.authors == ["Adrian Del Maestro"]


def test_old_attachments_that_fail_the_check_are_listed_not_deleted(person_and_capture):
    researcher, capture = person_and_capture
    listing = Capture.objects.create(sha256="c" * 64, raw=b"x", encoding="utf-8", layout="hf_papers",
                                     captured_on=date(2026, 1, 1), outcome=CaptureOutcome.IMPORTED)
    theirs = Paper.objects.create(title="Theirs", title_key="theirs", authors=["A. Del Maestro"])
    not_theirs = Paper.objects.create(title="Not Theirs", title_key="not theirs", authors=["Bo Chan"])
    unnamed = Paper.objects.create(title="Unnamed", title_key="unnamed")
    profile_paper = Paper.objects.create(title="From Profile", title_key="from profile")
    for paper, source in ((theirs, listing), (not_theirs, listing), (unnamed, listing), (profile_paper, capture)):
        Authorship.objects.create(researcher=researcher, paper=paper, source=source)  # basis "": the old rule

    failing = {item.authorship.paper.title: item.reason for item in authorships_failing_check()}

    assert set(failing) == {"Not Theirs", "Unnamed"}
    assert "not among its authors (Bo Chan)" in failing["Not Theirs"]
    assert Authorship.objects.count() == 4


def test_migration_fills_identity_identifiers_and_precision_from_stored_data(person_and_capture):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("profiles.migrations.0007_paper_identifiers_completeness_and_authorship_basis")
    listed = Paper.objects.create(title="Vortex Lattices", title_key="vortex lattices", date=date(2019, 1, 1),
                                  venues=["arXiv:1901.00001", "Phys. Rev. B, https://doi.org/10.1103/PhysRevB.99.1"])
    dated = Paper.objects.create(title="Dated", title_key="dated", date=date(2020, 5, 17))
    migration.fill_from_stored_data(apps, None)
    listed.refresh_from_db()
    dated.refresh_from_db()
    assert (listed.identity_key, listed.arxiv_id, listed.doi) == ("title:vortex lattices", "1901.00001", "10.1103/physrevb.99.1")
    assert (listed.date_precision, dated.date_precision) == ("year", "day")
    # A later listing of the same preprint finds the stored record by its identifier.
    researcher, capture = person_and_capture
    _attach(researcher, capture, ParsedPaper(title="Vortex lattices in thin films", arxiv_id="1901.00001v2"))
    assert Paper.objects.count() == 2
