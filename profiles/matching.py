"""The match score (placeholder until the match issue builds the ranking index)."""
from __future__ import annotations


def match_explain_for(*, user, researcher):
    """The signed-in applicant's match with one researcher, with its reasons; None without one."""
    return None
