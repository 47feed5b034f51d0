"""Formulas a key point and an answer state, and whether they say the same thing.

A sentence vector cannot tell "prefix[j] - prefix[i]" from "prefix[j + 1] - prefix[i]": the
two read alike and share every word. A formula is read here as an expression instead and
evaluated at a few fixed points: two formulas over the same names agree when their values do
("TP / (TP + FP)" and "TP/(FP+TP)"), and differ when they do not. Nothing is evaluated with
`eval`: the expression is parsed with `ast` and only arithmetic is walked; anything else
(implicit products, words, huge powers) is unreadable and compared with nothing.

A contradiction names an error beside the candidate's words, so every doubt reads as none:
formulas said of different things, parts of a formula, identities of functions whose meaning
is not known here and formulas set apart with "not" are never contradictions.
"""

from __future__ import annotations

import ast
import math
import re
import zlib
from functools import lru_cache

# an operand: a name or a number, then any index or call brackets ("prefix[j + 1]",
# "sqrt(SE_A^2 + SE_B^2)", one level of nesting inside)
_BRACKETED = r"(?:\[[^\[\]]{1,40}\]|\((?:[^()]|\([^()]{0,40}\)){1,60}\))"
_OPERAND = rf"(?:[A-Za-z_][A-Za-z0-9_]*{_BRACKETED}*|\d+(?:\.\d+)?|{_BRACKETED})"
_OPERATOR = r"\s*(?:\*\*|[-+*/^\u00b7\u00d7\u2212\u22c5\u2219])\s*"
FORMULA = re.compile(rf"(?<![\w.]){_OPERAND}(?:{_OPERATOR}{_OPERAND})*(?![\w(\[])")
_SIGN = re.compile(r"[-+*/^\u00b7\u00d7\u2212\u22c5\u2219]")  # one, in brackets or not
# words joined by hyphens alone ("train-test", "day-to-day") are words, not a difference
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")
MAX_FORMULA = 80  # characters: longer spans are prose with signs in it, or hostile
MAX_POWER = 8.0  # a larger exponent is no formula a candidate states (and would overflow)
# functions whose meaning is known; any other called or indexed name is a function of its own
_KNOWN = {"sqrt": math.sqrt, "log": math.log, "ln": math.log, "exp": math.exp, "abs": abs,
          "log2": math.log2, "log10": math.log10}
_POINTS = (0.37, 1.9, 2.6)  # where both formulas are evaluated: no integer coincidences
_SIGNS = str.maketrans({"^": "**", "\u00b7": "*", "\u00d7": "*", "\u2212": "-",
                        "\u22c5": "*", "\u2219": "*"})


# A span a larger expression continues, written with implicit products or a norm's bars
# ("16 sigma^2 / delta^2", "y log p + (1 - y) log(1 - p)", "||a - b||"): only a part of it
# was read, so it is compared with nothing.
_CONTINUED_BEFORE = re.compile(
    r"(?:[|\u00b7*/^(\[-]|\d|\b(?:log|ln|exp|sqrt|sum|mean|var|e))\s?$"
    r"|(?<!\w)(?![aAI]\s)[A-Za-z]\s$", re.IGNORECASE)
_CONTINUED_AFTER = re.compile(r"\s?(?:[|(\[\d]|\^\s*-|(?:log|ln|exp|sqrt|sum)\b)", re.IGNORECASE)
# a formula followed by "=" is what the claim is about, not the claim ("Var(X - Y) = ...")
_LEFT_OF = re.compile(r"\s*=(?!=)")
# what a formula is said to equal, right before it ("Var(X - Y) = ...", "recall = ...")
_LEFT_SIDE = re.compile(r"([\w\[\]()+\-*/^ ,|]{1,30}?)\s*=\s*$")


def formulas(text: str) -> list[str]:
    """The formulas a text states, as written ("prefix[j] - prefix[i]"); a number alone or a
    range of words ("train-test", "day-to-day") is none."""
    return [formula for formula, _ in sided(text)]


_LEADING_WORDS = re.compile(r"^(?:(?:so|then|thus|hence|and|where|with|that|the|i\.e\.|"
                            r"we|get|have|is)\s+)+", re.IGNORECASE)


def _left(side: str) -> str:
    """What a formula is said to equal, without the words that lead into it ("so z")."""
    return "".join(_LEADING_WORDS.sub("", side.strip()).lower().split())


@lru_cache(maxsize=4096)
def sided(text: str) -> tuple[tuple[str, str], ...]:
    """(formula, what it is said to equal or "") for each formula of the text."""
    found = []
    for match in FORMULA.finditer(text):
        span = match.group(0).strip()
        if _whole_formula(span, text[max(0, match.start() - 12):match.start()],
                          text[match.end():match.end() + 12]):
            left = _LEFT_SIDE.search(text[max(0, match.start() - 40):match.start()])
            found.append((span, _left(left.group(1)) if left else ""))
    return tuple(found)


