"""Long-lived sessions: mock interviews checkpointed to SQLite so they survive a closed
terminal, the Superday-style plan, and the final report."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from agents.history.store import Attempt, History
from agents.practice.graph import item_for, item_for_problem, with_written
from agents.practice.planner import plan
from agents.practice.state import QuizItem
from agents.practice.summary import with_follow_ups_applied
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


def report_markdown(session_id: str, summary: dict, results: list[dict]) -> str:
    lines = [f"# Mock interview report: {session_id}", "",
             f"Answered {summary['answered']}, skipped {summary['skipped']}, "
             f"mean score {summary['mean_score']} / 5.", "", "## Scores by topic", ""]
    lines += [f"- {topic}: {mean}" for topic, mean in summary["by_topic"].items()]
    for r in with_follow_ups_applied(results):
        lines += ["", f"## {r['question']}", ""]
        if r.get("skipped"):
            lines.append("Skipped.")
            continue
        graded = (f"Score {r['score']} / 5 ({r['verdict']})." if r.get("score") is not None
                  else f"Not graded: {r.get('reason') or 'nothing to grade it against'}.")
        lines += [graded, "", "Your answer:", "", *_block(r["answer"], bool(r.get("code"))), ""]
        lines += [f"- covered: {p}" for p in r["covered"]]
        lines += [f"- covered when probed: {p}" for p in r["cleared"]]
        lines += [f"- missed: {p}" for p in r["missing"]]
        lines += ["", "Model answer:", "", *_block(r["model_answer"], bool(r.get("code")))]
    if summary["study_next"]:
        lines += ["", "## Study next", ""]
        for item in summary["study_next"]:
            where = "; ".join(f"{c['source']} › {c['section']}" for c in item["read"])
            lines.append(f"- {item['question']} (read: {where})")
    return "\n".join(lines) + "\n"


def _block(text: str, code: bool) -> list[str]:
    """Code as a fenced block (its fence longer than any run of backticks inside), prose as
    a quote so that its own Markdown cannot break the report's headings."""
    if code:
        longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        return [f"{fence}python", text.rstrip("\n"), fence]
    return [f"> {line}" if line.strip() else ">" for line in text.splitlines()] or [">"]


def save_report(settings: Settings | None, session_id: str, text: str) -> Path:
    folder = (settings or load_settings()).home / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{session_id}.md"
    path.write_text(text, encoding="utf-8")
    return path
