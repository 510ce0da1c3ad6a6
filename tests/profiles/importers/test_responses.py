"""Scholarly-API responses parsed from the real recorded bodies in tests/fixtures/sources."""
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles.importers import CaptureError, decode_capture, detect_layout, parse_capture
from profiles.importers.author_search import parse_openalex as parse_openalex_search
from profiles.importers.identifiers import arxiv_id_from_doi
from profiles.importers.openalex_works import abstract_from_inverted_index
from tests.fixtures.sources import source_bytes

DAY = date(2026, 4, 20)
LAYOUT_OF = {
    "openalex_author_joseph_mearman.json": "openalex_author",
    "openalex_author_jason_priem.json": "openalex_author",
    "openalex_author_vincent_lariviere.json": "openalex_author",
    "openalex_works_joseph_mearman.json": "openalex_works",
    "arxiv_atom_all_science_2019.xml": "arxiv_atom",
    "arxiv_atom_query_testing_2026.xml": "arxiv_atom",
    "s2_author_turing.json": "s2_author",
    "s2_paper_search_turing.json": "s2_papers",
    "orcid_works_0000-0002-7262-6251_sandbox.json": "orcid_works",
    "dblp_di_xu_0001.xml": "dblp_person",
}


def parsed(name: str):
    text, _ = decode_capture(source_bytes(name), max_bytes=5 << 20)
    return parse_capture(text, captured_on=DAY)


@pytest.mark.parametrize(("name", "layout"), sorted(LAYOUT_OF.items()))
def test_each_saved_response_is_detected_by_content(name, layout):
    text, _ = decode_capture(source_bytes(name), max_bytes=5 << 20)
    assert detect_layout(text) == layout


def test_openalex_author_gives_the_researcher_and_their_ids():
    capture = parsed("openalex_author_vincent_lariviere.json")
    assert capture.researcher_name == "Vincent Larivière"
    assert capture.affiliation == "Université de Montréal"
    assert capture.source_ids == {"openalex": "A5068542997", "orcid": "0000-0002-2733-0689"}
    assert (capture.metrics.h_index, capture.metrics.paper_count) == (70, 617)
    assert capture.papers == []


def without_last_known_institutions(name: str) -> str:
    """A real author object as OpenAlex serves it when it names no current institution."""
    data = json.loads(source_bytes(name))
    data["last_known_institutions"] = []
    data.pop("last_known_institution", None)
    return json.dumps(data)


def test_openalex_author_without_a_last_known_institution_gets_the_newest_affiliation():
    # Jason Priem's affiliations: OurResearch 2019–2023, Johns Hopkins and Florida State 2020, …
    capture = parse_capture(without_last_known_institutions("openalex_author_jason_priem.json"), captured_on=DAY)
    assert capture.affiliation == "OurResearch"
    # Two institutions in the newest year: the one with more years there.
    lariviere = parse_capture(without_last_known_institutions("openalex_author_vincent_lariviere.json"), captured_on=DAY)
    assert lariviere.affiliation == "Université du Québec à Montréal"


def test_openalex_author_search_candidates_fall_back_to_the_newest_affiliation():
    data = json.loads(source_bytes("openalex_author_search_mearman.json"))
    andrew = data["results"][0]
    andrew["last_known_institutions"] = []
    (candidate, *_) = parse_openalex_search(json.dumps(data))
    assert (candidate.name, candidate.affiliation) == ("Andrew Mearman", "University of Leeds")


def test_openalex_works_rebuild_abstracts_and_find_their_author():
    capture = parsed("openalex_works_joseph_mearman.json")
    assert capture.researcher_name == "Joseph Mearman"
    assert capture.source_ids == {"openalex": "A5017898742"}
    assert len(capture.papers) == capture.entries_total == 9
    first = capture.papers[0]
    assert first.title == "Alternative Representations of 3D-Reconstructed Heritage Data"
    assert first.doi == "10.1145/2795233" and first.date == date(2015, 11, 16)
    assert first.venues == ["Journal on Computing and Cultural Heritage"]
    assert first.abstract.startswith("By collecting images of heritage assets from members of the public")
    assert sum(1 for p in capture.papers if p.abstract) == 4  # 4 of 9 works carry an inverted index
    assert all("Joseph Mearman" in p.authors for p in capture.papers)


def test_abstract_inverted_index_is_put_back_in_word_order():
    assert abstract_from_inverted_index({"world": [1], "Hello": [0], "again": [3], "hello": [2]}) == (
        "Hello world hello again"
    )
    assert abstract_from_inverted_index(None) == ""


@pytest.mark.parametrize("name", ["arxiv_atom_all_science_2019.xml", "arxiv_atom_query_testing_2026.xml"])
def test_arxiv_feeds_old_and_new_layouts_give_preprints(name):
    capture = parsed(name)
    assert len(capture.papers) == 10
    assert all(p.arxiv_id and p.kind == "preprint" and p.authors_complete for p in capture.papers)
    # A keyword query names nobody: it waits for a researcher.
    assert capture.researcher_name is None and capture.candidates == []


