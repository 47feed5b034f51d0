"""From a grade to an FSRS rating.

The rating reads `recall_score(grade)`: for an answer, the geometric mean of the score (0-5)
and 5 x the share of key points covered, since the offline grader alone scores half an answer
as high as a whole one. Behavioral bank cards are stories, which the grader scores mostly on
STAR structure and on a lower scale, so they read the score itself against thresholds of
their own:

    answers (bank, note, missed-point cards): Again < 2.55 <= Hard < 4.30 <= Good < 4.75 <= Easy
    stories (behavioral bank cards):           Again < 1.85 <= Hard < 3.80 <= Good < 3.95 <= Easy

The thresholds were fitted by `python -m bench.rating_mapping` on 592 answers of known quality
graded by the real grader. Answers: full ones land in Good or Easy 88% of the time, half ones
in Hard 74%, a single key point in Again 90%, an answer to another question in Again 100%.
Stories: 64%, 86%, 93% and 100%. That module has the figures and the other readings of a
grade that were compared.
"""

from __future__ import annotations

import math
from typing import Any

from fsrs import Rating

# (Again below, Hard below, Easy from) on each scale; fitted by bench.rating_mapping.
THRESHOLDS: dict[str, tuple[float, float, float]] = {
    "answer": (2.55, 4.3, 4.75),
    "story": (1.85, 3.8, 3.95),
}

_NAMES = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


def scale_of(grade: Any) -> str:
    """A behavioral bank question is graded as a story (the grader weighs its STAR parts)."""
    return "story" if grade.topic == "behavioral" else "answer"


def recall_score(grade: Any) -> float:
    """How much of the card the answer recalled, on the grade's 0-5 scale.

    For an answer: the geometric mean of the score and 5 x the share of key points covered.
    The score alone cannot be used: the grader scores half the key points, verbatim, as high
    as a full model answer. Coverage alone is too harsh, since the grader misses many
    paraphrased points; the geometric mean needs both to be high. For a story: the score,
    since its rubric describes a good story rather than facts to recall."""
    if scale_of(grade) == "story":
        return round(float(grade.score), 2)
    total = len(grade.covered) + len(grade.missing)
    share = len(grade.covered) / total if total else 1.0
    return round(math.sqrt(max(0.0, float(grade.score)) * float(grade.max_score) * share), 2)


def suggest_rating(score: float | None, scale: str = "answer") -> Rating:
    """The rating a recall score suggests on a scale; None (nothing answered) is Again."""
    again_below, hard_below, easy_from = THRESHOLDS[scale]
    if score is None or score < again_below:
        return Rating.Again
    if score < hard_below:
        return Rating.Hard
    return Rating.Easy if score >= easy_from else Rating.Good


def rating_for(grade: Any | None) -> Rating:
    """The suggested rating for a grade (None when the answer was empty: Again)."""
    if grade is None:
        return Rating.Again
    return suggest_rating(recall_score(grade), scale_of(grade))


def parse_rating(text: str) -> Rating:
    """A rating typed by a person: a name, its first letter, or 1-4 (Anki's keys)."""
    word = text.strip().lower()
    for name, rating in _NAMES.items():
        if word in (name, name[0], str(int(rating))):
            return rating
    raise ValueError(f"{text.strip()!r} is not a rating; type again, hard, good or easy (or 1-4)")


def rating_name(rating: Rating) -> str:
    return Rating(rating).name.lower()
