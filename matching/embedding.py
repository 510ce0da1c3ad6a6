"""Semantic similarity without torch: the static embedding model distilled from all-MiniLM-L6-v2
(matching/model/, made by ``make distill``), read with numpy and tokenizers only.

A text's vector follows model2vec's StaticModel: WordPiece tokens (no special tokens, unknown
tokens dropped), their vectors looked up and averaged, the average scaled to unit length, so
the dot product of two vectors is their cosine similarity.

Many texts at once (every paper of the catalogue) take a faster road to the same numbers:
BERT's tokenizer never joins tokens across whitespace, so each distinct whitespace-separated
chunk is tokenized once for the whole batch, and the vectors come from two sparse products
(texts × chunks × tokens × dimensions). A test checks both roads agree.
"""
from __future__ import annotations

import json
from array import array
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from tokenizers import Tokenizer

from .parallel import sparse_product
from .text import Chunks

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_TOKENS = 512  # model2vec's default: a text's first 512 tokens make its vector


class EmbeddingModelError(RuntimeError):
    """The shipped model files are missing or damaged."""


class StaticEmbedding:
    """Token vectors and their tokenizer; ``encode`` turns texts into unit vectors."""

    def __init__(self, folder: Path = MODEL_DIR):
        try:
            self.vectors = np.load(folder / "vectors.npy", allow_pickle=False).astype(np.float32)
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EmbeddingModelError(
                f"The embedding model in {folder} cannot be read ({exc}); restore it from the "
                "repository or run `make distill`.") from exc
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.unk_id = self.tokenizer.token_to_id(config.get("unk_token", "[UNK]"))
        self.dim = int(self.vectors.shape[1])
        self.name = config.get("tokenizer_name", "static embedding")
        # Which weights made a vector: vectors from other weights are never mixed with these.
        self.fingerprint = config.get("vectors_sha256", "")

    def token_ids(self, text: str) -> list[int]:
        """The WordPiece ids a text's vector is averaged over."""
        ids = self.tokenizer.encode(text or "", add_special_tokens=False).ids
        return [i for i in ids if i != self.unk_id][:MAX_TOKENS]

    def encode_one(self, text: str) -> np.ndarray:
        """One text's unit vector (all zeros for a text with no known token)."""
        ids = self.token_ids(text)
        if not ids:
            return np.zeros(self.dim, dtype=np.float32)
        return _unit(self.vectors[ids].mean(axis=0, keepdims=True))[0]

    def encode(self, texts) -> np.ndarray:
        """Unit vectors for many texts (rows of a float32 matrix), the same as ``encode_one``
        gives one by one, computed per distinct chunk instead of per text."""
        texts = list(texts)
        chunks = Chunks()
        return self.encode_chunked(chunks.count(texts), chunks, texts.__getitem__)

    def encode_chunked(self, text_chunks: sp.csr_matrix, chunks: Chunks, text_of) -> np.ndarray:
        """``encode`` for texts already counted as chunks (``Chunks.count``); ``text_of(i)``
        gives text ``i`` back for the rare one longer than MAX_TOKENS."""
        n_texts = text_chunks.shape[0]
        if not n_texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Only the chunks these texts use are tokenized (the table may hold others' too).
        seen = np.zeros(max(text_chunks.shape[1], 1), dtype=bool)
        seen[text_chunks.indices] = True
        used = np.flatnonzero(seen)
        names = list(chunks.ids)
        position = np.zeros(max(text_chunks.shape[1], 1), dtype=np.int32)
        position[used] = np.arange(len(used), dtype=np.int32)
        own = sp.csr_matrix((text_chunks.data, position[text_chunks.indices], text_chunks.indptr),
                            shape=(n_texts, max(len(used), 1)))
        counts = sparse_product(own, self._chunk_tokens([names[i] for i in used])).tocsr()
        long = np.flatnonzero(np.asarray(counts.sum(axis=1)).ravel() > MAX_TOKENS)
        out = sparse_product(counts, self.vectors)
        for i in long:  # rare: past MAX_TOKENS order matters, so these go one by one
            out[i] = self.encode_one(text_of(int(i)))
        return _unit(out)

    def _chunk_tokens(self, chunks: list[str]) -> sp.csr_matrix:
        """Token counts (chunks × vocabulary), unknown tokens left out."""
        rows, cols = array("i"), array("i")
        for i, enc in enumerate(self.tokenizer.encode_batch_fast(chunks, add_special_tokens=False)):
            ids = enc.ids
            cols.extend(ids)
            rows.extend([i] * len(ids))
        rows_np = np.frombuffer(rows, dtype=np.int32) if len(rows) else np.zeros(0, dtype=np.int32)
        cols_np = np.frombuffer(cols, dtype=np.int32) if len(cols) else np.zeros(0, dtype=np.int32)
        keep = cols_np != self.unk_id
        return sp.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32), (rows_np[keep], cols_np[keep])),
                             shape=(max(len(chunks), 1), self.vectors.shape[0]))


# Stored vectors (the index's paper vectors) are int16 with one float32 scale per row, in half
# the memory of float32: each row in units of its largest component / 32767, so a component is
# within ~4e-6 of its float32 value and a cosine within ~1e-5 (docs/matching.md: the
# evaluation's ranks are unchanged).
STORED_MAX = 32767


def vectors_stored(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors (float32 rows) in their stored form: int16 rows and each row's scale."""
    x = np.asarray(x, dtype=np.float32)
    top = np.abs(x).max(axis=1) if x.size else np.zeros(len(x), dtype=np.float32)
    scale = (top / np.float32(STORED_MAX)).astype(np.float32)
    ints = np.rint(np.divide(x, scale[:, None], out=np.zeros_like(x), where=scale[:, None] > 0))
    return ints.astype(np.int16), scale


def vectors_unit(ints: np.ndarray, scale: np.ndarray | None) -> np.ndarray:
    """Stored vectors as float32 rows again (``scale`` None: they are float32 already, from an
    index stored by an older release)."""
    if scale is None:
        return np.asarray(ints, dtype=np.float32)
    return np.asarray(ints, dtype=np.float32) * np.asarray(scale, dtype=np.float32)[:, None]


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    zero = norms[:, 0] == 0
    # One plain division (a masked one, ``where=``, took 1.1 s at 454,000 papers), by 1 for the
    # rows with no length, which become zeros as before.
    out = x / np.where(zero[:, None], norms.dtype.type(1), norms)
    out[zero] = 0
    return out.astype(np.float32, copy=False)


@lru_cache(maxsize=1)
def embedding_model() -> StaticEmbedding:
    """The shipped model, loaded once per process (about 15 MB)."""
    return StaticEmbedding()
