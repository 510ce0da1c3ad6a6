"""The products a ranking and an index build split over threads give exactly what one call gives:
splitting is for speed only, so no score, vector or term weight may move by a single bit."""
import numpy as np
import pytest
import scipy.sparse as sp

from matching import parallel


@pytest.fixture
def two_threads(monkeypatch):
    """Two threads, and thresholds low enough that small test arrays are split too."""
    monkeypatch.setattr(parallel, "MIN_ROWS_PER_THREAD", 10)
    monkeypatch.setattr(parallel, "MIN_ENTRIES_PER_THREAD", 10)
    before = parallel._threads
    parallel.configure(threads=2)
    yield
    parallel.configure(threads=before)


def _counts(rows: int, cols: int, seed: int) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.integers(0, 3, size=(rows, cols)).astype(np.float32)
    dense[rng.random(rows) < 0.2] = 0  # some texts with nothing in them
    return sp.csr_matrix(dense)


def test_a_split_sparse_product_is_the_one_call_product_bit_for_bit(two_threads):
    texts = _counts(301, 40, seed=1)
    tokens = _counts(40, 25, seed=2)
    vectors = np.random.default_rng(3).standard_normal((25, 16)).astype(np.float32)

    counts = parallel.sparse_product(texts, tokens)
    assert sp.issparse(counts)
    expected = (texts @ tokens).toarray()
    assert np.array_equal(counts.toarray(), expected)

    out = parallel.sparse_product(counts.tocsr(), vectors)
    assert isinstance(out, np.ndarray) and out.shape == (301, 16)
    assert np.array_equal(out, (texts @ tokens) @ vectors)


def test_a_split_product_of_integer_vectors_is_the_exact_product_to_float32_rounding(two_threads):
    rng = np.random.default_rng(4)
    ints = rng.integers(-32767, 32767, size=(257, 256), dtype=np.int16)
    query = rng.standard_normal(256).astype(np.float32)
    exact = ints.astype(np.float64) @ query.astype(np.float64)
    # A float32 sum of 256 terms, in whatever order: within a few float32 steps of the sum of
    # the terms' sizes (which is what can cancel), never more.
    size = np.abs(ints.astype(np.float64)) @ np.abs(query.astype(np.float64))
    split = parallel.matvec(ints, query)
    assert np.all(np.abs(split - exact) <= 256 * np.finfo(np.float32).eps * size)
    # Each row's sum is the same whichever thread's block holds it.
    parallel.configure(threads=1)
    assert np.array_equal(parallel.matvec(ints, query), split)


def test_one_thread_or_a_small_matrix_is_not_split(monkeypatch):
    calls = []
    monkeypatch.setattr(parallel, "_executor", lambda: calls.append("pool"))
    texts = _counts(50, 10, seed=5)
    assert np.array_equal(parallel.sparse_product(texts, np.eye(10, dtype=np.float32)), texts.toarray())
    assert calls == []
