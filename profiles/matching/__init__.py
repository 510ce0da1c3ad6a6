"""The match score: which researchers fit an applicant, on separate axes, and why.

index.py builds the ranking index from plain rows and scores a query; catalogue.py loads it
from the database and caches it per catalogue version; applicant.py turns a profile into a
query and explains one match; evaluation.py measures the method on the seed captures.
"""
from .applicant import MatchFilters, applicant_query, match_explain_for, matches_rank, profile_for
from .catalogue import (
    catalogue_rows,
    catalogue_version,
    match_index_build,
    match_index_current,
    match_index_invalidate,
)
from .index import MatchIndex
from .ranking import AXES, DEFAULT_WEIGHTS, ApplicantQuery, Match, Ranking, Reason, weights_clean

__all__ = [
    "AXES", "DEFAULT_WEIGHTS", "ApplicantQuery", "Match", "MatchFilters", "MatchIndex", "Ranking",
    "Reason", "applicant_query", "catalogue_rows", "catalogue_version", "match_explain_for",
    "match_index_build", "match_index_current", "match_index_invalidate", "matches_rank",
    "profile_for", "weights_clean",
]