def test_new_arxiv_layout_keeps_doi_journal_and_categories():
    first = parsed("arxiv_atom_query_testing_2026.xml").papers[0]
    assert first.arxiv_id == "2202.12139"
    assert first.doi == "10.1109/icstw55395.2022.00035"
    assert first.categories == ["cs.SE", "cs.LG"]
    assert first.date == date(2022, 2, 24)


def test_arxiv_feed_of_one_two_author_entry_names_nobody():
    raw = source_bytes("arxiv_atom_all_science_2019.xml").decode()
    # Keep only the first entry: both its authors are on every entry, so neither is the subject.
    head, rest = raw.split("<entry>", 1)
    one = head + "<entry>" + rest.split("</entry>", 1)[0] + "</entry></feed>"
    assert parse_capture(one, captured_on=DAY).researcher_name is None


def test_semantic_scholar_author_with_papers():
    capture = parsed("s2_author_turing.json")
    assert capture.researcher_name == "A. Turing"
    assert capture.source_ids == {"s2": "2262347"}
    assert len(capture.papers) == 59 and capture.metrics.h_index == 22
    assert all("A. Turing" in p.authors for p in capture.papers)
    assert any(p.doi for p in capture.papers)


def test_semantic_scholar_search_waits_for_a_researcher():
    capture = parsed("s2_paper_search_turing.json")
    assert capture.researcher_name is None
    assert len(capture.papers) == 100 and capture.entries_total == 67113
    assert sum(1 for p in capture.papers if p.arxiv_id) == 26
    assert sum(1 for p in capture.papers if p.doi) == 88


def test_orcid_works_one_paper_per_group():
    capture = parsed("orcid_works_0000-0002-7262-6251_sandbox.json")
    assert capture.source_ids == {"orcid": "0000-0002-7262-6251"}
    assert len(capture.papers) == 157
    first = capture.papers[0]
    assert first.title == "Tax-Aware Portfolio Construction via Convex Optimization"
    assert first.doi == "10.1007/s10957-021-01823-0" and first.date == date(2021, 2, 25)
    assert first.authors == [] and not first.authors_complete  # ORCID summaries list no authors


def test_dblp_person_drops_the_homonym_number():
    capture = parsed("dblp_di_xu_0001.xml")
    assert capture.researcher_name == "Di Xu"
    assert capture.source_ids == {"dblp": "95/7448-1"}
    assert capture.affiliation.startswith("University of British Columbia")
    assert len(capture.papers) == 8
    first = capture.papers[0]
    assert first.title == "Automatic stereoscopic 3D video reframing"
    assert first.authors == ["Lino Coria-Mendoza", "Di Xu", "Panos Nasiopoulos"]
    assert first.doi == "10.1109/3dtv.2012.6365428" and first.date == date(2012, 1, 1)


def test_a_cut_response_is_refused_with_a_reason():
    raw = source_bytes("openalex_works_joseph_mearman.json")
    text, _ = decode_capture(raw[: len(raw) // 2], max_bytes=5 << 20)
    with pytest.raises(CaptureError) as refused:
        parse_capture(text, captured_on=DAY)
    assert refused.value.reason == "unreadable" and "not complete JSON" in refused.value.message


def test_xml_entities_are_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
            '<dblpperson name="&a;" pid="1/1" n="0"></dblpperson>')
    with pytest.raises(CaptureError) as refused:
        parse_capture(bomb, captured_on=DAY)
    assert refused.value.reason == "unreadable"


def test_only_an_arxiv_doi_names_an_arxiv_id():
    assert arxiv_id_from_doi("10.48550/arxiv.2108.04680") == "2108.04680"
    assert arxiv_id_from_doi("10.1016/j.jcp.2019.10523") == ""  # digits that look like one


def test_dates_say_how_precise_they_are():
    dblp = parsed("dblp_di_xu_0001.xml").papers[0]
    assert (dblp.date, dblp.date_precision) == (date(2012, 1, 1), "year")
    openalex = parsed("openalex_works_joseph_mearman.json").papers[0]
    assert (openalex.date, openalex.date_precision) == (date(2015, 11, 16), "day")
    orcid = parsed("orcid_works_0000-0002-7262-6251_sandbox.json").papers
    assert sum(p.date_precision == "year" for p in orcid) == 4  # 4 of 157 works give a year only


def test_orcid_works_are_the_persons_own_record_and_responses_skip_the_page_guard():
    assert parsed("orcid_works_0000-0002-7262-6251_sandbox.json").own_profile
    # 157 entries without authors would look wrong on a page; in ORCID's answer they are normal.
    assert parsed("orcid_works_0000-0002-7262-6251_sandbox.json").review == []


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=1, max_value=40_000), junk=st.text(max_size=20))
def test_any_cut_or_damaged_response_parses_or_is_refused(cut, junk):
    for name in sorted(LAYOUT_OF):
        raw = source_bytes(name)[:cut] + junk.encode()
        try:
            text, _ = decode_capture(raw, max_bytes=5 << 20)
            parse_capture(text, captured_on=DAY)
        except CaptureError:
            pass
