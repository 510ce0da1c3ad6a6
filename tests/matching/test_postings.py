"""The papers' BM25 postings are stored as 16-bit codes (half the bytes of float32 weights, in
every web worker's memory), and what a ranking reads from them is bit for bit the weights."""
from datetime import date

import numpy as np
import pytest
import scipy.sparse as sp

from matching.catalogue import catalogue_rows
from matching.index import MatchIndex, _bm25_weights, _coded_postings, _split_positions
from matching.ranking import ApplicantQuery
from matching.storage import index_load, index_save
from tests.factories.matching import researcher_with_papers


def _counts(seed: int, docs: int = 400, terms: int = 900) -> tuple[sp.csr_matrix, np.ndarray]:
    """A documents × terms count matrix of the shape text gives: most terms rare, a few
    counted many times, documents of very different lengths."""
    rng = np.random.default_rng(seed)
    rows, cols, vals = [], [], []
    for doc in range(docs):
        n = int(rng.integers(1, 120))
        chosen = np.unique(rng.zipf(1.3, n) % terms)
        rows += [doc] * len(chosen)
        cols += chosen.tolist()
        vals += rng.integers(1, 25, len(chosen)).tolist()
    tf = sp.csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)), shape=(docs, terms))
    return tf, np.asarray(tf.sum(axis=1), dtype=np.float32).ravel()


def _stored(tf: sp.csr_matrix, doc_len: np.ndarray, *, split: bool = True) -> MatchIndex:
    """An index holding only these counts' postings: as stored since format 10 (``split``:
    codes, and positions as 16 bits) or as format 8 stored them (a matrix of the weights),
    which is still read as a stand-in while the first rebuild after an upgrade runs."""
    index = MatchIndex.__new__(MatchIndex)
    index.papers = range(tf.shape[0])
    if split:
        coded, index.paper_w_tfc, index.paper_w_idf = _coded_postings(tf, doc_len)
        index.paper_w_low, index.paper_w_run_starts = _split_positions(coded)
        index.paper_w_codes = coded.data
    else:
        index.paper_w = _bm25_weights(tf, doc_len).tocsc()
    return index


