"""Key points said with their wrong version's formula: does the grader name the error?

For every bank point whose authored wrong version differs from it by one formula each
("prefix[j] - prefix[i]" for "prefix[j + 1] - prefix[i]"), the answer is all the question's
key points with that point's formula replaced by the wrong one (written as `formulas.compact`
writes it), and, as a control, the same answer with the point's own formula. Reported: how
many swapped answers leave the point uncovered or name an error in it (all is right), and
how many controls are accused of an error or leave the point uncovered (0 is right).

Run: `python -m bench.formula_swaps [--json]`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

from agents.grading.formulas import compact, telling
from agents.grading.grader import Grader
from agents.questions.bank import Question, default_bank


def swaps(bank: list[Question]) -> Iterator[tuple[Question, int, str, str]]:
    """(question, point index, answer with the wrong formula, control answer)."""
    for question in bank:
        truths = list(question.key_points) + [question.model_answer]
        for i, point in enumerate(question.points):
            for wrong in point.wrong:
                told, own = telling(wrong, truths), telling(point.text, [wrong])
                written = compact(point.text)
                if len(told) != 1 or len(own) != 1 or next(iter(own)) not in written:
                    continue
                others = " ".join(p + "." for k, p in enumerate(question.key_points) if k != i)
                swapped = written.replace(next(iter(own)), next(iter(told)), 1)
                yield question, i, f"{others} {swapped}.", f"{others} {written}."


def run(grader: Grader) -> dict[str, object]:
    caught, accused, missed = 0, 0, []
    rows = list(swaps(default_bank()))
    for question, i, swapped, control in rows:
        rubric = grader.rubric_for_bank(question)
        bad, good = grader.grade_with(rubric, swapped), grader.grade_with(rubric, control)
        named = bool(bad.points[i].error) or bad.points[i].status != "covered"
        caught += named
        accused += bool(good.errors) or good.points[i].status != "covered"
        if not named:
            missed.append(f"{question.id}: {swapped.rsplit('. ', 1)[-1]}")
    return {"swaps": len(rows), "caught": caught, "controls_accused_or_uncovered": accused,
            "missed": missed}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from ingest.index import Index

    result = run(Grader(Index.open()))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"caught {result['caught']} of {result['swaps']}; controls accused or uncovered "
          f"{result['controls_accused_or_uncovered']}")
    for line in result["missed"]:  # type: ignore[union-attr]
        print("  missed:", line)


if __name__ == "__main__":
    main()
