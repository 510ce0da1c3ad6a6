"""The embedded default (SQLite) with two writers at once: the web server and the worker.

A transaction that reads before it writes (most services: read the row, then save it) cannot
wait on SQLite for another writer when it was begun as a reader: it fails at once with
"database is locked" (the busy timeout does not apply to that upgrade). The settings begin every
transaction as a writer (``transaction_mode: IMMEDIATE``), so it waits for the other writer
instead, up to the timeout."""
import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                                reason="the embedded default only: PostgreSQL waits for row locks itself")


@pytest.fixture
def connect(tmp_path, django_db_blocker):
    """``connect(alias)``: a connection of the app's own settings to one database file of this
    test's (as the web process and the worker each have their own), registered in the calling
    thread so ``transaction.atomic(using=alias)`` works on it."""
    own = {**settings.DATABASES["default"], "NAME": str(tmp_path / "writers.sqlite3"), "TEST": {}}
    configured = connections.configure_settings({"default": own, "writers": dict(own)})["writers"]
    opened = []

    def connect(alias: str) -> str:
        connections[alias] = DatabaseWrapper(configured, alias)
        opened.append((threading.get_ident(), connections[alias]))
        return alias

    django_db_blocker.unblock()  # a database of this test's own, not the suite's
    yield connect
    for thread, connection in opened:
        if thread == threading.get_ident():  # the others were closed in their own thread
            connection.close()
            del connections[connection.alias]
    django_db_blocker.restore()


def test_a_transaction_that_reads_then_writes_waits_for_another_writer(connect):
    web = connect("web")
    with connections[web].cursor() as cursor:
        cursor.execute("CREATE TABLE beats (host TEXT PRIMARY KEY, seen INTEGER)")
    holding, released = threading.Event(), threading.Event()

    def long_write():  # the worker's import: holds the write lock for half a second
        worker = connect("worker")
        with transaction.atomic(using=worker), connections[worker].cursor() as cursor:
            cursor.execute("INSERT INTO beats VALUES ('import', 1)")
            holding.set()
            time.sleep(0.5)
        released.set()
        connections[worker].close()

    thread = threading.Thread(target=long_write)
    thread.start()
    assert holding.wait(5)
    # The web request's service: read, then write, in one transaction.
    with transaction.atomic(using=web), connections[web].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM beats WHERE host = 'web'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("INSERT INTO beats VALUES ('web', 2)")
    assert released.is_set()  # it waited for the import's commit instead of failing
    thread.join()
    with connections[web].cursor() as cursor:
        cursor.execute("SELECT host FROM beats ORDER BY host")
        assert [row[0] for row in cursor.fetchall()] == ["import", "web"]
