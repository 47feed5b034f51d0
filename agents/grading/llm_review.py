"""An optional LLM second opinion on a grade: better feedback wording, a bounded say on the score.

The offline score stays the anchor: the LLM's score is blended in with a small weight and the
result may move at most one point from the offline score. Any failure (server down, timeout,
output that is not the JSON asked for) leaves the offline grade as it was, with a notice.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from agents.grading.prompts import REVIEW_SYSTEM, REVIEW_USER
from agents.grading.rubric import Rubric
from agents.llm.backends import DEFAULT_TIMEOUT_S, LlmUnavailable, invoke_with_timeout

LLM_WEIGHT = 0.3
MAX_SHIFT = 1.0
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


@dataclass(frozen=True)
class LlmReview:
    score: float
    covered: list[str]
    feedback: str


def parse_review(reply: str) -> LlmReview:
    match = _JSON_OBJECT.search(reply)
    try:
        data = json.loads(match.group(0)) if match else None
        score = float(data["score"])  # type: ignore[index]
        feedback = str(data["feedback"]).strip()  # type: ignore[index]
        covered = [str(c) for c in data.get("covered", [])]  # type: ignore[union-attr]
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise LlmUnavailable("the LLM's reply was not the JSON asked for") from exc
    if not 0.0 <= score <= 5.0 or not feedback:
        raise LlmUnavailable("the LLM's reply had no usable score or feedback")
    return LlmReview(score, covered, feedback)


def review(model: object, rubric: Rubric, answer: str,
           timeout: float = DEFAULT_TIMEOUT_S) -> LlmReview:
    from langchain_core.messages import HumanMessage, SystemMessage

    user = REVIEW_USER.format(
        question=rubric.question, points="\n".join(f"- {p}" for p in rubric.key_points),
        passages="\n---\n".join(c.text for c in rubric.citations) or "(none)",
        model_answer=rubric.model_answer, answer=answer.replace("</answer>", ""))
    reply = invoke_with_timeout(model, [SystemMessage(REVIEW_SYSTEM), HumanMessage(user)],  # type: ignore[arg-type]
                                timeout)
    return parse_review(reply)


def blend(offline: float, llm: float) -> float:
    """Mostly the calibrated score; the LLM can move it by at most MAX_SHIFT."""
    mixed = (1 - LLM_WEIGHT) * offline + LLM_WEIGHT * llm
    return round(min(5.0, max(0.0, offline - MAX_SHIFT, min(offline + MAX_SHIFT, mixed))), 2)
