"""`prep grade`, `prep stats` and `prep history`: grading answers and the record they leave."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ui.output import emit_json, fail, open_index


def _grader() -> Any:
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


@click.command(name="grade")
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
            emit_json(results)
        else:
            for result in results:
                click.echo(json.dumps(result, ensure_ascii=False))
        sys.exit(0 if any("score" in r for r in results) or not results else 2)
    if not question or not question.strip():
        fail("give the question with --question (or use --batch FILE)")
    if not answer or not answer.strip():
        fail("the answer is empty; pass your answer with --answer")
    try:
        result = _grade_and_record(_grader(), _new_session("grade"), question or "",
                                   answer or "", reference)
    except GradeError as exc:
        fail(str(exc))
        return
    if as_json:
        emit_json(result.to_dict())
    else:
        _render_grade(result)


@click.command(name="stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def stats_command(as_json: bool) -> None:
    """Progress: attempts, mean score by topic, the last week's trend, your streak of active
    days and the key points you miss most."""
    from agents.history.stats import summarize
    from agents.history.store import History, now

    figures = summarize(History().attempts(), now())
    if as_json:
        emit_json(figures)
        return
    click.echo(f"{figures['attempts']} answers graded, mean {figures['mean_score']} / 5, "
               f"streak {figures['streak_days']} days")
    for topic, row in figures["by_topic"].items():  # type: ignore[union-attr]
        click.echo(f"  {topic:16s} {row['attempts']:4d} answers  mean {row['mean_score']}")
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
        click.echo(f"{s['started_at'][:16]}  {s['kind']:10s} {s['attempts']:3d} answers  "
                   f"mean {s['mean_score']}  ({s['id']})")


def read_answer(stream: Any) -> str | None:
    """Lines up to an empty line; None at end of input with nothing typed."""
    lines: list[str] = []
    while True:
        line = stream.readline()
        if line == "":
            return "\n".join(lines) if lines else None
        if not line.strip():
            return "\n".join(lines)
        lines.append(line.rstrip("\n"))


def _show_result(result: dict[str, Any]) -> None:
    if result.get("skipped"):
        click.echo("skipped\n")
        return
    click.echo(click.style(f"→ {result['score']:.1f} / 5  {result['verdict']}", bold=True))
    for point in result["covered"]:
        click.echo(click.style("  ✓ ", fg="green") + point)
    for point in result["missing"]:
        click.echo(click.style("  ✗ ", fg="red") + point)
    places = dict.fromkeys(f"{c['source']} › {c['section']}" for c in result["citations"])
    for place in list(places)[:2]:
        click.echo(f"  [{place}]")
    click.echo(click.style("Model answer: ", bold=True) + result["model_answer"] + "\n")


def _show_summary(summary: dict[str, Any]) -> None:
    click.echo(click.style("Session summary", bold=True))
    click.echo(f"{summary['answered']} answered, {summary['skipped']} skipped, "
               f"mean {summary['mean_score']} / 5")
    for topic, mean in summary["by_topic"].items():
        click.echo(f"  {topic:16s} {mean}")
    if summary["missed_points"]:
        click.echo("Points you missed:")
        for point in summary["missed_points"]:
            click.echo(f"  - {point}")
    for item in summary["study_next"]:
        where = ", ".join(f"{c['source']} › {c['section']}" for c in item["read"])
        click.echo(f"Study next: {item['question']}  (read: {where})")


def _session_context(history: Any, session_id: str, follow_ups: bool) -> Any:
    from agents.practice.graph import SessionContext
    from agents.questions.bank import default_bank

    grader = _grader()
    return SessionContext(grader, history, session_id, {q.id: q for q in default_bank()},
                          follow_ups=follow_ups, llm=grader.llm)


def _run_session(graph: Any, session_id: str, start: dict[str, Any] | None,
                 notices: list[str]) -> dict[str, Any]:
    """Ask, read, grade until the graph finishes or input runs out; returns the state values.

    `start` begins a new session; None picks up a checkpointed one where it stopped.
    """
    from langgraph.types import Command

    config = {"configurable": {"thread_id": session_id}}
    if start is not None:
        pending = graph.invoke(start, config).get("__interrupt__", [])
    else:
        pending = list(graph.get_state(config).interrupts)
    stdin = sys.stdin  # click swaps it for the test runner's input
    if stdin.isatty():
        click.echo("Type your answer and finish with an empty line; an empty answer skips. "
                   "Ctrl-D stops; graded answers are already saved.", err=True)
    while pending:
        item = pending[0].value
        label = "Follow-up" if item["follow_up"] else f"Question {item['number']}"
        click.echo(click.style(f"{label} [{item['topic']}, {item['difficulty']}]", fg="cyan"))
        click.echo(item["text"])
        answer = read_answer(stdin)
        if answer is None:
            break
        state = graph.invoke(Command(resume=answer), config)
        _show_result(state["results"][-1])
        while notices:
            click.echo(f"notice: {notices.pop(0)}", err=True)
        pending = state.get("__interrupt__", [])
    return dict(graph.get_state(config).values)


def _summary_of(values: dict[str, Any]) -> dict[str, Any]:
    from agents.practice.summary import summarize_results

    return values.get("summary") or summarize_results(values.get("results", []))


@click.command(name="quiz")
@click.option("--topic", type=click.Choice(("coding", "system_design", "genai",
                                            "ml_fundamentals", "behavioral", "role")))
@click.option("--difficulty", type=click.Choice(("easy", "medium", "hard")))
@click.option("-n", "count", default=5, show_default=True, type=click.IntRange(1, 50),
              help="How many questions.")
@click.option("--no-follow-ups", is_flag=True, help="Never ask follow-up questions.")
@click.option("--from-docs", is_flag=True,
              help="Ask about the requirements your indexed job ads list, not the bank.")
def quiz_command(topic: str | None, difficulty: str | None, count: int,
                 no_follow_ups: bool, from_docs: bool) -> None:
    """A quick quiz from the question bank, weighted toward your weak topics.

    Type each answer and end it with an empty line (answers may also be piped on stdin, one
    per question). An empty answer skips the question. Every graded answer is saved at once.
    """
    import random

    from langgraph.checkpoint.memory import InMemorySaver

    from agents.history.store import now
    from agents.practice.graph import build_graph, item_for, item_for_derived
    from agents.practice.planner import plan
    from agents.questions.bank import default_bank
    from agents.questions.derive import derive_questions

    history, session_id = _new_session("quiz")
    context = _session_context(history, session_id, not no_follow_ups)
    if from_docs:
        derived = [q for q in derive_questions(context.grader.index)
                   if topic is None or q["topic"] == topic]
        items = [item_for_derived(q) for q in random.sample(derived, min(count, len(derived)))]
    else:
        questions = plan(default_bank(), history.attempts(), now(), count, topic, difficulty)
        items = [item_for(q) for q in questions]
    if not items:
        fail("no questions match; widen --topic/--difficulty, or wait: questions you answered "
             "well this week are held back", code=1)
    graph = build_graph(context, InMemorySaver())
    values = _run_session(graph, session_id, {"queue": items}, context.notices)
    _show_summary(_summary_of(values))


@click.command(name="interview")
@click.option("--minutes", default=45, show_default=True, type=click.IntRange(1, 240),
              help="No new question is asked after this long.")
@click.option("-n", "count", default=6, show_default=True, type=click.IntRange(1, 20),
              help="How many main questions (follow-ups come on top).")
@click.option("--resume", is_flag=True, help="Continue the last unfinished mock interview.")
def interview_command(minutes: int, count: int, resume: bool) -> None:
    """A mock interview the way a Superday round runs: coding, ML theory, GenAI, system
    design and behavioral questions, follow-ups on what you miss, and a final report.

    The session is checkpointed after every step: close the terminal and continue later with
    `prep interview --resume`.
    """
    from datetime import timedelta

    from agents.history.store import History, now
    from agents.practice.graph import build_graph, item_for
    from agents.practice.sessions import (
        checkpointer,
        interview_plan,
        pending_session,
        report_markdown,
        save_report,
    )
    from agents.questions.bank import default_bank

    if resume:
        history = History()
        probe = build_graph(_session_context(history, "", True), checkpointer())
        session_id = pending_session(history, probe, "interview")
        if session_id is None:
            fail("no unfinished mock interview to resume; start one with `prep interview`",
                 code=1)
        start = None
    else:
        history, session_id = _new_session("interview")
        questions = interview_plan(default_bank(), history.attempts(), now(), count)
        start = {"queue": [item_for(q) for q in questions],
                 "deadline": (now() + timedelta(minutes=minutes)).isoformat()}
    context = _session_context(history, str(session_id), True)
    graph = build_graph(context, checkpointer())
    values = _run_session(graph, str(session_id), start, context.notices)
    summary = _summary_of(values)
    _show_summary(summary)
    if values.get("summary"):
        path = save_report(None, str(session_id), report_markdown(
            str(session_id), summary, values.get("results", [])))
        click.echo(f"Report saved to {path}")
    else:
        click.echo(f"Paused; continue with `prep interview --resume` ({session_id}).")


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
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        click.echo(f"wrote {len(attempts)} answers to {output}", err=True)
    else:
        click.echo(text, nl=False)
