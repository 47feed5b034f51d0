"""The state of one practice session as the LangGraph graph carries it (plain, serialisable)."""

from __future__ import annotations

import operator
from typing import Annotated, NotRequired, TypedDict


class QuizItem(TypedDict):
    id: str
    text: str
    topic: str
    difficulty: str
    follow_up: bool
    probe: str  # a follow-up's missed key point; a derived question's requirement
    reference: NotRequired[str]  # key points of an LLM-written question, one a line
    write: NotRequired[bool]  # ask the LLM to write a question on this item's topic instead
    kind: NotRequired[str]  # "code": a coding problem whose answer is run against its tests
    starter: NotRequired[str]  # a coding problem's signature, to start the answer from
    asked_at: NotRequired[str]  # ISO time the question was put to the candidate
    minutes: NotRequired[int]  # the time budget for answering it


# Minutes an interviewer gives each kind of question (a coding problem, a design question, a
# theory or GenAI question, a behavioral story), as in typical loops: a 45-60 minute round
# holds one coding problem or a design discussion plus a few short questions.
QUESTION_MINUTES = {"code": 20, "system_design": 15, "behavioral": 4, "role": 4}
THEORY_MINUTES = 5


def minutes_for(item: QuizItem) -> int:
    if item.get("kind") == "code":
        return QUESTION_MINUTES["code"]
    return QUESTION_MINUTES.get(item["topic"], THEORY_MINUTES)


class SessionState(TypedDict, total=False):
    queue: list[QuizItem]  # still to ask, next first
    current: QuizItem | None
    answer: str | dict  # the text, or {"text", "delivery"} for a spoken answer
    asked: Annotated[list[str], operator.add]
    results: Annotated[list[dict], operator.add]  # one graded (or skipped) answer each
    summary: dict
    deadline: str  # ISO time after which no new question is asked (mock interviews)
