"""Job-ad plans on ads of six roles: how many requirements the plan maps to a bank question,
and how many of those a person judged relevant.

Three sets of six ads: `fit` (bench/data/ads/, which the plan's rules may be changed on);
`heldout` (bench/data/ads_heldout/, written by a helper who saw neither the plan's code nor
the fit ads; measured only, until its misses were read to add prose asks, so now a second fit
set); `heldout2` (bench/data/ads_heldout2/, written by another helper with a gold list of the
asks in each ad, `asks.jsonl`, measured until the judges' notes on its misses were read in
the twelfth session); `heldout3` (bench/data/ads_heldout3/, written in the twelfth session by
a helper who saw neither the code nor the other ads, with its gold asks, and judged by
another helper: only measured); `heldout4` (bench/data/ads_heldout4/, written in the
fourteenth session the same way, before that session's bank additions: only measured); `dev`
(bench/data/ads_dev/, eight ads written in the twenty-fifth session by a helper who saw no code,
with their gold asks; judged by the developer and read to change the plan: a development set).

    python -m bench.plan [--set NAME] --list  # each requirement, its first question
    python -m bench.plan [--set NAME] [--json]  # figures from judged.jsonl

`judged.jsonl` holds one line per requirement: {"ad", "requirement", "question",
"relevant"}: `question` is the first mapped bank question's id (null when none) as judged, and
relevant means it practises what the requirement asks for (false also when nothing is
mapped, or when an ask is mapped to an unrelated question); relevant null marks an ask no
question could practise (a degree, the right to work, a spoken language, years alone) or a
listed line that is no ask at all (note "not an ask"), left out of the share. A judgment
counts only while the plan maps the same question; a changed mapping is reported as
`unjudged`. Judgments are made by reading the `--list` output beside the ad.
An ask of the ad that the plan did not find at all is a row {"ad", "ask", "missed": true}:
it counts as judged and not relevant, so the share is of the ad's asks, not only of what the
plan found.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from agents.questions.bank import default_bank
from agents.questions.plan import Plan, Planner
from ingest.index import Index
from ingest.loaders import load_document
from ingest.pipeline import ensure_indexed

SETS = {"fit": Path(__file__).parent / "data" / "ads",
        "heldout": Path(__file__).parent / "data" / "ads_heldout",
        "heldout2": Path(__file__).parent / "data" / "ads_heldout2",
        "heldout3": Path(__file__).parent / "data" / "ads_heldout3",
        "heldout4": Path(__file__).parent / "data" / "ads_heldout4",
        "dev": Path(__file__).parent / "data" / "ads_dev"}


def plans(index: Index, folder: Path) -> list[Plan]:
    planner = Planner(index, default_bank())
    return [planner.plan_document(load_document(path, path.name))
            for path in sorted(folder.glob("*.md"))]


Judgment = tuple[str | None, bool | None]  # (the first mapped question judged, relevant)


def _rows(folder: Path) -> list[dict[str, object]]:
    path = folder / "judged.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def judged(folder: Path) -> dict[tuple[str, str], Judgment]:
    """(ad, requirement) -> (question id judged or None, relevant); relevant None for an ask
    no question could practise (a degree, the right to work, a spoken language): left out of
    the share."""
    return {(str(r["ad"]), str(r["requirement"])): (r.get("question"), r["relevant"])
            for r in _rows(folder) if not r.get("missed")}  # type: ignore[misc]


def missed(folder: Path, found: list[Plan]) -> dict[str, int]:
    """ad -> how many of its asks (that a question could practise) the plan did not find:
    an ask judged missed that a listed requirement now contains is found (and its
    requirement is judged, or unjudged, as any other)."""
    listed = {p.document: [_plain(r.text) for r in p.requirements] for p in found}
    return dict(Counter(str(r["ad"]) for r in _rows(folder) if r.get("missed") and not any(
        _plain(str(r["ask"])) in text for text in listed.get(str(r["ad"]), []))))


def _plain(text: str) -> str:
    return " ".join(text.lower().rstrip(".").split())


def figures(found: list[Plan], judgments: dict[tuple[str, str], Judgment],
            not_found: dict[str, int] | None = None) -> dict[str, object]:
    """Per ad and in all: requirements, those with a question, and the judged share relevant.
    A judgment counts only for the mapping it judged: when the plan now maps a requirement
    to another first question (or none), it is `unjudged` until judged again."""
    per_ad = {}
    not_found = not_found or {}
    totals = {"requirements": 0, "with_question": 0, "judged": 0, "relevant": 0,
              "not_practisable": 0, "unjudged": 0, "missed": 0}
    for plan in found:
        gone = not_found.get(plan.document, 0)
        row = {"requirements": len(plan.requirements),
               "with_question": sum(bool(r.questions) for r in plan.requirements),
               "judged": gone, "relevant": 0, "not_practisable": 0, "unjudged": 0,
               "missed": gone}
        for requirement in plan.requirements:
            first = requirement.questions[0] if requirement.questions else None
            question, relevant = judgments.get((plan.document, requirement.text), ("?", None))
            if question != first:
                row["unjudged"] += 1
            elif relevant is None:
                row["not_practisable"] += 1
            else:
                row["judged"] += 1
                row["relevant"] += relevant
        per_ad[plan.document] = row
        for key in totals:
            totals[key] += row[key]
    share = totals["relevant"] / totals["judged"] if totals["judged"] else 0.0
    return {"ads": per_ad, **totals, "relevant_share": round(share, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="which", choices=tuple(SETS), default="fit")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    index = Index.open()
    ensure_indexed(index)
    found = plans(index, SETS[args.which])
    if args.list:
        bank = {q.id: q for q in default_bank()}
        for plan in found:
            print(f"## {plan.document} ({plan.coverage:.0%} covered)")
            for r in plan.requirements:
                first = f"[{r.questions[0]}] {bank[r.questions[0]].text}" if r.questions \
                    else "-"
                print(f"- {r.text}\n    skills={r.skills} -> {first}")
        return 0
    result = figures(found, judged(SETS[args.which]), missed(SETS[args.which], found))
    print(json.dumps(result) if args.json else "\n".join(
        [f"{ad}: {row}" for ad, row in result["ads"].items()]  # type: ignore[union-attr]
        + [f"requirements={result['requirements']} with_question={result['with_question']} "
           f"judged={result['judged']} relevant={result['relevant']} "
           f"unjudged={result['unjudged']} missed={result['missed']} "
           f"relevant_share={result['relevant_share']}"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
