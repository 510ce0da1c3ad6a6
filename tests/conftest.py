"""Suite-wide fixtures: fast password hashing and the seed captures."""
from pathlib import Path

import pytest

from matching.catalogue import match_index_forget

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _match_index_out_of_the_way(settings, tmp_path):
    # Catalogue changes in any test queue a match index rebuild and may build one: keep both out
    # of the developer's var/ (tests of the rebuild itself switch it back on). Each test gets its
    # own folder and no remembered index: the catalogue version starts again in every test's
    # database, so an index from an earlier test could carry the same version.
    settings.MATCH_INDEX_DIR = tmp_path / "match_index"
    settings.MATCH_INDEX_REBUILD_IN_BACKGROUND = False
    settings.MATCH_INDEX_PULL_IN_BACKGROUND = False
    match_index_forget()
    yield
    match_index_forget()


@pytest.fixture(autouse=True)
def _private_cache(settings):
    # The embedded default caches in files under var/: tests keep theirs in memory, empty at start.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "tests"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR

# Real Celery workers (embedded broker and Redis) for the tests marked `broker`.
pytest_plugins = ["tests.worker", "tests.browser", "tests.catalogue_version_guard"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    yield
    # In-process workers and live-server threads hold connections of their own; PostgreSQL will
    # not drop the test database while any is open, so end them before pytest-django drops it.
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
