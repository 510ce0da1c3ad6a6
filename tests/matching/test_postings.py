"""The papers' BM25 postings are stored as 16-bit codes (half the bytes of float32 weights, in
every web worker's memory), and what a ranking reads from them is bit for bit the weights."""
from datetime import date

import numpy as np
import pytest
import scipy.sparse as sp

from matching.catalogue import catalogue_rows
from matching.index import MatchIndex, _bm25_weights, _coded_postings
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


def _index_with(coded, table, idf) -> MatchIndex:
    index = MatchIndex.__new__(MatchIndex)
    index.paper_w, index.paper_w_tfc, index.paper_w_idf = coded, table, idf
    return index


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_weights_read_from_the_codes_are_exactly_the_weights(seed):
    tf, doc_len = _counts(seed)
    weights = _bm25_weights(tf, doc_len).tocsc()
    coded, table, idf = _coded_postings(tf, doc_len)
    assert coded.data.dtype == np.uint16 and table is not None
    index = _index_with(coded, table, idf)

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


def test_counts_that_are_not_whole_numbers_keep_the_weights_themselves():
    tf, doc_len = _counts(4)
    tf.data[::7] += np.float32(0.5)
    doc_len = np.asarray(tf.sum(axis=1), dtype=np.float32).ravel()
    coded, table, idf = _coded_postings(tf, doc_len)
    assert table is None and coded.data.dtype == np.float32
    assert np.array_equal(_index_with(coded, table, idf).paper_bm25().data, _bm25_weights(tf, doc_len).tocsc().data)


def test_an_empty_catalogue_has_no_postings():
    tf = sp.csr_matrix((3, 5), dtype=np.float32)
    coded, table, idf = _coded_postings(tf, np.zeros(3, dtype=np.float32))
    assert coded.nnz == 0 and table is None
    assert _index_with(coded, table, idf).paper_bm25(np.array([1, 2])).shape == (3, 2)


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
    assert loaded.paper_w.data.dtype == np.uint16
    assert (tmp_path / "v1" / "paper_w.data.npy").stat().st_size < (tmp_path / "v1" / "paper_w.indices.npy").stat().st_size

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
