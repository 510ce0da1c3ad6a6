"""Profiles pages, one module per area: the directory and researcher pages, accounts, matches
and the applicant profile."""
from .accounts import signup
from .directory import directory, researcher_detail
from .matches import applicant_profile, matches

__all__ = ["applicant_profile", "directory", "matches", "researcher_detail", "signup"]
