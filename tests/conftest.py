"""Suite-wide fixtures: fast password hashing and the seed captures."""
from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _match_index_out_of_the_way(settings, tmp_path_factory):
    # Catalogue changes in any test queue a match index rebuild and may build one: keep both
    # out of the developer's var/ (tests of the rebuild itself switch it back on).
    settings.MATCH_INDEX_DIR = tmp_path_factory.getbasetemp() / "match_index"
    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False
    settings.MATCH_VERSION_TTL_SECONDS = 0  # tests change the catalogue and look at once
    settings.MATCH_INDEX_QUEUE_GAP = 0  # every invalidation queues its rebuild


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR

# Real Celery workers (embedded broker and Redis) for the tests marked `services`.
pytest_plugins = ["tests.worker", "tests.browser"]
