"""Test-only code loaded into real workers: a task that always crashes, and a stall that holds an
import open half-way so a test can kill the worker there.

The stall is armed by SCOUT_TEST_STALL_FILE (set only in a test's worker subprocess): when that
file exists, the next import writes its papers inside its transaction, removes the file, writes
FILE.stalled and sleeps, never committing.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from celery import shared_task
from django.db import OperationalError

STALL_FILE = os.environ.get("SCOUT_TEST_STALL_FILE")

if STALL_FILE:
    from profiles.services import captures as _captures

    _upsert_papers = _captures.papers_upsert_for_researcher

    def _stalling_upsert_papers(*args, **kwargs):
        result = _upsert_papers(*args, **kwargs)
        stall = Path(STALL_FILE)
        if stall.exists():
            stall.unlink()
            Path(f"{STALL_FILE}.stalled").write_text(str(os.getpid()))
            time.sleep(300)  # the test kills the worker here
        return result

    _captures.papers_upsert_for_researcher = _stalling_upsert_papers


# The project's base task (its retry errors and cap), with a 0.05 s wait instead of the real
# backoff (celery's exponential backoff cannot go below 1 s, 2 s, 4 s …, too slow for a test).
@shared_task(bind=True, retry_backoff=False, retry_kwargs={"countdown": 0.05})
def always_crashing_task(self, attempts_file: str) -> None:
    """Records each attempt, then fails the way a locked database does (a retryable error)."""
    with open(attempts_file, "a") as handle:
        handle.write(f"{self.request.retries}\n")
    raise OperationalError("database is locked (test)")
