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
        chunk_of: dict[str, int] = {}
        flat, lengths = array("i"), array("i")
        lookup = chunk_of.__getitem__
        for text in texts:
            chunks = (text or "").split()
            before = len(flat)
            try:
                flat.extend(map(lookup, chunks))
            except KeyError:  # chunks never seen in this batch: number them, then map again
                del flat[before:]
                for chunk in set(chunks).difference(chunk_of):
                    chunk_of[chunk] = len(chunk_of)
                flat.extend(map(lookup, chunks))
            lengths.append(len(flat) - before)
        n_texts = len(lengths)
        if not n_texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        chunk_tokens = self._chunk_tokens(list(chunk_of))
        flat_np = np.frombuffer(flat, dtype=np.int32) if len(flat) else np.zeros(0, dtype=np.int32)
        lengths_np = np.frombuffer(lengths, dtype=np.int32)
        # Rows are already in text order: build the CSR arrays directly (a repeated chunk is
        # a duplicate entry, which the products below add up like a count).
        indptr = np.zeros(n_texts + 1, dtype=np.int64)
        np.cumsum(lengths_np, out=indptr[1:])
        text_chunks = sp.csr_matrix((np.ones(len(flat_np), dtype=np.float32), flat_np, indptr),
                                    shape=(n_texts, max(len(chunk_of), 1)))
        counts = (text_chunks @ chunk_tokens).tocsr()
        long = np.flatnonzero(np.asarray(counts.sum(axis=1)).ravel() > MAX_TOKENS)
        out = counts @ self.vectors
        for i in long:  # rare: past MAX_TOKENS order matters, so these go one by one
            out[i] = self.encode_one(texts[i])
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


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0).astype(np.float32)


@lru_cache(maxsize=1)
def embedding_model() -> StaticEmbedding:
    """The shipped model, loaded once per process (about 15 MB)."""
    return StaticEmbedding()
