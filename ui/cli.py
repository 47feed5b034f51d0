"""The `prep` command: index your interview documents and practise against them, offline."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ingest.settings import DEFAULT_CORPUS
from ingest.topics import TOPICS
from ui.bench_commands import bench
from ui.code_commands import code_command
from ui.doctor_command import doctor_command
from ui.drill_commands import cards_group, drill_command
from ui.output import emit_json, open_index
from ui.plan_commands import plan_command
from ui.practice_commands import export_command, grade_command, history_command, stats_command
from ui.profile_commands import ask_passphrase_if_needed, profile_group
from ui.session_commands import interview_command, quiz_command
from ui.voice_commands import transcribe_command
from ui.web_command import ui_command


def _user_errors() -> tuple[type[Exception], ...]:
    """Errors whose message already tells the user what to do (imported only on failure)."""
    from agents.coding import ProblemError, SandboxError
    from agents.flashcards.store import CardNotFound
    from agents.questions.bank import BankError
    from agents.sqlite_store import RecordsError
    from agents.voice.models import VoiceUnavailable
    from agents.voice.transcribe import VoiceError
    from bench.grader import GraderBenchError
    from bench.retrieval import RetrievalBenchError
    from bench.voice import VoiceBenchError
    from ingest.embedder import EmbedderError
    from ingest.profile_lock import ProfileLockError
    from ingest.search import SearchError
    from ingest.settings import SettingsError
    from ingest.store import StoreError

    return (BankError, CardNotFound, EmbedderError, GraderBenchError, ProblemError,
            ProfileLockError, RecordsError, RetrievalBenchError, SandboxError, SearchError,
            SettingsError, StoreError, VoiceBenchError, VoiceError, VoiceUnavailable)


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

    Index a job ad and an interview guide, search them, and grade your answers against them.
    All state lives under PREP_HOME.
    """
    ask_passphrase_if_needed()


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
    index = open_index()
    with _file_progress(targets, show=sys.stderr.isatty()) as on_file:
        report = ingest_paths(index, targets, reset=reset, on_file=on_file)
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(f"{report.documents} documents, {report.chunks} chunks "
                   f"({report.added} added, {report.unchanged} unchanged, "
                   f"{report.removed} removed)")
        if report.shared:
            click.echo(f"{report.shared} passages were already stored from other files; "
                       "they are kept once, with every file as a source")
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


def _interactive(index: Any, k: int, topic: str | None, skill: str | None) -> None:
    from ingest.search import search

    click.echo("Search the interview documents. An empty line or Ctrl-D quits.", err=True)
    for line in iter(lambda: click.prompt("search", default="", show_default=False,
                                          err=True), ""):
        _render(search(index, line, k, topic, skill))


@main.command(name="search")
@click.argument("query", required=False)
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(min=1),
              help="Results per query.")
@click.option("--topic", type=click.Choice(TOPICS), help="Only chunks tagged with this topic.")
@click.option("--skill", help="Only passages about this skill (a key of corpus/skills.yaml, "
              "e.g. sql, streaming, statistics).")
@click.option("--batch", "batch", type=click.File("r", encoding="utf-8"),
              help="A file with one query a line; prints a list of result lists.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def search_command(query: str | None, k: int, topic: str | None, skill: str | None,
                   batch: Any, as_json: bool) -> None:
    """Search the indexed documents for QUERY.

    Without QUERY or --batch, opens an interactive search prompt.
    """
    from ingest.search import search_many
    from ingest.skills import checked_skill

    if query is not None and batch is not None:
        raise click.UsageError("give either QUERY or --batch, not both")
    try:
        skill = checked_skill(skill)  # before a prompt opens: a typo is told at once
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--skill") from exc
    index = open_index()
    if query is None and batch is None:
        try:
            _interactive(index, k, topic, skill)
        except click.Abort:
            click.echo("", err=True)
        return
    try:
        queries = ([line.strip() for line in batch if line.strip()] if batch
                   else [query or ""])
    except UnicodeDecodeError:
        raise click.BadParameter("not UTF-8 text; save the file as UTF-8 and try again",
                                 param_hint="--batch") from None
    results = search_many(index, queries, k, topic, skill)
    if as_json:
        rows = [[r.to_dict() for r in row] for row in results]
        emit_json(rows if batch else rows[0])
        return
    for q, row in zip(queries, results):
        if batch:
            click.echo(click.style(f"# {q}", fg="cyan"))
        _render(row)


for command in (grade_command, quiz_command, interview_command, stats_command,
                history_command, export_command, bench, ui_command, code_command,
                drill_command, cards_group, plan_command, doctor_command, profile_group,
                transcribe_command):
    main.add_command(command)


if __name__ == "__main__":
    main()
