"""Grades outside the bank: are answers to questions the bank does not ask, graded against
sentences drawn from the notes, scored in the right order and on the right scale?

bench/data/outside_answers.jsonl holds questions a candidate might type that the bank does not
ask but the notes cover ("How does a random forest work?"), each with a strong, a partial, a
fluent-but-wrong and a wrong answer, written by a helper who saw no code, split by question
into a fit half (used to choose how retrieved rubrics are drawn and scored) and a held-out
half (only measured). Per half: the share graded (not abstained), strong >= 3.5, wrong <= 1.5,
fluent-but-wrong <= 2.5, pairwise ordering (strong above partial, partial above wrong, strong
above fluent-but-wrong, within each question), the mean score of each kind, and how many
questions were graded against a bank question instead. Indexes the bundled corpus first
when the index is empty.

    python -m bench.outside [--set fit|heldout|all] [--json]   (default: all)
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from statistics import mean

from agents.grading.grader import Grader

DATA = Path(__file__).parent / "data" / "outside_answers.jsonl"
KINDS = ("strong", "partial", "fluent_wrong", "wrong")
ORDER = (("strong", "partial"), ("partial", "wrong"), ("strong", "fluent_wrong"))


def rows(split: str) -> list[dict]:
    data = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [r for r in data if split == "all" or r["split"] == split]


def figures(scored: list[tuple[str, str, float | None, bool]]) -> dict[str, float | int]:
    """scored: (question, kind, score or None when not graded, graded against the bank)."""
    by_question: dict[str, dict[str, float]] = defaultdict(dict)
    for question, kind, score, _ in scored:
        if score is not None:
            by_question[question][kind] = score
    graded = [s for _, _, s, _ in scored if s is not None]
    of_kind = {k: [s for _, kind, s, _ in scored if kind == k and s is not None]
               for k in KINDS}
    pairs = [(scores[high], scores[low]) for scores in by_question.values()
             for high, low in ORDER if high in scores and low in scores]
    share = lambda hits, total: round(hits / total, 3) if total else 0.0  # noqa: E731
    out: dict[str, float | int] = {
        "answers": len(scored), "graded": share(len(graded), len(scored)),
        "bank_matched": share(sum(b for *_, b in scored), len(scored)),
        "ordering": share(sum(h > low for h, low in pairs), len(pairs)),
        "strong_at_least_3_5": share(sum(s >= 3.5 for s in of_kind["strong"]),
                                     len(of_kind["strong"])),
        "wrong_at_most_1_5": share(sum(s <= 1.5 for s in of_kind["wrong"]),
                                   len(of_kind["wrong"])),
        "fluent_wrong_at_most_2_5": share(sum(s <= 2.5 for s in of_kind["fluent_wrong"]),
                                          len(of_kind["fluent_wrong"]))}
    out |= {f"mean_{k}": round(mean(v), 2) if v else 0.0 for k, v in of_kind.items()}
    return out


def run(grader: Grader, split: str) -> dict[str, object]:
    halves = ("fit", "heldout") if split == "all" else (split,)
    results: dict[str, object] = {}
    for half in halves:
        scored = []
        for row in rows(half):
            grade = grader.grade(row["question"], row["answer"])
            scored.append((row["question"], row["kind"], grade.score if grade.graded else None,
                           bool(grade.question_id)))
        results[half] = figures(scored)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("fit", "heldout", "all"), default="all")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from ingest.index import Index
    from ingest.pipeline import ensure_indexed

    index = Index.open()
    ensure_indexed(index)
    results = run(Grader(index), args.set)
    print(json.dumps(results, indent=2) if args.json else results)


if __name__ == "__main__":
    main()
