"""Suite-wide fixtures: fast password hashing and the seed captures."""
from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR

# Real Celery workers (embedded broker and Redis) for the tests marked `services`.
pytest_plugins = ["tests.worker"]
