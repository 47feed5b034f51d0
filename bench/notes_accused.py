"""Correct material accused: does a bank question's wrong version match its own notes?

A bank question's cited note sections are correct statements about its subject, written
apart from its rubric. Each question is graded on the text of those sections as if a
candidate had said it; every error the grader names there accuses a correct statement, so
the wrong version behind it is too close to what a right answer says (or the rule that
matched it is too loose). Reported: how many questions' notes are accused, and each
accusation. This is how the wrong versions authored in the fifteenth session were vetted: the
19 of them that accused their question's notes were dropped.

Run: `python -m bench.notes_accused [--json]` (about seven minutes; needs the corpus indexed).
"""

from __future__ import annotations

import argparse
import json
from typing import Any


def run() -> dict[str, Any]:
    from agents.grading.grader import Grader
    from agents.questions.bank import default_bank
    from agents.questions.checks import cited_text
    from ingest.index import Index

    grader = Grader(Index.open())
    graded, accused = 0, []
    for question in default_bank():
        notes = cited_text(question)
        if not notes.strip():
            continue
        graded += 1
        grade = grader.grade_with(grader.rubric_for_bank(question), notes)
        accused += [{"question": question.id, "point": v.point, "said": v.error}
                    for v in grade.points if v.error]
    return {"questions": graded, "accused": len(accused),
            "questions_accused": len({a["question"] for a in accused}), "examples": accused}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['accused']} errors named in the notes of {result['questions_accused']} "
          f"of {result['questions']} questions")
    print("".join(f"  {a['question']}: {a['said'][:150]}\n" for a in result["examples"]), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
