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


def test_grade_json_contract(runner: CliRunner, docs: Path) -> None:
    runner.invoke(main, ["ingest", str(docs)])
    result = runner.invoke(main, [
        "grade", "--question", "How do you merge overlapping intervals?", "--answer",
        "Sort the intervals by start time, then sweep once and merge each interval into the "
        "previous one whenever they overlap; O(n log n).", "--json"])
    assert result.exit_code == 0, result.output
    grade = json.loads(result.stdout)
    assert {"score", "max_score", "verdict", "covered", "missing", "citations", "feedback",
            "model_answer", "grader"} <= set(grade)
    assert grade["max_score"] == 5 and 0 <= grade["score"] <= 5
    assert grade["citations"] and {"source", "section", "text"} == set(grade["citations"][0])


@pytest.mark.parametrize("answer", ["", "   "])
def test_grade_refuses_an_empty_answer_in_one_line(runner: CliRunner, answer: str) -> None:
    result = runner.invoke(main, ["grade", "--question", "What is RAG?", "--answer", answer])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "empty" in result.stderr
    assert "Traceback" not in result.output


def test_batch_files_that_are_not_utf8_give_errors_not_tracebacks(
        runner: CliRunner, docs: Path, tmp_path: Path) -> None:
    """A Latin-1 or binary line in a batch was a UnicodeDecodeError traceback: in `grade` it
    is now that line's error and the batch goes on; in `search` a one-line error."""
    runner.invoke(main, ["ingest", str(docs)])
    answers = tmp_path / "answers.jsonl"
    answers.write_bytes(json.dumps({"question": "What is the STAR method?", "answer":
                                    "Situation, task, action and result."}).encode()
                        + b"\n{\"question\": \"fen\xeatre\", \"answer\": \"x\"}\n\xcc\xff\x00\n")
    graded = runner.invoke(main, ["grade", "--batch", str(answers), "--json"])
    assert graded.exit_code == 0 and "Traceback" not in graded.output
    rows = json.loads(graded.stdout)
    assert "score" in rows[0] and [r.get("line") for r in rows[1:]] == [2, 3]
    assert all("UTF-8" in r["error"] for r in rows[1:])
    queries = tmp_path / "queries.txt"
    queries.write_bytes(b"kafka\n\xcc\xff\n")
    searched = runner.invoke(main, ["search", "--batch", str(queries)])
    assert searched.exit_code == 2 and "UTF-8" in searched.output
    assert searched.exception is None or isinstance(searched.exception, SystemExit)


def test_grade_batch_keeps_going_past_bad_lines(runner: CliRunner, docs: Path,
                                                tmp_path: Path) -> None:
    runner.invoke(main, ["ingest", str(docs)])
    batch = tmp_path / "answers.jsonl"
    batch.write_text("\n".join([
        json.dumps({"question": "What is the STAR method?", "answer": "Situation, task, "
                    "action and result: a structure for behavioral answers."}),
        "this is not json",
        json.dumps({"question": "What is self-attention?", "answer": ""}),
        json.dumps({"question": "What does a load balancer do?", "answer": "Spreads requests "
                    "over servers.", "reference": "It spreads requests across servers."}),
    ]), encoding="utf-8")
    result = runner.invoke(main, ["grade", "--batch", str(batch), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert ["score" in r for r in rows] == [True, False, False, True]
    assert rows[1]["line"] == 2 and "empty" in rows[2]["error"]