def _whole_formula(span: str, before: str, after: str) -> bool:
    """Whether a span is a formula of its own: signs between names with brackets, a number
    or two signs ("precision/recall" is prose), no words joined by hyphens, nothing that
    continues it on either side, not the left side of "=", and readable."""
    return (len(span) <= MAX_FORMULA and bool(_names(span)) and bool(_SIGN.search(span))
            and (bool(re.search(r"[\[(\d]", span)) or len(_SIGN.findall(span)) >= 2)
            and not _HYPHENATED.fullmatch(span) and not _CONTINUED_BEFORE.search(before)
            and not _CONTINUED_AFTER.match(after) and not _LEFT_OF.match(after)
            and _tree(span) is not None)


def _names(formula: str) -> frozenset[str]:
    return frozenset(n.lower() for n in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", formula)
                     if n.lower() not in _KNOWN)


_CALLED = re.compile(r"\b([a-z_][a-z0-9_]*)\(")


def _readings(formula: str) -> list[ast.expr]:
    """The formula's readings: a name before brackets as a function ("Var(X)"), and, for a
    name that is no known function, as a product ("r(d + k)" is r·(d + k))."""
    trees = [_tree(formula), _tree(formula, products=True)]
    return [t for t in trees if t is not None]


@lru_cache(maxsize=1024)
def _tree(formula: str, products: bool = False) -> ast.expr | None:
    """The formula as an arithmetic expression (indexing read as a call), or None."""
    text = formula.lower().replace("**", "^").translate(_SIGNS)
    if products:
        text = _CALLED.sub(lambda m: m.group(0) if m.group(1) in _KNOWN else m.group(1) + "*(",
                           text)
    text = text.replace("[", "(").replace("]", ")")
    try:
        tree = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError):
        return None
    allowed = (ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Call, ast.Load,
               ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)
    if not all(isinstance(node, allowed) for node in ast.walk(tree)):
        return None
    if any(isinstance(n, ast.Call) and not isinstance(n.func, ast.Name) for n in ast.walk(tree)):
        return None
    return tree


def _value(node: ast.expr, at: float) -> float:
    """The expression's value with every name set by `at` (each name its own value)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        # each name its own line through the points, so no two names move together
        code = zlib.crc32(node.id.encode())
        return (1 + (code % 89) / 37) * at + (code % 997) / 331
    if isinstance(node, ast.UnaryOp):
        inner = _value(node.operand, at)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        args = [_value(a, at) for a in node.args]
        known = _KNOWN.get(node.func.id)
        if known is not None and len(args) == 1:
            return float(known(args[0]))
        # a function of its own: the same name gives the same values in both formulas
        seed = zlib.crc32(node.func.id.encode()) % 997
        return math.sin(sum(args) * (1 + seed / 997)) + seed / 97
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, at), _value(node.right, at)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return left / right
        if isinstance(node.op, ast.Pow) and abs(right) <= MAX_POWER:
            return float(left ** right)
    raise ValueError("not arithmetic")


def same(a: str, b: str) -> bool | None:
    """Whether two formulas have the same value everywhere they are evaluated; None when
    either cannot be read or evaluated."""
    found = [_same_trees(x, y) for x in _readings(a) for y in _readings(b)]
    if any(found):
        return True
    return False if False in found else None


def holds(outer: str, inner: str) -> bool:
    """Whether a part of `outer` is the formula `inner` ("1.96·sqrt(SE_A^2 + SE_B^2)" holds
    "sqrt(SE_A^2 + SE_B^2)"): it states it, inside a larger claim."""
    return any(isinstance(node, ast.expr) and _same_trees(node, part)
               for whole in _readings(outer) for part in _readings(inner)
               for node in ast.walk(whole))


def _values(first: ast.expr, second: ast.expr) -> list[tuple[float, float]] | None:
    """Both expressions' values at each point, or None when either cannot be evaluated."""
    try:
        pairs = [(_value(first, at), _value(second, at)) for at in _POINTS]
    except (ValueError, ZeroDivisionError, OverflowError, TypeError, RecursionError):
        return None
    if any(isinstance(x, complex) or isinstance(y, complex) for x, y in pairs):
        return None
    return pairs


def _same_trees(first: ast.expr, second: ast.expr) -> bool | None:
    pairs = _values(first, second)
    if pairs is None:
        return None
    return all(math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9) for x, y in pairs)


