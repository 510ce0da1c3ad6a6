"""Match fixtures: a private folder for built indexes, no background queue in unit tests, and no
index carried over from one test to the next."""
import pytest

from matching.catalogue import match_index_forget


@pytest.fixture(autouse=True)
def _match_index_private(settings, tmp_path):
    settings.MATCH_INDEX_DIR = tmp_path / "match_index"
    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False
    settings.MATCH_INDEX_PULL_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path / "media"
    match_index_forget()
    yield
    match_index_forget()
