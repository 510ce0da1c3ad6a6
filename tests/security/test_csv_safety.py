"""CSV export cells that a spreadsheet would run once it trims leading spaces (Google Sheets and
LibreOffice's "trim spaces" import do) are neutralised too."""
import pytest

from shortlist.exports import csv_safe


@pytest.mark.parametrize("dangerous", [" =HYPERLINK(\"http://evil.example\")", "  +1+1", "\u00a0=1+1", " \t@SUM(A1)"])
def test_formulas_behind_leading_spaces_get_a_leading_apostrophe(dangerous):
    assert csv_safe(dangerous) == "'" + dangerous


@pytest.mark.parametrize("harmless", ["  Ada Lovelace", " a=b", "   "])
def test_indented_ordinary_text_is_unchanged(harmless):
    assert csv_safe(harmless) == harmless
