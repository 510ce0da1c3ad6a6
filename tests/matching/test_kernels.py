"""The ranking's compiled loops (matching/kernels.py) give what the plain numpy they replaced
gives: each researcher's best papers, and who wrote a term's papers, hidden papers left out."""
import numpy as np
import pytest
import scipy.sparse as sp

from matching.index import _coded_postings, _split_positions
from matching.kernels import best_papers_sum, researchers_writing


def _authorships(seed: int, researchers: int = 300, papers: int = 2_000):
    """Researchers with 0 to 400 papers each (more than the best few, fewer, and none)."""
    rng = np.random.default_rng(seed)
    per = rng.integers(0, 40, researchers)
    per[:3] = (0, 1, 400)
    auth_p = np.concatenate([np.sort(rng.choice(papers, n, replace=False)) for n in per]).astype(np.int32)
    r_start = np.concatenate([[0], np.cumsum(per)]).astype(np.int64)
    return auth_p, r_start


def test_each_researchers_best_papers_are_summed_with_their_decay():
    auth_p, r_start = _authorships(1)
    rng = np.random.default_rng(2)
    values = rng.random(2_000).astype(np.float32)
    values[rng.random(2_000) < 0.3] = 0  # papers that do not match at all
    values[:50] = values[50]  # ties
    decay = np.power(0.4, np.arange(5))
    out = np.zeros(len(r_start) - 1)
    best_papers_sum(values, r_start, auth_p, decay, out)
    for r in range(len(r_start) - 1):
        own = np.sort(values[auth_p[r_start[r]:r_start[r + 1]]].astype(np.float64))[::-1][:5]
        assert np.isclose(out[r], own @ decay[:len(own)], rtol=1e-15, atol=0), r
    assert out[0] == 0 and out[1] == values[auth_p[r_start[1]]]


def test_the_writers_of_a_terms_papers_are_hit_and_hidden_papers_left_out():
    auth_p, r_start = _authorships(3, papers=70_000)
    n_r, n_p = len(r_start) - 1, 70_000
    authorship = sp.csr_matrix((np.ones(len(auth_p), dtype=np.float32), auth_p, r_start), shape=(n_r, n_p))
    writers = authorship.T.tocsr()
    rng = np.random.default_rng(4)
    # Three terms: one in many papers (past 65,536 too), one in a few, one in none.
    term_rows = [np.sort(rng.choice(n_p, 9_000, replace=False)), np.array([5, 65_600]), np.array([], dtype=int)]
    rows = np.concatenate(term_rows)
    cols = np.concatenate([[t] * len(r) for t, r in enumerate(term_rows)])
    counts = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_p, 3))
    coded, _, _ = _coded_postings(counts, np.ones(n_p, dtype=np.float32))
    low, starts = _split_positions(coded)
    hidden = rng.random(n_p) < 0.5
    for mask in (np.zeros(0), (~hidden).astype(np.float64)):
        for term, papers in enumerate(term_rows):
            shown = papers if not len(mask) else papers[~hidden[papers]]
            expected = np.zeros(n_r, dtype=bool)
            expected[np.asarray(authorship[:, shown].sum(axis=1)).ravel() > 0] = True
            hit = np.zeros(n_r, dtype=np.bool_)
            researchers_writing(starts, low, term, mask, writers.indptr.astype(np.int32),
                                writers.indices.astype(np.int32), hit)
            assert np.array_equal(hit, expected), (term, len(mask))


def test_a_loop_numba_cannot_cache_is_still_compiled_and_runs():
    """numba caches machine code beside the module or in a folder it may write to; where it has
    none (here: a function with no file) decorating raises, and the app must start anyway."""
    from matching.kernels import compiled

    namespace = {"compiled": compiled}
    exec("@compiled(nogil=True)\ndef twice(x):\n    return 2 * x\n", namespace)  # no file: no cache
    assert namespace["twice"](21) == 42


def test_no_best_papers_asked_for_sums_to_nothing():
    auth_p, r_start = _authorships(5)
    out = np.full(len(r_start) - 1, 7.0)
    best_papers_sum(np.ones(2_000, dtype=np.float32), r_start, auth_p, np.zeros(0), out)
    assert not out.any()


@pytest.mark.django_db
def test_ranking_an_index_built_here_or_loaded_compiles_nothing_past_compile_kernels(tmp_path, monkeypatch):
    """gunicorn's master runs ``compile_kernels`` before it forks so that no worker compiles on
    its first ranking: every loop a ranking calls must already have the signature it needs, for
    an index built in the process and for one mapped read-only from its folder. (Each loop is
    swapped for a fresh, uncompiled copy first: other tests may have compiled more already.)"""
    from numba import njit

    from matching import index as index_module
    from matching import kernels, parallel
    from matching.catalogue import catalogue_rows
    from matching.index import MatchIndex
    from matching.ranking import ApplicantQuery
    from matching.storage import index_load, index_save
    from tests.factories.matching import researcher_with_papers

    loops = ("integer_rows_dot", "coded_postings_sum", "researchers_writing", "best_papers_sum")
    for name in loops:
        loop = getattr(kernels, name)
        options = {key: value for key, value in loop.targetoptions.items() if key != "nopython"}
        fresh = njit(**options)(loop.py_func)
        for module in (kernels, index_module, parallel):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, fresh)
    researcher_with_papers([("Bilevel optimization for data mixing", "Bilevel optimization picks weights.", None),
                            ("Hypergradients", "Hypergradients for bilevel problems.", None)], name="Olga Optimizer")
    researcher_with_papers([("Speech data mixing", "Speech recognition data.", None)], name="Bruno Mixer")
    built = MatchIndex(**catalogue_rows(), version="v1")
    index_save(built, tmp_path / "v1")
    loaded = index_load(tmp_path / "v1", MatchIndex)
    assert not loaded.p_vec.flags.writeable  # mapped from the folder
    kernels.compile_kernels()
    compiled = {name: list(getattr(kernels, name).signatures) for name in loops}
    assert all(compiled.values())
    query = ApplicantQuery(interests="bilevel optimization for data mixing", methods="hypergradients")
    for index in (built, loaded):
        assert index.rank(query).researcher_ids()
    assert {name: list(getattr(kernels, name).signatures) for name in loops} == compiled
