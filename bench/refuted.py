"""Misconceptions named to refute them: does the grader accuse a candidate of the mistake
the candidate is correcting?

A strong answer often names the misconception it corrects ("A common misconception is that X,
but in fact Y"). For one point with an authored wrong version in each of N bank questions
(shuffled with a fixed seed), X is that wrong version and Y the point, in eight phrasings.
Reported: how many of these answers the grader names an error in (0 is right), with
examples.

Run: `python -m bench.refuted [--questions N] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import random
from typing import Any

FRAMES = ("A common misconception is that {wrong}, but in fact {point}.",
          "Some people think {wrong}. That is wrong: {point}.",
          "It is a myth that {wrong}; {point}.",
          # found after the first three were fixed (a question, a hypothesis, a report)
          "Is it true that {wrong}? No: {point}.",
          "You might expect that {wrong}. Not so: {point}.",
          "Beginners often assume {wrong}, which is a mistake: {point}.",
          "If you assume {wrong}, you will be surprised: {point}.",
          "Many candidates answer that {wrong}. The right answer: {point}.")
SEED = 7


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def run(questions: int = 120) -> dict[str, Any]:
    from agents.grading.grader import Grader
    from agents.questions.bank import default_bank
    from ingest.index import Index

    grader = Grader(Index.open())
    bank = [q for q in default_bank() if any(p.wrong for p in q.points)]
    random.Random(SEED).shuffle(bank)
    accused: list[str] = []
    answers = 0
    for question in bank[:questions]:
        rubric = grader.rubric_for_bank(question)
        point = next(p for p in question.points if p.wrong)
        for frame in FRAMES:
            answer = frame.format(wrong=_lower_first(point.wrong[0]),
                                  point=_lower_first(point.text))
            answers += 1
            if grader.grade_with(rubric, answer).errors:
                accused.append(f"{question.id}: {answer}")
    return {"answers": answers, "accused": len(accused), "examples": accused[:10]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.questions)
    print(json.dumps(result, indent=2) if args.json else
          f"accused {result['accused']} of {result['answers']} answers\n"
          + "\n".join(result["examples"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
