"""How much a word of a key point says: rare words in the notes ("BIO", "point-in-time") name
what a point is about, common ones ("usual", "choice", "example") only carry it.

Weights are inverse document frequencies over the lines of the knowledge notes, read once per
change of the notes (derived cache). A point is made by its rare words, so the judge's
wording share counts each word by its weight.
"""

from __future__ import annotations

import math
from functools import lru_cache

from agents.grading.glossary import NOTES
from agents.grading.text import stem_set, undouble
from ingest.derived_cache import derived

MIN_WEIGHT = 0.25  # even a word every note uses is worth something
RARITY_VERSION = 5  # bump when `frequencies` changes: the cache is keyed by the notes only


def frequencies(lines: list[str]) -> dict[str, int]:
    """stem -> how many lines use it; "" -> how many lines there are."""
    counts: dict[str, int] = {"": len(lines)}
    for line in lines:
        for term in stem_set(line):
            counts[term] = counts.get(term, 0) + 1
    return counts


@lru_cache(maxsize=1)
def _note_frequencies() -> dict[str, int]:
    files = sorted(NOTES.glob("*.md"))
    return derived("rarity", files, lambda: frequencies(
        [line for p in files for line in p.read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.lstrip().startswith("#")]), version=RARITY_VERSION)


def weight(term: str) -> float:
    """log((lines + 1) / (lines using the term + 1)), scaled to 0-1 by a word no line uses."""
    counts = _note_frequencies()
    lines = counts.get("", 0)
    if lines == 0:
        return 1.0
    top = math.log(lines + 1)
    used = counts.get(undouble(term), 0)  # counted in the form the judge compares words in
    return max(MIN_WEIGHT, math.log((lines + 1) / (used + 1)) / top)
