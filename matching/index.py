"""The match index: every visible paper scored against an applicant's query by BM25 (its own
weights over a shared vocabulary) fused with the cosine of a static embedding (embedding.py),
both on an absolute scale (no division by the query's best paper or researcher), aggregated to
researchers with recency weights and turned into calibrated per-axis scores (calibration.py)
with the papers and phrases behind each.

Built from plain data (dicts and tuples), so the ORM loader, the evaluation and the benchmark
all build the same thing. See docs/matching.md for why this method and these defaults.
"""
from __future__ import annotations

import math
from array import array
from collections import Counter
from datetime import date

import numpy as np
import scipy.sparse as sp
from bm25s.scoring import _score_tfc_lucene

from applicants.weights import weights_clean
from profiles.freshness import capture_stale, freshness_reference

from . import text as T
from .calibration import Calibration, shipped_calibration
from .embedding import embedding_model, vectors_stored, vectors_unit
from .kernels import best_papers_sum, coded_postings_sum, researchers_writing
from .parallel import matvec, sparse_product
from .ranking import ApplicantQuery, Ranking

RECENCY_HALF_LIFE_YEARS = 4.0  # recency's share of a paper's weight halves every four years
# ...but a paper squarely on the interests keeps this much of its weight however old it is:
# recency breaks near-ties, it does not bury the one paper that fits (docs/matching.md).
RECENCY_FLOOR = 0.7
# Trajectory compares the newer half of a researcher's dated papers in the catalogue with the
# older half (not a fixed "last three years", which says nothing of someone whose papers here
# are all recent), given at least this many on each side spanning at least this many days.
TRAJECTORY_MIN_PER_SIDE = 1
TRAJECTORY_MIN_SPAN_DAYS = 180
# researcher score = Σ recency·bm25 over their papers / (Σ recency)^LENGTH_NORM: 0 sums (the
# prolific win), 1 averages (one stray paper dilutes); measured in docs/matching.md.
LENGTH_NORM = 0.5
# A researcher's paper-based topic score: the sum of their TOP_PAPERS best recency-weighted
# papers (None: all papers, summed and divided by (Σ recency)^LENGTH_NORM instead).
TOP_PAPERS = 5
# The hybrid's weights (a paper's fit = semantic weight × its embedding similarity above the
# cosine floor + the rest × its BM25 as a share of what the query's words could give), the
# decay of a researcher's k-th best paper, and the logistic calibration of the score: fitted
# on the tuning splits only, shipped in matching/model/calibration.json (docs/matching.md).
_SHIPPED = shipped_calibration()
SEMANTIC_WEIGHT = _SHIPPED.semantic_weight
COSINE_FLOOR = _SHIPPED.cosine_floor
BEST_DECAY = _SHIPPED.best_decay
PROFILE_WEIGHT = _SHIPPED.profile_weight  # topics and about, against the papers
MAX_QUERY_TERMS = 48  # a whole CV as a query: keep its most telling terms only
OLD_PAPER_YEARS = 3  # newest paper older than this: flagged
DEFAULT_STALE_DAYS = 180
# Bump when the index's contents change shape: an index pickled by older code is then rebuilt.
INDEX_FORMAT = 11  # 11: no padded block of each researcher's paper positions (summed by a compiled pass instead); 10: the postings' paper positions as 16 bits; 9: the papers' BM25 postings stored as codes; 8: the authorship matrices' arrays stored (shared, not made per process); 7: int16 paper vectors


def _years_between(earlier: np.ndarray, today_ordinal: int) -> np.ndarray:
    return (today_ordinal - earlier) / 365.25


