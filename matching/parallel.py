"""A ranking's one big product, every paper's vector × the query's, split over a few threads.

The product reads the whole paper × 256 array (465 MB at 450,000 papers) and is bound by
memory: one core does it in ~54 ms, two in ~31 ms. OpenBLAS's own threads would do the same
on an idle machine, but they spin while they wait, and under load (two web processes and a
worker on two cores) they spun against each other: 184 ms instead of 109 ms. So BLAS keeps one
thread per process (``threadpool_limits`` in apps.py) and the rows are split here over plain
threads that each make one single-threaded BLAS call (numpy lets go of the GIL) and block,
never spin, when there is no core for them.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

MIN_ROWS_PER_THREAD = 50_000  # below this a thread costs more than it saves

_threads = 1
_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_lock = threading.Lock()


def configure(*, threads: int) -> None:
    """How many threads a product may use in this process (settings.MATCH_THREADS)."""
    global _threads
    _threads = max(1, int(threads))


def _executor() -> ThreadPoolExecutor:
    # One pool per process, made on first use: threads do not survive gunicorn's fork.
    global _pool, _pool_pid
    with _lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool, _pool_pid = ThreadPoolExecutor(max_workers=_threads, thread_name_prefix="match"), os.getpid()
        return _pool


def matvec(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """``matrix @ vector`` (float32), its rows split over the configured threads."""
    n = len(matrix)
    parts = min(_threads, n // MIN_ROWS_PER_THREAD)
    if parts <= 1:
        return matrix @ vector
    out = np.empty(n, dtype=np.result_type(matrix.dtype, vector.dtype))
    bounds = np.linspace(0, n, parts + 1).astype(int)
    pool = _executor()
    futures = [pool.submit(np.dot, matrix[a:b], vector, out[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    for future in futures:
        future.result()
    return out
