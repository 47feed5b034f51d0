"""`prep grade` and the record practice leaves: `prep stats`, `prep history`, `prep export`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ui.output import emit_json, fail, open_index, write_export
from ui.render import show_grade
from ui.voice_commands import show_delivery, spoken_answer
from ui.words import local_time, plural, score_text, topic_name


def open_grader() -> Any:
    from agents.grading.grader import Grader
    from agents.llm.backends import LlmUnavailable, chat_model, llm_spec
    from ingest.pipeline import ensure_indexed

    index = open_index()
    if ensure_indexed(index) is not None:
        click.echo("indexed the bundled corpus for citations", err=True)
    try:
        llm = chat_model()
    except LlmUnavailable as exc:
        click.echo(f"notice: {exc}; grading offline", err=True)
        llm = None
    return Grader(index, llm=llm, llm_name=llm_spec())


def new_session(kind: str) -> tuple[Any, str]:
    from agents.history.store import History, now

    history = History()
    session_id = f"{kind}-{now().strftime('%Y%m%dT%H%M%S%f')}"
    history.start_session(session_id, kind, now())
    return history, session_id


def _grade_and_record(grader: Any, session: tuple[Any, str], question: str, answer: str,
                      reference: str | None, delivery: dict[str, Any] | None = None) -> Any:
    """Grade, then save the attempt at once: a crash later loses nothing already graded."""
    from agents.history.store import attempt_from_grade, now

    grade = grader.grade(question, answer, reference)
    history, session_id = session
    history.record(attempt_from_grade(session_id, question, answer, grade, now(),
                                      delivery=delivery))
    return grade


def _grade_batch(grader: Any, handle: Any, session: tuple[Any, str]) -> list[dict[str, object]]:
    """Grade every line; a bad line becomes an error entry and the batch goes on."""
    from agents.grading.grader import GradeError

    out: list[dict[str, object]] = []
    for number, raw in enumerate(handle, 1):
        # read line by line: one line that is not UTF-8 is an error entry, not a traceback
        try:
            line = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            out.append({"line": number, "error": "not UTF-8 text; save the file as UTF-8"})
            continue
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


@click.command(name="grade")
@click.option("-q", "--question", help="The interview question.")
@click.option("-a", "--answer", help="Your answer (use quotes).")
@click.option("-r", "--reference", help="A reference answer to grade against.")
@click.option("--audio", type=click.Path(path_type=Path),
              help="A recorded answer (WAV, MP3, OGG, WebM, M4A), transcribed offline; its "
                   "delivery (pace, fillers, pauses) is shown beside the grade.")
@click.option("--batch", type=click.File("rb"),
              help='A JSONL file: {"question", "answer", "reference"?} per line.')
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def grade_command(question: str | None, answer: str | None, reference: str | None,
                  audio: Path | None, batch: Any, as_json: bool) -> None:
    """Grade an answer against the question bank, a reference, or your documents.

    The score (0-5) comes from the offline rubric scorer, calibrated on human grades; the
    output shows the key points covered and missed, the passages used and a model answer.
    """
    from agents.grading.grader import GradeError

    if batch is not None and audio is not None:
        fail("--audio grades one recorded answer; it cannot be combined with --batch")
    if batch is not None:
        results = _grade_batch(open_grader(), batch, new_session("grade"))
        if as_json:
            emit_json(results)
        else:
            for result in results:
                click.echo(json.dumps(result, ensure_ascii=False))
        sys.exit(0 if any("score" in r for r in results) or not results else 2)
    if not question or not question.strip():
        fail("give the question with --question (or use --batch FILE)")
    if audio is not None and answer:
        fail("give the answer either as --answer or as --audio, not both")
    from agents.voice.delivery import delivery_record

    spoken = spoken_answer(audio, question=question) if audio is not None else None
    if spoken is not None:
        answer = spoken["text"]
    if not answer or not answer.strip():
        fail("the answer is empty; pass your answer with --answer")
    try:
        result = _grade_and_record(open_grader(), new_session("grade"), question or "",
                                   answer or "", reference, delivery_record(spoken))
    except GradeError as exc:
        fail(str(exc))
        return
    shown = result.to_dict()
    if spoken is not None:
        shown.update(transcript=spoken["text"], delivery=delivery_record(spoken))
    if as_json:
        emit_json(shown)
        return
    show_grade(shown)
    if spoken is not None:
        show_delivery(spoken)


@click.command(name="stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def stats_command(as_json: bool) -> None:
    """Progress: attempts, mean score by topic, the last week's trend, your streak of active
    days, the key points you miss most, and flashcard reviews, due cards and retention."""
    from datetime import UTC, datetime

    from agents.flashcards.stats import review_stats
    from agents.flashcards.store import Deck
    from agents.history.stats import summarize
    from agents.history.store import History, now

    figures = summarize(History().attempts(), now())
    cards = review_stats(Deck(), now(), datetime.now().astimezone().tzinfo or UTC)
    figures.update(cards)
    if as_json:
        emit_json(figures)
        return
    click.echo(f"{plural(figures['attempts'], 'answer')} graded, mean "
               f"{score_text(figures['mean_score'])} / 5, "
               f"streak {plural(figures['streak_days'], 'day')}")
    retention = "-" if cards["retention"] is None else f"{cards['retention']:.0%}"
    click.echo(f"{plural(cards['reviews'], 'card review')}, due today {cards['due_today']}, "
               f"this week {cards['due_this_week']}, retention {retention}, drill streak "
               f"{plural(cards['review_streak_days'], 'day')}")
    for topic, row in figures["by_topic"].items():  # type: ignore[union-attr]
        click.echo(f"  {topic_name(topic):18s} {plural(row['attempts'], 'answer'):>12s}  "
                   f"mean {score_text(row['mean_score'])}")
    if figures["weakest_points"]:
        click.echo("Most often missed:")
        for row in figures["weakest_points"]:  # type: ignore[union-attr]
            click.echo(f"  {row['missed']}x  {row['point']}")


@click.command(name="history")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def history_command(as_json: bool) -> None:
    """Past practice sessions, newest first."""
    from agents.history.store import History

    sessions = History().sessions()
    if as_json:
        emit_json(sessions)
        return
    if not sessions:
        click.echo("no sessions yet; grade an answer with `prep grade`")
    for s in sessions:
        click.echo(f"{local_time(s['started_at'])}  {s['kind']:10s} "
                   f"{plural(s['attempts'], 'answer'):>11s}  mean {score_text(s['mean_score'])}"
                   f"  ({s['id']})")


@click.command(name="export")
@click.option("--session", "session_id", help="Only this session (see `prep history`).")
@click.option("--format", "fmt", type=click.Choice(("markdown", "csv")), default="markdown",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to this file instead of stdout.")
def export_command(session_id: str | None, fmt: str, output: str | None) -> None:
    """Export graded answers (one session or all history) as Markdown or CSV."""
    from agents.history.export import to_csv, to_markdown
    from agents.history.store import History

    attempts = [a for a in History().attempts()
                if session_id is None or a.session_id == session_id]
    if session_id is not None and not attempts:
        fail(f"no answers in session {session_id!r}; list sessions with `prep history`",
             code=1)
    text = to_csv(attempts) if fmt == "csv" else to_markdown(attempts)
    if output:
        write_export(Path(output), lambda path: path.write_text(text, encoding="utf-8",
                                                                 newline=""))
        click.echo(f"wrote {len(attempts)} answers to {output}", err=True)
    else:
        click.echo(text, nl=False)
