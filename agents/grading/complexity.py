"""Big-O costs a key point states, and whether an answer states them too.

A point such as "Time O(n) and O(1) extra space" is made only by an answer that gives those
costs: "that's O(1) because reverse is a built-in" reads much like it, by meaning and by
words ("O", "1", "space"), yet it leaves out the linear time, which is what the point asks.
Costs are compared by their shape: "O(N)", "O(n)" and "linear time" are one cost, "O(n·d)"
is "O(n * d)" and "O(n x d)", and a cost over named quantities ("O(amount * coins)") may be
written with other letters ("O(A·C)"), since answers name quantities as they please.
"""

from __future__ import annotations

import re

# an O( ... ) with at most one level of brackets inside: O((V + E) log V)
# ("o(n)" and "Θ(n)" as candidates type them)
_BIG_O = re.compile(r"(?:\b[Oo]|Θ)\s*\(((?:[^()]|\([^()]*\))*)\)")
_TIMES = re.compile(r"\s*(?:[*·×⋅]|\bx\b|\btimes\b)\s*", re.IGNORECASE)
# a product of one-letter quantities and their powers: "nd", "n^2d"
_FACTOR = re.compile(r"[a-z](?:\^\d+)?")
_PRODUCT = re.compile(r"(?:[a-z](?:\^\d+)?){2,}")
# costs said in words, as costs ("linear time", "constant extra space", "linear in k"): not
# "linear probing" or "a constant factor"
_OF_COST = r"(?:[\s-]+(?:time|space|memory|extra|additional|per|in|each|work|amortized|amortised))"
_SPOKEN = {
    "1": re.compile(rf"\bconstant{_OF_COST}", re.IGNORECASE),
    "n": re.compile(rf"(?<!log-)\blinear(?:ly)?{_OF_COST}", re.IGNORECASE),
    "logn": re.compile(r"\blogarithmic\b", re.IGNORECASE),
    "nlogn": re.compile(r"\b(?:linearithmic|log-linear|n\s+log\s+n)\b", re.IGNORECASE),
    "n^2": re.compile(r"\b(?:quadratic|n[\s-]squared)\b", re.IGNORECASE),
    "n^3": re.compile(r"\bcubic\b", re.IGNORECASE),
}
# "log(n)", "lg n", "log2 n" and "log₂ n" are "log n"
_LOG = re.compile(r"\b(?:log|lg)(?:_?2|₂)?\s*\(([^()]*)\)|\b(?:lg|log_?2|log₂)\b")


def _normal(cost: str) -> str:
    """One spelling of a cost: lower case, products as juxtaposition in one order ("mn" is
    "n*m"), no spaces or bars ("|V|"), squares as ^2 ("n²", "n**2")."""
    cost = cost.lower().replace("²", "^2").replace("³", "^3").replace("**", "^")
    cost = _LOG.sub(lambda m: f"log {m.group(1)}" if m.group(1) else "log", cost)
    cost = re.sub(r"[\s|]+", "", _TIMES.sub("", cost))
    if "log" not in cost and _PRODUCT.fullmatch(cost):
        return "".join(sorted(_FACTOR.findall(cost)))
    if "+" in cost and "(" not in cost:  # a sum in one order: "E + V" is "V + E"
        return "+".join(sorted(cost.split("+")))
    return cost


def _shape(cost: str) -> str:
    """The cost with every quantity's name as one letter: O(amount * coins), O(A·C) and
    O(amount x number of coins) all read "q*q"; "log" stays."""
    marked = re.sub(r"\blog\b", "#", _TIMES.sub("*", cost))
    named = re.sub(r"[A-Za-z_]+(?:\s+[A-Za-z_]+)*", "q", marked)
    return re.sub(r"\s+", "", named).replace("#", "log")


def without_costs(text: str) -> str:
    """The text with its big-O costs blanked: their digits are no values."""
    return _BIG_O.sub(" ", text)


def _raw_costs(text: str) -> list[str]:
    return [c for c in _BIG_O.findall(text) if c.strip()]


def _spoken(text: str) -> set[str]:
    return {cost for cost, said in _SPOKEN.items() if said.search(text)}


def _named_quantity(cost: str) -> bool:
    """Whether the cost is over a quantity named by a word ("amount", "depth"), not by a
    conventional letter (n, k, V, E, d, L): such names are the answer's to choose."""
    names = re.findall(r"[A-Za-z]+", _TIMES.sub("*", cost))
    return any(len(name) > 1 and name != "log" for name in names)


def states_costs(point: str, answer: str) -> bool:
    """Whether the answer states every big-O cost the point states (True for a point that
    states none)."""
    wanted = _raw_costs(point)
    if not wanted:
        return True
    answer = " ".join(answer.split())  # runs of spaces would cost the patterns quadratic time
    given = _raw_costs(answer)
    spoken = _spoken(answer)
    said = {_normal(c) for c in given} | spoken
    shapes = {_shape(c) for c in given}
    bare = without_costs(answer)  # "log n" inside "O(n log n)" is no cost of its own
    return all(_normal(c) in said or (_named_quantity(c) and _shape(c) in shapes)
               or ("n" in spoken and _shape(c) == "q")  # "linear in k", "in the length"
               or _said_bare(c, bare) for c in wanted)


def _said_bare(cost: str, answer: str) -> bool:
    """Whether the answer writes a cost of two or more terms without the O: "that gets it
    to n log k", "linear in N times d"."""
    pieces = re.findall(r"[A-Za-z]+|\d+|[+^/-]", " ".join(cost.split()))
    if len([p for p in pieces if p.isalnum()]) < 2:
        return False
    between = r"\s*(?:[*·×⋅]|\bx\b|\btimes\b)?\s*"
    spelled = between.join(re.escape(p) for p in pieces)
    return re.search(rf"(?<![\w^]){spelled}(?![\w^])", answer, re.IGNORECASE) is not None
