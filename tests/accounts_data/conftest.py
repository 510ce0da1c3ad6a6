"""Users' data fixtures: the outreach applicant and researcher, and CVs kept in a tmp folder."""
import pytest

from tests.outreach.conftest import _quick_limits, applicant, researcher  # noqa: F401


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
