"""Freshness and source disagreement, computed from captures without HTTP or the database."""
from datetime import date
from types import SimpleNamespace

from profiles.freshness import researcher_freshness
from profiles.models import CaptureOutcome

TODAY = date(2026, 11, 23)


def capture(on, name="Ada Lovelace", affiliation="MIT", outcome=CaptureOutcome.IMPORTED):
    return SimpleNamespace(
        captured_on=on, parsed_name=name, parsed_affiliation=affiliation, outcome=outcome
    )


def freshness(*captures, stale_days=180):
    return researcher_freshness(None, captures, today=TODAY, stale_days=stale_days)


def test_recent_capture_is_fresh_and_reports_its_date():
    result = freshness(capture(date(2026, 1, 1)), capture(date(2026, 10, 1)))
    assert result.newest_capture_on == date(2026, 10, 1)
    assert not result.stale
    assert not result.flagged


def test_profile_whose_newest_capture_is_older_than_the_setting_is_stale():
    assert freshness(capture(date(2026, 5, 26)), stale_days=180).stale
    assert not freshness(capture(date(2026, 5, 27)), stale_days=180).stale


def test_stale_days_defaults_to_the_setting(settings):
    settings.CAPTURE_STALE_DAYS = 10
    result = researcher_freshness(None, [capture(date(2026, 11, 1))], today=TODAY)
    assert result.stale and result.stale_days == 10


def test_profile_without_captures_has_no_date_and_is_not_stale():
    result = freshness()
    assert result.newest_capture_on is None
    assert not result.stale


def test_failed_or_unassigned_captures_do_not_count():
    result = freshness(
        capture(date(2025, 1, 1)),
        capture(date(2026, 11, 1), name="Someone Else", outcome=CaptureOutcome.FAILED),
    )
    assert result.newest_capture_on == date(2025, 1, 1)
    assert result.stale
    assert not result.disagree


def test_different_affiliations_are_a_disagreement_listed_newest_first():
    result = freshness(
        capture(date(2026, 1, 1), affiliation="MIT"),
        capture(date(2026, 9, 1), affiliation="Stanford University"),
    )
    assert result.disagree
    [d] = result.disagreements
    assert d.field == "affiliation"
    assert d.values == [("Stanford University", date(2026, 9, 1)), ("MIT", date(2026, 1, 1))]


def test_different_names_are_a_disagreement():
    result = freshness(capture(date(2026, 1, 1), name="Ada Lovelace"), capture(date(2026, 2, 1), name="Ada Byron"))
    assert [d.field for d in result.disagreements] == ["name"]


def test_case_accents_and_spacing_alone_are_not_a_disagreement():
    result = freshness(
        capture(date(2026, 1, 1), name="José  García", affiliation="Universidad  de Chile"),
        capture(date(2026, 2, 1), name="jose garcia", affiliation="universidad de chile"),
    )
    assert not result.disagree


def test_a_source_that_omits_a_field_does_not_disagree():
    result = freshness(capture(date(2026, 1, 1), affiliation=""), capture(date(2026, 2, 1), name=""))
    assert not result.disagree
