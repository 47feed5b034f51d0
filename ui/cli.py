"""The `prep` command: index your interview documents and practise against them, offline."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ingest.settings import DEFAULT_CORPUS
from ingest.topics import TOPICS


def _user_errors() -> tuple[type[Exception], ...]:
    """Errors whose message already tells the user what to do (imported only on failure)."""
    from agents.questions.bank import BankError
    from bench.grader import GraderBenchError
    from bench.retrieval import RetrievalBenchError
    from ingest.embedder import EmbedderError
    from ingest.search import SearchError
    from ingest.settings import SettingsError
    from ingest.store import StoreError

    return (BankError, EmbedderError, GraderBenchError, RetrievalBenchError, SearchError,
            SettingsError, StoreError)


class PrepGroup(click.Group):
    """Turns known failures into one line on stderr instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if isinstance(exc, _user_errors()):
                raise click.ClickException(str(exc)) from None
            raise


def _emit_json(payload: object) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _emit_bench(result: Any, as_json: bool) -> None:
    """A benchmark's figures: JSON, or its summary with the figures on the last line."""
    if as_json:
        _emit_json(result.to_dict())
    else:
        click.echo(result.summary())


def _open_index() -> Any:
    from ingest.index import Index

    return Index.open()


@contextmanager
def _file_progress(paths: list[Path], show: bool) -> Iterator[Callable[[Path], None] | None]:
    """A progress bar over files on stderr, only where a person is watching."""
    if not show:
        yield None
        return
    from ingest.loaders import discover

    total = sum(1 for _ in discover(paths))
    with click.progressbar(length=total, label="indexing", file=sys.stderr,
                           item_show_func=lambda p: p.name if p else "") as bar:
        def advance(path: Path) -> None:
            bar.update(1, path)
        yield advance


@click.group(cls=PrepGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="interview-prep")
def main() -> None:
    """A private, offline coach for technical interviews.

    Index a job ad and an interview guide, then search them. All state lives under PREP_HOME.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--reset", is_flag=True, help="Empty the index first, then index PATHS.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report on stdout.")
def ingest(paths: tuple[Path, ...], reset: bool, as_json: bool) -> None:
    """Index files or folders (default: the bundled corpus/).

    Reads .txt, .md, .pdf, .html and .docx. Unchanged files are skipped, changed files replace
    their chunks, and files gone from a re-indexed folder are removed. Exits 1 when nothing
    could be indexed.
    """
    from ingest.pipeline import ingest_paths

    targets = list(paths) or [DEFAULT_CORPUS]
    index = _open_index()
    with _file_progress(targets, show=sys.stderr.isatty()) as on_file:
        report = ingest_paths(index, targets, reset=reset, on_file=on_file)
    if as_json:
        _emit_json(report.to_dict())
    else:
        click.echo(f"{report.documents} documents, {report.chunks} chunks "
                   f"({report.added} added, {report.unchanged} unchanged, "
                   f"{report.removed} removed)")
        for error in report.errors:
            click.echo(f"skipped {error.path}: {error.error}", err=True)
    sys.exit(0 if report.documents else 1)


def _render(results: list[Any]) -> None:
    if not results:
        click.echo("no results; run `prep ingest` first or widen the search")
    for rank, r in enumerate(results, 1):
        where = f"{r.source} › {r.section}" if r.section else r.source
        click.echo(click.style(f"{rank}. {r.score:.3f}  {where}  [{r.topic}]", bold=True))
        snippet = " ".join(r.text.split())
        click.echo(f"   {snippet[:240]}{'…' if len(snippet) > 240 else ''}")


def _interactive(index: Any, k: int, topic: str | None) -> None:
    from ingest.search import search

    click.echo("Search the interview documents. An empty line or Ctrl-D quits.", err=True)
    for line in iter(lambda: click.prompt("search", default="", show_default=False,
                                          err=True), ""):
        _render(search(index, line, k, topic))


@main.command(name="search")
@click.argument("query", required=False)
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(min=1),
              help="Results per query.")
@click.option("--topic", type=click.Choice(TOPICS), help="Only chunks tagged with this topic.")
@click.option("--batch", "batch", type=click.File("r", encoding="utf-8"),
              help="A file with one query a line; prints a list of result lists.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def search_command(query: str | None, k: int, topic: str | None, batch: Any,
                   as_json: bool) -> None:
    """Search the indexed documents for QUERY.

    Without QUERY or --batch, opens an interactive search prompt.
    """
    from ingest.search import search_many

    if query is not None and batch is not None:
        raise click.UsageError("give either QUERY or --batch, not both")
    index = _open_index()
    if query is None and batch is None:
        try:
            _interactive(index, k, topic)
        except click.Abort:
            click.echo("", err=True)
        return
    queries = [line.strip() for line in batch if line.strip()] if batch else [query or ""]
    results = search_many(index, queries, k, topic)
    if as_json:
        rows = [[r.to_dict() for r in row] for row in results]
        _emit_json(rows if batch else rows[0])
        return
    for q, row in zip(queries, results):
        if batch:
            click.echo(click.style(f"# {q}", fg="cyan"))
        _render(row)


def _fail(message: str, code: int = 2) -> None:
    """A usage problem: one line on stderr, no traceback, no usage dump."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _grader() -> Any:
    from agents.grading.grader import Grader
    from agents.llm.backends import LlmUnavailable, chat_model, llm_spec
    from ingest.pipeline import ensure_indexed

    index = _open_index()
    if ensure_indexed(index) is not None:
        click.echo("indexed the bundled corpus for citations", err=True)
    try:
        llm = chat_model()
    except LlmUnavailable as exc:
        click.echo(f"notice: {exc}; grading offline", err=True)
        llm = None
    return Grader(index, llm=llm, llm_name=llm_spec())


