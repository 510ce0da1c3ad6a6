"""The static embedding: related texts are close, unrelated ones are not, and the batch road
gives exactly what one text at a time gives."""
from datetime import date

import numpy as np
import pytest

from matching.embedding import MAX_TOKENS, EmbeddingModelError, StaticEmbedding, embedding_model
from matching.index import MatchIndex, paper_text, paper_vectors_reusing


@pytest.fixture(scope="module")
def model():
    return embedding_model()


def test_paraphrases_are_closer_than_unrelated_topics(model):
    query = model.encode_one("keeping users' records private when clustering data")
    related = model.encode_one("Differentially private hierarchical clustering with approximation guarantees")
    unrelated = model.encode_one("Seismic wavefield simulation with diffusion models for earthquakes")
    assert float(query @ related) > float(query @ unrelated) + 0.1


def test_vectors_are_unit_length_and_empty_text_is_zero(model):
    vectors = model.encode(["graph neural networks", "", "   ", "attention"])
    assert np.allclose(np.linalg.norm(vectors[[0, 3]], axis=1), 1.0, atol=1e-5)
    assert not vectors[1].any() and not vectors[2].any()


def test_batch_encoding_matches_one_at_a_time(model):
    texts = ["Loss of plasticity (LoP) in non-stationary, continual learning!",
             "naïve Bayes — résumé; TF-GNN: 2022", "ReLU strikes back", "x " * (MAX_TOKENS + 40),
             "Min-max games, $\\ell_1$-regularised, k-means++"]
    batch = model.encode(texts)
    for text, row in zip(texts, batch):
        assert np.allclose(row, model.encode_one(text), atol=1e-5)


def test_a_missing_model_says_how_to_restore_it(tmp_path):
    with pytest.raises(EmbeddingModelError, match="make distill"):
        StaticEmbedding(tmp_path)


def test_a_rebuild_reuses_vectors_of_unchanged_papers_and_encodes_the_rest(model, monkeypatch):
    researchers = [{"id": 1, "name": "A", "slug": "a", "affiliation": "", "topics": [], "about": "",
                    "taking_students": "unknown", "captured_on": date(2026, 1, 1)}]
    papers = [{"id": i, "title": f"Paper {t}", "abstract": t, "date": date(2025, 1, 1)}
              for i, t in enumerate(["graph clustering", "speculative decoding", "loss of plasticity"], 1)]
    old = MatchIndex(researchers=researchers, papers=papers, authorships=[(1, 1), (1, 2), (1, 3)])
    now = [papers[0], dict(papers[1], abstract="speculative decoding with a draft model"), papers[2],
           {"id": 4, "title": "New paper", "abstract": "federated learning", "date": None}]
    encoded = []
    real = type(model).encode
    monkeypatch.setattr(type(model), "encode", lambda self, texts: encoded.extend(texts := list(texts)) or real(self, texts))
    vectors = paper_vectors_reusing(now, old)
    assert encoded == [paper_text(now[1]), paper_text(now[3])]  # only the changed and the new paper
    assert np.allclose(vectors, real(model, [paper_text(p) for p in now]), atol=1e-5)
