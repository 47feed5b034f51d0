"""Search: relevance on small documents, topic filter, k, duplicate folding, input errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.index import Index
from ingest.pipeline import ingest_paths
from ingest.search import SearchError, search, search_many


@pytest.fixture
def indexed(index: Index, docs: Path) -> Index:
    ingest_paths(index, [docs])
    return index


def test_best_result_answers_the_query(indexed: Index) -> None:
    results = search(indexed, "how do query, key and value vectors work?", k=3)
    assert results[0].source == "attention.md"
    assert results[0].score > results[-1].score
    assert {"text", "source", "section", "topic", "score"} == set(results[0].to_dict())


def test_topic_filter_only_returns_that_topic(indexed: Index) -> None:
    topics = {r.topic for r in search(indexed, "interview answer", k=10)}
    assert len(topics) > 1
    for topic in topics:
        results = search(indexed, "interview answer", k=10, topic=topic)
        assert results and {r.topic for r in results} == {topic}


def test_k_limits_the_results(indexed: Index) -> None:
    assert len(search(indexed, "attention", k=1)) == 1
    assert len(search(indexed, "attention", k=50)) == indexed.store.count()


def test_a_copied_file_shows_up_once(index: Index, docs: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(docs / "star.txt", copy / "star-again.txt")
    ingest_paths(index, [docs, copy])
    results = search(index, "STAR method situation task action result", k=3)
    assert sum("STAR method" in r.text for r in results) == 1


def test_batch_returns_one_list_per_query(indexed: Index) -> None:
    rows = search_many(indexed, ["merge intervals", "multi-head attention"], k=2)
    assert [row[0].source for row in rows] == ["intervals.txt", "attention.md"]


@pytest.mark.parametrize("query, k, topic, message", [
    ("   ", 5, None, "empty query"),
    ("drift", 0, None, "at least 1"),
    ("drift", 5, "astrology", "unknown topic"),
])
def test_bad_requests_say_what_to_do(indexed: Index, query: str, k: int, topic: str | None,
                                     message: str) -> None:
    with pytest.raises(SearchError, match=message):
        search(indexed, query, k, topic)


def test_search_on_an_empty_index_returns_nothing(index: Index) -> None:
    assert search(index, "anything") == []
