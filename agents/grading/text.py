"""Plain-text helpers for grading: sentences, content words and light stemming."""

from __future__ import annotations

import re

# A sentence ends at its stop, not at an abbreviation's ("e.g. Dm7-G7-Cmaj7 in C" is no new
# sentence); "etc." ends one only before a capital.
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?;])(?<!(?i:\be\.g\.))(?<!(?i:\bi\.e\.))(?<!(?i:\bvs\.))(?<!(?i:\bcf\.))"
    r"(?<!(?i:\bfig\.))(?<!(?i:\bincl\.))(?<!(?i:\bapprox\.))(?<!(?i:\betc\.))\s+"
    r"|(?<=\betc\.)\s+(?=[A-Z])|\n+|(?<!\s)\s+-\s+(?=[A-Z])")  # (?<!\s): linear in spaces
_BULLET = re.compile(r"^\s*([-*•]|\d{1,2}[.)])\s+")
# a line break inside a sentence (a hard-wrapped paste: "This is not\ngradient clipping")
# ends nothing: the line ends in a word or comma and the next goes on in lower case
_WRAPPED_LINE = re.compile(r"(?<=[\w,])[ \t]*\n[ \t]*(?=[a-z])")
_WORD = re.compile(r"[a-z][a-z0-9+#-]*|\d+(?:\.\d+)?")

_STOPWORD_TEXT = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each etc few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just let me more most my myself no nor not now of off on once only or other our ours ourselves
out over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves one two use used using way may
might must shall us thing things get got make makes made like e g ie eg vs via per within without
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def sentences(text: str) -> list[str]:
    """Split into sentences and list items; bullets lose their markers."""
    text = _WRAPPED_LINE.sub(" ", text)
    parts = (_BULLET.sub("", part).strip() for part in _SENTENCE_BREAK.split(text))
    return [part for part in parts if len(part) > 1]


def line_ends(text: str) -> set[str]:
    """The last sentence of each line that ends a statement, stop or no stop, as `sentences`
    gives it: a list item (a line opening with a bullet or a number), or a line that ends in
    a word that can end one. A hard-wrapped paste breaks lines inside sentences, and those
    lines end in "and", "the", "of" or a comma ("leaving BB and" / "BG, so...") or go on in
    lower case; the other wraps are read as two statements, and as one where a claim is
    read across adjacent sentences."""
    lines = _WRAPPED_LINE.sub(" ", text).splitlines()
    return {said[-1] for line in lines if _BULLET.match(line) or _ends_statement(line)
            for said in [sentences(line)] if said}


def _ends_statement(line: str) -> bool:
    last = line.rstrip()
    tail = words(last[-40:])
    return bool(tail) and last[-1] not in ",-/(&+" and tail[-1] not in STOPWORDS


def stem(word: str) -> str:
    """A light suffix stripper: enough to match 'regularizes' with 'regularization'."""
    for suffix in ("ational", "ization", "isation", "ations", "ation", "ements", "ement",
                   "ness", "ments", "ment", "ities", "ity", "ingly", "ings", "ing", "edly",
                   "ies", "ied", "ers", "er", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# SQL's clause keywords are stopwords in prose, so "WHERE filters groups, HAVING filters
# rows" would say nothing of either and a swap of the two went unseen. In capitals they are
# names, read as words of their own ("whereclause").
_SQL_KEYWORD = re.compile(r"\b(WHERE|HAVING|ON|IN)\b")
_KEYWORD_SUFFIX = "clause"


def words(text: str) -> list[str]:
    return _WORD.findall(_SQL_KEYWORD.sub(lambda m: m.group(0) + _KEYWORD_SUFFIX, text).lower())


def as_written(word: str) -> str:
    """A word as an answer writes it: a SQL keyword's name in capitals ("WHERE")."""
    keyword = word.removesuffix(_KEYWORD_SUFFIX)
    return keyword.upper() if keyword != word and keyword in STOPWORDS else word


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stopwords), in order."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def stem_set(text: str) -> frozenset[str]:
    """The text's content stems in one form each: what it says, as a set of words."""
    return frozenset(undouble(s) for s in content_stems(text))


def undouble(stem: str) -> str:
    """One form for a word and its inflections: 'tagg' (tagging) -> 'tag', 'tune' and 'tun'
    (tuned) -> 'tun'."""
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiousl":
        return stem[:-1]
    return stem[:-1] if len(stem) > 3 and stem.endswith("e") else stem
