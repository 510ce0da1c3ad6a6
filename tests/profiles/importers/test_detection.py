from datetime import date

import pytest

from profiles.importers import CaptureError, detect_layout, parse_capture

from .seeds import seed_text

EXPECTED = {"000": "phdfit", "001": "alphaxiv", "002": "alphaxiv", "003": "hf_papers", "004": "arxiv_listing"}


@pytest.mark.parametrize(("prefix", "layout"), sorted(EXPECTED.items()))
def test_seed_layouts_are_detected_from_content(prefix, layout):
    assert detect_layout(seed_text(prefix)) == layout


def test_layout_is_detected_when_the_page_header_was_not_copied():
    text = seed_text("001")
    entries_only = text[text.index("LGJul 7, 2022Code"):]
    assert detect_layout(entries_only) == "alphaxiv"
    hf = seed_text("003")
    assert detect_layout(hf[hf.index("Concatenated Matrix SVD"):]) == "hf_papers"


def test_unknown_text_is_refused():
    with pytest.raises(CaptureError) as refused:
        detect_layout("Dear colleague,\nplease find attached my CV.\nBest regards")
    assert refused.value.reason == "unknown_layout"


def test_forced_layout_that_does_not_fit_is_refused_with_the_likely_one():
    with pytest.raises(CaptureError) as refused:
        parse_capture(seed_text("003"), captured_on=date(2026, 4, 20), layout="alphaxiv")
    assert refused.value.reason == "unknown_layout"
    assert "alphaXiv" in str(refused.value) and "Daily Papers" in str(refused.value)


def test_forced_layout_that_fits_is_used():
    capture = parse_capture(seed_text("002"), captured_on=date(2026, 3, 10), layout="alphaxiv")
    assert capture.researcher_name == "Keivan Alizadeh"


def test_unknown_forced_layout_name_is_refused():
    with pytest.raises(CaptureError):
        parse_capture(seed_text("002"), captured_on=date(2026, 3, 10), layout="scholar")


def test_layout_with_nothing_in_it_is_refused_as_no_entries():
    with pytest.raises(CaptureError) as refused:
        parse_capture(
            "new\n\nGet trending papers in your email inbox!\n\nDaily Papers\n\nbyAK and the research community\n\nApr 20\n",
            captured_on=date(2026, 4, 20),
        )
    assert refused.value.reason == "no_entries"


@pytest.mark.parametrize(("prefix", "layout"), sorted(EXPECTED.items()))
def test_detection_ignores_crlf_and_trailing_spaces(prefix, layout):
    assert detect_layout(seed_text(prefix).replace("\n", "  \r\n")) == layout
