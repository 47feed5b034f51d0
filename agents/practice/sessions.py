"""Long-lived sessions: mock interviews checkpointed to SQLite so they survive a closed
terminal, the Superday-style plan, and the final report."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.history.store import Attempt, History
from agents.practice.graph import item_for, item_for_problem, with_written
from agents.practice.planner import plan
from agents.practice.state import QuizItem
from agents.questions.bank import Question
from ingest.settings import Settings, load_settings

# A Superday loop: coding, ML theory, GenAI, system design, then behavioral.
INTERVIEW_TOPICS = ("coding", "ml_fundamentals", "genai", "system_design", "behavioral")


def checkpointer(settings: Settings | None = None) -> Any:
    """LangGraph's SQLite checkpointer under PREP_HOME (one file for every session)."""
    from langgraph.checkpoint.sqlite import SqliteSaver

    home = (settings or load_settings()).home
    home.mkdir(parents=True, exist_ok=True)
    return SqliteSaver(sqlite3.connect(home / "sessions.sqlite3", check_same_thread=False))


def interview_plan(bank: tuple[Question, ...], attempts: list[Attempt], at: datetime,
                   count: int) -> list[Question]:
    """One question per Superday topic in loop order, then extra ones by weakness."""
    chosen: list[Question] = []
    for topic in INTERVIEW_TOPICS[:count]:
        chosen += plan(bank, attempts, at, 1, topic=topic)
    rest = tuple(q for q in bank if q not in chosen)
    return chosen + plan(rest, attempts, at, max(0, count - len(chosen)))


def interview_items(bank: tuple[Question, ...], attempts: list[Attempt], at: datetime,
                    count: int, written: bool) -> list[QuizItem]:
    """The interview's questions; the coding round asks for real code, run against tests.
    `written` lets an LLM write every second question."""
    from agents.coding import load_problems
    from agents.coding.practice import next_problem

    items = [item_for(q) for q in interview_plan(bank, attempts, at, count)]
    problem = next_problem(load_problems(), attempts)
    slot = next((n for n, item in enumerate(items) if item["topic"] == "coding"), None)
    if problem is not None and slot is not None:
        items[slot] = item_for_problem(problem)
    return with_written(items) if written else items


def items_from_plans(plans: list[Any], bank: tuple[Question, ...], attempts: list[Attempt],
                     count: int, topic: str | None = None) -> list[QuizItem]:
    """A session for the candidate's job ads: the bank questions mapped to the ads'
    requirements, weighted by how often the ads name their skill and by weakness, plus
    self-assessments (not scored) for requirements with no material."""
    from agents.practice.graph import item_for_self_assessment
    from agents.practice.planner import topic_weakness
    from agents.questions.plan import practice_from

    pool = tuple(q for q in bank if topic is None or q.topic == topic)
    chosen = practice_from(plans, pool, topic_weakness(attempts), count)
    return [item_for(c.question) if c.question is not None
            else item_for_self_assessment(c.requirement) for c in chosen]


def end_now(graph: Any, config: dict, at: datetime) -> dict:
    """Finish an interview early: the open question counts as skipped, no new one is asked,
    and the summary is made; returns the graph's final state."""
    from langgraph.types import Command

    graph.update_state(config, {"deadline": at.isoformat(), "queue": []})
    return graph.invoke(Command(resume=""), config)


def pending_session(history: History, graph: Any, kind: str) -> str | None:
    """The newest session of this kind still waiting for an answer."""
    for session in history.sessions():
        if session["kind"] == kind:
            state = graph.get_state({"configurable": {"thread_id": session["id"]}})
            if state.next:
                return str(session["id"])
    return None


def save_report(settings: Settings | None, session_id: str, text: str) -> Path:
    folder = (settings or load_settings()).home / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{session_id}.md"
    path.write_text(text, encoding="utf-8")
    return path
