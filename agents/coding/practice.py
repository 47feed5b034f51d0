"""Coding problems inside practice sessions: which problem to ask next, how it reads as a
question, and its check as a result shaped like any other graded answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agents.coding.problems import Problem
from agents.coding.results import MAX_SCORE, CheckResult
from agents.coding.runner import describe_input, show_value
from agents.history.store import Attempt


def best_scores(attempts: Iterable[Attempt]) -> dict[str, float]:
    """Each coding problem's best score in your history (problems never tried are absent)."""
    best: dict[str, float] = {}
    for attempt in attempts:
        if attempt.topic == "coding" and attempt.question_id:
            best[attempt.question_id] = max(best.get(attempt.question_id, 0.0), attempt.score)
    return best


def progress_mark(best: float | None) -> str:
    """✓ solved (full score), ◐ attempted, blank never tried."""
    if best is None:
        return " "
    return "✓" if best >= MAX_SCORE else "◐"


def next_problem(problems: list[Problem], attempts: Iterable[Attempt],
                 skip: Iterable[str] = ()) -> Problem | None:
    """The first problem without a full score in your history, else your weakest one."""
    best = best_scores(attempts)
    left = [p for p in problems if p.id not in set(skip)]
    unsolved = [p for p in left if best.get(p.id, 0.0) < MAX_SCORE]
    pool = unsolved or left
    return min(pool, key=lambda p: (best.get(p.id, -1.0), p.id)) if pool else None


def problem_prompt(problem: Problem) -> str:
    """The problem as an interviewer would pose it, in Markdown (the app and the terminal
    both render it): statement, one example a line, the signature to write as code."""
    examples = [f"- Example {number}: `{describe_input(problem, example.args)}` → "
                f"`{show_value(example.expected)}`"
                for number, example in enumerate(problem.examples, 1)]
    return "\n\n".join([f"**{problem.title}**", problem.statement.strip(), "\n".join(examples),
                        f"Write:\n\n```python\n{problem.starter().rstrip()}\n```"])


def code_result(problem: Problem, check: CheckResult) -> dict[str, Any]:
    """A check in the shape of a grade (score, verdict, covered, missing, model answer), with
    the per-test results under "code" for screens that show them."""
    return {"score": check.score, "max_score": MAX_SCORE, "verdict": check.verdict,
            "covered": check.covered(), "missing": check.missing(), "citations": [],
            "feedback": check.summary(), "model_answer": problem.reference.strip(),
            "grader": f"sandbox ({check.isolation.name})", "question_id": problem.id,
            "topic": "coding", "code": check.to_dict()}
