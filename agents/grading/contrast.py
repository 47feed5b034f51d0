"""Swapped facts: a sentence that says a key point with one of its words traded for that
word's opposite ("bagging mainly reduces bias" for "bagging mainly reduces variance", "a
larger learning rate" for "a smaller learning rate"). Sentence vectors barely move for such a
swap, and the point's other words are all there, so the judge would tick the point; the
sentence states the opposite, so it must not make it.

The opposites are a short list of pairs of subjects an interviewer contrasts (bias and
variance, L1 and L2, bagging and boosting). Directions and order (more and fewer, faster and
slower, before and after) were tried and dropped: the bank's own model answers say "far
faster than apply" for "avoids slow apply loops" and "compare counts after the join" beside
"check the keys before joining", and six of them were accused of an error. A sentence swaps a point when it says one word of a
pair the point does not, leaves out the other word, which the point says, and puts it where
the point has it (beside the same word: "reduces variance" / "reduces bias"). A point that
names both ("raising the threshold increases precision and lowers recall") is never read as
swapped by that pair, nor is a sentence that says both, nor one that uses the opposite
elsewhere ("a higher threshold gives more precision" does not swap "lowers recall").
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.grading.text import STOPWORDS, stem, words

OPPOSITES: tuple[tuple[str, str], ...] = (
    # subjects interview questions set against each other
    ("bias", "variance"), ("precision", "recall"), ("l1", "l2"), ("lasso", "ridge"),
    ("bagging", "boosting"), ("overfitting", "underfitting"), ("sparse", "dense"),
    ("supervised", "unsupervised"), ("parametric", "nonparametric"),
    ("generative", "discriminative"), ("encoder", "decoder"), ("stateless", "stateful"),
    ("synchronous", "asynchronous"), ("optimistic", "pessimistic"),
    ("normalized", "denormalized"), ("normalised", "denormalised"), ("convex", "concave"),
    ("horizontal", "vertical"), ("minimum", "maximum"),
)


@dataclass(frozen=True)
class Marked:
    """A text as the stems of all its words (stopwords too: "more" and "before" carry the
    claim here), and beside each, its nearest content words left and right."""

    stems: tuple[str, ...]
    beside: dict[str, frozenset[str]]

    @classmethod
    def of(cls, text: str) -> Marked:
        tokens = words(text)
        stems = tuple(stem(w) for w in tokens)
        content = [i for i, w in enumerate(tokens) if w not in STOPWORDS and len(w) > 1]
        beside: dict[str, set[str]] = {}
        for i, s in enumerate(stems):
            left = [stems[j] for j in content if j < i][-1:]
            right = [stems[j] for j in content if j > i][:1]
            beside.setdefault(s, set()).update(left + right)
        return cls(stems, {s: frozenset(n) for s, n in beside.items()})


_PAIRS = tuple((stem(a), stem(b)) for a, b in OPPOSITES)


def swapped(point: Marked, unit: Marked) -> tuple[str, str] | None:
    """(the point's word, the unit's opposite) when the unit trades one for the other in
    the same place."""
    for a, b in _PAIRS:
        for mine, theirs in ((a, b), (b, a)):
            if (mine in point.beside and theirs not in point.beside
                    and theirs in unit.beside and mine not in unit.beside
                    and point.beside[mine] & unit.beside[theirs]):
                return mine, theirs
    return None
