"""The loops a ranking runs over the whole catalogue, compiled by numba where numpy and scipy
would need a temporary array as long as the catalogue (or a conversion) between two calls.

Each is compiled on first use and kept in ``__pycache__`` (the next process loads it in ~50 ms
instead of compiling it for ~0.3 s), or where ``NUMBA_CACHE_DIR`` says; with no folder it may
write to (a read-only install), each process compiles its own. ``compile_kernels`` does it
before gunicorn forks, so the workers share the machine code. ``nogil``: the product's threads
(parallel.py) run them side by side.
"""
from __future__ import annotations

import numpy as np
from numba import njit


def compiled(**options):
    """``numba.njit`` with its machine code cached on disk where numba finds a folder it may
    write to; without one numba refuses to cache (a RuntimeError when the function is
    decorated, that is when this module is imported), and the function is compiled in each
    process instead of the app failing to start."""
    def decorate(function):
        try:
            return njit(cache=True, **options)(function)
        except RuntimeError:
            return njit(**options)(function)
    return decorate


@compiled(nogil=True, fastmath=True, boundscheck=False)
def integer_rows_dot(matrix, vector, out):
    """``out[:] = matrix @ vector`` for an integer matrix and a float32 vector, in float32.

    ``fastmath`` lets the compiler add each row's products in vector lanes, in an order of its
    own: a sum may differ from BLAS's in its last bit or two (~1e-7 of a cosine)."""
    for i in range(matrix.shape[0]):
        total = np.float32(0)
        for j in range(matrix.shape[1]):
            total += np.float32(matrix[i, j]) * vector[j]
        out[i] = total


@compiled(nogil=True, boundscheck=False)
def coded_postings_sum(starts, low, codes, table, idf, terms, weights, out):
    """``out[row] += weight × float32(table[code] × idf[term])`` over every posting of each of
    ``terms`` (index.py's coded postings: a term's positions are runs of low 16 bits, one run per
    value of the high bits, ``starts[term]`` where each run begins and the list ends).

    The same float32 operations in the same order as decoding the postings into a sparse matrix
    and multiplying it by the weights (terms in turn, each term's rows ascending), without the
    matrix: no ``fastmath``, so the scores are bit for bit the same."""
    for k in range(terms.shape[0]):
        term = terms[k]
        weight = weights[k]
        term_idf = idf[term]
        for high in range(starts.shape[1] - 1):
            base = high << 16
            for j in range(starts[term, high], starts[term, high + 1]):
                out[base + low[j]] += np.float32(table[codes[j]] * term_idf) * weight


@compiled(nogil=True, boundscheck=False)
def researchers_writing(starts, low, term, paper_mask, writers_indptr, writers_indices, hit):
    """``hit[r] = True`` for every researcher who wrote a paper in ``term``'s coded postings,
    papers whose ``paper_mask`` is 0 left out (an empty mask: none hidden). The writers are a
    papers × researchers CSR matrix's arrays."""
    masked = paper_mask.shape[0] > 0
    for high in range(starts.shape[1] - 1):
        base = high << 16
        for j in range(starts[term, high], starts[term, high + 1]):
            row = base + low[j]
            if masked and not paper_mask[row] > 0:
                continue
            for k in range(writers_indptr[row], writers_indptr[row + 1]):
                hit[writers_indices[k]] = True


@compiled(nogil=True, boundscheck=False)
def best_papers_sum(values, r_start, auth_p, decay, out):
    """``out[r]`` = Σ_k decay[k] × (researcher r's k-th best ``values`` over their papers), for
    the ``len(decay)`` best: each researcher's papers (``auth_p[r_start[r]:r_start[r + 1]]``)
    read once, their best kept in a short sorted list (a value better than the last is passed
    down it by max and min, without a branch per place), summed in float64."""
    k = decay.shape[0]
    if k == 0:  # no best papers asked for: nothing to sum (and no last place to compare with)
        out[:] = 0.0
        return
    best = np.empty(k, dtype=values.dtype)
    for r in range(r_start.shape[0] - 1):
        best[:] = -np.inf
        for j in range(r_start[r], r_start[r + 1]):
            value = values[auth_p[j]]
            if value > best[k - 1]:
                for i in range(k):
                    higher = max(best[i], value)
                    value = min(best[i], value)
                    best[i] = higher
        total = 0.0
        for i in range(min(k, r_start[r + 1] - r_start[r])):
            total += np.float64(best[i]) * decay[i]
        out[r] = total


def compile_kernels() -> None:
    """Compile (or load from the cache) each loop for the arrays a ranking passes it: an index
    built in this process (writable arrays) and one mapped from its folder (read-only)."""
    for writeable in (True, False):
        matrix, starts = np.zeros((1, 256), dtype=np.int16), np.zeros((1, 2), dtype=np.int64)
        low, codes = np.zeros(0, dtype=np.uint16), np.zeros(0, dtype=np.uint16)
        table, idf = np.zeros(1), np.zeros(1)
        writers_indptr, writers_indices = np.zeros(2, dtype=np.int32), np.zeros(0, dtype=np.int32)
        r_start, auth_p = np.zeros(2, dtype=np.int64), np.zeros(0, dtype=np.int32)
        for array in (matrix, starts, low, codes, table, idf, writers_indptr, writers_indices, r_start, auth_p):
            array.flags.writeable = writeable
        integer_rows_dot(matrix, np.zeros(256, dtype=np.float32), np.zeros(1, dtype=np.float32))
        coded_postings_sum(starts, low, codes, table, idf, np.zeros(1, dtype=np.int64),
                           np.ones(1, dtype=np.float32), np.zeros(1, dtype=np.float32))
        for paper_mask in (np.zeros(0), np.ones(1)):
            researchers_writing(starts, low, 0, paper_mask, writers_indptr, writers_indices,
                                np.zeros(1, dtype=np.bool_))
        best_papers_sum(np.zeros(1, dtype=np.float32), r_start, auth_p, np.ones(5), np.zeros(1))