def _render_grade(grade: Any) -> None:
    click.echo(click.style(f"{grade.score:.1f} / {grade.max_score}  {grade.verdict}", bold=True))
    for point in grade.covered:
        click.echo(click.style("  ✓ ", fg="green") + point)
    for point in grade.missing:
        click.echo(click.style("  ✗ ", fg="red") + point)
    click.echo(f"\n{grade.feedback}")
    if grade.citations:
        click.echo(click.style("\nFrom your documents:", bold=True))
        for c in grade.citations:
            snippet = " ".join(c.text.split())
            click.echo(f"  [{c.source} › {c.section}] {snippet[:200]}")
    click.echo(click.style("\nModel answer:", bold=True))
    click.echo(grade.model_answer)


def _new_session(kind: str) -> tuple[Any, str]:
    from agents.history.store import History, now

    history = History()
    session_id = f"{kind}-{now().strftime('%Y%m%dT%H%M%S%f')}"
    history.start_session(session_id, kind, now())
    return history, session_id


def _grade_and_record(grader: Any, session: tuple[Any, str], question: str, answer: str,
                      reference: str | None) -> Any:
    """Grade, then save the attempt at once: a crash later loses nothing already graded."""
    from agents.history.store import attempt_from_grade, now

    grade = grader.grade(question, answer, reference)
    history, session_id = session
    history.record(attempt_from_grade(session_id, question, answer, grade, now()))
    return grade


def _grade_batch(grader: Any, handle: Any, session: tuple[Any, str]) -> list[dict[str, object]]:
    """Grade every line; a bad line becomes an error entry and the batch goes on."""
    from agents.grading.grader import GradeError

    out: list[dict[str, object]] = []
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            out.append(_grade_and_record(grader, session, str(item.get("question", "")),
                                         str(item.get("answer", "")),
                                         item.get("reference")).to_dict())
        except (json.JSONDecodeError, AttributeError):
            out.append({"line": number, "error": "not a JSON object with question and answer"})
        except GradeError as exc:
            out.append({"line": number, "error": str(exc)})
    return out


