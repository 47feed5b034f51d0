"""Hostile files never stop a batch: undecodable names, oversized files, decompression bombs
and files whose reader fails in a way nobody foresaw are each that file's error."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.index import Index
from ingest.pipeline import ingest_paths
from tests.conftest import notes_folder
from ui.cli import main

GOOD = "# Kafka\nKafka stores ordered, replicated partitions; consumer groups share them.\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "kafka.md").write_text(GOOD, encoding="utf-8")
    return folder


def test_a_file_name_that_is_not_utf8_is_indexed_and_reported_as_text(
        index: Index, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    bad = Path(os.fsdecode(bytes(folder) + b"/notes-\xff\xfe.md"))
    bad.write_text("# Spark\nSpark shuffles data between stages by key.\n", encoding="utf-8")
    report = ingest_paths(index, [folder])
    assert report.errors == [] and report.documents == 2
    sources = {m["source"] for m in index.store.metadata_where().values()}
    assert "notes-\\xff\\xfe.md" in sources and "kafka.md" in sources
    again = ingest_paths(index, [folder])  # unchanged on a second run, not duplicated
    assert again.unchanged == report.chunks and again.added == 0
    result = CliRunner().invoke(main, ["ingest", str(folder), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["documents"] == 2


def test_a_file_over_the_size_limit_is_refused_with_the_fix(
        index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    (folder / "huge.txt").write_text("word " * 30_000, encoding="utf-8")  # about 150 KB
    monkeypatch.setenv("PREP_MAX_FILE_MB", "0.1")
    report = ingest_paths(index, [folder])
    assert report.documents == 1 and len(report.errors) == 1
    assert report.errors[0].path.endswith("huge.txt")
    assert "over the 0.1 MB limit" in report.errors[0].error
    assert "PREP_MAX_FILE_MB" in report.errors[0].error


def _docx_bomb(path: Path, megabytes: int) -> None:
    """A valid-looking .docx whose document.xml unpacks to `megabytes` of text."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as xml:
            xml.write(b"<w:document><w:body><w:p><w:r><w:t>")
            block = b"a" * 2**20
            for _ in range(megabytes):
                xml.write(block)
            xml.write(b"</w:t></w:r></w:p></w:body></w:document>")


