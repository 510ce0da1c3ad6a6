"""Profiles app: researchers, papers, captures, applicant profile and matching."""
