"""Section hit rate of `prep search` on the default corpus, for several chunk sizes.

24 hand-written questions (bench/corpus_queries.jsonl), each with the section of the default
job ad or guide that answers it. Run: `python -m bench.corpus_retrieval`. Chunks are cut and
embedded in memory (exact cosine), so only chunking differs between rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ingest.chunking import chunk_lines
from ingest.cleaning import clean_lines
from ingest.embedder import load_embedder
from ingest.settings import CHUNK_MAX_TOKENS, CHUNK_TARGET_TOKENS, DEFAULT_CORPUS

QUERIES = Path(__file__).with_name("corpus_queries.jsonl")
SIZES = ((60, 120), (90, 160), (120, 200), (CHUNK_TARGET_TOKENS, CHUNK_MAX_TOKENS), (220, 240))


def hit_rates(target: int, maximum: int) -> tuple[int, float, float]:
    embed = load_embedder()
    chunks = []
    for path in sorted(DEFAULT_CORPUS.glob("*.txt")):
        lines = clean_lines(path.read_text(encoding="utf-8"), embed)
        chunks += chunk_lines(lines, path.name, target, maximum)
    vectors = embed([c.text for c in chunks])
    rows = [json.loads(line) for line in QUERIES.read_text().splitlines()]
    ranked = np.argsort(-(embed([r["query"] for r in rows]) @ vectors.T), axis=1)
    sections = [[chunks[i].section for i in order[:3]] for order in ranked]
    at1 = np.mean([s[0] == r["section"] for s, r in zip(sections, rows)])
    at3 = np.mean([r["section"] in s for s, r in zip(sections, rows)])
    return len(chunks), float(at1), float(at3)


if __name__ == "__main__":
    print("target max chunks hit@1 hit@3")
    for target, maximum in SIZES:
        n, at1, at3 = hit_rates(target, maximum)
        print(f"{target:6d} {maximum:3d} {n:6d} {at1:6.2f} {at3:5.2f}")
