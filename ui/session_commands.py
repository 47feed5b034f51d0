"""`prep quiz` and `prep interview`: practice sessions run by the LangGraph graph."""

from __future__ import annotations

import sys
from typing import Any

import click

from ui.output import fail
from ui.practice_commands import new_session, open_grader
from ui.render import show_grade, show_question, show_summary

ANSWER_END = "."
END_COMMAND = "/end"  # finishes the session now, with its summary and report


def _ask(stream: Any, question: str) -> bool | None:
    """y/N on the answer's own stream; None at end of input."""
    click.echo(f"{question} [y/N] ", err=True, nl=False)
    reply = stream.readline()
    return None if reply == "" else reply.strip().lower() in ("y", "yes")


def read_answer(stream: Any, interactive: bool = False) -> str | None:
    """One answer; None when input ends with nothing typed (or the user stops).

    Piped, an empty line ends the answer. At a terminal an empty line belongs to the answer,
    so a stray Enter cannot send half of it: a line holding only "." ends it; an empty answer
    asks before skipping, and Ctrl-D after typed text asks before sending it (No keeps the
    text and goes on reading)."""
    lines: list[str] = []
    while True:
        line = stream.readline()
        text = "\n".join(lines).strip()
        if line == "":
            if not text:
                return None
            if not interactive:
                return "\n".join(lines)
            sure = _ask(stream, "\nSend this answer for grading?")
            if sure is None:
                click.echo(f"\nNot sent. Your text:\n{text}", err=True)
                return None
            if sure:
                return text
            click.echo(f"Keep typing; end the answer with a line holding only "
                       f"'{ANSWER_END}'.", err=True)
            continue
        if not interactive and not line.strip():
            return "\n".join(lines)
        if interactive and not lines and line.strip() == END_COMMAND:
            return END_COMMAND  # a command, not an answer: no end mark needed
        if interactive and line.strip() == ANSWER_END:
            if text or _ask(stream, "Skip this question without answering?"):
                return text
            continue
        lines.append(line.rstrip("\n"))


CODE_END = "EOF"


def read_code(stream: Any) -> str | None:
    """Code up to a line that says only EOF, or the end of input. Code has empty lines (two
    between functions, by PEP 8), so an empty line cannot end it."""
    lines: list[str] = []
    while True:
        line = stream.readline()
        if line == "":
            return "\n".join(lines).rstrip() if lines else None
        if line.strip() == CODE_END:
            return "\n".join(lines).rstrip()
        lines.append(line.rstrip("\n"))


def _session_context(history: Any, session_id: str, follow_ups: bool) -> Any:
    from agents.practice.graph import SessionContext
    from agents.questions.bank import default_bank

    grader = open_grader()
    return SessionContext(grader, history, session_id, {q.id: q for q in default_bank()},
                          follow_ups=follow_ups, llm=grader.llm)


def _run_session(graph: Any, session_id: str, start: dict[str, Any] | None,
                 notices: list[str]) -> dict[str, Any]:
    """Ask, read, grade until the graph finishes or input runs out; returns the state values.

    `start` begins a new session; None picks up a checkpointed one where it stopped.
    """
    from langgraph.types import Command

    from agents.history.store import now
    from agents.practice.sessions import end_now

    config = {"configurable": {"thread_id": session_id}}
    if start is not None:
        pending = graph.invoke(start, config).get("__interrupt__", [])
    else:
        snapshot = graph.get_state(config)
        pending = list(snapshot.interrupts)
        if not pending and snapshot.next:  # an answer was saved but its grading failed
            pending = graph.invoke(None, config).get("__interrupt__", [])
    stdin = sys.stdin  # click swaps it for the test runner's input
    if stdin.isatty():
        click.echo(f"Type your answer and end it with a line holding only '{ANSWER_END}'. "
                   f"'{END_COMMAND}' finishes now with the report; Ctrl-D pauses (graded "
                   "answers are already saved).", err=True)
    while pending:
        item = pending[0].value
        label = "Follow-up" if item["follow_up"] else f"Question {item['number']}"
        show_question(label, item)
        if item.get("kind") == "code":
            click.echo(f"Write your code below and end it with a line saying {CODE_END} "
                       "(or use `prep code` to work in your editor).", err=True)
            answer = read_code(stdin)
        else:
            answer = read_answer(stdin, interactive=stdin.isatty())
        if answer is None:
            break
        if answer.strip() == END_COMMAND:
            end_now(graph, config, now())
            break
        state = graph.invoke(Command(resume=answer), config)
        show_grade(state["results"][-1], brief=True)
        while notices:
            click.echo(f"notice: {notices.pop(0)}", err=True)
        pending = state.get("__interrupt__", [])
    return dict(graph.get_state(config).values)


def _summary_of(values: dict[str, Any]) -> dict[str, Any]:
    from agents.practice.summary import summarize_results

    return values.get("summary") or summarize_results(values.get("results", []))


def _coding_items(history: Any) -> list[Any]:
    from agents.coding import load_problems
    from agents.coding.practice import next_problem
    from agents.practice.graph import item_for_problem

    problem = next_problem(load_problems(), history.attempts())
    return [item_for_problem(problem)] if problem else []


