"""Abstention benchmark: does the coach decline to grade what it has no material for?

bench/data/abstain.jsonl holds questions outside the bank, half answerable from the corpus's
notes and half not (law, medicine, cooking, and technical subjects the notes do not cover),
split into a fit half (used to choose RELEVANT_PASSAGE and RELEVANT_SENTENCE) and a held-out
half (only measured). "Abstain" is the positive class: precision is the share of abstentions
that were right, recall the share of unanswerable questions declined. Every bank question
must be graded (its rubric is the bank's), which is checked too. The same figures for
bench/data/abstain_attributes.jsonl (questions asking one attribute of a subject the notes
mention) are `attributes_dev` and `attributes_heldout`. Needs the corpus indexed
(`prep ingest`).

    python -m bench.abstain [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from agents.grading.grader import Grader
from agents.questions.bank import default_bank

DATA = Path(__file__).parent / "data" / "abstain.jsonl"
# "What is the <attribute> of <subject>?" on subjects the notes mention, half asking what
# they state and half another field's attribute ("the first-line treatments for type 2
# diabetes"), written by two helpers who saw no code: `dev` was read to try a rule,
# `heldout` only measured it (bench/RESULTS.md, twenty-seventh session).
ATTRIBUTES = Path(__file__).parent / "data" / "abstain_attributes.jsonl"
PROBE_ANSWER = "I would start from the basics and explain the main idea with an example."


def figures(rows: list[tuple[bool, bool]]) -> dict[str, float]:
    """rows: (answerable, abstained)."""
    tp = sum(abstained and not answerable for answerable, abstained in rows)
    fp = sum(abstained and answerable for answerable, abstained in rows)
    fn = sum(not abstained and not answerable for answerable, abstained in rows)
    return {"questions": len(rows), "abstain_precision": tp / (tp + fp) if tp + fp else 1.0,
            "abstain_recall": tp / (tp + fn) if tp + fn else 1.0}


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _measured(grader: Grader, rows: list[dict]) -> dict[str, float]:
    judged = [(bool(row["answerable"]), not grader.grade(row["question"], PROBE_ANSWER).graded)
              for row in rows]
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in figures(judged).items()}


def run(grader: Grader) -> dict[str, object]:
    results: dict[str, object] = {}
    for name, path, splits in (("", DATA, ("fit", "heldout")),
                               ("attributes_", ATTRIBUTES, ("dev", "heldout"))):
        rows = _rows(path)
        for split in splits:
            results[name + split] = _measured(grader, [r for r in rows if r["split"] == split])
    bank = default_bank()
    results["bank_questions_abstained"] = sum(grader.matcher.match(q.text) is None
                                              for q in bank)
    results["bank_questions"] = len(bank)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from ingest.index import Index

    results = run(Grader(Index.open()))
    print(json.dumps(results, indent=2) if args.json else results)


if __name__ == "__main__":
    main()
