"""Suite-wide fixtures: fast password hashing and the seed captures."""
from pathlib import Path

import pytest

from matching.catalogue import match_index_forget
from profiles.selectors import catalogue_facts_forget

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
    # And the catalogue facts this process keeps per version: the version starts again in every
    # test's database, so an earlier test's could carry the same one.
    catalogue_facts_forget()


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


# Tests that never touch the suite's database (DATABASE_URL) nor its broker (REDIS_URL): the pure
# parsers, the in-memory expertise evaluation, and the fault run (which makes PostgreSQL
# databases and a Redis of its own whatever the suite uses). CI's second pass, on PostgreSQL and
# Redis, leaves them out (-m "not database_independent"): it would run them exactly as the first.
DATABASE_INDEPENDENT = ("tests/profiles/importers/", "tests/matching/test_expertise.py",
                        "tests/serving/test_chaos.py")
_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                      "live_server", "django_db_setup"}


def pytest_collection_modifyitems(config, items):
    root = Path(__file__).resolve().parent.parent
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(root).as_posix()
        if not where.startswith(DATABASE_INDEPENDENT):
            continue
        # The mark must not lie: a test here that asks for the database is an error, not a skip.
        if _DATABASE_FIXTURES & set(item.fixturenames) or item.get_closest_marker("django_db"):
            raise pytest.UsageError(f"{item.nodeid} uses the suite's database: take it out of DATABASE_INDEPENDENT")
        item.add_marker(pytest.mark.database_independent)