def other_formula(point: str, unit: str) -> str | None:
    """A formula of the unit over the same names as a formula of the point (two names at
    least) and said of the same thing, that differs from it by more than a constant factor
    or term: "the sum from day i to day j inclusive is prefix[j] - prefix[i]" against "A
    range sum from i to j inclusive is prefix[j + 1] - prefix[i]". Only a plain claim is
    read: a unit that sets something apart ("not SE_A + SE_B", "a common mistake is ...") or
    names its own convention ("half-open", "1-indexed") states no error this way, nor does a
    formula the point also names ("smaller than SE_A + SE_B") or one said of something else
    ("the false discovery rate is FP/(TP+FP)" beside "Precision = TP/(TP+FP)")."""
    if _APART.search(unit):
        return None
    stated, said = sided(point), sided(unit)
    if not stated or not said or len(said) > MAX_FORMULAS:
        return None
    # the point's formulas the unit does not state, and the unit's the point does not name
    missing = [(p, left) for p, left in stated if not any(_related(u, p) for u, _ in said)]
    own = [(u, equals) for u, equals in said if not any(_related(u, p) for p, _ in stated)]
    for u, equals in own:
        names = _names(u)
        if len(names) < 2:
            continue
        for p, left in missing:
            if (_names(p) == names and not (_opaque(p) or _opaque(u))
                    and _same_subject(point, p, left, unit, u, equals)
                    and same(p, u) is False):
                return u
    return None


MAX_FORMULAS = 6  # a unit with more is code or a derivation, not one claim to compare
# words that set a formula apart or give it another convention
_APART = re.compile(r"\b(?:not|no|never|rather|instead|unlike|mistakes?|wrong|incorrect|"
                    r"error|confus\w*|misconceptions?|half-open|exclusive|\d-indexed|"
                    r"zero-indexed|one-indexed|indexed from)\b|n't", re.IGNORECASE)
_SUBJECT_STOP = frozenset({"the", "and", "for", "with", "from", "that", "this", "which", "then",
                           "just", "its", "it's", "is", "are", "was", "were", "be", "of", "to",
                           "in", "on", "at", "by", "as", "so", "we", "you", "your", "our",
                           "can"})


def _opaque(formula: str) -> bool:
    """Whether the formula applies a function of unknown meaning to more than an index
    ("E[a*X]", "sum(p_i*(1 - p_i))", "P(A, B)"): identities such as linearity make formulas
    equal that their values here cannot; "prefix[j + 1]" is an index and is compared."""
    tree = _tree(formula)
    if tree is None:
        return True
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
               and node.func.id not in _KNOWN and not _an_index(node.args)
               for node in ast.walk(tree))


def _an_index(args: list[ast.expr]) -> bool:
    """One argument of names and numbers added or taken away ("j + 1")."""
    return len(args) == 1 and not any(
        isinstance(inner, ast.BinOp) and not isinstance(inner.op, (ast.Add, ast.Sub))
        for inner in ast.walk(args[0]))


def _related(a: str, b: str) -> bool:
    """Whether one formula states the other, holds it, or differs from it only by a constant
    factor or term ("1.96*sigma/sqrt(n)" and "sigma/sqrt(n)", "16 sigma^2/delta^2" written
    out): a part or a restatement of it, not another claim."""
    if holds(a, b) or holds(b, a):
        return True
    return any(_constant_apart(x, y) for x in _readings(a) for y in _readings(b))


def _constant_apart(first: ast.expr, second: ast.expr) -> bool:
    pairs = _values(first, second)
    if pairs is None:
        return False
    ratios = [x / y for x, y in pairs if y]
    differences = [x - y for x, y in pairs]
    return ((len(ratios) == len(pairs) and all(math.isclose(r, ratios[0], rel_tol=1e-6)
                                               for r in ratios))
            or all(math.isclose(d, differences[0], rel_tol=1e-6, abs_tol=1e-9)
                   for d in differences))


def _same_subject(point: str, p: str, left: str, unit: str, u: str, equals: str) -> bool:
    """Whether the two formulas are said of the same thing: the same left side, or a word
    of what the point says the formula is ("range sum ... inclusive") in what the unit
    says its formula is."""
    if left and equals:
        return left == equals
    wanted, given = _subject(point, p) | _left_words(left), _subject(unit, u) | _left_words(equals)
    if not wanted:
        return not given or bool(left == equals)
    return any(a.startswith(b) or b.startswith(a) for a in wanted for b in given)


SUBJECT_WORDS = 2  # "the standard error is": the words nearest the formula name what it is


def _subject(text: str, formula: str) -> set[str]:
    """The words of what a formula is said to be: the last words of its clause before it
    ("For a mean of n observations the variance is" -> observations, variance: not the
    standard error of the same mean)."""
    before = text[:text.find(formula)] if formula in text else ""
    clause = re.split(r"[,;:.()\[\]]", before)[-1]
    words = [w for w in re.findall(r"[a-z][a-z-]{2,}", clause.lower()) if w not in _SUBJECT_STOP]
    return set(words[-SUBJECT_WORDS:])


def _left_words(left: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z-]{2,}", left) if w not in _SUBJECT_STOP}
