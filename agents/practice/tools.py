"""The session's tools as LangChain tools, for an LLM agent; the offline graph calls the same
functions directly."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool, tool

from agents.grading.grader import Grader
from agents.history.store import Attempt
from agents.practice.planner import plan
from agents.questions.bank import Question
from ingest.search import search


def make_tools(grader: Grader, bank: tuple[Question, ...], attempts: list[Attempt],
               clock: Any) -> list[BaseTool]:
    @tool
    def search_documents(query: str, topic: str | None = None, k: int = 4) -> list[dict]:
        """Search the candidate's indexed documents (job ad, guide, notes); optionally only one
        topic: coding, system_design, genai, ml_fundamentals, behavioral or role."""
        return [r.to_dict() for r in search(grader.index, query, k, topic)]

    @tool
    def pick_questions(topic: str | None = None, difficulty: str | None = None,
                       count: int = 1) -> list[dict]:
        """Pick practice questions from the bank, leaning toward the candidate's weak topics."""
        chosen = plan(bank, attempts, clock(), count, topic, difficulty)
        return [{"id": q.id, "text": q.text, "topic": q.topic, "difficulty": q.difficulty}
                for q in chosen]

    @tool
    def grade_answer(question: str, answer: str, reference: str | None = None) -> dict:
        """Grade the candidate's answer (0-5) against the bank, a reference or the documents."""
        return grader.grade(question, answer, reference).to_dict()

    return [search_documents, pick_questions, grade_answer]
