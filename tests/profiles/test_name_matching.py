"""Name matching for the CSV import (pure)."""
import pytest

from profiles.name_matching import match_name, name_key

CATALOGUE = {
    1: name_key("Jürgen Schmidhuber"), 2: name_key("Yann LeCun"), 3: name_key("Fei-Fei Li"),
    4: name_key("Anna Müller"), 5: name_key("Anne Müller"), 6: name_key("Seán O'Neil"),
}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Jurgen Schmidhuber", 1), ("SCHMIDHUBER, Jürgen", 1), ("Prof. Yann LeCun", 2), ("yan lecun", 2),
     ("Fei Fei Li", 3), ("Sean ONeil", 6), ("Anna Muller", 4)],
)
def test_typed_names_find_the_researcher(typed, expected):
    found = match_name(typed, CATALOGUE)
    assert (found.outcome, found.matched_id) == ("matched", expected)


def test_close_names_are_ambiguous_not_guessed():
    found = match_name("Ann Muller", CATALOGUE)
    assert found.outcome == "ambiguous"
    assert {pk for pk, _ in found.candidates} >= {4, 5}


@pytest.mark.parametrize("typed", ["Geoffrey Hinton", "", "12345"])
def test_unrelated_or_empty_names_match_nothing(typed):
    assert match_name(typed, CATALOGUE).outcome == "no_match"


def test_close_names_offers_a_dropped_middle_name_a_typo_and_an_initial_but_not_a_stranger():
    from profiles.name_matching import close_names

    catalogue = {1: "Nikolai T. Mensah", 2: "Nikolai Mensha", 3: "N. Mensah", 4: "Nadia Mendes", 5: "Ada Lovelace"}
    offered = dict(close_names("Nikolai Mensah", catalogue))
    assert set(offered) == {1, 2, 3}
    assert close_names("", catalogue) == []