@main.command(name="grade")
@click.option("-q", "--question", help="The interview question.")
@click.option("-a", "--answer", help="Your answer (use quotes).")
@click.option("-r", "--reference", help="A reference answer to grade against.")
@click.option("--batch", type=click.File("r", encoding="utf-8"),
              help='A JSONL file: {"question", "answer", "reference"?} per line.')
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def grade_command(question: str | None, answer: str | None, reference: str | None, batch: Any,
                  as_json: bool) -> None:
    """Grade an answer against the question bank, a reference, or your documents.

    The score (0-5) comes from the offline rubric scorer, calibrated on human grades; the
    output shows the key points covered and missed, the passages used and a model answer.
    """
    from agents.grading.grader import GradeError

    if batch is not None:
        results = _grade_batch(_grader(), batch, _new_session("grade"))
        if as_json:
            _emit_json(results)
        else:
            for result in results:
                click.echo(json.dumps(result, ensure_ascii=False))
        sys.exit(0 if any("score" in r for r in results) or not results else 2)
    if not question or not question.strip():
        _fail("give the question with --question (or use --batch FILE)")
    if not answer or not answer.strip():
        _fail("the answer is empty; pass your answer with --answer")
    try:
        result = _grade_and_record(_grader(), _new_session("grade"), question or "",
                                   answer or "", reference)
    except GradeError as exc:
        _fail(str(exc))
        return
    if as_json:
        _emit_json(result.to_dict())
    else:
        _render_grade(result)


@main.command(name="stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def stats_command(as_json: bool) -> None:
    """Progress: attempts, mean score by topic, the last week's trend, your streak of active
    days and the key points you miss most."""
    from agents.history.stats import summarize
    from agents.history.store import History, now

    figures = summarize(History().attempts(), now())
    if as_json:
        _emit_json(figures)
        return
    click.echo(f"{figures['attempts']} answers graded, mean {figures['mean_score']} / 5, "
               f"streak {figures['streak_days']} days")
    for topic, row in figures["by_topic"].items():  # type: ignore[union-attr]
        click.echo(f"  {topic:16s} {row['attempts']:4d} answers  mean {row['mean_score']}")
    if figures["weakest_points"]:
        click.echo("Most often missed:")
        for row in figures["weakest_points"]:  # type: ignore[union-attr]
            click.echo(f"  {row['missed']}x  {row['point']}")


@main.command(name="history")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def history_command(as_json: bool) -> None:
    """Past practice sessions, newest first."""
    from agents.history.store import History

    sessions = History().sessions()
    if as_json:
        _emit_json(sessions)
        return
    if not sessions:
        click.echo("no sessions yet; grade an answer with `prep grade`")
    for s in sessions:
        click.echo(f"{s['started_at'][:16]}  {s['kind']:10s} {s['attempts']:3d} answers  "
                   f"mean {s['mean_score']}  ({s['id']})")


@main.group()
def bench() -> None:
    """Reproducible benchmarks; the figures are on the last line."""


@bench.command(name="retrieval")
@click.option("--passages", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TSV of passages (default: ../shared/eval/mlquestions/test_passages.tsv).")
@click.option("--questions", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TSV of questions with gold passages (default: the MLQuestions dev split).")
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N questions.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_retrieval(passages: Path | None, questions: Path | None, limit: int | None,
                    as_json: bool) -> None:
    """Recall@1/5/20/100 on MLQuestions, ingest throughput and query latency."""
    from bench.retrieval import run_retrieval_bench

    _emit_bench(run_retrieval_bench(passages, questions, limit,
                                    log=lambda m: click.echo(m, err=True)), as_json)


@bench.command(name="grader")
@click.option("--data", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Mohler CSV (default: ../shared/eval/mohler/mohler_official_v2.csv).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_grader(data: Path | None, as_json: bool) -> None:
    """Pearson r and RMSE against human grades, leave one assignment out."""
    from bench.grader import run_grader_bench

    _emit_bench(run_grader_bench(data, log=lambda m: click.echo(m, err=True)), as_json)


if __name__ == "__main__":
    main()
