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
