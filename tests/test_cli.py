"""The `prep` command: JSON contracts, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.embedder import Embedder
from ui.cli import main


@pytest.fixture
def runner(embedder: Embedder) -> CliRunner:
    return CliRunner()


def test_help_lists_commands_without_loading_models() -> None:
    out = subprocess.run([sys.executable, "-c",
                          "import sys; from ui.cli import main\n"
                          "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
                          "print('torch' in sys.modules, 'chromadb' in sys.modules)"],
                         capture_output=True, text=True, check=True)
    assert "ingest" in out.stdout and "search" in out.stdout
    assert out.stdout.strip().endswith("False False")


def test_ingest_json_is_the_only_stdout(runner: CliRunner, docs: Path) -> None:
    (docs / "bad.pdf").write_bytes(b"not a pdf")
    result = runner.invoke(main, ["ingest", str(docs), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"documents", "chunks", "added", "unchanged", "removed", "errors"}
    assert report["documents"] == 3 and report["added"] == report["chunks"]
    assert report["errors"] == [{"path": str(docs / "bad.pdf"), "error": report["errors"][0][
        "error"]}] and "PDF" in report["errors"][0]["error"]


def test_ingest_exits_1_when_nothing_was_indexed(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"\x00" * 64)
    result = runner.invoke(main, ["ingest", str(tmp_path / "x.txt"), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["documents"] == 0


def test_search_json_and_batch(runner: CliRunner, docs: Path, tmp_path: Path) -> None:
    runner.invoke(main, ["ingest", str(docs)])
    single = runner.invoke(main, ["search", "merging overlapping intervals", "-k", "2", "--json"])
    assert single.exit_code == 0
    results = json.loads(single.stdout)
    assert len(results) == 2 and results[0]["source"] == "intervals.txt"
    assert 0 < results[0]["score"] <= 1
    queries = tmp_path / "queries.txt"
    queries.write_text("self-attention\n\nSTAR method\n", encoding="utf-8")
    batch = runner.invoke(main, ["search", "--batch", str(queries), "-k", "1", "--json"])
    rows = json.loads(batch.stdout)
    assert [row[0]["source"] for row in rows] == ["attention.md", "star.txt"]


def test_search_topic_filter_and_human_output(runner: CliRunner, docs: Path) -> None:
    runner.invoke(main, ["ingest", str(docs)])
    result = runner.invoke(main, ["search", "sorting", "--topic", "coding"])
    assert result.exit_code == 0
    assert "intervals.txt" in result.stdout and "[coding]" in result.stdout
    bad = runner.invoke(main, ["search", "sorting", "--topic", "astrology"])
    assert bad.exit_code == 2 and "astrology" in bad.output


def test_interactive_search_reads_queries_until_an_empty_line(runner: CliRunner,
                                                             docs: Path) -> None:
    runner.invoke(main, ["ingest", str(docs)])
    result = runner.invoke(main, ["search", "-k", "1"], input="STAR method\n\n")
    assert result.exit_code == 0
    assert "star.txt" in result.stdout


@pytest.mark.parametrize("url, message", [
    ("localhost:8000", "is not a server address"),
    ("http://127.0.0.1:9", "cannot reach the Chroma server"),
])
def test_bad_chroma_url_is_one_line(runner: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                    url: str, message: str) -> None:
    monkeypatch.setenv("PREP_CHROMA_URL", url)
    result = runner.invoke(main, ["search", "drift"])
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