class MatchIndex:
    """Everything needed to rank the catalogue for one query in milliseconds.

    ``researchers``: dicts with id, name, slug, affiliation, topics, about, taking_students,
    taking_students_source, taking_students_note, taking_students_on, captured_on.
    ``papers``: dicts with id, title, abstract, date, date_precision.
    ``authorships``: (researcher_id, paper_id) pairs; pairs naming an unknown id are ignored,
    which is how hidden papers and hidden or merged-away researchers stay out.
    """

    def __init__(self, *, researchers, papers, authorships, today: date | None = None,
                 stale_days: int = DEFAULT_STALE_DAYS, version: str = "",
                 recency_half_life: float | None = RECENCY_HALF_LIFE_YEARS,
                 length_norm: float = LENGTH_NORM, profile_weight: float = PROFILE_WEIGHT,
                 top_papers: int | None = TOP_PAPERS, semantic_weight: float = SEMANTIC_WEIGHT,
                 best_decay: float = BEST_DECAY, recency_floor: float = RECENCY_FLOOR, cosine_floor: float = COSINE_FLOOR,
                 paper_vectors: np.ndarray | None = None, freshness_from: date | None = None,
                 calibration: Calibration | None = None, relative: bool = False):
        self.version = version
        self.calibration = calibration or _SHIPPED
        # The scoring before the absolute score (BM25 over the query's best paper, every axis
        # over the query's best researcher): kept only so the evaluation can compare with it.
        self.relative = relative
        self.today = today or date.today()
        self.recency_half_life = recency_half_life
        self.length_norm = length_norm
        self.top_papers = top_papers
        self.profile_weight = profile_weight
        self.semantic_weight = semantic_weight
        self.best_decay = best_decay
        self.cosine_floor = cosine_floor
        # Set on a copy of an older index to hide what became hidden since (catalogue.py).
        self.researcher_mask: np.ndarray | None = None
        self.paper_mask: np.ndarray | None = None
        today_ord = self.today.toordinal()

        self.researchers = list(researchers)
        self.r_index = {r["id"]: i for i, r in enumerate(self.researchers)}
        n_r = len(self.researchers)

        # Papers: only those some visible researcher wrote.
        pairs = [(self.r_index[r], p) for r, p in authorships if r in self.r_index]
        wanted = {p for _, p in pairs}
        self.papers = [p for p in papers if p["id"] in wanted]
        self.p_index = {p["id"]: i for i, p in enumerate(self.papers)}
        p_index = self.p_index
        found = [(ri, p_index[p]) for ri, p in pairs if p in p_index]
        # Sorted by researcher then paper, each pair once: one int64 key per pair, in numpy.
        keys = np.unique(np.fromiter((ri * (1 << 32) + pi for ri, pi in found), dtype=np.int64, count=len(found)))
        self.auth_r = (keys >> 32).astype(np.int32)
        self.auth_p = (keys & 0xFFFFFFFF).astype(np.int32)
        self.r_start = np.searchsorted(self.auth_r, np.arange(n_r + 1)).astype(np.int64)
        n_p = len(self.papers)

        dates = np.array([p["date"].toordinal() if p.get("date") else -1 for p in self.papers],
                         dtype=np.int64)
        age = np.where(dates > 0, _years_between(dates, today_ord), 10.0)
        self.p_recency = (
            (recency_floor + (1 - recency_floor) * np.power(0.5, np.clip(age, 0, None) / recency_half_life))
            .astype(np.float32) if recency_half_life else np.ones(n_p, dtype=np.float32)
        )
        self.p_dates = dates

        # Per-researcher activity and evidence, independent of any query.
        a_dates = dates[self.auth_p] if n_p else np.zeros(0, dtype=np.int64)
        a_age = age[self.auth_p] if n_p else np.zeros(0)
        self.paper_count = np.bincount(self.auth_r, minlength=n_r)
        self.papers_12m = np.bincount(self.auth_r, weights=(a_dates > 0) & (a_age <= 1), minlength=n_r).astype(int)
        self.papers_36m = np.bincount(self.auth_r, weights=(a_dates > 0) & (a_age <= 3), minlength=n_r).astype(int)
        newest = np.full(n_r, -1, dtype=np.int64)
        np.maximum.at(newest, self.auth_r, a_dates)
        self.newest = newest
        # Each authorship on the newer or the older side of its researcher's median paper date.
        dated = a_dates > 0
        n_dated = np.bincount(self.auth_r, weights=dated, minlength=n_r).astype(np.int64)
        by_date = np.lexsort((a_dates, self.auth_r))  # undated (-1) first within a researcher
        count = np.diff(self.r_start)
        sorted_dates = a_dates[by_date] if len(by_date) else np.zeros(1, dtype=np.int64)
        last = max(len(by_date) - 1, 0)
        first_dated = self.r_start[:-1] + count - n_dated
        split = np.where(n_dated > 0, sorted_dates[np.minimum(first_dated + n_dated // 2, last)], -1)
        oldest = np.where(n_dated > 0, sorted_dates[np.minimum(first_dated, last)], -1)
        self.oldest = oldest
        # As the weights of the newer and the older halves' matrices (``_authorship_matrices``).
        self.auth_w_newer = (dated & (a_dates >= split[self.auth_r])).astype(np.float32)
        self.auth_w_older = (dated & (a_dates < split[self.auth_r])).astype(np.float32)
        self.n_recent = np.bincount(self.auth_r, weights=self.auth_w_newer, minlength=n_r)
        self.n_older = np.bincount(self.auth_r, weights=self.auth_w_older, minlength=n_r)
        self.history_known = ((self.n_recent >= TRAJECTORY_MIN_PER_SIDE) & (self.n_older >= TRAJECTORY_MIN_PER_SIDE)
                              & (newest - oldest >= TRAJECTORY_MIN_SPAN_DAYS))
        captured = [r.get("captured_on") for r in self.researchers]
        # Staleness by the catalogue's one rule (profiles/freshness.py): behind the catalogue's
        # newest capture, not behind today, so the newest captures are never called stale.
        reference = freshness_from or freshness_reference(max(filter(None, captured), default=None), today=self.today)
        self.capture_stale = np.array(
            [capture_stale(c, reference=reference, stale_days=stale_days) for c in captured], dtype=bool)
        self.newest_old = (newest < 0) | (_years_between(newest, today_ord) > OLD_PAPER_YEARS)
        # Evidence that does not depend on the query: how much, how recent, how fresh.
        volume = np.minimum(1.0, np.log1p(self.paper_count) / math.log1p(30))
        newest_age = np.where(newest > 0, _years_between(newest, today_ord), 99.0)
        recency = np.clip(1.0 - newest_age / 6.0, 0.0, 1.0)
        cap_age = np.array([(reference - c).days if c else 10_000 for c in captured], dtype=float)
        freshness = np.clip(1.0 - np.maximum(0.0, cap_age - stale_days) / (2 * max(stale_days, 1)), 0.0, 1.0)
        self.static_certainty = 0.4 * volume + 0.3 * recency + 0.3 * freshness

        # Papers as a BM25 matrix (title counted twice: it is the paper's own summary), and
        # researcher profiles (topics and about) as another, over one vocabulary. The texts are
        # read once, as whitespace chunks (text.Chunks) shared with the embedding below, and
        # each distinct chunk's words stemmed once: a paper's words are those of its text for
        # the embedding ("title. abstract"), and its title's again.
        chunks = T.Chunks()
        paper_chunks = chunks.count(paper_text(p) for p in self.papers)
        title_chunks = chunks.count(p["title"] for p in self.papers)
        profile_chunks = chunks.count(self.researcher_text(i) for i in range(n_r))
        vocab = _Vocabulary()
        chunk_terms = vocab.chunk_terms(chunks)
        paper_tf, paper_len = _term_counts(
            sparse_product(chunks.widened(paper_chunks), chunk_terms)
            + sparse_product(chunks.widened(title_chunks), chunk_terms))
        profile_tf, profile_len = _term_counts(chunks.widened(profile_chunks) @ chunk_terms)
        self.vocab = vocab.ids
        self.stem_of = list(self.vocab)  # ids are consecutive in insertion order
        self.words_of: list[list[str]] = [[] for _ in self.stem_of]
        self.word_ids = vocab.word_ids  # every written form seen -> its stem id (-1: stop word)
        for word, i in vocab.word_ids.items():
            if i >= 0:
                self.words_of[i].append(word)
        n_v = len(self.vocab)
        paper_tf.resize((n_p, n_v))
        profile_tf.resize((n_r, n_v))
        # Term-major (CSC): a query reads only the postings of its own terms. The papers' are
        # kept as codes (``_coded_postings``): half the bytes of float32 weights.
        paper_w, self.paper_w_tfc, self.paper_w_idf = _coded_postings(paper_tf, paper_len)
        self.profile_w = _bm25_weights(profile_tf, profile_len).tocsc()
        self.doc_freq = np.diff(paper_w.indptr) + np.diff(self.profile_w.indptr)
        # Each term's BM25 idf over the papers (what one matching word can add to a paper's
        # BM25 at most): a query's own "mass", so BM25 becomes a share the query alone fixes.
        paper_df = np.diff(paper_w.indptr).astype(np.float64)
        # The postings' paper positions as 16 bits each, their high bits implied by where they
        # sit (``_split_positions``): 115 MB of int32 at 10,000 researchers, which every web
        # worker maps, halved.
        self.paper_w_low, self.paper_w_run_starts = _split_positions(paper_w)
        self.paper_w_codes = paper_w.data
        del paper_w
        self.paper_idf = np.log(1 + (max(n_p, 1) - paper_df + 0.5) / (paper_df + 0.5)).astype(np.float32)
        self.n_docs = max(1, n_p + n_r)

        # Every paper and profile as a unit vector of the static embedding (matching/embedding.py),
        # the papers' in their stored form (int16 and a scale per row: the paper vectors were
        # half of the index's memory as float32). ``paper_vectors`` lets a caller pass vectors
        # it computed already (float32, one row per paper given, in the order given).
        model = embedding_model()
        self.embedding_fingerprint = model.fingerprint
        if paper_vectors is not None:
            keep = [i for i, p in enumerate(papers) if p["id"] in self.p_index]
            vectors = np.asarray(paper_vectors, dtype=np.float32)[keep]
        else:
            vectors = model.encode_chunked(paper_chunks, chunks, lambda i: paper_text(self.papers[i]))
        self.p_vec, self.p_vec_scale = vectors_stored(vectors)
        del vectors
        self.r_vec = model.encode_chunked(profile_chunks, chunks, self.researcher_text)

        mass = np.bincount(self.auth_r, weights=self.p_recency[self.auth_p], minlength=n_r)
        self.r_norm = 1.0 / np.power(np.maximum(mass, 1e-9), self.length_norm)
        # The arrays of the matrices the per-researcher sums and the method axis multiply by
        # (``_authorship_matrices``, ``_writers``): stored with the index, so every process maps
        # one copy; made by each process, they were ~12 MB of each web worker's own memory at
        # 10,000 researchers. (Three weight arrays, not one stacked: scipy copies a matrix's
        # data when it is a row of a larger array.)
        self.auth_w_every = np.ones(len(self.auth_p), dtype=np.float32)
        writers = self._authorship_matrices()[0].T.tocsr()
        self.writers_indptr = writers.indptr.astype(np.int32)
        self.writers_indices = writers.indices.astype(np.int32)

    # -- querying ----------------------------------------------------------------------------

    def _query_terms(self, text: str, cap: int = MAX_QUERY_TERMS) -> tuple[np.ndarray, np.ndarray]:
        counts = Counter(s for s in T.stems(text) if s in self.vocab)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        ids = np.array([self.vocab[s] for s in counts], dtype=np.int64)
        tf = np.array(list(counts.values()), dtype=np.float32)
        idf = np.log(1 + self.n_docs / (1 + self.doc_freq[ids]))
        # Repeating a word in one's interests says it matters, with diminishing returns.
        weight = (1 + np.log(tf)).astype(np.float32)
        if len(ids) > cap:
            keep = np.argsort(-(weight * idf), kind="stable")[:cap]
            ids, weight = ids[keep], weight[keep]
        return ids, weight

    @staticmethod
    def _postings(columns, ids: np.ndarray, weight: np.ndarray, n: int) -> np.ndarray:
        """Σ over query terms of weight × BM25, for every row, reading only those terms' postings
        (``columns(ids)``: their BM25 weights, rows × those terms)."""
        if not len(ids) or not n:
            return np.zeros(n, dtype=np.float32)
        # The query terms' columns only (a copy of their postings), then one sparse product in
        # C that weighs and sums them per row, all in float32 like the weights: 3.6 ms for 48
        # terms and 1.8 million postings at 454,000 papers, where scaling the postings in numpy
        # first took 13 ms, and a float64 weight vector (a mixed-type product) as long.
        sub = columns(ids)
        if not sub.nnz:
            return np.zeros(n, dtype=np.float32)
        return sub @ weight.astype(np.float32)

    def paper_term_count(self, term: int) -> int:
        """How many papers use the term (its posting list's length)."""
        if (starts := getattr(self, "paper_w_run_starts", None)) is not None:
            return int(starts[term, -1] - starts[term, 0])
        return int(self.paper_w.indptr[term + 1] - self.paper_w.indptr[term])

    def paper_rows(self, term: int, out: np.ndarray | None = None) -> np.ndarray:
        """The positions of the papers that use the term, ascending (int32), written into
        ``out`` when given (as long as the term's list)."""
        starts = getattr(self, "paper_w_run_starts", None)
        if starts is None:  # an index stored before format 10: a matrix's positions
            pw = self.paper_w
            rows = pw.indices[pw.indptr[term]:pw.indptr[term + 1]]
            if out is None:
                return rows
            out[:] = rows
            return out
        bounds = starts[term]
        first = int(bounds[0])
        if out is None:
            out = np.empty(int(bounds[-1]) - first, dtype=np.int32)
        low = self.paper_w_low
        for high in range(len(bounds) - 1):
            a, b = int(bounds[high]), int(bounds[high + 1])
            if b > a:  # one pass per run: widened and offset by its high bits together
                np.add(low[a:b], np.int32(high << 16), out=out[a - first:b - first], casting="unsafe")
        return out

    def paper_bm25(self, ids: np.ndarray | None = None) -> sp.csc_matrix:
        """The papers' BM25 weights (papers × terms, float32) of the terms ``ids`` (all: None),
        in that order, from the stored codes: bit for bit the weights ``_bm25_weights`` gives."""
        starts = getattr(self, "paper_w_run_starts", None)
        if starts is None:  # an index stored before format 10 keeps a matrix of the weights
            return self.paper_w if ids is None else self.paper_w[:, ids]
        table, codes = self.paper_w_tfc, self.paper_w_codes
        ids = np.arange(len(starts)) if ids is None else np.asarray(ids, dtype=np.int64)
        counts = starts[ids, -1] - starts[ids, 0]
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        indices = np.empty(int(indptr[-1]), dtype=np.int32)
        data = np.empty(int(indptr[-1]), dtype=np.float32)
        # Each term's postings copied out of the mapping (as ``pw[:, ids]`` would), its codes
        # turned into weights on the way: float64 × float64 rounded to float32, what
        # _bm25_weights stored; through a float32 table of the term's weights for a long list
        # (the same values, one gather instead of a float64 array as long as the list).
        for column, term in enumerate(ids):
            at, n = int(indptr[column]), int(counts[column])
            a = int(starts[term, 0])
            self.paper_rows(int(term), out=indices[at:at + n])
            if table is None:  # weights stored as they are (counts not whole numbers)
                data[at:at + n] = codes[a:a + n]
            elif n > len(table):
                _gather(table * self.paper_w_idf[term], codes[a:a + n], out=data[at:at + n])
            else:
                data[at:at + n] = table[codes[a:a + n]] * self.paper_w_idf[term]
        return sp.csc_matrix((data, indices, indptr), shape=(len(self.papers), len(ids)), copy=False)

    def paper_scores(self, ids: np.ndarray, weight: np.ndarray) -> np.ndarray:
        """BM25 of every paper for a weighted query (0 for papers sharing no term or hidden)."""
        starts, table = getattr(self, "paper_w_run_starts", None), getattr(self, "paper_w_tfc", None)
        if starts is not None and table is not None:
            # Summed straight from the coded postings (kernels.py): decoding the query's terms
            # into a sparse matrix first (positions, weights, then the product) took 7.0 ms at
            # 454,000 papers, this 2.4; the same scores bit for bit.
            scores = np.zeros(len(self.papers), dtype=np.float32)
            if len(ids):
                coded_postings_sum(starts, self.paper_w_low, self.paper_w_codes, table, self.paper_w_idf,
                                   np.asarray(ids, dtype=np.int64), weight.astype(np.float32), scores)
        else:  # weights stored as they are, or an index stored before format 10
            scores = self._postings(self.paper_bm25, ids, weight, len(self.papers))
        mask = getattr(self, "paper_mask", None)
        return scores * mask if mask is not None else scores

    def _authorship_matrices(self) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        """Researchers × papers (1 where they wrote it), and the same for only the newer and
        only the older half of each one's papers: a per-researcher sum of a per-paper value is
        then one sparse product in C (~1 ms for 500,000 authorships) instead of a gather and a
        bincount. Views on the stored arrays, made once per process."""
        cached = self.__dict__.get("_authorship_cache")
        if cached is None:
            shape = (len(self.researchers), len(self.papers))
            indptr = np.asarray(self.r_start, dtype=np.int64)
            indices = np.asarray(self.auth_p, dtype=np.int32)
            if getattr(self, "auth_w_every", None) is not None:
                weights = (self.auth_w_every, self.auth_w_newer, self.auth_w_older)
            else:  # an index stored before format 8 kept the halves as booleans
                weights = [np.asarray(w, dtype=np.float32) for w in (np.ones(len(indices)), self.a_newer, self.a_older)]
            cached = tuple(sp.csr_matrix((w, indices, indptr), shape=shape) for w in weights)
            self.__dict__["_authorship_cache"] = cached
        return cached

    def _writers(self) -> sp.csr_matrix:
        """Papers × researchers (1 where they wrote it): a paper's authors are its row."""
        writers = self.__dict__.get("_writers_cache")
        if writers is None:
            if getattr(self, "writers_indptr", None) is not None:
                writers = sp.csr_matrix((self.auth_w_every, self.writers_indices, self.writers_indptr),
                                        shape=(len(self.papers), len(self.researchers)))
            else:  # an index stored before these arrays were
                writers = self._authorship_matrices()[0].T.tocsr()
            self.__dict__["_writers_cache"] = writers
        return writers

    def _per_researcher(self, values: np.ndarray) -> np.ndarray:
        """Sum over each researcher's papers of a per-paper value."""
        return self._authorship_matrices()[0] @ values.astype(np.float32, copy=False)

    def _best_papers_sum(self, weighted: np.ndarray) -> np.ndarray:
        """Each researcher's ``top_papers`` best paper scores, the k-th best counted
        ``best_decay``**k: one compiled pass over the authorships (kernels.py; 2.5 ms at 454,000
        papers, where gathering every researcher's papers into a padded block, partitioning and
        sorting it took 2.7 ms, the block 10 MB of the index)."""
        out = np.zeros(len(self.researchers))
        decay = np.power(self.best_decay, np.arange(self.top_papers))
        best_papers_sum(np.asarray(weighted, dtype=np.float32), self.r_start, self.auth_p, decay, out)
        return out

    def query_vector(self, query: ApplicantQuery) -> np.ndarray:
        """The applicant's interests (and methods) as one unit vector."""
        return embedding_model().encode_one(query.focus or (query.interests + " " + query.methods))

    def similarity(self, vectors: np.ndarray, qvec: np.ndarray) -> np.ndarray:
        """Cosine similarity above the floor, stretched to 0..1."""
        cos = vectors @ qvec
        return np.clip((cos - self.cosine_floor) / (1.0 - self.cosine_floor), 0.0, 1.0)

    def query_mass(self, ids: np.ndarray, weight: np.ndarray) -> float:
        """What a paper's BM25 for this query is divided by: the BM25 a paper could get from it
        at most (Σ weight × idf over its terms), floored so a short generic query is not fully
        met by any paper that says its words, to the calibration's power. It depends on the
        query alone, so BM25 divided by it means the same for every query."""
        mass = float(weight.astype(np.float64) @ self.paper_idf[ids]) if len(ids) else 0.0
        return max(mass, self.calibration.mass_floor) ** self.calibration.mass_power

    def paper_vectors(self, rows=slice(None)) -> np.ndarray:
        """The papers' unit vectors as float32 (all, or the rows asked for)."""
        scale = getattr(self, "p_vec_scale", None)  # None: an index stored before int16
        return vectors_unit(self.p_vec[rows], None if scale is None else scale[rows])

    def paper_cosines(self, qvec: np.ndarray) -> np.ndarray:
        """Every paper's cosine similarity to a unit query vector (float32)."""
        if not len(self.p_vec):
            return np.zeros(0, dtype=np.float32)
        cos = matvec(self.p_vec, qvec)
        scale = getattr(self, "p_vec_scale", None)
        if scale is not None:
            cos *= scale
        return cos

    def paper_fit(self, bm25: np.ndarray, qvec: np.ndarray, mass: float) -> tuple[np.ndarray, np.ndarray]:
        """Each paper's hybrid fit (0..1, absolute) and its raw cosine similarity to the query."""
        cos = self.paper_cosines(qvec)
        w = self.semantic_weight
        # In place, in float32: this runs over every paper of the catalogue for every query.
        fit = cos - np.float32(self.cosine_floor)
        np.maximum(fit, 0, out=fit)
        fit *= np.float32(w / (1.0 - self.cosine_floor))
        if self.relative:  # before the absolute score: BM25 over the query's best paper
            mass = float(bm25.max()) if len(bm25) else 0.0
        if mass > 0 and w < 1:
            fit += (bm25 * ((1 - w) / mass)).astype(np.float32)
        mask = getattr(self, "paper_mask", None)
        return (fit * mask if mask is not None else fit), cos

    def method_coverage(self, ids: np.ndarray, weight: np.ndarray) -> np.ndarray:
        """Method axis: the share (idf-weighted) of the applicant's methods that some paper of
        the researcher names, 0..1 for each researcher, whatever the others do."""
        n_r = len(self.researchers)
        value = weight.astype(np.float64) * self.paper_idf[ids] if len(ids) else np.zeros(0)
        total = float(value.sum())
        if total <= 0:
            return np.zeros(n_r)
        mask = getattr(self, "paper_mask", None)
        out = np.zeros(n_r)
        starts = getattr(self, "paper_w_run_starts", None)
        if starts is not None and getattr(self, "writers_indptr", None) is not None:
            # Each term's postings name its papers and the papers × researchers matrix their
            # writers, in one compiled pass (kernels.py; 3.8 ms a query at 454,000 papers
            # through numpy and a sparse product for a common term).
            no_mask = np.zeros(0)
            for term, v in zip(ids, value):
                hit = np.zeros(n_r, dtype=np.bool_)
                researchers_writing(starts, self.paper_w_low, int(term), no_mask if mask is None else mask,
                                    self.writers_indptr, self.writers_indices, hit)
                out += v * hit
            return out / total
        # An index stored before format 10: a rare term's postings name its researchers
        # directly, a common one's are summed per researcher by one sparse product.
        writers = self._writers()
        n_p = len(self.papers)
        for term, v in zip(ids, value):
            rows = self.paper_rows(int(term))
            if mask is not None:
                rows = rows[mask[rows] > 0]
            if not len(rows):
                continue
            if len(rows) * 20 < n_p:
                hit = np.zeros(n_r, dtype=bool)
                hit[_rows_entries(writers, rows)] = True
            else:
                written = np.zeros(n_p, dtype=np.float32)
                written[rows] = 1.0
                hit = self._authorship_matrices()[0] @ written > 0
            out += v * hit
        return out / total

    def rank(self, query: ApplicantQuery) -> "Ranking":
        """Score every researcher on every axis for one applicant; nothing explained yet."""
        n_r = len(self.researchers)
        cal = self.calibration
        ids, w = self._query_terms(query.interests + " " + query.methods)
        bm25 = self.paper_scores(ids, w)
        mass = self.query_mass(ids, w)
        qvec = self.query_vector(query)
        paper, cosine = self.paper_fit(bm25, qvec, mass)
        weighted = paper * self.p_recency
        if self.top_papers:
            paper_part = self._best_papers_sum(weighted)
        else:
            paper_part = self.r_norm * self._per_researcher(weighted)
        profile_bm25 = self._postings(lambda terms: self.profile_w[:, terms], ids, w, n_r)
        profile_mass = (float(profile_bm25.max()) if n_r else 0.0) if self.relative else mass
        profile = (self.semantic_weight * self.similarity(self.r_vec, qvec)
                   + (1 - self.semantic_weight) * (profile_bm25 / profile_mass if profile_mass > 0 else 0.0))
        topic_raw = paper_part + self.profile_weight * profile
        relevant = topic_raw > 0

        method_text = " ".join([query.methods] + T.methods_in(query.interests + " " + query.methods))
        m_ids, m_w = self._query_terms(method_text)
        if self.relative:
            topic = _normalise(topic_raw)
            method = _normalise(self.r_norm * self._per_researcher(self.paper_scores(m_ids, m_w) * self.p_recency))
        else:
            topic = np.where(relevant, cal.topic(topic_raw), 0.0)
            method = self.method_coverage(m_ids, m_w)
        relevant |= method > 0

        # Trajectory: mean fit of the newer half of their papers against the older half's.
        _, newer, older = self._authorship_matrices()
        paper32 = paper.astype(np.float32, copy=False)
        rec_mean = np.divide(newer @ paper32, self.n_recent, out=np.zeros(n_r), where=self.n_recent > 0)
        old_mean = np.divide(older @ paper32, self.n_older, out=np.zeros(n_r), where=self.n_older > 0)
        denom = rec_mean + old_mean
        known = self.history_known & (denom > 0)
        direction = np.divide(rec_mean - old_mean, denom, out=np.zeros(n_r), where=denom > 0)
        trajectory = np.where(known, (direction + 1) / 2, 0.5)

        # Evidence: how many of their papers share a term with the applicant.
        with_term = self._per_researcher((paper > 0).astype(np.float32))
        evidence = np.minimum(1.0, np.log1p(with_term) / math.log1p(10))
        certainty = 0.5 * evidence + 0.5 * self.static_certainty
        no_paper = paper_part <= 0
        # Nothing written matched: neutral trajectory and static evidence must not lift it.
        trajectory = np.where(no_paper, 0.0, trajectory)
        certainty = np.where(no_paper, 0.0, certainty)

        weights = weights_clean(query.weights)
        total = sum(weights.values()) or 1.0
        overall = (weights["topic"] * topic + weights["method"] * method
                   + weights["trajectory"] * trajectory + weights["certainty"] * certainty) / total
        if getattr(self, "researcher_mask", None) is not None:
            relevant &= self.researcher_mask
        if self.relative or weights["topic"] <= 0:
            # (No topic weight: the applicant asked to rank by the other axes alone; their
            # weighted mean is the score, absolute as each axis is.)
            score = overall
        else:
            # The score shown: the topic's calibrated probability, its odds moved by the other
            # axes as the applicant weighs them (a query naming no method leaves that axis out).
            others = {"trajectory": trajectory, "certainty": certainty}
            if len(m_ids):
                others["method"] = method
            score = cal.score(topic_raw, others, weights)
        score = np.where(relevant, score, 0.0)
        order = np.lexsort((np.arange(n_r), -score))
        order = order[relevant[order]]
        # A ranking keeps one per-paper array (the fits its explanations read), not the BM25 and
        # cosine behind them: rankings are kept per process (rankings.py), ~1.8 MB each per
        # 450,000 papers.
        ranking = Ranking(self, query, order, score, {
            "topic": topic, "method": method, "trajectory": trajectory, "certainty": certainty},
            direction, known, ids, w, paper)
        ranking.topic_raw = topic_raw
        return ranking

    def text_stems(self, text: str) -> list[str]:
        """The stems of a text the index has seen (a paper of it), in order, through the index's
        own word → stem table rather than the stemmer."""
        return self.word_stems(T.WORD_RE.findall(text.lower()))

    def word_stems(self, words: list[str]) -> list[str]:
        """The stems of lower-case words the index has seen, in order (stop words and unseen
        words left out)."""
        stem_of = self.stem_of
        return [stem_of[i] for i in map(self.word_ids.get, words) if i is not None and i >= 0]

    def researcher_text(self, i: int) -> str:
        """A researcher's own description: topics and about."""
        r = self.researchers[i]
        return " ".join(r.get("topics") or []) + " " + (r.get("about") or "")


def record_ids(records) -> np.ndarray:
    """The ids of an index's researchers or papers, in order: a stored index's id column
    (decoding each stored paper's record to read its id took 4 s at 372,000 papers), or read
    from the records an index built in this process holds."""
    ids = getattr(records, "ids", None)
    if ids is not None:
        return np.asarray(ids, dtype=np.int64)
    return np.fromiter((r["id"] for r in records), dtype=np.int64, count=len(records))


def paper_vectors_reusing(papers: list[dict], previous: "MatchIndex | None") -> np.ndarray:
    """One vector per paper row (float32): taken from ``previous`` (an older index) when it holds
    the same paper with the same title and abstract from the same model, computed for the rest.
    A rebuild after an import then encodes only the papers that are new or changed."""
    model = embedding_model()
    out = np.zeros((len(papers), model.dim), dtype=np.float32)
    todo = list(range(len(papers)))
    old_vec = getattr(previous, "p_vec", None)
    if old_vec is not None and getattr(previous, "embedding_fingerprint", None) == model.fingerprint:
        todo, kept, kept_from = [], [], []
        for n, p in enumerate(papers):
            j = previous.p_index.get(p["id"])
            old = previous.papers[j] if j is not None else None
            if old is not None and old["title"] == p["title"] and old.get("abstract") == p.get("abstract"):
                kept.append(n)
                kept_from.append(j)
            else:
                todo.append(n)
        if kept:
            out[kept] = previous.paper_vectors(np.array(kept_from, dtype=np.int64))
    if todo:
        out[todo] = model.encode(paper_text(papers[n]) for n in todo)
    return out


def paper_text(paper: dict) -> str:
    """What a paper's vector is computed from: its title and abstract."""
    return f"{paper['title']}. {paper.get('abstract') or ''}"


def _rows_entries(matrix: sp.csr_matrix, rows: np.ndarray) -> np.ndarray:
    """The column indices stored in these rows of a CSR matrix, one array (what
    ``matrix[rows].indices`` gives, without building a new matrix: a third of the time)."""
    starts = matrix.indptr[rows]
    lengths = matrix.indptr[rows + 1] - starts
    if not len(lengths):
        return np.zeros(0, dtype=matrix.indices.dtype)
    offsets = np.cumsum(lengths) - lengths
    return matrix.indices[np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))]


def _normalise(x: np.ndarray) -> np.ndarray:
    top = float(x.max()) if len(x) else 0.0
    return x / top if top > 0 else np.zeros_like(x, dtype=np.float64)


class _Vocabulary:
    """Stems to consecutive ids, grown while documents are encoded."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        self.word_ids: dict[str, int] = {}

    def chunk_terms(self, chunks: T.Chunks) -> sp.csr_matrix:
        """Chunks × stem ids (numbering new stems): how often each stem occurs in each chunk,
        stop words left out."""
        word_ids, ids, findall = self.word_ids, self.ids, T.WORD_RE.findall
        rows, cols = array("i"), array("i")
        for n, chunk in enumerate(chunks.ids):
            for word in findall(chunk.lower()):
                i = word_ids.get(word)
                if i is None:  # a word never seen before: stemmed once
                    s = T.stem(word)
                    i = word_ids[word] = -1 if s is None else ids.setdefault(s, len(ids))
                if i >= 0:
                    rows.append(n)
                    cols.append(i)
        rows_np = np.frombuffer(rows, dtype=np.int32) if len(rows) else np.zeros(0, dtype=np.int32)
        cols_np = np.frombuffer(cols, dtype=np.int32) if len(cols) else np.zeros(0, dtype=np.int32)
        return sp.csr_matrix((np.ones(len(rows_np), dtype=np.float32), (rows_np, cols_np)),
                             shape=(max(len(chunks), 1), max(len(ids), 1)))


def _term_counts(tf: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """Term counts (one entry per document and term) and each document's length in terms."""
    tf = tf.tocsr()
    tf.sum_duplicates()
    return tf, np.asarray(tf.sum(axis=1), dtype=np.float32).ravel()


def _bm25_parts(tf: sp.csr_matrix, doc_len: np.ndarray, k1: float = 1.2,
                b: float = 0.75) -> tuple[sp.csr_matrix, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """BM25's two factors, Lucene variant, with bm25s' own formulas: each (document, term)
    cell's term-frequency part (float32, the matrix's data), each term's idf (float64), and the
    counts behind the first (each cell's count and its document's length, as integers when
    they are)."""
    n_docs = tf.shape[0]
    out = tf.copy().astype(np.float32)
    if not n_docs or not out.nnz:
        return out, np.zeros(tf.shape[1]), (out.data, np.zeros(0, dtype=np.float32))
    df = np.bincount(out.indices, minlength=tf.shape[1]).astype(np.float64)
    idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))  # = bm25s.scoring._score_idf_lucene
    l_d = np.repeat(doc_len, np.diff(out.indptr))
    l_avg = float(doc_len.mean()) or 1.0
    count = out.data
    out.data = _score_tfc_lucene(count, l_d=l_d, l_avg=l_avg, k1=k1, b=b)
    return out, idf, (count, l_d)


