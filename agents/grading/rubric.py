"""What an answer is graded against: key points, a model answer and the passages behind them."""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.grading.text import sentences


@dataclass(frozen=True)
class Citation:
    source: str
    section: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "section": self.section, "text": self.text}


@dataclass(frozen=True)
class Rubric:
    """`origin` says where the key points came from: a bank question, the user's reference
    answer, or passages retrieved for the question."""

    question: str
    key_points: list[str]
    model_answer: str
    origin: str
    topic: str = ""
    citations: list[Citation] = field(default_factory=list)
    wrong: dict[str, tuple[str, ...]] = field(default_factory=dict)  # point -> wrong versions
    confidence: float = 1.0  # how sure the coach is that this rubric fits the question
    note: str = ""  # said to the candidate with the grade (e.g. which bank question)


def points_from_reference(reference: str) -> list[str]:
    """Each sentence or list item of a reference answer is one key point."""
    points = [s for s in sentences(reference) if len(s.split()) >= 2]
    return points or [reference.strip()]
