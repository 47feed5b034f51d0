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


_HELD = "\u2063"  # an invisible separator: a semicolon held while sentences are split


def full_sentences(text: str) -> list[str]:
    """Sentences as `sentences` splits them, but whole across semicolons: what follows one
    goes on about the same subject."""
    return [s.replace(_HELD, ";") for s in sentences(text.replace(";", _HELD))]


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


# Some names are stopwords or symbols in prose, so "WHERE filters groups, HAVING filters
# rows", "He initialization suits tanh" or "`is` compares values, == identity" said nothing of
# the subject and a swap went unseen. Written as names they are read as words of their own
# ("whereclause", "heinit", "iscode", "equalsop"):
# - SQL's clause keywords in capitals;
# - He (Kaiming He's initialization) before a word of initialization or "/Kaiming", or in
#   capitals inside a sentence, where the pronoun is written "he";
# - a stopword quoted as code (`is`, `in`), or "is" named as an operator ("the is operator",
#   "is checks identity": the verb is never followed by one);
# - Python's equality operators.
_SQL_KEYWORD = re.compile(r"\b(WHERE|HAVING|ON|IN)\b")
_HE_INIT = re.compile(
    r"\bHe\b(?=\s*[-/(]?\s*(?:Kaiming|init|initiali[sz]\w*|normal|uniform)\b)"
    r"|(?<=[a-z0-9,;] )He\b(?!')")
_CODE_WORD = re.compile(
    r"`(?P<code>[a-z]+)`|\b(?P<bare>is)(?= operator\b| (?:compares|checks|tests)\b)")
_OPERATORS = {"==": "equalsop", "!=": "notequalsop"}
_OPERATOR = re.compile(r"`?(?<![=!<>])(?P<op>==|!=)(?!=)`?")


def _code_word(found: re.Match[str]) -> str:
    word = found.group("code") or found.group("bare")
    return f"{word}code" if word in STOPWORDS else found.group(0)


_NAME_SUFFIXES = ((_SQL_KEYWORD, "clause", str.upper), (_HE_INIT, "init", str.capitalize))


def with_names(text: str) -> str:
    """The text with each such name marked as its own word ("He init" -> "Heinit init"), for
    patterns that read a phrase apart from its sentence; marking twice changes nothing."""
    for pattern, suffix, _ in _NAME_SUFFIXES:
        text = pattern.sub(lambda m, suffix=suffix: m.group(0) + suffix, text)
    text = _CODE_WORD.sub(_code_word, text)
    return _OPERATOR.sub(lambda m: f" {_OPERATORS[m.group('op')]} ", text)


_MARKED = re.compile(r"\b[A-Za-z]+(?:clause|init|code|op)\b")


def without_names(text: str) -> str:
    """`with_names` undone: each marked name as an answer writes it."""
    return _MARKED.sub(lambda m: _unmarked(m.group(0)), text)


def _unmarked(word: str) -> str:
    written = as_written(word.lower())
    return word if written == word.lower() else written


def words(text: str) -> list[str]:
    return _WORD.findall(with_names(text).lower())


def as_written(word: str) -> str:
    """A word as an answer writes it: a name that is a stopword or a symbol in prose
    ("WHERE", "He", "`is`", "==")."""
    for _, suffix, written in _NAME_SUFFIXES:
        name = word.removesuffix(suffix)
        if name != word and name in STOPWORDS:
            return written(name)
    code = word.removesuffix("code")
    if code != word and code in STOPWORDS:
        return f"`{code}`"
    return next((symbol for symbol, name in _OPERATORS.items() if name == word), word)


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
