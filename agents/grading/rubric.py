"""What an answer is graded against: key points, a model answer and the passages behind them."""

from __future__ import annotations

import re
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


# A reference is an answer, not a chapter: the bank's rubrics hold 3-8 points, and a pasted
# page (or one sentence of a thousand clauses) must not become a thousand points.
MAX_REFERENCE_POINTS = 12


def points_from_reference(reference: str) -> list[str]:
    """Each sentence or list item of a reference answer is one key point, the first
    MAX_REFERENCE_POINTS of them."""
    points = [s for s in sentences(reference) if len(s.split()) >= 2]
    return points[:MAX_REFERENCE_POINTS] or [reference.strip()[:2000]]


_HEADING_OR_LIST = re.compile(r"(:\s*$)|(\?\s*$)|^(requirements?|qualifications?|"
                              r"responsibilities|skills|what you|you will|you have|nice to)\b",
                              re.I)


_LINE_BULLET = re.compile(r"^\s*([-*•]|\d{1,2}[.)])\s+")
_FULL_STOP = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def _statement(sentence: str) -> bool:
    """A full statement fit to be a key point: six words or more ending in a full stop, not
    a heading, a question or a requirement line of a job ad."""
    text = sentence.strip()
    return (len(text.split()) >= 6 and text[-1:] in ".!" and not _HEADING_OR_LIST.search(text))


# A clause that leans on the one before it ("...; it never sets them to zero") is no claim
# of its own.
_LEANS_BACK = re.compile(r"\b(?:it|its|they|them|their|this|these|those|which|both|the "
                         r"other|the former|the latter)\b", re.IGNORECASE)


def clauses(statement: str) -> list[str]:
    """A statement's clauses joined by semicolons, each a point of its own when each is a
    claim of four words or more that stands alone ("RBAC grants permissions to roles; ABAC
    decides from attributes" is two points, and an answer can make one or trade them); else
    the whole."""
    parts = [p.strip() for p in statement.split(";")]
    if (len(parts) < 2 or any(len(p.split()) < 4 for p in parts)
            or any(_LEANS_BACK.search(p) for p in parts[1:])):
        return [statement]
    return [p if p[-1:] in ".!?" else f"{p}." for p in parts]


def statements(passage: str) -> list[str]:
    """The full statements of a passage, line by line: headings (the chunk's own and any
    line without a full stop) never become key points."""
    out = []
    for line in passage.splitlines():
        line = _LINE_BULLET.sub("", line).strip()
        out += [s.strip() for s in _FULL_STOP.split(line) if _statement(s)]
    return out
