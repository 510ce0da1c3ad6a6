"""Match fixtures: a private folder for built indexes, no background queue in unit tests, and no
index carried over from one test to the next."""
import pytest


def _forget_indexes():
    from profiles.matching import catalogue

    catalogue._cache.clear()
    catalogue._last.clear()
    catalogue._queued.clear()
    catalogue._version.clear()


@pytest.fixture(autouse=True)
def _match_index_private(settings, tmp_path):
    settings.MATCH_INDEX_DIR = tmp_path / "match_index"
    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False
    settings.MATCH_VERSION_TTL_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    _forget_indexes()
    yield
    _forget_indexes()
