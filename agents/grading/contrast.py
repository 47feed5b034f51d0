"""Swapped facts: a sentence that says a key point with one of its subjects traded for its
opposite ("bagging mainly reduces bias" for "bagging mainly reduces variance", "L2 zeroes
weights" for "L1 zeroes weights"). Sentence vectors barely move for such a swap, and the
point's other words are all there, so the judge would tick the point; the sentence states
the opposite, so it must not make it.

The opposites are pairs of subjects an interviewer contrasts (bias and variance, L1 and L2,
bagging and boosting, and the pair the question sets apart: agents/grading/opposites.py). A
sentence swaps a point when it says one word of a pair the point does not, leaves out the
other word, which the point says, and puts it where the point has it (beside the same word:
"reduces variance" / "reduces bias", or each the subject its sentence defines: "Precision =
TP/(TP+FP)" / "Recall is TP/(TP+FP)"). Not swapped: a point that names both words of a pair
("increases precision and lowers recall"), a sentence that says both, one that uses the
opposite elsewhere, and one that trades two pairs at once ("boosting reduces bias" for
"bagging reduces variance" is the parallel claim about the other subject, not a swap).
Directions and order (more and fewer, faster and slower, before and after) were tried and
dropped: the bank's own model answers say "far faster than apply" for "avoids slow apply
loops", and six of them were accused of an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from agents.grading.opposites import AUTHORED, Pair
from agents.grading.text import (
    STOPWORDS,
    as_written,
    content_stems,
    stem,
    stem_set,
    undouble,
    with_names,
    without_names,
    words,
)

# Words that name what a subject is ("ridge regression", "L1 penalty"), not what it does:
# the word beside a subject is the first one after them.
QUALIFIERS = frozenset({"regression", "regularization", "regularisation", "penalty", "norm",
                        "term", "model", "models", "method", "methods"})


# Hyphens and formula signs join words read apart: "high-variance", "TP/(TP+FN)".
_APART = re.compile(r"[-+/=()*]")


def _apart(text: str) -> str:
    """The text with the words a formula sign or hyphen joins read apart, names that are
    symbols ("==") read first."""
    return _APART.sub(" ", with_names(text))


# A sentence that defines what it leads with: "Precision = TP / (TP + FP)", "Recall (TPR) is
# the share...". Two definitions of opposite subjects sit in the same place.
_DEFINES = re.compile(r"^\W*(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?\s*(?:\([^)]*\)\s*)?"
                      r"(?:=|:|is\b|are\b|means\b)", re.IGNORECASE)


def _form(word: str) -> str:
    """One form for a word and its inflections ("bias" and "biases", "variance" and
    "variances"): the light stemmer, twice, then undoubled."""
    return undouble(stem(stem(word)))


@dataclass(frozen=True)
class Marked:
    """A text's words (hyphenated ones part by part: "high-variance"), each with its nearest
    content words left and right."""

    beside: dict[str, frozenset[str]]
    lead: str | None = None  # the first content word, when the sentence defines it

    @classmethod
    def of(cls, text: str) -> Marked:
        tokens = words(_apart(text))
        forms = [_form(w) for w in tokens]
        content = [w not in STOPWORDS and w not in QUALIFIERS and len(w) > 1 for w in tokens]
        left: list[str | None] = []
        last = None
        for form, is_content in zip(forms, content):
            left.append(last)
            last = form if is_content else last
        right: list[str | None] = []
        last = None
        for form, is_content in zip(reversed(forms), reversed(content)):
            right.append(last)
            last = form if is_content else last
        beside: dict[str, set[str]] = {}
        for form, before, after in zip(forms, left, reversed(right)):
            beside.setdefault(form, set()).update(n for n in (before, after) if n)
        lead = next((f for f, is_content in zip(forms, content) if is_content), None)
        return cls({f: frozenset(n) for f, n in beside.items()},
                   lead if _DEFINES.match(text) else None)


@lru_cache(maxsize=256)
def _forms(pairs: tuple[Pair, ...]) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    return tuple((frozenset(map(_form, a)), frozenset(map(_form, b))) for a, b in pairs)


def swapped(point: Marked, unit: Marked,
            pairs: tuple[Pair, ...] = AUTHORED) -> tuple[str, str] | None:
    """(the point's word, the unit's opposite) when the unit trades exactly one pair of
    `pairs`, in the point's place; None otherwise."""
    found = []
    for a, b in _forms(pairs):
        for mine, theirs in ((a, b), (b, a)):
            said, traded = mine & point.beside.keys(), theirs & unit.beside.keys()
            if (said and traded and not theirs & point.beside.keys()
                    and not mine & unit.beside.keys()):
                found.append((min(said), min(traded), point.lead in said and unit.lead
                              in traded or any(point.beside[m] & unit.beside[t]
                                               for m in said for t in traded)))
    if len(found) != 1:  # none, or the parallel claim about the other subject
        return None
    mine, theirs, in_place = found[0]
    return (mine, theirs) if in_place else None


# --- Mirrored claims -----------------------------------------------------------------------
# A sentence can swap a fact while it also says another point's words ("L2 adds absolute
# values and drives weights to zero" reads close to "L2 shrinks weights toward zero" too),
# which the word test above leaves alone. Mirroring the sentence's subject ("L1 adds..." for
# "L2 adds...") and comparing its meaning with the rubric's claims about each side sees it.

_NAME = re.compile(r"[A-Za-z][\w]*")


