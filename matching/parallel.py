"""A ranking's one big product, every paper's vector × the query's, split over a few threads.

The product reads the whole paper × 256 array and is bound by memory: as float32 (465 MB at
450,000 papers) one core did it in ~54 ms, two in ~31 ms. The paper vectors are therefore kept
as int16 (embedding.py: half the bytes to read and to hold). numpy cannot multiply int16 rows by
a float32 vector without first converting them: converting a block of rows at a time into a
buffer and making one BLAS call per block took 24 ms for 372,519 papers on one core, two thirds
of it the conversion. One loop compiled by numba (kernels.py) converts each value as it
multiplies and adds it, in SIMD registers, and never writes a float32 row: 7 ms. (float16 has no
fast conversion in numpy: 4× slower.) Its sums are float32, added in the order the compiler's vector lanes take
(``fastmath``), so a cosine may differ from BLAS's in its last bit or two (~1e-7).

OpenBLAS's own threads would split the product on an idle machine, but they spin while they
wait, and under load (two web processes and a worker on two cores) they spun against each other:
184 ms instead of 109 ms. So BLAS keeps one thread per process (``threadpool_limits`` in apps.py)
and the rows are split here over plain threads that each run the compiled loop without the GIL
(``nogil``) and block, never spin, when there is no core for them.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp

from .kernels import integer_rows_dot

MIN_ROWS_PER_THREAD = 50_000  # below this a thread costs more than it saves
MIN_ENTRIES_PER_THREAD = 2_000_000  # the same for a sparse product, counted in stored entries

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
    """``matrix @ vector`` in float32 (an int16 matrix is read as float32), its rows split over
    the configured threads."""
    n = len(matrix)
    vector = np.asarray(vector, dtype=np.float32)
    dot = np.dot if matrix.dtype == np.float32 else integer_rows_dot
    parts = max(1, min(_threads, n // MIN_ROWS_PER_THREAD))
    out = np.empty(n, dtype=np.float32)
    if parts == 1:
        dot(matrix, vector, out)
        return out
    _in_row_blocks(n, parts, lambda a, b: dot(matrix[a:b], vector, out[a:b]))
    return out


def _in_row_blocks(n: int, parts: int, work) -> list:
    """``work(start, stop)`` for ``parts`` consecutive blocks of ``n`` rows, on the pool's
    threads; its results in block order."""
    bounds = np.linspace(0, n, parts + 1).astype(int)
    pool = _executor()
    futures = [pool.submit(work, a, b) for a, b in zip(bounds[:-1], bounds[1:])]
    return [future.result() for future in futures]


def _row_block(matrix: sp.csr_matrix, start: int, stop: int) -> sp.csr_matrix:
    """Rows ``start:stop`` of a CSR matrix as a view on its arrays (slicing would copy them)."""
    lo, hi = int(matrix.indptr[start]), int(matrix.indptr[stop])
    return sp.csr_matrix((matrix.data[lo:hi], matrix.indices[lo:hi], matrix.indptr[start:stop + 1] - lo),
                         shape=(stop - start, matrix.shape[1]), copy=False)


def sparse_product(matrix: sp.csr_matrix, other):
    """``matrix @ other`` for a CSR matrix with many rows, its rows split over the configured
    threads: scipy's sparse kernels let go of the GIL, so an index build's two big products (the
    papers' chunk counts × each chunk's tokens, then × the token vectors: 7.5 s of a 31 s build at
    454,000 papers on one core) run on both cores. Same result as ``matrix @ other``: each row's
    sum is computed exactly as it would be in one call."""
    matrix = sp.csr_matrix(matrix)
    n = matrix.shape[0]
    parts = max(1, min(_threads, n // MIN_ROWS_PER_THREAD, matrix.nnz // MIN_ENTRIES_PER_THREAD))
    if parts == 1:
        return matrix @ other
    blocks = _in_row_blocks(n, parts, lambda a, b: _row_block(matrix, a, b) @ other)
    if sp.issparse(blocks[0]):
        return sp.vstack(blocks, format="csr")
    return np.concatenate([np.asarray(block) for block in blocks])
