"""Job-ad plans on ads of six roles (bench/data/ads/*.md): how many requirements the plan
maps to a bank question, and how many of those a person judged relevant.

    python -m bench.plan --list     # each requirement with its mapped questions, to judge
    python -m bench.plan [--json]   # the figures, using bench/data/ads/judged.jsonl

`judged.jsonl` holds one line per requirement: {"ad", "requirement", "relevant"}, where
relevant means the first mapped bank question practises what the requirement asks for
(false also when nothing is mapped, or when an ask like "three years of experience" is mapped
to an unrelated question); null marks an ask no question could practise (years of
experience, the right to work, a spoken language), left out of the share. The judgments were
made by reading the `--list` output, never by changing the plan to fit them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from agents.questions.bank import default_bank
from agents.questions.plan import Plan, Planner
from ingest.index import Index
from ingest.loaders import load_document
from ingest.pipeline import ensure_indexed

ADS = Path(__file__).parent / "data" / "ads"
JUDGED = ADS / "judged.jsonl"


def plans(index: Index) -> list[Plan]:
    planner = Planner(index, default_bank())
    return [planner.plan_document(load_document(path, path.name))
            for path in sorted(ADS.glob("*.md"))]


def judged() -> dict[tuple[str, str], bool | None]:
    """(ad, requirement) -> relevant; None for an ask no question could practise (years of
    experience, the right to work, a spoken language): left out of the share."""
    if not JUDGED.is_file():
        return {}
    rows = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return {(r["ad"], r["requirement"]): r["relevant"] for r in rows}


def figures(found: list[Plan],
            judgments: dict[tuple[str, str], bool | None]) -> dict[str, object]:
    per_ad = {}
    totals = {"requirements": 0, "with_question": 0, "judged": 0, "relevant": 0,
              "not_practisable": 0}
    for plan in found:
        row = {"requirements": len(plan.requirements),
               "with_question": sum(bool(r.questions) for r in plan.requirements),
               "judged": 0, "relevant": 0, "not_practisable": 0}
        for requirement in plan.requirements:
            key = (plan.document, requirement.text)
            if key not in judgments:
                continue
            if judgments[key] is None:
                row["not_practisable"] += 1
            else:
                row["judged"] += 1
                row["relevant"] += bool(judgments[key])
        per_ad[plan.document] = row
        for key in totals:
            totals[key] += row[key]
    share = totals["relevant"] / totals["judged"] if totals["judged"] else 0.0
    return {"ads": per_ad, **totals, "relevant_share": round(share, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    index = Index.open()
    ensure_indexed(index)
    found = plans(index)
    if args.list:
        bank = {q.id: q for q in default_bank()}
        for plan in found:
            print(f"## {plan.document} ({plan.coverage:.0%} covered)")
            for r in plan.requirements:
                first = bank[r.questions[0]].text if r.questions else "-"
                print(f"- {r.text}\n    skills={r.skills} -> {first}")
        return 0
    result = figures(found, judged())
    print(json.dumps(result) if args.json else "\n".join(
        [f"{ad}: {row}" for ad, row in result["ads"].items()]  # type: ignore[union-attr]
        + [f"requirements={result['requirements']} with_question={result['with_question']} "
           f"judged={result['judged']} relevant={result['relevant']} "
           f"relevant_share={result['relevant_share']}"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
