"""Ingest is idempotent, replaces changed files, forgets deleted ones, and survives bad files
and a kill -9."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from ingest.index import Index
from ingest.pipeline import ingest_paths
from ingest.settings import PROJECT_ROOT
from tests.conftest import CORPUS, indexed_corpus


def _texts(index: Index) -> list[str]:
    return index.store.collection.get(include=["documents"])["documents"] or []


def test_default_corpus_ingests_offline(corpus_home, prep_home: Path) -> None:
    report = corpus_home[1]  # the run's one real ingest of the whole corpus
    indexed_corpus(corpus_home, prep_home)
    index = Index.open()
    documents = [p for p in CORPUS.rglob("*") if p.suffix in (".txt", ".md")]
    assert report.documents == len(documents) > 2 and not report.errors
    assert report.chunks == report.added == index.store.count() > 20
    assert not any("Rodeo" in text or "Jessica, London" in text for text in _texts(index))


def test_reingesting_unchanged_files_adds_nothing(index: Index, docs: Path) -> None:
    first = ingest_paths(index, [docs])
    second = ingest_paths(index, [docs])
    assert first.added == first.chunks > 0
    assert (second.added, second.removed, second.unchanged) == (0, 0, first.chunks)
    assert index.store.count() == first.chunks


def test_changed_file_replaces_its_chunks(index: Index, docs: Path) -> None:
    ingest_paths(index, [docs])
    before = index.store.count()
    (docs / "intervals.txt").write_text(
        "Merging intervals\nA heap-free approach: sort by start, then sweep once.\n",
        encoding="utf-8")
    report = ingest_paths(index, [docs])
    texts = _texts(index)
    assert report.added >= 1 and report.removed >= 1
    assert not any("walk through them" in t for t in texts)
    assert any("sweep once" in t for t in texts)
    assert index.store.count() == before - report.removed + report.added


def test_deleted_file_goes_when_its_folder_is_reingested(index: Index, docs: Path) -> None:
    ingest_paths(index, [docs])
    (docs / "star.txt").unlink()
    report = ingest_paths(index, [docs])
    assert report.removed >= 1
    assert not any("STAR method" in t for t in _texts(index))


def test_reset_drops_everything_else(corpus_home, prep_home: Path, docs: Path) -> None:
    indexed_corpus(corpus_home, prep_home)
    index = Index.open()
    assert index.store.count() > 20
    report = ingest_paths(index, [docs / "star.txt"], reset=True)
    assert report.documents == 1
    assert index.store.count() == report.chunks == report.added


def test_one_bad_file_does_not_stop_the_batch(index: Index, docs: Path) -> None:
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7 garbage that is no pdf")
    (docs / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ingest_paths(index, [docs, docs / "nope.md"])
    assert report.documents == 3
    assert sorted(Path(e.path).name for e in report.errors) == ["blob.txt", "broken.pdf",
                                                               "nope.md"]
    assert all(e.error for e in report.errors)


def test_ingest_killed_mid_write_is_completed_without_duplicates(
        docs: Path, prep_home: Path) -> None:
    many = docs / "many.md"
    many.write_text("".join(f"# Topic {i}\nParagraph {i} about feature stores and drift "
                            f"monitoring, variant {i}.\n" for i in range(40)), encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, signal
        import ingest.index
        from ingest.store import VectorStore
        ingest.index.EMBED_BATCH = 8
        original, calls = VectorStore.add, []
        def add(self, *args, **kwargs):
            original(self, *args, **kwargs)
            calls.append(1)
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
        VectorStore.add = add
        from ui.cli import main
        main(["ingest", {str(many)!r}])
    """)
    killed = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9
    index = Index.open()
    assert index.store.count() == 16  # two batches of 8 made it in before the kill
    report = ingest_paths(index, [many])
    ids = index.store.collection.get()["ids"]
    assert report.chunks == 40 == len(ids) == len(set(ids))
    assert (report.added, report.unchanged) == (24, 16)
