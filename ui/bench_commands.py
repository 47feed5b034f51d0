"""`prep bench`: the reproducible benchmarks; figures on the last line."""

from __future__ import annotations

from pathlib import Path

import click

from ui.output import emit_bench, emit_json


@click.group()
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

    emit_bench(run_retrieval_bench(passages, questions, limit,
                                    log=lambda m: click.echo(m, err=True)), as_json)


@bench.command(name="voice")
@click.option("--model", "models", multiple=True, type=click.Choice(("base", "tiny.en")),
              help="Measure only this Whisper model (repeatable; default: every bundled one).")
@click.option("--set", "which", type=click.Choice(("fit", "heldout", "all")), default="all",
              show_default=True, help="Which half of the set (settings were chosen on fit).")
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N clips.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_voice(models: tuple[str, ...], which: str, limit: int | None,
                as_json: bool) -> None:
    """Word error rate, filler and pause recall, real-time factor, load time and grade
    difference of spoken answers (espeak-ng, several voices and speeds) per Whisper model."""
    from bench.voice import run

    emit_bench(run(list(models) or None, limit, log=lambda m: click.echo(m, err=True),
                   which=which), as_json)


@bench.command(name="grader")
@click.option("--data", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Mohler CSV (default: ../shared/eval/mohler/mohler_official_v2.csv).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_grader(data: Path | None, as_json: bool) -> None:
    """Pearson r and RMSE against human grades, leave one assignment out."""
    from bench.grader import run_grader_bench

    emit_bench(run_grader_bench(data, log=lambda m: click.echo(m, err=True)), as_json)


@bench.command(name="coding")
@click.option("--isolation", type=click.Choice(("auto", "bwrap", "process")), default="auto",
              show_default=True, help="Which sandbox to measure.")
@click.option("--repeat", default=3, show_default=True, type=click.IntRange(min=2),
              help="Checks of each reference solution.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_coding(isolation: str, repeat: int, as_json: bool) -> None:
    """Seconds per sandboxed check of every reference solution (p50/p95, cold and warm)."""
    from bench.coding import run

    emit_bench(run(None if isolation == "auto" else isolation, repeat), as_json)


@bench.command(name="points")
@click.option("--set", "which", type=click.Choice(("fit", "heldout", "all")), default="all",
              show_default=True, help="Which labelled set to grade.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_points(which: str, as_json: bool) -> None:
    """Point-level precision and recall, answer ordering and score bands on hand-labelled
    answers (bench/data/points_*.jsonl)."""
    from bench.points import run

    results = run(["fit", "heldout"] if which == "all" else [which])
    _emit_figures(results, as_json)


@bench.command(name="startup")
@click.option("--repeat", default=5, show_default=True, type=click.IntRange(min=1),
              help="Rounds of the three processes.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_startup(repeat: int, as_json: bool) -> None:
    """Cold `prep grade` beside bare torch and ONNX processes that encode one sentence:
    wall seconds and peak MiB (medians)."""
    from bench.startup import run

    _emit_figures(run(repeat), as_json)


@bench.command(name="abstain")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_abstain(as_json: bool) -> None:
    """Precision and recall of declining to grade questions the corpus cannot answer
    (bench/data/abstain.jsonl and abstain_attributes.jsonl; index the corpus first)."""
    from agents.grading.grader import Grader
    from bench.abstain import run
    from ui.output import open_index

    _emit_figures(run(Grader(open_index())), as_json)


@bench.command(name="bank-match")
@click.option("--threshold", type=click.FloatRange(-1.0, 1.0), default=None,
              help="The matching bar to measure (default: the coach's own).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_bank_match(threshold: float | None, as_json: bool) -> None:
    """How often a question as candidates type it is graded against the bank question it
    means, and how often one the bank does not ask is matched anyway
    (bench/data/bank_match.jsonl)."""
    from agents.questions.bank import CLOSE_QUESTION
    from bench.bank_match import run
    from ingest.embedder import load_embedder

    _emit_figures(run(load_embedder().cached, CLOSE_QUESTION if threshold is None
                      else threshold), as_json)


@bench.command(name="outside")
@click.option("--set", "which", type=click.Choice(("fit", "heldout", "all")), default="all",
              show_default=True, help="Which half of the set (settings were chosen on fit).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench_outside(which: str, as_json: bool) -> None:
    """Grades of answers to questions the bank does not ask, graded against the notes
    (bench/data/outside_answers.jsonl; the bundled corpus is indexed first if the index is
    empty)."""
    from agents.grading.grader import Grader
    from bench.outside import run
    from ingest.pipeline import ensure_indexed
    from ui.output import open_index

    index = open_index()
    ensure_indexed(index)
    _emit_figures(run(Grader(index), which), as_json)


def _emit_figures(results: dict[str, object], as_json: bool) -> None:
    if as_json:
        emit_json(results)
        return
    for name, values in results.items():
        if isinstance(values, dict):
            click.echo(f"{name}: " + " ".join(f"{k}={v}" for k, v in values.items()))
        else:
            click.echo(f"{name}={values}")
