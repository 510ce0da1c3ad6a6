"""The static embedding: related texts are close, unrelated ones are not, and the batch road
gives exactly what one text at a time gives."""
import numpy as np
import pytest

from matching.embedding import MAX_TOKENS, EmbeddingModelError, StaticEmbedding, embedding_model


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
