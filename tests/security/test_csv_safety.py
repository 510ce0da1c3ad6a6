"""CSV export cells that a spreadsheet would run once it trims leading spaces (Google Sheets and
LibreOffice's "trim spaces" import do) are neutralised too."""
import pytest

from shortlist.exports import csv_safe, csv_unescape


@pytest.mark.parametrize("dangerous", [" =HYPERLINK(\"http://evil.example\")", "  +1+1", "\u00a0=1+1", " \t@SUM(A1)"])
def test_formulas_behind_leading_spaces_get_a_leading_apostrophe(dangerous):
    assert csv_safe(dangerous) == "'" + dangerous


@pytest.mark.parametrize("harmless", ["  Ada Lovelace", " a=b", "   "])
def test_indented_ordinary_text_is_unchanged(harmless):
    assert csv_safe(harmless) == harmless


# Audit finding L: spreadsheets also trim Unicode spaces and invisible format characters before
# deciding what is a formula; every character of categories Zs and Cf is looked past.
@pytest.mark.parametrize("prefix", ["\u3000", "\ufeff", "\u200b", "\u2003", "\u2060", "\u200e", "\u202f",
                                    "\u3000\u200b\ufeff ", "\u180e"])
@pytest.mark.parametrize("formula", ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)"])
def test_formulas_behind_unicode_spaces_and_format_characters_are_guarded(prefix, formula):
    dangerous = prefix + formula
    assert csv_safe(dangerous) == "'" + dangerous
    assert csv_unescape(csv_safe(dangerous)) == dangerous


@pytest.mark.parametrize("harmless", ["\u3000Ada", "\u200bLovelace", "\ufeffnotes = fine", "'\u3000quoted"])
def test_text_behind_unicode_spaces_is_unchanged_and_round_trips(harmless):
    assert csv_safe(harmless) == harmless
    assert csv_unescape(csv_safe(harmless)) == harmless