@dataclass(frozen=True)
class Sides:
    """One pair of opposites the rubric sets against each other, each side's names."""

    first: tuple[str, ...]
    second: tuple[str, ...]

    @property
    def terms(self) -> set[str]:
        """Both sides' names as the grader's terms (stems)."""
        return {undouble(t) for name in self.first + self.second for t in content_stems(name)}

    def named(self, text: str) -> set[int]:
        """The sides the text names: 0 for the first, 1 for the second."""
        forms = {_form(w) for w in words(_apart(text))}
        return {side for side, names in enumerate((self.first, self.second))
                if forms & {_form(n) for n in names}}

    def side_of(self, text: str) -> int | None:
        """0 or 1 when the text names exactly one side of the pair, None otherwise."""
        named = self.named(text)
        return named.pop() if len(named) == 1 else None

    def mirrored(self, text: str) -> str:
        """The text with each name of either side swapped for the other side's name."""
        swap = {_form(a): _trade(k, self.second) for k, a in enumerate(self.first)}
        swap.update({_form(b): _trade(k, self.first) for k, b in enumerate(self.second)})
        def other(found: re.Match[str]) -> str:
            said = words(found.group(0))
            return _cased(swap.get(_form(said[0])) if said else None,
                          without_names(found.group(0)))

        return without_names(_NAME.sub(other, with_names(text)))


def _trade(k: int, side: tuple[str, ...]) -> str:
    """The name of `side` the other side's k-th name trades for: its k-th, or its last when
    it has fewer ("Xavier" and "Glorot" for "Kaiming"); a name only read so in context ("He"
    before "initialization") trades for a plain one, which reads as a name anywhere."""
    name = side[min(k, len(side) - 1)]
    return name if as_written(name) == name else next(
        (n for n in side if as_written(n) == n), name)


def _cased(name: str | None, original: str) -> str:
    if name is None:
        return original
    name = as_written(name)
    return name.upper() if original.isupper() and len(original) > 1 else (
        name.capitalize() if original[:1].isupper() else name)


def rubric_sides(points: list[str], statements: tuple[str, ...] | list[str] = (),
                 pairs: tuple[Pair, ...] = AUTHORED) -> list[Sides]:
    """The pairs of opposites the rubric sets apart: a key point names one side without the
    other, and a key point or another correct statement (the model answer's sentences)
    names the other side alone ("Dense retrieval captures paraphrase" beside "sparse BM25
    matches exact terms")."""
    found = []
    for a, b in pairs:
        sides = Sides(a, b)
        named = {sides.side_of(p) for p in points}
        if named & {0, 1} and {0, 1} <= named | {sides.side_of(t) for t in statements}:
            found.append(sides)
    return found


# "Unlike decoders, encoders see the whole sequence": the subject set aside is not what the
# claim is about.
_SET_ASIDE = re.compile(r"(?:^\W*|,\s*)(?:unlike|in contrast (?:to|with)|compared (?:to|with)|"
                        r"as opposed to)\s+[^,;:]+(?:,\s*|$)", re.IGNORECASE)
LEAD_WORDS = 2  # a claim names its subject in its first content words ("Gradient boosting")


def lead_subjects(text: str, rare: Callable[[str], bool]) -> list[str]:
    """The rare words among a claim's first content words, in order, hyphenated ones read
    apart ("Decoder-only models see..." -> ["decod"]), a subject it sets aside left out."""
    core = _SET_ASIDE.sub(" ", text)
    leading = [undouble(s) for s in content_stems(_apart(core))][:LEAD_WORDS]
    return [s for s in leading if rare(s)]


def opposed(a: str, b: str, pairs: tuple[Pair, ...] = AUTHORED) -> bool:
    """Whether two stems name the two sides of one of `pairs` ("encod", "decod")."""
    return any({a, b} <= left | right and not {a, b} <= left and not {a, b} <= right
               for left, right in _stems(pairs))


@lru_cache(maxsize=256)
def _stems(pairs: tuple[Pair, ...]) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    def names(side: tuple[str, ...]) -> frozenset[str]:
        return frozenset(f for n in side for f in (_form(n), undouble(stem(n))))
    return tuple((names(left), names(right)) for left, right in pairs)


def of_another_subject(claim: str, wrong: str, points: list[str],
                       rare: Callable[[str], bool], pairs: tuple[Pair, ...] = AUTHORED) -> bool:
    """Whether a claim is about the opposite subject of a wrong version's: it leads with a
    word some key point leads with, the opposite of the wrong version's leading word, and
    names neither that word nor anything only the other subject's key points say. "Encoders
    see the whole sequence in both directions" is true, and no wrong version of
    "Decoder-only models see the whole sequence in both directions"; "Encoders and GPT both
    see ..." names GPT, a decoder. A wrong version that names both subjects compares them,
    and says the same wrong thing from either side ("Logistic regression always loses to
    NB" is "Naive Bayes always beats logistic regression")."""
    theirs = set(lead_subjects(wrong, rare))
    said = stem_set(_apart(_SET_ASIDE.sub(" ", claim)))
    mine = lead_subjects(claim, rare)
    if not theirs or theirs & said or not mine or not any(opposed(mine[0], t, pairs)
                                                         for t in theirs):
        return False
    if mine[0] in stem_set(_apart(wrong)):  # a comparison: "NB beats logistic
        return False  # regression" is wrong said either way round
    leads = [set(lead_subjects(p, rare)) for p in points]
    sides = [stem_set(_apart(p)) for p in points]
    my_side = set().union(*(w for w, lead in zip(sides, leads) if mine[0] in lead))
    their_side = set().union(*(w for w, lead in zip(sides, leads)
                               if lead & theirs and mine[0] not in lead))
    if {w for w in said & (their_side - my_side) if rare(w)}:
        return False
    return any(mine[0] in lead and not theirs & lead for lead in leads)
