"""Questions about the candidate's own documents: hit@3 of `prep search`.

66 paraphrased questions (bench/data/doc_queries.jsonl) about the bundled job ad, the bundled
interview guide and one ad written for the benchmarks (bench/data/ads/data-engineer.md), each
with a verbatim phrase of the passage that answers it. The index holds the whole bundled
corpus (ad, guide and the coach's notes) plus that ad. A hit is a top-3 result from the
right document containing the phrase. Even ids are the fit half (the fusion weights in
ingest/search.py were chosen on it), odd ids the held-out half. `heldout2` is a second
held-out set written later by a helper who saw no code (bench/data/doc_queries2.jsonl: 66
questions on the bundled ad, the guide and bench/data/ads_heldout2/ml-platform-engineer.md,
each answer phrase found once in its document and in no other), only ever measured.

Run: `python -m bench.doc_retrieval [--set fit|heldout|all|heldout2] [--grid]`.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.settings import DEFAULT_CORPUS, PROJECT_ROOT

QUERIES = PROJECT_ROOT / "bench" / "data" / "doc_queries.jsonl"
OWN_AD = PROJECT_ROOT / "bench" / "data" / "ads" / "data-engineer.md"
QUERIES2 = PROJECT_ROOT / "bench" / "data" / "doc_queries2.jsonl"
OWN_AD2 = PROJECT_ROOT / "bench" / "data" / "ads_heldout2" / "ml-platform-engineer.md"
K = 3


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def load(which: str) -> list[dict[str, Any]]:
    path = QUERIES2 if which == "heldout2" else QUERIES
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [r for r in rows if which in ("all", "heldout2")
            or (which == "fit") == (int(r["id"][1:]) % 2 == 0)]


def hit(results: list[Any], row: dict[str, Any]) -> bool:
    """A top-K result holding the answer's phrase; the corpus shares no passage between
    these three documents, so the citing source is the document."""
    return any(Path(str(r.source)).name == row["source"] and _normal(row["answer"]) in
               _normal(r.text) for r in results[:K])


def hit_rate(rows: list[dict[str, Any]], search: Callable[[str], list[Any]]) -> float:
    return sum(hit(search(r["query"]), r) for r in rows) / len(rows)


def run(which: str = "all", grid: bool = False) -> dict[str, Any]:
    """Index the corpus and the ad under a temporary PREP_HOME and measure; PREP_HOME is
    restored afterwards."""
    before = os.environ.get("PREP_HOME")
    with tempfile.TemporaryDirectory() as home:
        os.environ["PREP_HOME"] = home
        try:
            return _measure(which, grid)
        finally:
            if before is None:
                os.environ.pop("PREP_HOME", None)
            else:
                os.environ["PREP_HOME"] = before


def _measure(which: str, grid: bool) -> dict[str, Any]:
    import ingest.search as search_module
    from ingest.index import Index
    from ingest.pipeline import ingest_paths
    from ingest.search import SearchResult, retrieve, search

    index = Index.open()
    ingest_paths(index, [DEFAULT_CORPUS, OWN_AD2 if which == "heldout2" else OWN_AD])
    rows = load(which)

    def dense(query: str) -> list[Any]:
        return [SearchResult.from_hit(h)
                for h in retrieve(index, index.embedder([query]), K)[0]]

    out: dict[str, Any] = {"set": which, "questions": len(rows),
                           "dense_hit@3": round(hit_rate(rows, dense), 3),
                           "hybrid_hit@3": round(hit_rate(
                               rows, lambda q: search(index, q, k=K)), 3)}
    if grid:
        out["grid"] = _grid(rows, lambda q: search(index, q, k=K), search_module)
    misses = [r["id"] + " " + r["query"] for r in rows
              if not hit(search(index, r["query"], k=K), r)]
    out["misses"] = misses
    return out


GRID = {"LEXICAL_WEIGHT": (0.0, 0.25, 0.5, 1.0), "DOCUMENT_BONUS": (0.0, 0.5, 1.0, 2.0),
        "LINE_WEIGHT": (0.0, 0.5, 1.0), "DOCUMENT_RELEVANT": (0.2, 0.3)}


def _grid(rows: list[dict[str, Any]], search: Callable[[str], list[Any]],
          module: Any) -> dict[str, float]:
    """Hit@3 for every combination of the fusion settings (fit half only)."""
    import itertools

    chosen = {name: getattr(module, name) for name in GRID}
    table = {}
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values):
            setattr(module, name, value)
        label = " ".join(f"{name.lower()}={value}" for name, value in zip(GRID, values))
        table[label] = round(hit_rate(rows, search), 3)
    for name, value in chosen.items():
        setattr(module, name, value)
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="which", choices=("fit", "heldout", "all", "heldout2"),
                        default="all")
    parser.add_argument("--grid", action="store_true",
                        help="Also try fusion weights (only ever on the fit half).")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.grid and args.which != "fit":
        parser.error("--grid is for the fit half only: the held-out half must not tune")
    result = run(args.which, args.grid)
    print(json.dumps(result, indent=2) if args.json else "\n".join(
        f"{k}: {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
