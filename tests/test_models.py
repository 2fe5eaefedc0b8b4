"""The real embedders load offline from their PyPI packages and embed real text sensibly."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from greta_search.embed import MODELS, get_embedder

QUERY = "Are victims of trafficking exempt from needing a work permit?"
RELEVANT = (
    "Article 64.0.15-1 of the Code provides that persons considered victims of human "
    "trafficking or assisting criminal prosecution authorities are not required to obtain a "
    "work permit to engage in paid labor activity in the territory of the country."
)
UNRELATED = (
    "In the 2025-2026 academic year, in nearly 1200 general education institutions, "
    "awareness-raising events on a healthy lifestyle were organised for pupils."
)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.mark.parametrize("name", ["minilm", "e5"])
def test_real_model_loads_offline_and_ranks_the_relevant_passage_first(name, no_network):
    model = get_embedder(name)
    passages = model.embed_passages([RELEVANT, UNRELATED])
    query = model.embed_queries([QUERY])[0]
    assert passages.shape == (2, MODELS[name].dim) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    scores = passages @ query
    assert scores[0] > scores[1] + 0.1


def test_e5_matches_french_queries_to_english_text(no_network):
    model = get_embedder("e5")
    passages = model.embed_passages([RELEVANT, UNRELATED])
    query = model.embed_queries(["Les victimes de la traite sont-elles dispensées de permis de "
                                 "travail ?"])[0]
    scores = passages @ query
    assert scores[0] > scores[1]
