"""Match fixtures: a private folder for built indexes, and no background queue in unit tests."""
import pytest


@pytest.fixture(autouse=True)
def _match_index_private(settings, tmp_path):
    from profiles.matching import catalogue, match_index_invalidate

    settings.MATCH_INDEX_DIR = tmp_path / "match_index"
    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False
    settings.MEDIA_ROOT = tmp_path / "media"
    match_index_invalidate()
    catalogue._last.clear()
    yield
    match_index_invalidate()
    catalogue._last.clear()
