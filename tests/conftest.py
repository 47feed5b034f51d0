"""Shared fixtures: a private PREP_HOME per test and the real bundled embedder, loaded once."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from agents.grading.grader import Grader
from ingest.embedder import Embedder, load_embedder
from ingest.index import Index
from ingest.pipeline import IngestReport, ingest_paths
from ingest.settings import PROJECT_ROOT

DATA = Path(__file__).parent / "data"
CORPUS = PROJECT_ROOT / "corpus"
JOB_AD = CORPUS / "jpmc-mlcoe-nlp-internship-2026.txt"
GUIDE = CORPUS / "jpmc-mle-interview-guide.txt"


@pytest.fixture(autouse=True)
def prep_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "prep-home"
    monkeypatch.setenv("PREP_HOME", str(home))
    monkeypatch.delenv("PREP_CHROMA_URL", raising=False)
    monkeypatch.delenv("PREP_EMBED_MODEL", raising=False)
    return home


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder()


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory: pytest.TempPathFactory,
                embedder: Embedder) -> tuple[Path, IngestReport]:
    """The default corpus indexed once per run (it takes minutes), and the ingest's report;
    tests that need it copy the store with `indexed_corpus`."""
    home = tmp_path_factory.mktemp("corpus-home")
    patch = pytest.MonkeyPatch()
    patch.setenv("PREP_HOME", str(home))
    report = ingest_paths(Index.open(), [CORPUS])
    patch.undo()
    return home, report


def indexed_corpus(corpus_home: tuple[Path, IngestReport], home: Path) -> Path:
    """A private copy of the indexed default corpus under `home` (a PREP_HOME)."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copytree(corpus_home[0] / "chroma", home / "chroma", dirs_exist_ok=True)
    return home


def corpus_grader(corpus_home: tuple[Path, IngestReport], home: Path) -> Grader:
    """A grader over a private copy of the indexed default corpus (module fixtures share it)."""
    indexed_corpus(corpus_home, home)
    patch = pytest.MonkeyPatch()
    patch.setenv("PREP_HOME", str(home))
    index = Index.open()
    patch.undo()
    return Grader(index)


def notes_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that ingest treats as the coach's own notes."""
    import ingest.sharing as sharing

    notes = tmp_path / "corpus" / "knowledge"
    notes.mkdir(parents=True)
    monkeypatch.setattr(sharing, "NOTES_DIR", notes)
    return notes


@pytest.fixture
def index(prep_home: Path, embedder: Embedder) -> Index:
    return Index.open()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder with three small documents on distinct topics."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "attention.md").write_text(
        "# Attention\nSelf-attention compares each token's query with every key; the softmax "
        "of the scores weights the values.\n\n# Multi-head attention\n- Several heads attend "
        "in parallel\n- Their outputs are concatenated and projected\n", encoding="utf-8")
    (folder / "star.txt").write_text(
        "Behavioral answers\nUse the STAR method: describe the situation, your task, the "
        "action you took and the result, in the first person, with a measurable outcome.\n",
        encoding="utf-8")
    (folder / "intervals.txt").write_text(
        "Merging intervals\nSort the intervals by start time, then walk through them and "
        "merge each interval into the previous one when they overlap. O(n log n) time.\n",
        encoding="utf-8")
    return folder


def stop_server(server: subprocess.Popen) -> None:
    """Stop a server a test started: politely, then for sure."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def settles(condition: Callable[[], bool]) -> bool:
    """True once condition holds; killed processes take a moment to be reaped."""
    for _ in range(100):
        if condition():
            return True
        time.sleep(0.02)
    return False
