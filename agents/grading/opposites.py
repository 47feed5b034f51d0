"""Pairs of subjects an interviewer sets against each other, for the swapped-facts checks in
agents/grading/contrast.py: a short authored list that holds for every question, and the pair
the question being graded sets apart ("What is the difference between OLTP and OLAP
systems?", "Star vs snowflake schema", "Avro or Parquet" when its key points tell the two
apart), so a swap is seen for whatever pair a question asks about, in the bank or typed by
the candidate. A side may have several names ("l1", "lasso"). Pairs are words, because the
mirrored-claim check writes a name back into a sentence; the rival-subject check in
agents/grading/points.py reads the same pairs as stems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from agents.grading import rarity
from agents.grading.text import STOPWORDS, content_stems, stem, with_names, words

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
# two words joined as alternatives: "L1 and L2", "BFS vs DFS", "Avro or Parquet"
_JOINED = re.compile(r"([\w\-/]+),?\s+(?:vs\.?|versus|and|or|over|instead of|"
                     r"compared (?:to|with))\s+([\w\-/]+)", re.I)
# A name as rare as this can be a subject: "L1" 0.75, "boosting" 0.66, "normalization" 0.496,
# "candidate" 0.496; not "high" 0.46, "model" 0.26, "time" 0.30. Rarity moves with the notes
# ("normalization" was 0.502 before 12 notes on other subjects), so the bar keeps clear of
# names that sit near 0.5.
SUBJECT_RARITY = 0.48


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
        for match in pattern.finditer(with_names(question)):
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


def told_apart(question: str, points: tuple[str, ...] | list[str]) -> list[tuple[str, str]]:
    """Two words the question joins as alternatives ("L1 and L2", "BFS vs DFS"), or two items
    of a list it compares ("an SLI, an SLO and an SLA"), that name things (rare in the notes,
    not "high bias and high variance" or "users and extremely"), each the subject of some
    key point that does not name the other: "supervised and unsupervised" are told apart,
    and neither is told apart from "regression"."""
    named = [set(content_stems(p)) for p in points]
    question = with_names(question)  # "Xavier and He initialization": He is a name here
    joined = [(wa, wb) for a, b in _JOINED.findall(question)
              if (wa := _last_name(a)) and (wb := _last_name(b))
              and not _heads_both(wb, wa, question)]
    found = [(a, b) for a, b in joined if _apart(a, b, named)]
    # A list's items only when no two subjects are joined: a point about two items of a
    # list ("each node is cordoned and drained") is no claim about either alone, and taking
    # "cordon" beside "drain and PodDisruptionBudgets" let a swap of the two cover that point
    # (bench.swaps --set told, t135: 2.8 -> 5.0).
    if not found:
        for a, b in _listed(question):
            if _apart(a, b, named) and {(a, b), (b, a)}.isdisjoint(found):
                found.append((a, b))
    return found


def _apart(a: str, b: str, named: list[set[str]]) -> bool:
    """Whether two words name things the key points tell apart: rare in the notes, each the
    subject of some point that does not name the other."""
    x, y = stem(a), stem(b)
    return (x != y and min(rarity.weight(x), rarity.weight(y)) >= SUBJECT_RARITY
            and any(x in n and y not in n for n in named)
            and any(y in n and x not in n for n in named))


# A list of three or more subjects: "processes, threads and an async event loop", "unit
# tests, integration tests and end-to-end tests". An item is a few words; a longer piece
# between commas is prose, and a question listing more items than this is a pasted page.
_LIST_END = re.compile(r"^(?P<last>.+?)\s+(?:and|or)\s+(?P<final>.+)$", re.I)
_CLAUSE_END = re.compile(r"[.?!;:]")
ITEM_WORDS, MAX_ITEMS = 4, 8


# A list is of rivals only where the question sets them against each other: "jobs, stages
# and tasks" or "topics, partitions and offsets" are parts of one thing, and a model answer
# saying what the DAG scheduler cuts into stages was named as an error about jobs.
_COMPARING = re.compile(r"\b(?:compar\w*|contrast\w*|differen\w*|versus|vs\b|choose between)",
                        re.IGNORECASE)


def _listed(question: str) -> list[tuple[str, str]]:
    """Every pair of the items a question compares in a list, each named by its first word
    the others do not share ("unit", "integration", "end-to-end" for three kinds of tests)."""
    pairs: list[tuple[str, str]] = []
    for clause in _CLAUSE_END.split(question):
        pieces = [p.strip() for p in clause.split(",")]
        if len(pieces) > MAX_ITEMS or not _COMPARING.search(clause):
            continue
        for last in range(1, len(pieces)):
            items = _items(pieces[:last + 1])
            if items is not None:
                shared = set.intersection(*map(set, items))
                names = [next((w for w in item if w not in shared), None) for item in items]
                kept = [n for n in names if n and _fit_name(n)]
                pairs += [(a, b) for k, a in enumerate(kept) for b in kept[k + 1:] if a != b]
    return pairs


def _items(pieces: list[str]) -> list[list[str]] | None:
    """The items of a list that ends in the last piece ("a mediator and a collider"), its
    middle pieces short and whole, its first item the end of the piece before them; None
    when the pieces hold no list of three or more."""
    ending = _LIST_END.match(re.sub(r"^(?:and|or)\s+", "", pieces[-1], flags=re.I))
    if ending is None:
        return None
    items = [_content(ending.group("last")), _head(ending.group("final"))]
    for piece in reversed(pieces[:-1]):
        whole = _content(piece)
        if whole and len(whole) <= ITEM_WORDS and _tail(piece) == whole:
            items.insert(0, whole)
            continue
        items.insert(0, _tail(piece))
        break
    if len(items) < 3 or any(not 0 < len(i) <= ITEM_WORDS for i in items):
        return None
    return items


# words that open a question rather than name a subject ("Compare processes, threads ...")
_ASKING = frozenset({"compare", "contrast", "explain", "describe", "define", "difference",
                     "differences", "between", "list", "name", "discuss"})


def _content(piece: str) -> list[str]:
    return [w for w in words(_ARTICLE.sub("", piece.strip())) if w not in STOPWORDS]


def _tail(piece: str) -> list[str]:
    """The item a list opens with: the content words at the end of its first piece ("What
    is the difference between unit tests" -> unit, tests)."""
    return _run(reversed(words(piece)))[::-1]


def _head(piece: str) -> list[str]:
    """The item a list ends with: the content words at the start of its last piece, past an
    article ("an async event loop as ways to ..." -> async, event, loop)."""
    return _run(words(_ARTICLE.sub("", piece.strip())))


def _run(said: Iterable[str]) -> list[str]:
    """The words up to the first stopword or asking word."""
    run: list[str] = []
    for word in said:
        if word in STOPWORDS or word in _ASKING:
            break
        run.append(word)
    return run


HEAD_REACH = 3  # "encryption in transit": a shared head stands at most this many words before


def _heads_both(head: str, side: str, question: str) -> bool:
    """Whether a word the question joins to a side is the head both sides share, said before
    that side too: "encryption in transit and encryption at rest" sets transit against rest,
    not transit against encryption."""
    said = words(question)
    return any(w == side.lower() and head.lower() in said[max(0, k - HEAD_REACH):k]
               for k, w in enumerate(said))


def _last_name(phrase: str) -> str | None:
    """The phrase's last content word, as `content_stems` reads it ("Xavier/Glorot" ->
    "glorot")."""
    kept = [w for w in words(phrase) if w not in STOPWORDS and len(w) > 1]
    return kept[-1] if kept else None


def told_sides(question: str, points: tuple[str, ...] | list[str]) -> list[Pair]:
    """The pairs `told_apart` finds, each side with the other names the question and its
    key points give it ("Xavier/Glorot"): the told-apart name first."""
    said = with_names(" ".join((question, *points)))
    return [(_aliased(a, said), _aliased(b, said)) for a, b in told_apart(question, points)]


# Two proper names for one thing, written with a slash: "Xavier/Glorot", "He/Kaiming".
_ALIAS = re.compile(r"\b([A-Z][a-z]+)/([A-Z][a-z]+)\b")


def _aliased(name: str, said: str) -> tuple[str, ...]:
    """A told-apart name and the names the question and its key points give it with a slash:
    an answer saying "Xavier" names the side the question calls "Xavier/Glorot"."""
    aliases = [w.lower() for pair in _ALIAS.findall(said) if name in map(str.lower, pair)
               for w in pair if w.lower() != name]
    return (name, *dict.fromkeys(aliases))


@lru_cache(maxsize=1024)
def opposites_for(question: str, points: tuple[str, ...] = ()) -> tuple[Pair, ...]:
    """The authored pairs, then the pairs this question sets against each other (as it is
    phrased, and as its key points tell them apart) that share no name with them. A mined
    pair holds for its own question only: "shallow" and "deep" are opposites in a question
    on copying objects, not in one on decision trees, whose answers say "a deep tree" and
    "greater depth"."""
    pairs = list(AUTHORED)
    for pair in contrasted(question) + told_sides(question, points):
        names = set(pair[0]) | set(pair[1])
        if not any(names & (set(a) | set(b)) for a, b in pairs):
            pairs.append(pair)
    return tuple(pairs)
