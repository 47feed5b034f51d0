"""Whether a text's vector depends on the texts embedded with it, and what bulk embedding
costs: each note line of `corpus/knowledge/` embedded alone, against the same lines in one
bulk call (the way ingest and the rubric cache embed them).

    python -m bench.embed_company [--json] [--limit N]

int8 runs every text alone (`ingest/embedder.py`); before, texts went in padded batches and
dynamic quantisation gave a text a slightly different vector in each batch.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from ingest.embedder import load_embedder
from ingest.settings import PROJECT_ROOT


def note_lines(limit: int) -> list[str]:
    lines: list[str] = []
    for path in sorted((PROJECT_ROOT / "corpus" / "knowledge").glob("*.md")):
        lines += [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                  if len(line.strip()) > 30]
    return list(dict.fromkeys(lines))[:limit]


def run(limit: int) -> dict[str, float]:
    embed = load_embedder()
    texts = note_lines(limit)
    embed(texts[:8])  # load the session before timing
    start = time.perf_counter()
    bulk = embed(texts)
    bulk_s = time.perf_counter() - start
    start = time.perf_counter()
    alone = np.concatenate([embed([text]) for text in texts])
    alone_s = time.perf_counter() - start
    cosines = (bulk * alone).sum(axis=1)
    return {"texts": len(texts), "backend": embed.backend,
            "min_cosine_bulk_vs_alone": round(float(cosines.min()), 6),
            "texts_differing": int((np.abs(bulk - alone).max(axis=1) > 0).sum()),
            "bulk_texts_per_s": round(len(texts) / bulk_s, 1),
            "one_by_one_texts_per_s": round(len(texts) / alone_s, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.embed_company")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit", type=int, default=1500)
    args = parser.parse_args(argv)
    result = run(args.limit)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
