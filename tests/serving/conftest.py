"""Serving fixtures: the outreach applicant and researcher, reused."""
from tests.outreach.conftest import _quick_limits, applicant, researcher  # noqa: F401
