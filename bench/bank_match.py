"""Bank matching benchmark: is a question as a candidate types it graded against the bank
question it means, and is a question the bank does not cover left to the notes?

bench/data/bank_match.jsonl holds typed questions ("what's the bias-variance tradeoff",
"diff btw bagging and boosting", one part of a multi-part bank question), each with the bank
ids whose rubric fairly grades it, and questions the bank does not ask (`means` empty),
written by a helper who saw no code, split into a fit half (used to choose the matching
threshold) and a held-out half (only measured). For each half: the share of covered questions
graded against a right bank question (`right`) or a wrong one (`wrong`), and the share of
questions the bank does not cover that were graded against a bank question anyway
(`false_match`). A typed question is graded against a bank question as `prep grade` does
(`BankMatcher.close_enough`): within CLOSE_QUESTION, or within NEAR_QUESTION and holding every
rare word the typed question asks with. `whole_only` is the whole question text alone against
the bar, as at first. Needs no index: only the bank and the embedder.

    python -m bench.bank_match [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from agents.grading.glossary import spell_out
from agents.questions.bank import CLOSE_QUESTION, BankMatcher, default_bank
from ingest.embedder import Embed

DATA = Path(__file__).parent / "data" / "bank_match.jsonl"


def rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def figures(judged: list[tuple[list[str], str | None]]) -> dict[str, float | int]:
    """judged: (the acceptable ids, the id graded against or None)."""
    covered = [(means, got) for means, got in judged if means]
    other = [got for means, got in judged if not means]
    share = lambda n, d: round(n / d, 3) if d else 0.0  # noqa: E731
    return {"covered": len(covered), "not_in_bank": len(other),
            "right": share(sum(got in means for means, got in covered), len(covered)),
            "wrong": share(sum(got is not None and got not in means for means, got in covered),
                           len(covered)),
            "false_match": share(sum(got is not None for got in other), len(other))}


def run(embed: Embed, threshold: float = CLOSE_QUESTION) -> dict[str, object]:
    bank = default_bank()
    matcher = BankMatcher(bank, embed)
    whole = embed([q.text for q in bank])
    results: dict[str, object] = {}
    for split in ("fit", "heldout"):
        mine = [r for r in rows() if r["split"] == split]
        asks, alone = [], []
        for row in mine:
            typed = spell_out(row["question"])
            found = matcher.close_enough(typed, threshold)
            asks.append((row["means"], found.question.id
                         if found is not None and found.question is not None else None))
            sims = whole @ embed([typed])[0]
            best = int(np.argmax(sims))
            alone.append((row["means"], bank[best].id if sims[best] >= threshold else None))
        results[split] = figures(asks)
        results[f"{split}_whole_only"] = figures(alone)
    results["threshold"] = threshold
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=CLOSE_QUESTION)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from ingest.embedder import load_embedder

    embedder = load_embedder()
    results = run(embedder.cached, args.threshold)
    print(json.dumps(results, indent=2) if args.json else results)


if __name__ == "__main__":
    main()