@pytest.mark.parametrize("split", [True, False], ids=["format 10", "format 8"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_weights_read_from_the_codes_are_exactly_the_weights(seed, split):
    tf, doc_len = _counts(seed)
    weights = _bm25_weights(tf, doc_len).tocsc()
    coded, table, idf = _coded_postings(tf, doc_len)
    assert coded.data.dtype == np.uint16 and table is not None
    index = _stored(tf, doc_len, split=split)

    every = index.paper_bm25()
    assert every.dtype == np.float32
    assert np.array_equal(every.indptr, weights.indptr) and np.array_equal(every.indices, weights.indices)
    assert np.array_equal(every.data, weights.data)  # bit for bit, not approximately

    # A query's terms, in the query's order, some of them in no document.
    ids = np.array([7, 3, 850, 0, 12, 899, 3 + seed], dtype=np.int64)
    some = index.paper_bm25(ids)
    expected = weights[:, ids]
    assert np.array_equal(some.indptr, expected.indptr) and np.array_equal(some.indices, expected.indices)
    assert np.array_equal(some.data, expected.data)


def test_positions_past_65536_papers_come_back_exactly():
    """Papers numbered past what 16 bits hold: each term's positions are rebuilt from their low
    bits and the run they sit in, for terms with papers in every run, in some and in none."""
    rng = np.random.default_rng(9)
    n_papers, n_terms = 300_000, 40
    rows, cols = [], []
    for term in range(n_terms):
        if term == 5:
            continue  # a term no paper uses
        size = {0: 150_000, 1: 3, 2: 1}.get(term, int(rng.integers(1, 20_000)))
        if term == 3:  # only papers in the last run
            chosen = rng.choice(np.arange(262_144, n_papers), size=500, replace=False)
        else:
            chosen = rng.choice(n_papers, size=size, replace=False)
        rows += chosen.tolist()
        cols += [term] * len(chosen)
    counts = sp.csr_matrix((rng.integers(1, 9, len(rows)).astype(np.float32), (rows, cols)), shape=(n_papers, n_terms))
    doc_len = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel()
    coded, table, idf = _coded_postings(counts, doc_len)
    index = _stored(counts, doc_len)
    assert index.paper_w_run_starts.shape == (n_terms, 6)  # 300,000 papers: five runs of 65,536, and the end
    older = _stored(counts, doc_len, split=False)  # format 8, still read while a rebuild runs
    for term in range(n_terms):
        expected = coded.indices[coded.indptr[term]:coded.indptr[term + 1]]
        for stored in (index, older):
            assert stored.paper_term_count(term) == len(expected)
            assert np.array_equal(stored.paper_rows(term), expected), term
    weights = _bm25_weights(counts, doc_len).tocsc()
    ids = np.array([3, 0, 5, 17, 1])
    some, expected = index.paper_bm25(ids), weights[:, ids]
    assert np.array_equal(some.indices, expected.indices) and np.array_equal(some.data, expected.data)


def test_counts_that_are_not_whole_numbers_keep_the_weights_themselves():
    tf, doc_len = _counts(4)
    tf.data[::7] += np.float32(0.5)
    doc_len = np.asarray(tf.sum(axis=1), dtype=np.float32).ravel()
    coded, table, idf = _coded_postings(tf, doc_len)
    assert table is None and coded.data.dtype == np.float32
    expected = _bm25_weights(tf, doc_len).tocsc()
    for split in (True, False):
        assert np.array_equal(_stored(tf, doc_len, split=split).paper_bm25().data, expected.data)


def test_an_empty_catalogue_has_no_postings():
    tf = sp.csr_matrix((3, 5), dtype=np.float32)
    coded, table, idf = _coded_postings(tf, np.zeros(3, dtype=np.float32))
    assert coded.nnz == 0 and table is None
    for split in (True, False):
        assert _stored(tf, np.zeros(3, dtype=np.float32), split=split).paper_bm25(np.array([1, 2])).shape == (3, 2)


@pytest.mark.django_db
def test_a_stored_index_keeps_the_codes_and_scores_papers_as_built(tmp_path):
    researcher_with_papers([
        ("Bilevel optimization for data mixing", "Bilevel optimization picks data mixing weights, "
         "data mixing again.", date(2026, 1, 5)),
        ("Hypergradient methods", "Hypergradients for bilevel optimization.", date(2025, 6, 1)),
    ], name="Olga Optimizer", topics=["Optimization"])
    researcher_with_papers([("Data mixing for speech", "Speech data.", None)], name="Bruno Mixer")
    built = MatchIndex(**catalogue_rows(), version="v1")
    index_save(built, tmp_path / "v1")
    loaded = index_load(tmp_path / "v1", MatchIndex)
    # Two bytes a posting for its weight's code and two for its paper: a quarter of the int32
    # positions and float32 weights that were stored before.
    assert loaded.paper_w_codes.dtype == np.uint16 and loaded.paper_w_low.dtype == np.uint16
    assert not hasattr(loaded, "paper_w")

    ids, weight = loaded._query_terms("bilevel data mixing speech")
    assert len(ids) == 4
    scores = loaded.paper_scores(ids, weight)
    assert np.array_equal(scores, built.paper_scores(ids, weight))
    # Only the papers that say a word of the query score, and the one paper saying "speech",
    # the query's rarest word, alone scores for it.
    by_title = {p["title"]: s for p, s in zip(built.papers, scores)}
    assert all(score > 0 for score in by_title.values())
    speech_ids, speech_weight = loaded._query_terms("speech")
    speech = dict(zip([p["title"] for p in built.papers], loaded.paper_scores(speech_ids, speech_weight)))
    assert speech["Data mixing for speech"] > 0
    assert speech["Hypergradient methods"] == speech["Bilevel optimization for data mixing"] == 0
    query = ApplicantQuery(interests="bilevel optimization for data mixing")
    assert np.array_equal(loaded.rank(query).overall, built.rank(query).overall)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_querys_scores_summed_from_the_codes_are_the_sparse_products_bit_for_bit(seed):
    """``paper_scores`` sums the query's postings straight from the codes (kernels.py); it must
    give exactly what decoding them into a matrix and multiplying by the weights gives, for
    terms in any order, repeated, or in no document."""
    tf, doc_len = _counts(seed)
    index = _stored(tf, doc_len)
    rng = np.random.default_rng(seed)
    ids = np.concatenate([rng.choice(900, 40, replace=False), [7, 7, 899]]).astype(np.int64)
    weight = (1 + np.log(rng.integers(1, 5, len(ids)))).astype(np.float32)
    expected = index.paper_bm25(ids) @ weight
    scores = index.paper_scores(ids, weight)
    assert scores.dtype == np.float32 and (scores > 0).sum() > 50
    assert np.array_equal(scores, expected)
    assert not index.paper_scores(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)).any()


def test_scores_of_papers_past_65536_are_summed_where_they_belong():
    rng = np.random.default_rng(12)
    n_papers = 200_000
    rows = np.concatenate([rng.choice(n_papers, 30_000, replace=False), [0, 65_535, 65_536, n_papers - 1]])
    cols = np.concatenate([rng.integers(0, 6, 30_000), [1, 1, 1, 1]])
    pairs = np.unique(np.stack([rows, cols]), axis=1)
    counts = sp.csr_matrix((rng.integers(1, 9, pairs.shape[1]).astype(np.float32), (pairs[0], pairs[1])),
                           shape=(n_papers, 6))
    doc_len = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel() + 3
    index = _stored(counts, doc_len)
    ids, weight = np.array([1, 4, 0], dtype=np.int64), np.array([1.0, 0.5, 2.0], dtype=np.float32)
    scores = index.paper_scores(ids, weight)
    assert np.array_equal(scores, index.paper_bm25(ids) @ weight)
    assert scores[65_536] > 0 and scores[n_papers - 1] > 0