def _bm25_weights(tf: sp.csr_matrix, doc_len: np.ndarray) -> sp.csr_matrix:
    """Each (document, term) cell's BM25 weight (float32)."""
    out, idf, _ = _bm25_parts(tf, doc_len)
    if out.nnz:
        out.data = (out.data * idf[out.indices]).astype(np.float32)
    return out


MAX_CODES = 1 << 16
GATHER_CHUNK = 1 << 16


def _gather(values: np.ndarray, codes: np.ndarray, out: np.ndarray) -> None:
    """``out[:] = values[codes]`` rounded to float32 (for every code below ``len(values)``).

    Through a float32 copy of ``values``, 64 Ki codes at a time: ``np.take`` widens its
    indices into a temporary array as long as them, which for a whole posting list (150,000
    codes and more) leaves the cache; in chunks, 2.3 → 1.5 ms for 2.4 million codes. (mode=
    "clip": the codes are below ``len(values)`` by construction, and numpy's bounds check was a
    third of the gather.)"""
    small = values.astype(np.float32)
    for start in range(0, len(codes), GATHER_CHUNK):
        stop = start + GATHER_CHUNK
        np.take(small, codes[start:stop], out=out[start:stop], mode="clip")


def _split_positions(postings: sp.csc_matrix) -> tuple[np.ndarray, np.ndarray]:
    """A term-major matrix's row positions as (low, starts): each position's low 16 bits, and
    for each term where its positions with each value of the high bits begin.

    A term's positions are ascending, so those sharing their high bits are one run: ``starts[t,
    h]`` is where term ``t``'s run with high bits ``h`` begins in ``low`` and ``starts[t, -1]``
    where its list ends (one column per 65,536 papers, and one more)."""
    postings.sort_indices()  # (tocsc gives them sorted already: then this only checks)
    indptr = postings.indptr.astype(np.int64)
    n_terms = postings.shape[1]
    n_high = (int(postings.indices.max()) >> 16) + 1 if postings.nnz else 1
    # Each posting's (term, high bits) as one number: ascending over the whole array (terms in
    # order, positions ascending within one), so where each run begins is a binary search, and
    # the build holds one array as long as the postings, not a sort of them.
    kind = np.int32 if n_terms * n_high < 2**31 else np.int64
    key = np.repeat(np.arange(n_terms, dtype=kind) * kind(n_high), np.diff(indptr))
    np.add(key, postings.indices >> 16, out=key, casting="unsafe")
    starts = np.empty((n_terms, n_high + 1), dtype=np.int64)
    starts[:, :n_high] = np.searchsorted(key, np.arange(n_terms * n_high, dtype=kind)).reshape(n_terms, n_high)
    starts[:, n_high] = indptr[1:]
    del key
    return (postings.indices & 0xFFFF).astype(np.uint16), starts