def _items_for_job_ads(context: Any, history: Any, count: int, topic: str | None) -> list[Any]:
    """The plan of every indexed job ad, as a session's questions (`prep plan` shows it)."""
    from agents.practice.sessions import items_from_plans
    from agents.questions.bank import default_bank
    from agents.questions.plan import indexed_plans

    plans = indexed_plans(context.grader.index, default_bank())
    if not plans:
        fail("no indexed document reads as a job ad; index yours with `prep ingest FILE`",
             code=1)
    return items_from_plans(plans, default_bank(), history.attempts(), count, topic)


@click.command(name="quiz")
@click.option("--topic", type=click.Choice(("coding", "system_design", "genai",
                                            "ml_fundamentals", "behavioral", "role")))
@click.option("--difficulty", type=click.Choice(("easy", "medium", "hard")))
@click.option("-n", "count", default=5, show_default=True, type=click.IntRange(1, 50),
              help="How many questions.")
@click.option("--no-follow-ups", is_flag=True, help="Never ask follow-up questions.")
@click.option("--from-docs", is_flag=True,
              help="Practise for your indexed job ads: the bank questions mapped to their "
                   "requirements (see `prep plan`), self-assessments where there is no "
                   "material.")
@click.option("--bank-only", is_flag=True,
              help="With PREP_LLM set, still ask only bank questions (no LLM-written ones).")
@click.option("--code", "with_code", is_flag=True,
              help="Start with a coding problem whose code is run against its tests.")
def quiz_command(topic: str | None, difficulty: str | None, count: int,
                 no_follow_ups: bool, from_docs: bool, bank_only: bool, with_code: bool) -> None:
    """A quick quiz from the question bank, weighted toward your weak topics.

    Type each answer and end it with an empty line (answers may also be piped on stdin, one
    per question). An empty answer skips the question. Every graded answer is saved at once.
    With an LLM configured (PREP_LLM), every second question is written by it from passages
    of your documents, and follow-ups are worded by it; any failure falls back to the bank.
    """
    from langgraph.checkpoint.memory import InMemorySaver

    from agents.history.store import now
    from agents.practice.graph import build_graph, item_for, with_written
    from agents.practice.planner import plan
    from agents.questions.bank import default_bank

    history, session_id = new_session("quiz")
    context = _session_context(history, session_id, not no_follow_ups)
    if from_docs:
        items = _items_for_job_ads(context, history, count, topic)
    else:
        questions = plan(default_bank(), history.attempts(), now(), count, topic, difficulty)
        items = [item_for(q) for q in questions]
        if context.llm is not None and not bank_only:
            items = with_written(items)
    if with_code:
        items = [*_coding_items(history), *items][:count]
    if not items:
        fail("no questions match; widen --topic/--difficulty, or wait: questions you answered "
             "well this week are held back", code=1)
    graph = build_graph(context, InMemorySaver())
    values = _run_session(graph, session_id, {"queue": items}, context.notices)
    show_summary(_summary_of(values))


@click.command(name="interview")
@click.option("--minutes", default=45, show_default=True, type=click.IntRange(1, 240),
              help="The interview ends by time: questions keep coming until this long.")
@click.option("-n", "count", default=6, show_default=True, type=click.IntRange(1, 20),
              help="Questions planned first (one per round); more follow by weakness "
                   "until the time is up.")
@click.option("--resume", is_flag=True, help="Continue the last unfinished mock interview.")
@click.option("--bank-only", is_flag=True,
              help="With PREP_LLM set, still ask only bank questions (no LLM-written ones).")
def interview_command(minutes: int, count: int, resume: bool, bank_only: bool) -> None:
    """A mock interview the way a Superday round runs: coding, ML theory, GenAI, system
    design and behavioral questions, follow-ups on what you miss, and a final report.

    The session is checkpointed after every step: close the terminal and continue later with
    `prep interview --resume`.
    """
    from datetime import timedelta

    from agents.history.store import History, now
    from agents.practice.graph import build_graph
    from agents.practice.sessions import (
        checkpointer,
        interview_items,
        pending_session,
        save_report,
    )
    from agents.questions.bank import default_bank
    from ui.report import report_markdown

    if resume:
        history = History()
        context = _session_context(history, "", True)
        graph = build_graph(context, checkpointer())
        session_id = pending_session(history, graph, "interview")
        if session_id is None:
            fail("no unfinished mock interview to resume; start one with `prep interview`",
                 code=1)
        context.session_id, start = str(session_id), None
    else:
        history, session_id = new_session("interview")
        context = _session_context(history, session_id, True)
        graph = build_graph(context, checkpointer())
        items = interview_items(default_bank(), history.attempts(), now(), count,
                                written=context.llm is not None and not bank_only)
        start = {"queue": items, "deadline": (now() + timedelta(minutes=minutes)).isoformat()}
    values = _run_session(graph, str(session_id), start, context.notices)
    summary = _summary_of(values)
    show_summary(summary)
    if values.get("summary"):
        path = save_report(None, str(session_id), report_markdown(
            str(session_id), summary, values.get("results", [])))
        click.echo(f"Report saved to {path}")
    else:
        click.echo(f"Paused; continue with `prep interview --resume` ({session_id}).")
