"""Misconceptions named to refute them: does the grader accuse a candidate of the mistake
the candidate is correcting?

A strong answer often names the misconception it corrects ("A common misconception is that X,
but in fact Y"). For one point with an authored wrong version in each of N bank questions
(shuffled with a fixed seed), X is that wrong version and Y the point, in the phrasings the
rules were built from (fit) and in phrasings written apart and never fitted (held_out).
Reported: how many of these answers the grader names an error in (0 is right), with
examples; and how many evasions (the wrong version stated beside a frame or as a tag
question, "X, right?") it does not name an error in (0 is right).

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
          "Many candidates answer that {wrong}. The right answer: {point}.",
          # found by a review of the rules above
          "It would be a mistake to say that {wrong}; {point}.",
          "A naive answer is that {wrong}. In practice {point}.",
          "It is tempting to say that {wrong}, but {point}.",
          "You would think that {wrong}. Not so: {point}.",
          "I used to believe {wrong}; now I know {point}.")
# Written before the rules for the review's phrasings, and never used to choose them: how
# the rules fare on refutations nobody fitted them to.
HELD_OUT_FRAMES = ("It's often said that {wrong}; actually {point}.",
                   "The textbook trap here is believing {wrong}. Really, {point}.",
                   "One wrong answer I hear a lot: {wrong}. The correct view is that {point}.",
                   "Interviewers like to check whether you think {wrong}. You shouldn't: "
                   "{point}.",
                   "A popular but mistaken idea is that {wrong}; {point}.",
                   "Don't fall for the idea that {wrong}. Instead, {point}.",
                   "Juniors sometimes claim {wrong}, yet {point}.",
                   "The intuition that {wrong} is wrong, because {point}.")
# The wrong version stated bare: the most the evasions below can be caught in.
BARE = ("{wrong}.",)
# The wrong version stated, dressed as a report or a question: each must still be an error.
EVASIONS = ("{wrong}, right?",
            "As many people say, {wrong}.",
            "Some people think {point}, whereas {wrong}.",
            "{wrong}; some people think otherwise.",
            "Some teams get this wrong. {wrong}.",
            "Many systems work like this: {wrong}.")
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
    sets = {"fit": FRAMES, "held_out": HELD_OUT_FRAMES, "bare": BARE, "evasions": EVASIONS}
    found: dict[str, list[str]] = {name: [] for name in sets}
    for question in bank[:questions]:
        rubric = grader.rubric_for_bank(question)
        point = next(p for p in question.points if p.wrong)
        wrong, right = _lower_first(point.wrong[0]), _lower_first(point.text)
        for name, frames in sets.items():
            for frame in frames:
                answer = frame.format(wrong=wrong, point=right)
                answer = answer[:1].upper() + answer[1:]
                accused = bool(grader.grade_with(rubric, answer).errors)
                if accused != (name in ("bare", "evasions")):  # a stated one must be accused
                    found[name].append(f"{question.id}: {answer}")
    asked = min(questions, len(bank))
    return {name: {"answers": asked * len(sets[name]), "wrong": len(found[name]),
                   "examples": found[name][:6]} for name in sets}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.questions)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for name, what in (("fit", "refutations accused"), ("held_out", "refutations accused"),
                       ("bare", "bare wrong versions not accused"),
                       ("evasions", "evasions not accused")):
        got = result[name]
        print(f"{name}: {what}: {got['wrong']} of {got['answers']}")
        print("".join(f"  {e}\n" for e in got["examples"]), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
