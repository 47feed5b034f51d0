"""The Chroma wrapper: many queries in one call are split so Chroma's SQL stays within limits."""

from __future__ import annotations

import numpy as np
import pytest

import ingest.store
from ingest.settings import load_settings
from ingest.store import VectorStore


def test_many_queries_are_answered_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    store = VectorStore.open(load_settings())
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store.add([f"id{i}" for i in range(40)], vectors, [f"text {i}" for i in range(40)],
              [{"n": i} for i in range(40)])
    whole = store.query(vectors, k=5)
    monkeypatch.setattr(ingest.store, "QUERY_RESULTS_PER_CALL", 12)  # two queries a call
    batched = store.query(vectors, k=5)
    assert [[h.id for h in row] for row in batched] == [[h.id for h in row] for row in whole]
    assert [row[0].id for row in batched] == [f"id{i}" for i in range(40)]
    assert batched[3][0].score == pytest.approx(1.0, abs=1e-4)


def test_reset_empties_the_collection() -> None:
    store = VectorStore.open(load_settings())
    store.add(["a"], np.ones((1, 4), np.float32) / 2, ["text"], [{"n": 1}])
    store.reset()
    assert store.count() == 0
    store.reset()  # resetting an empty store is fine too
    assert store.count() == 0