def _coded_postings(tf: sp.csr_matrix, doc_len: np.ndarray) -> tuple[sp.csc_matrix, np.ndarray | None, np.ndarray | None]:
    """The papers' BM25 postings, term-major, as (codes, table, idf): a cell's weight is
    ``float32(table[code] × idf[term])``, bit for bit what ``_bm25_weights`` stores.

    Why: the weights' float32 were half of the postings' bytes, and every ranking maps the
    postings of its terms (the two files were 230 MB at 10,000 researchers, the largest part of
    each web worker's memory with the paper vectors). A cell's term-frequency part depends on
    its count and its document's length alone, and a catalogue has a few thousand such pairs,
    so a 16-bit code names it. (No table, the weights themselves as data: counts that are not
    whole numbers, or more pairs than 16 bits name.)"""
    parts, idf, (count, length) = _bm25_parts(tf, doc_len)
    whole = (parts.nnz and count.min() >= 0 and length.max() < 1e6 and count.max() < 1e6
             and np.array_equal(count, np.floor(count)) and np.array_equal(length, np.floor(length)))
    # One flag per possible (count, length) pair, not a sort of every cell (5 s at 29 million).
    pairs = (int(count.max()) + 1) * (int(length.max()) + 1) if whole else 0
    if 0 < pairs <= 100_000_000:
        key = count.astype(np.int32) * np.int32(length.max() + 1) + length.astype(np.int32)
        seen = np.zeros(pairs, dtype=bool)
        seen[key] = True
        n_codes = int(seen.sum())
        if n_codes <= MAX_CODES:
            code_of = (np.cumsum(seen, dtype=np.int32) - 1).astype(np.uint16)
            codes = code_of[key]
            del key, code_of
            table = np.empty(n_codes, dtype=np.float64)
            table[codes] = parts.data  # every cell of one code holds the same value
            coded = sp.csr_matrix((codes, parts.indices, parts.indptr), shape=parts.shape)
            return coded.tocsc(), table, idf
    if parts.nnz:
        parts.data = (parts.data * idf[parts.indices]).astype(np.float32)
    return parts.tocsc(), None, None
