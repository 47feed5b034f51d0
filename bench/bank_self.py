"""The bank graded on its own words: every question's model answer, and its flashcard's back
typed word for word (the key points as a list, then the model answer).

Both are answers a careful interviewer calls strong, so each should score at least 3.5 with no
error named, and the card's back should rate Good or Easy in a drill. A miss is a class of
answer the grader misreads: the bank's model stories that name no one and count in words
read as templates; key points typed as a list without stops ran into one another and read as
swapped facts. Reported: how many pass, and each miss.

Run: `python -m bench.bank_self [--json]` (about four minutes; needs the corpus indexed).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

STRONG = 3.5


def run() -> dict[str, Any]:
    from agents.flashcards.generate import bank_back
    from agents.flashcards.rating import rating_for, rating_name
    from agents.grading.grader import Grader
    from agents.questions.bank import default_bank
    from ingest.index import Index

    grader = Grader(Index.open())
    bank = default_bank()
    answers_low, backs_low = [], []
    for question in bank:
        rubric = grader.rubric_for_bank(question)
        answer = grader.grade_with(rubric, question.model_answer)
        if answer.score < STRONG or answer.errors:
            answers_low.append(_miss(question.id, answer))
        back = grader.grade_with(rubric, bank_back(question))
        rating = rating_name(rating_for(back)).lower()
        if back.score < STRONG or back.errors or rating not in ("good", "easy"):
            backs_low.append(_miss(question.id, back) | {"rating": rating})
    return {"questions": len(bank),
            "model_answers_strong": len(bank) - len(answers_low),
            "card_backs_strong_and_good": len(bank) - len(backs_low),
            "model_answers_missed": answers_low, "card_backs_missed": backs_low}


def _miss(question_id: str, grade: Any) -> dict[str, Any]:
    return {"question": question_id, "score": grade.score, "verdict": grade.verdict,
            "errors": len(grade.errors)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    n = result["questions"]
    print(f"model answers >= {STRONG} with no error: {result['model_answers_strong']} of {n}")
    print(f"card backs typed word for word, >= {STRONG} and Good or Easy: "
          f"{result['card_backs_strong_and_good']} of {n}")
    for miss in result["model_answers_missed"] + result["card_backs_missed"]:
        print(f"  {miss['question']}: {miss['score']} {miss['verdict']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
