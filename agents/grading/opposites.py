"""Pairs of subjects an interviewer sets against each other, for the swapped-facts checks in
agents/grading/contrast.py: a short authored list that holds for every question, and the pair
the question being graded sets apart ("What is the difference between OLTP and OLAP
systems?", "Star vs snowflake schema"), so a swap is seen for whatever pair a question asks
about, in the bank or typed by the candidate. A side may have several names ("l1", "lasso").

`contrasted_pairs` in agents/grading/points.py also reads a question's contrasted subjects,
as stems checked against the key points, for the rival-subject check; the pairs here are
words, because the mirrored-claim check writes a name back into a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents.grading.text import STOPWORDS, words

Pair = tuple[tuple[str, ...], tuple[str, ...]]

AUTHORED: tuple[Pair, ...] = (
    (("bias",), ("variance",)), (("precision",), ("recall",)),
    (("l1", "lasso"), ("l2", "ridge")), (("bagging",), ("boosting",)),
    (("overfitting",), ("underfitting",)), (("sparse",), ("dense",)),
    (("supervised",), ("unsupervised",)), (("parametric",), ("nonparametric",)),
    (("generative",), ("discriminative",)), (("encoder",), ("decoder",)),
    (("stateless",), ("stateful",)), (("synchronous",), ("asynchronous",)),
    (("optimistic",), ("pessimistic",)), (("normalized", "normalised"),
                                          ("denormalized", "denormalised")),
    (("convex",), ("concave",)), (("horizontal",), ("vertical",)),
    (("minimum",), ("maximum",)), (("fp", "fps"), ("fn", "fns")),
)

# "the difference between A and B", "A vs B", "compare A with B", "contrast A and B"; a
# subject's name is short, and the bound keeps a pasted page from costing quadratic time
_CONTRASTS = (
    re.compile(r"differen\w* between (?P<a>[\w\- ]{1,40}?) and (?P<b>[\w\- ]{1,40}?)"
               r"(?=[,?.;:()]| in | for | when | on | at |$)", re.I),
    re.compile(r"(?:^|[,:;(]\s*|\b(?:is|are|choose|use)\s+)(?P<a>[\w\- ]{1,40}?)\s+"
               r"(?:vs\.?|versus)\s+(?P<b>[\w\- ]{1,40}?)(?=[,?.;:()]| in | for | when |$)",
               re.I),
    re.compile(r"\b(?:compare|contrast)\s+(?P<a>[\w\- ]{1,40}?) (?:and|with|to) "
               r"(?P<b>[\w\- ]{1,40}?)"
               r"(?=[,?.;:()]| in | for | when | on |$)", re.I),
)
# Words that open or head a named subject without telling the two apart ("the main", "model
# based"), or that say too much elsewhere to stand for a subject ("means" in "X means Y").
_NOT_A_NAME = frozenset({
    "main", "explain", "based", "free", "means", "matter", "simply", "properties", "post",
    "aware", "type", "types", "way", "ways", "kind", "kinds", "first", "second", "one", "two",
    "approach", "approaches", "use", "using", "when", "how", "what", "which", "good", "bad"})
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)


def _names(phrase: str) -> list[str]:
    return [w for w in words(_ARTICLE.sub("", phrase.strip()).replace("-", " "))
            if w not in STOPWORDS]


def contrasted(question: str) -> list[Pair]:
    """The pairs a question sets against each other, each side named by one word: the words
    that tell the two subjects apart ("OLTP" and "OLAP" in "OLTP and OLAP systems"), or each
    side's first word when one side carries the head noun both share ("leading and lagging
    indicators")."""
    found: list[Pair] = []
    for pattern in _CONTRASTS:
        for match in pattern.finditer(question):
            a, b = _names(match.group("a")), _names(match.group("b"))
            only_a = [w for w in a if w not in b]
            only_b = [w for w in b if w not in a]
            if len(only_a) != 1 or len(only_b) != 1:
                if len(a) == 1 and len(b) > 1:  # "leading and lagging indicators"
                    only_a, only_b = a, b[:1]
                else:
                    continue
            first, second = only_a[0], only_b[0]
            if _fit_name(first) and _fit_name(second) and first != second:
                found.append(((first,), (second,)))
    return found


def _fit_name(word: str) -> bool:
    return len(word) >= 2 and word not in _NOT_A_NAME


@lru_cache(maxsize=1024)
def opposites_for(question: str) -> tuple[Pair, ...]:
    """The authored pairs, then the pairs this question sets against each other that share
    no name with them. A mined pair holds for its own question only: "shallow" and "deep"
    are opposites in a question on copying objects, not in one on decision trees, whose
    answers say "a deep tree" and "greater depth"."""
    pairs = list(AUTHORED)
    for pair in contrasted(question):
        names = set(pair[0]) | set(pair[1])
        if not any(names & (set(a) | set(b)) for a, b in pairs):
            pairs.append(pair)
    return tuple(pairs)
