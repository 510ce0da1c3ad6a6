"""The rule "every catalogue write raises the catalogue version", enforced over the whole suite.

Shared page fragments and the match index are keyed by the catalogue version
(docs/architecture.md), so a write that commits without raising it leaves pages showing the old
catalogue. Every test runs with a database execute wrapper that notes each INSERT, UPDATE or
DELETE the app makes on a catalogue table. When the transaction holding such a write commits
(the outermost atomic block the app opened, or the statement itself in autocommit) and no write
to the version row happened in it, the test fails, naming the table and the code that wrote.

What counts as the app's write: one made inside a request, a task, a command, or by code of
ours outside tests/ and migrations/. A test's own setup (factories, ``Model.objects.create``
in a test) is not checked: it stands for state that was already there.

It watches the test's own thread: a worker in another thread or process, and the live
server's connection on PostgreSQL, run the same services the suite also calls directly.

Opt out with ``@pytest.mark.catalogue_version_unguarded("why")``.
"""
from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection, transaction

# What the public pages show: a write to these must raise the version in its transaction.
# Captures are left out: one changes a page only by being imported, and an import writes the
# researcher (their sort keys at least) in the same transaction; a capture stored to wait for
# assignment or review, queued or failed shows nowhere, and raising the version for it would
# throw away every cached page and the match index for nothing.
CATALOGUE_TABLES = frozenset({"profiles_researcher", "profiles_paper", "profiles_authorship"})
VERSION_TABLE = "profiles_catalogueversion"
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

ROOT = str(Path(__file__).resolve().parent.parent) + "/"
# Frames that mean "the app is running" even when the next frame of ours is a test: the test
# client's request, a task run eagerly, a management command.
_APP_ENTRY_POINTS = ("django/core/handlers/base.py", "celery/app/trace.py", "django/core/management/base.py")


@dataclass
class _Unit:
    """The catalogue writes of one transaction, and whether it raised the version."""

    writes: list[str] = field(default_factory=list)
    bumped: bool = False


@dataclass
class _Guard:
    violations: list[str] = field(default_factory=list)
    unit: _Unit | None = None  # the app's transaction in progress on this connection

    def __call__(self, execute, sql, params, many, context):
        match = _WRITE.match(sql) if isinstance(sql, str) else None
        if match is not None:
            self._note(match.group(1).lower(), sql)
        return execute(sql, params, many, context)

    def _note(self, table: str, sql: str) -> None:
        if table != VERSION_TABLE and table not in CATALOGUE_TABLES:
            return
        open_units = [block for block in connection.atomic_blocks if not block._from_testcase]
        if not open_units:
            # Autocommit, as far as the app is concerned: the statement is its own transaction.
            if table in CATALOGUE_TABLES and (where := _app_frame()):
                self.violations.append(_describe([f"{table} ({where})"], sql))
            return
        if self.unit is None:
            self.unit = _Unit()
        if table == VERSION_TABLE:
            self.unit.bumped = True
        elif where := _app_frame():
            self.unit.writes.append(f"{table} ({where})")

    def transaction_ended(self, *, committed: bool) -> None:
        unit, self.unit = self.unit, None
        if committed and unit is not None and unit.writes and not unit.bumped:
            self.violations.append(_describe(unit.writes, ""))


def _describe(writes: list[str], sql: str) -> str:
    unique = list(dict.fromkeys(writes))
    text = "; ".join(unique[:5]) + (f" and {len(unique) - 5} more" if len(unique) > 5 else "")
    return f"committed catalogue writes without raising the catalogue version: {text}" + (
        f"\n    {sql[:200]}" if sql else "")


def _app_frame() -> str | None:
    """Where the app made this write (file:line of our code), or None for a test's own setup
    (or a migration: migrations raise the version themselves, see profiles/migrations)."""
    frame = sys._getframe(1)
    app_entry = False
    while frame is not None:
        path = frame.f_code.co_filename
        if path == __file__:
            pass
        elif path.startswith(ROOT) and "/site-packages/" not in path:
            relative = f"{path[len(ROOT):]}:{frame.f_lineno}"
            if "/migrations/" in relative:
                return None
            if relative.startswith("tests/"):
                return f"a request, task or command from {relative}" if app_entry else None
            return relative
        elif path.endswith(_APP_ENTRY_POINTS):
            app_entry = True
        frame = frame.f_back
    return None


_original_exit = transaction.Atomic.__exit__


def _exit_noting_commits(self, exc_type, exc_value, traceback):
    conn = transaction.get_connection(self.using)
    guard = getattr(conn, "_catalogue_version_guard", None)
    outermost = (guard is not None and not self._from_testcase and conn.atomic_blocks
                 and conn.atomic_blocks[-1] is self
                 and all(block._from_testcase for block in conn.atomic_blocks[:-1]))
    committing = exc_type is None and not conn.needs_rollback
    result = _original_exit(self, exc_type, exc_value, traceback)
    if outermost:
        guard.transaction_ended(committed=committing)
    return result


@contextmanager
def catalogue_version_guarded(monkeypatch):
    """Note the app's catalogue writes on this thread's connection while inside; yields the
    guard, whose ``violations`` name each commit that did not raise the version."""
    guard = _Guard()
    monkeypatch.setattr(transaction.Atomic, "__exit__", _exit_noting_commits)
    monkeypatch.setattr(connection, "_catalogue_version_guard", guard, raising=False)
    with connection.execute_wrapper(guard):
        yield guard
    monkeypatch.setattr(connection, "_catalogue_version_guard", None, raising=False)


@pytest.fixture(autouse=True)
def _catalogue_version_guard(request, monkeypatch):
    if request.node.get_closest_marker("catalogue_version_unguarded"):
        yield
        return
    with catalogue_version_guarded(monkeypatch) as guard:
        yield
    if guard.violations:
        pytest.fail("\n".join(guard.violations), pytrace=False)
