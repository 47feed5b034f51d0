"""The ONNX embedder against sentence-transformers, the on-disk caches, and a grade that never
imports torch."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ingest import derived_cache, vector_cache
from ingest.embedder import Embedder, EmbedderError, load_embedder
from ingest.index import Index
from ingest.onnx_export import model_key
from ingest.settings import PROJECT_ROOT

TEXTS = [
    "hello",
    "L1 regularization drives weights to exactly zero, giving sparse models.",
    "BIO tags (begin-inside-outside) with BERT or FinBERT; flag when p > 5/500 = 0.01.",
    "Ünïcödé text — with “quotes”, emoji 🚀 and 中文 characters.",
    "word " * 400,  # longer than the model's 256 pieces: truncated the same way
    "   ",
]


@pytest.fixture(scope="module")
def torch_embedder() -> Embedder:
    return load_embedder(backend="torch")


def test_onnx_fp32_gives_the_vectors_of_sentence_transformers(torch_embedder: Embedder) -> None:
    onnx = load_embedder(backend="onnx")
    assert np.abs(onnx(TEXTS) - torch_embedder(TEXTS)).max() < 1e-4
    for ours, theirs in zip(onnx.tokens(TEXTS, frozenset({"the"})),
                            torch_embedder.tokens(TEXTS, frozenset({"the"}))):
        assert ours.shape == theirs.shape
        assert ours.size == 0 or np.abs(ours - theirs).max() < 1e-4


def test_int8_stays_close_to_torch(torch_embedder: Embedder) -> None:
    rows = (PROJECT_ROOT / "bench" / "data" / "points_fit.jsonl").read_text().splitlines()
    answers = [json.loads(r)["answer"] for r in rows[:60]]
    cosines = (load_embedder(backend="onnx-int8")(answers) * torch_embedder(answers)).sum(1)
    assert cosines.min() >= 0.97 and cosines.mean() >= 0.98


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_a_text_embeds_the_same_alone_or_beside_long_ones(backend: str) -> None:
    embed = load_embedder(backend=backend)
    alone = embed(["Dropout zeroes random activations during training."])
    mixed = embed(["word " * 300, "Dropout zeroes random activations during training.", "a"])
    if backend == "onnx":
        assert np.abs(alone[0] - mixed[1]).max() < 1e-4
    else:  # int8 runs each text alone: its vector never depends on what is beside it
        assert np.array_equal(alone[0], mixed[1])
    assert np.allclose(np.linalg.norm(mixed, axis=1), 1, atol=1e-5)
    assert embed([]).shape == (0, embed.dimension) and embed.tokens([]) == []


def test_an_int8_vector_is_the_same_in_any_company() -> None:
    """A cached key point or a candidate's sentence must grade the same whatever was embedded
    with it: batched int8 vectors moved with their batch-mates (cosine 0.979 at worst)."""
    embed = load_embedder(backend="onnx-int8")
    text = "F1 is the harmonic mean of precision and recall, not their arithmetic mean."
    neighbours = [f"Sentence {i} about {'shuffles and partitions ' * (i % 7)}skew."
                  for i in range(80)]  # a bulk call, run on parallel lanes
    alone = embed([text])[0]
    assert np.array_equal(embed([text, "a much longer sentence " * 5])[0], alone)
    assert np.array_equal(embed([*neighbours, text])[-1], alone)
    assert np.array_equal(embed([*neighbours[:40], text, *neighbours[40:]])[40], alone)
    tokens_alone = embed.tokens([text])[0]
    assert np.array_equal(embed.tokens([*neighbours, text])[-1], tokens_alone)


def test_unknown_backend_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREP_EMBED_BACKEND", "gpu")
    with pytest.raises(EmbedderError, match="onnx-int8, onnx, torch"):
        load_embedder()
    out = subprocess.run([sys.executable, "-m", "ui.cli", "search", "attention"],
                         capture_output=True, text=True, env={**os.environ}, cwd=PROJECT_ROOT)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "PREP_EMBED_BACKEND='gpu'" in out.stderr


def test_changing_backend_changes_the_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    names = set()
    for backend in ("onnx-int8", "onnx", "torch"):
        monkeypatch.setenv("PREP_EMBED_BACKEND", backend)
        names.add(Index.open().embedder_name)
    assert len(names) == 3 and "bundled:all-MiniLM-L6-v2" in names  # torch keeps its old name


def test_grading_never_imports_torch(prep_home: Path) -> None:
    script = ("import sys, json\nfrom ui.cli import main\n"
              "try:\n    main(['grade', '-q', 'What does L1 regularization do?', '-a', "
              "'It drives some weights to exactly zero, so the model is sparse.', '--json'])\n"
              "except SystemExit:\n    pass\n"
              "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('torch', 'transformers', 'sentence_transformers'))))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=PROJECT_ROOT, env={**os.environ, "PREP_HOME": str(prep_home)},
                         check=True)
    *grade_lines, modules = out.stdout.strip().splitlines()
    grade = json.loads("\n".join(grade_lines))
    assert isinstance(grade["score"], float) and grade["covered"]
    assert json.loads(modules) == []


class _Counting(Embedder):
    """A fake model that counts the texts it is asked to embed."""

    def __init__(self) -> None:
        self.name, self.backend, self.dimension, self.seen = "fake", "test", 4, 0

    def __call__(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        self.seen += len(texts)
        return np.array([[len(t), 1, 0, 0] for t in texts], dtype=np.float32)


def test_recurring_vectors_are_read_from_disk(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("PREP_MODEL_CACHE", str(tmp_path))
    fake = _Counting()
    first = fake.cached(["a", "bb", "a"])
    assert fake.seen == 2 and first[:, 0].tolist() == [1, 2, 1]
    second = _Counting()  # a new process, as far as the cache can tell
    assert second.cached(["bb", "ccc", "a"])[:, 0].tolist() == [2, 3, 1]
    assert second.seen == 1  # only "ccc" was new


def test_a_corrupt_vector_cache_only_costs_time(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setenv("PREP_MODEL_CACHE", str(tmp_path))
    vector_cache.cache_file().write_bytes(b"this is not a database" * 100)
    fake = _Counting()
    assert fake.cached(["x", "yy"])[:, 0].tolist() == [1, 2] and fake.seen == 2
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(vector_cache.cache_file()).execute("SELECT 1 FROM vectors")


def test_derived_results_follow_their_files(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.setenv("PREP_MODEL_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "notes.md"
    source.write_text("one")
    calls: list[str] = []

    def build() -> list[str]:
        calls.append(source.read_text())
        return [source.read_text()]

    assert derived_cache.derived("t", [source], build) == ["one"]
    assert derived_cache.derived("t", [source], build) == ["one"] and len(calls) == 1
    source.write_text("two, longer")
    assert derived_cache.derived("t", [source], build) == ["two, longer"] and len(calls) == 2
    for stored in (tmp_path / "cache" / "derived").glob("*.json"):
        stored.write_text("{not json")
    assert derived_cache.derived("t", [source], build) == ["two, longer"] and len(calls) == 3


def test_model_key_changes_with_the_model_files(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    before = model_key(tmp_path)
    (tmp_path / "config.json").write_text('{"hidden": 1}')
    assert model_key(tmp_path) != before


def test_concurrent_first_exports_share_one_result(tmp_path: Path) -> None:
    """Two processes that both find no ONNX files: one exports, the other waits for it."""
    env = {**os.environ, "PREP_MODEL_CACHE": str(tmp_path)}
    script = ("from ingest.embedder import load_embedder\n"
              "e = load_embedder(backend='onnx-int8')\n"
              "print(e.files.folder, float(e(['attention'])[0][0]))")
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT, env=env)
            for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert outputs[0][0] == outputs[1][0]
    folders = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert len(folders) == 1 and {p.name for p in folders[0].iterdir()} == {
        "model.onnx", "model.int8.onnx", "meta.json"}
