"""Who is "at the institution": the rules of a department import, on real recorded OpenAlex
author and institution objects (openalex_bangor/, PROVENANCE.md). Pure: no server, no database."""
import json

import pytest

from profiles.importers.author_search import openalex_candidate, parse_s2
from profiles.importers.openalex_institutions import institution_from_openalex, institutions_named
from profiles.sources.departments import NEEDS_CHOICE, NOT_FOUND, SURE, resolution_from_candidates
from profiles.sources.institution_listing import faculty_guess
from tests.fixtures.sources import SOURCES_DIR, source_bytes

BANGOR_DIR = SOURCES_DIR / "openalex_bangor"


def author(openalex_id: str) -> dict:
    path = next(BANGOR_DIR.glob(f"author_{openalex_id}*.json"))
    return json.loads(path.read_text())


def bangor():
    return institution_from_openalex(json.loads((BANGOR_DIR / "institution_I161548249.json").read_text()))


def washu():
    return institution_from_openalex(json.loads((BANGOR_DIR / "institution_I204465549.json").read_text()))


@pytest.mark.parametrize("asked", ["Bangor University", "bangor university", "Prifysgol Bangor", "BU",
                                   "University of Wales, Bangor"])
def test_an_institution_is_taken_by_its_name_other_names_or_acronym(asked):
    assert institutions_named([washu(), bangor()], asked) == [bangor()]


def test_a_loose_name_is_taken_only_when_the_search_found_one_institution():
    assert institutions_named([bangor()], "Bangor") == [bangor()]
    assert institutions_named([washu(), bangor()], "University") == []


def test_one_profile_at_the_institution_is_sure_and_a_namesake_who_left_is_not_taken():
    found = [openalex_candidate(author("A5009341822")), openalex_candidate(author("A5101495888"))]
    assert resolution_from_candidates(name="Jonathan Roberts", institution=bangor(), found=found).status == SURE
    wilson = resolution_from_candidates(name="Andrew Wilson", institution=bangor(), found=found)
    assert wilson.status == NOT_FOUND and wilson.chosen is None
    assert "Andrew T. Wilson (Pomona College)" in wilson.message  # at Bangor 2014-2016, not now


def test_without_last_known_institutions_the_newest_affiliation_decides():
    roberts, miles = author("A5009341822"), author("A5068168522")
    roberts["last_known_institutions"] = miles["last_known_institutions"] = []
    assert openalex_candidate(roberts).institution_ids == ("I161548249",)  # 2025: Bangor
    assert openalex_candidate(miles).institution_ids == ("I16038530",)  # 2024: Aberystwyth, Bangor until 2014
    found = [openalex_candidate(roberts), openalex_candidate(miles)]
    assert resolution_from_candidates(name="Jonathan Roberts", institution=bangor(), found=found).status == SURE
    assert resolution_from_candidates(name="Helen Miles", institution=bangor(), found=found).status == NOT_FOUND


def test_two_profiles_at_the_institution_need_a_choice():
    found = [openalex_candidate(author("A5032473237")), openalex_candidate(author("A5032473299"))]
    resolution = resolution_from_candidates(name="Peter Butcher", institution=bangor(), found=found)
    assert resolution.status == NEEDS_CHOICE and resolution.chosen is None and len(resolution.candidates) == 2


def test_a_search_hit_of_another_name_is_not_a_candidate():
    found = [openalex_candidate(author("A5065371627"))]  # Panagiotis D. Ritsos, also "P. Ritsos"
    assert resolution_from_candidates(name="P. Ritsos", institution=bangor(), found=found).status == SURE
    assert resolution_from_candidates(name="Peter Ritsos", institution=bangor(), found=found).status == NOT_FOUND


def test_semantic_scholar_authors_without_affiliations_are_never_sure():
    found = parse_s2(source_bytes("s2_author_search_turing.json").decode())
    institution = institution_from_openalex({"id": "", "display_name": "University of Manchester"})
    resolution = resolution_from_candidates(name="Alan Turing", institution=institution, found=found)
    assert resolution.status == NOT_FOUND


def test_the_faculty_guess_reads_career_length_and_recent_works():
    roberts = faculty_guess(openalex_candidate(author("A5009341822")), this_year=2025)
    assert roberts.guess == "likely faculty" and roberts.career_years >= 8 and roberts.recent_works >= 3
    assert faculty_guess(openalex_candidate(author("A5004526334")), this_year=2025).guess == "inactive"