def test_a_docx_decompression_bomb_is_refused_and_the_batch_goes_on(
        index: Index, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    bomb = folder / "bomb.docx"
    _docx_bomb(bomb, 210)
    assert bomb.stat().st_size < 2 * 2**20  # small on disk
    report = ingest_paths(index, [folder])
    assert report.documents == 1
    assert [e.path.endswith("bomb.docx") for e in report.errors] == [True]
    assert "decompression bomb" in report.errors[0].error


def test_any_failure_inside_one_file_is_that_files_error(
        index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.loaders as loaders

    folder = _folder(tmp_path)
    (folder / "cursed.md").write_text("# Cursed\nThis one breaks the reader.\n")
    real = loaders.decode_text

    def decode(data: bytes) -> str:
        if b"Cursed" in data:
            raise MemoryError("simulated")
        return real(data)

    monkeypatch.setattr(loaders, "decode_text", decode)
    report = ingest_paths(index, [folder])
    assert report.documents == 1 and report.errors[0].path.endswith("cursed.md")
    assert "MemoryError" in report.errors[0].error


def test_a_repetitive_file_cannot_drown_a_note(index: Index, tmp_path: Path) -> None:
    from ingest.search import search

    folder = _folder(tmp_path)
    spam = "Buy cheap watches online today with free shipping and no questions asked.\n"
    (folder / "spam.txt").write_text(spam * 12_000, encoding="utf-8")  # about 900 KB
    report = ingest_paths(index, [folder])
    assert report.errors == [] and report.chunks <= 6  # each wording stored once
    hits = search(index, "Kafka stream processing", k=3)
    assert hits[0].source == "kafka.md"


NOTE = ("# Spark\nSpark splits a job into stages at every shuffle; a skewed key makes one task "
        "run far longer than the rest, and salting the key spreads it out.\n")


def test_a_passage_in_several_files_is_stored_once_with_every_source(
        index: Index, tmp_path: Path) -> None:
    from ingest.library import documents
    from ingest.search import search

    folder = _folder(tmp_path)
    for name in ("a.md", "b.md", "c.md"):
        (folder / name).write_text(NOTE, encoding="utf-8")
    (folder / "d.md").write_text(NOTE.upper().replace(";", ","), encoding="utf-8")  # same words
    report = ingest_paths(index, [folder])
    assert report.errors == [] and report.documents == 5
    assert index.store.count() == 2 and report.added == 2 and report.shared == 3
    [meta] = [m for m in index.store.metadata_where().values() if m["source"] != "kafka.md"]
    assert sorted(meta["sources"]) == ["a.md", "b.md", "c.md", "d.md"]
    assert {d.source: d.chunks for d in documents(index)} == {
        "a.md": 1, "b.md": 1, "c.md": 1, "d.md": 1, "kafka.md": 1}
    hits = search(index, "Kafka consumer groups", k=3)
    assert [h.source for h in hits][:1] == ["kafka.md"] and len(hits) == 2
    again = ingest_paths(index, [folder])
    assert (again.added, again.shared, again.removed, again.unchanged) == (0, 0, 0, 5)


def test_removing_one_copy_keeps_the_passage_for_the_others(
        index: Index, tmp_path: Path) -> None:
    from ingest.library import chunks_of, remove_document

    folder = _folder(tmp_path)
    (folder / "a.md").write_text(NOTE, encoding="utf-8")
    (folder / "b.md").write_text(NOTE, encoding="utf-8")
    (folder / "c.md").write_text(NOTE, encoding="utf-8")
    ingest_paths(index, [folder])
    (folder / "a.md").unlink()  # the owner goes: the passage is cited from another copy
    report = ingest_paths(index, [folder])
    assert report.removed == 0 and index.store.count() == 2
    [meta] = [m for m in index.store.metadata_where().values() if m["source"] != "kafka.md"]
    assert meta["source"] in {"b.md", "c.md"} and sorted(meta["sources"]) == ["b.md", "c.md"]
    (folder / "b.md").write_text("# Other\nSomething else entirely about Airflow DAGs.\n")
    ingest_paths(index, [folder])
    assert len(chunks_of(index, str(folder / "c.md"))) == 1
    remove_document(index, str((folder / "c.md").resolve()))
    texts = [t for _, t, _ in index.store.chunks_where()]
    assert not any("salting" in t for t in texts) and any("Airflow" in t for t in texts)


def test_big_copies_of_one_file_cannot_drown_a_note(index: Index, tmp_path: Path) -> None:
    from ingest.search import search

    folder = _folder(tmp_path)
    body = "".join(f"# Part {i}\nWatches on sale, model {i}, free shipping and returns.\n"
                   for i in range(150))
    for copy in range(4):
        (folder / f"copy-{copy}.md").write_text(body, encoding="utf-8")
    report = ingest_paths(index, [folder])
    assert report.added == index.store.count() <= 151  # one copy's chunks plus the note
    assert search(index, "Kafka stream processing", k=3)[0].source == "kafka.md"


def test_a_full_disk_during_ingest_is_one_line_and_keeps_what_was_stored(
        prep_home: Path, embedder: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chromadb.api.models.Collection import Collection
    from chromadb.errors import InternalError

    folder = _folder(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(folder)]).exit_code == 0
    (folder / "spark.md").write_text(NOTE, encoding="utf-8")

    def full(*args: object, **kwargs: object) -> None:
        raise InternalError("Database error: error returned from database: (code: 13) "
                            "database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(Collection, "upsert", full)
        result = runner.invoke(main, ["ingest", str(folder)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert "disk is full" in line and "free some space" in line
    texts = [t for _, t, _ in Index.open().store.chunks_where()]
    assert any("consumer groups" in t for t in texts)  # the earlier ingest is intact


def test_a_passage_is_the_candidates_while_any_of_their_files_holds_it(
        index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.lexical import lexical_index

    notes = notes_folder(tmp_path, monkeypatch)
    (notes / "spark.md").write_text(NOTE, encoding="utf-8")
    ingest_paths(index, [notes])
    [meta] = index.store.metadata_where().values()
    assert meta["kind"] == "note"
    assert lexical_index(index.store) is not None and index.store.lexical is not None
    mine = tmp_path / "my-notes.md"
    mine.write_text(NOTE, encoding="utf-8")
    ingest_paths(index, [mine])
    assert index.store.lexical is None  # a write drops the word index
    [meta] = index.store.metadata_where().values()
    assert meta["kind"] == "document" and sorted(meta["sources"]) == ["my-notes.md",
                                                                       "spark.md"]
    mine.write_text("# Other\nNothing shared any more.\n", encoding="utf-8")
    ingest_paths(index, [mine])
    kinds = {m["source"]: m["kind"] for m in index.store.metadata_where().values()}
    assert kinds == {"spark.md": "note", "my-notes.md": "document"}
