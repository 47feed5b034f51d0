"""Swapped facts: does the grader see an answer that trades two opposite subjects?

Each row holds a correct answer to a bank question and the same answer with two opposite
subjects exchanged ("L2 adds the absolute values..., L1 their squares"), so that every fact
it attributes is wrong. Reported per set: the share of swapped answers the grader names an
error in (1.0 is right), the share of correct answers it names an error in (0 is right), and
how often the correct answer scores above its swap.

Sets: `fit` (bench/data/swaps_fit.jsonl, the examples the mirrored-claim rule in
agents/grading/points.py was built and its two settings chosen on) and `heldout`
(bench/data/swaps_heldout.jsonl, 40 pairs written by a helper who saw no grader code; never
used to choose anything), and `contrast` (bench/data/swaps_contrast.jsonl, 40 pairs on 31
pairs of subjects a bank question sets against each other that the authored list of
opposites lacks, "OLTP" and "OLAP", "ETL" and "ELT", written by a helper who saw no grader
code; only measured), and `told` (bench/data/swaps_told.jsonl, 152 rows on the 76 bank
questions whose key points tell apart two subjects the question joins, "Avro or Parquet":
two correct answers and one answer that trades the subjects in one or two facts per
question, written by a helper who saw no grader code; a development set: one correct answer
it holds was read to fix an accusation).

`lists` (bench/data/swaps_lists_fit.jsonl, 15 rows written in the twenty-third session on bank
questions that compare three or more subjects, "an SLI, an SLO and an SLA": the set the list
reading in agents/grading/opposites.py was built on) and `lists_heldout`
(bench/data/swaps_lists_heldout.jsonl, 30 rows on such questions written by a helper who saw
no grader code; only measured).

`names_heldout` (bench/data/swaps_names_heldout.jsonl, 30 rows written in the twenty-fourth
session by a helper who saw no grader code, on bank questions that contrast subjects whose
names are stopwords, symbols, keywords or single letters: `is` and ==, WHERE and HAVING, He
and Xavier, R and Python; only measured).

Run: `python -m bench.swaps [--set fit|heldout|contrast|told|lists|lists_heldout|names_heldout|all]
[--json]`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ingest.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "bench" / "data"
SETS = {"fit": "swaps_fit.jsonl", "heldout": "swaps_heldout.jsonl",
        "contrast": "swaps_contrast.jsonl", "told": "swaps_told.jsonl",
        "lists": "swaps_lists_fit.jsonl", "lists_heldout": "swaps_lists_heldout.jsonl",
        "names_heldout": "swaps_names_heldout.jsonl"}


def load(name: str) -> list[dict[str, Any]]:
    lines = (DATA / SETS[name]).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def measure(rows: list[dict[str, Any]], grader: Any) -> dict[str, Any]:
    from agents.questions.bank import default_bank
    from bench.points import rubric_of

    bank = {q.id: q for q in default_bank()}
    caught = accused = ordered = 0
    missed: list[str] = []
    for row in rows:
        rubric = rubric_of(bank[row["question_id"]])
        right, wrong = grader.grade_with(rubric, row["correct"]), grader.grade_with(
            rubric, row["swapped"])
        caught += bool(wrong.errors)
        accused += bool(right.errors)
        ordered += (right.score or 0.0) > (wrong.score or 0.0)
        if not wrong.errors:
            missed.append(row["id"])
        if right.errors:
            missed.append(row["id"] + " (correct accused)")
    n = len(rows)
    return {"pairs": n, "swaps_caught": round(caught / n, 3),
            "correct_accused": round(accused / n, 3), "correct_above_swap": round(ordered / n, 3),
            "not_caught_or_accused": missed}


def run(names: list[str]) -> dict[str, Any]:
    from agents.grading.grader import Grader
    from ingest.index import Index

    grader = Grader(Index.open())
    return {name: measure(load(name), grader) for name in names}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="which", choices=(*SETS, "all"),
                        default="all")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    names = list(SETS) if args.which == "all" else [args.which]
    result = run(names)
    print(json.dumps(result, indent=2) if args.json else "\n".join(
        f"{name}: {figures}" for name, figures in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
