"""The retrieval benchmark runs the product's path on any TSV pair and scores recall right."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bench.retrieval import RetrievalBenchError, recall_at, run_retrieval_bench
from ingest.embedder import Embedder

TOPICS = ["gradient descent", "random forests", "k-means clustering", "dropout",
          "batch normalization", "word embeddings", "attention", "support vector machines"]


def _write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(header)
        writer.writerows(rows)


def test_recall_counts_a_hit_by_text() -> None:
    ranked = [["a", "b"], ["c", "d"], ["e", "f"]]
    assert recall_at(ranked, ["a", "d", "z"]) == pytest.approx(
        {"recall@1": 100 / 3, "recall@5": 200 / 3, "recall@20": 200 / 3, "recall@100": 200 / 3})


def test_bench_on_a_tiny_corpus(tmp_path: Path, embedder: Embedder) -> None:
    passages = [f"{t.capitalize()} is a machine learning technique; this note explains {t}."
                for t in TOPICS]
    passages.append(passages[0])  # the corpus repeats passages; a hit is counted by text
    _write_tsv(tmp_path / "p.tsv", ["", "input_text", "target_text"],
               [[str(i), p, "never indexed"] for i, p in enumerate(passages)])
    _write_tsv(tmp_path / "q.tsv", ["", "input_text", "target_text", "indexes"],
               [[str(i), passages[i], f"what is {t}?", str(i)] for i, t in enumerate(TOPICS)])
    result = run_retrieval_bench(tmp_path / "p.tsv", tmp_path / "q.tsv")
    figures = result.to_dict()
    assert figures["n"] == len(TOPICS) and figures["passages"] == len(passages)
    assert figures["recall@1"] >= 75.0 and figures["recall@100"] == 100.0
    assert figures["search_p95_ms"] >= figures["search_p50_ms"] > 0 and figures["backend"]
    assert figures["ingest_passages_per_s"] > 0 and figures["query_p95_ms"] >= \
        figures["query_p50_ms"] > 0
    assert result.summary().splitlines()[-1].startswith("recall@1=")


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RetrievalBenchError, match="cannot read"):
        run_retrieval_bench(tmp_path / "nope.tsv", tmp_path / "nope.tsv")
