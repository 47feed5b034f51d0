"""Formulas a wrong version states, and whether an answer states them too.

"The sum from day i to day j inclusive is prefix[j] - prefix[i]" differs from its key point
("... is prefix[j + 1] - prefix[i]") by a "+ 1" that a sentence vector cannot see, and by no
word: only the formula tells the two apart. So does "sigma / n" against "sigma / sqrt(n)", or
"Cov(X, Y) / Var(Y)" against "/ Var(X)". A formula is compared as written, with spaces,
case and a few symbols made one ("Var(X) - Var(Y)" is "var(x)-var(y)"), never by value.
Big-O costs are read by `complexity`, numbers alone by `values`.
"""

from __future__ import annotations

import re

from agents.grading.text import STOPWORDS

_SYMBOLS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u00d7": "*", "\u00b7": "*",
                          "\u22c5": "*", "\u00b2": "^2", "\u00b3": "^3", "\u221a": "sqrt",
                          "\u2264": "<=", "\u2265": ">="})
_OPERATORS = "=+-*/^|<>"
_OPENS, _CLOSES = "([{", ")]}"
_LETTER = re.compile(r"[a-z]")
# an operator, or a name applied to something: "var(x)", "prefix[j]"
_FORMULA = re.compile(r"[=+*/^|<>\[]|[a-z_]\w*\(")
_COST = re.compile(r"^(?:o|\u03b8|theta|omega)\(")  # read by `complexity`
_OPERAND = re.compile(r"[a-z]+")
_EDGE = ".,;:!?'\"`"
# a formula found inside a longer one is not said: "sigma/n" in "sigma/n^2" or "2sigma/n"
_BEFORE = r"(?<![\w)\]}.^])"
_CONTRASTED = re.compile(r"\b(?:than|not|instead of|unlike|nor|versus|vs\.?)\s*$")
_AFTER = r"(?![\w(\[{^])(?!\.\w)"  # a stop may follow


def compact(text: str) -> str:
    """The text with formulas written one way: lower case, no spaces around operators or
    inside brackets, common symbols in ASCII ("(X − Y)²" is "(x-y)^2")."""
    # runs of spaces become one first, so each step below is linear in the text
    text = " ".join(text.lower().translate(_SYMBOLS).replace("**", "^").split())
    out: list[str] = []
    depth = 0
    for k, ch in enumerate(text):
        depth = depth + (ch in _OPENS) - (ch in _CLOSES if depth else 0)
        if ch == " ":
            before = out[-1] if out else ""
            after = text[k + 1:k + 2]
            if depth or before in _OPERATORS + _OPENS or (after and after in _OPERATORS + _CLOSES):
                continue
        out.append(ch)
    return "".join(out)


def formulas(text: str) -> set[str]:
    """The formulas a text writes: words joined by operators or applied to arguments. Not
    costs, not "CI/CD", and not words an operator merely stands between ("with == is")."""
    found = set()
    for token in compact(text).split():
        token = token.strip(_EDGE)
        if (_LETTER.search(token) and _FORMULA.search(token) and not _COST.match(token)
                and not re.fullmatch(r"[a-z]+/[a-z]+", token)
                and not any(w in STOPWORDS for w in _OPERAND.findall(token) if len(w) > 1)):
            found.add(token)
    return found


def telling(wrong: str, correct: list[str]) -> set[str]:
    """The formulas of a wrong version that no correct statement writes, even inside a
    longer formula ("Var(X + Y) = Var(X) + Var(Y)" is the start of the right formula), other
    than to set it apart ("sqrt(SE_A^2 + SE_B^2), which is smaller than SE_A + SE_B")."""
    rights = [compact(t) for t in correct]
    return {f for f in formulas(wrong) if not any(_affirms(f, r) for r in rights)}


def _affirms(formula: str, text: str) -> bool:
    at = text.find(formula)
    while at >= 0:
        if not _CONTRASTED.search(text[:at]):
            return True
        at = text.find(formula, at + 1)
    return False


def writes(formula: str, text: str) -> bool:
    """Whether the text writes this formula, whole: not as part of a longer one."""
    return re.search(_BEFORE + re.escape(formula) + _AFTER, compact(text)) is not None


def goes_on_to(own: set[str], wrong: set[str], unit: str, sentence: str) -> bool:
    """Whether the unit's sentence, from the unit's first formula of `wrong` (or from the
    unit's start), goes on to write one of `own`: "each class gets probability 1/C, so the
    loss is -ln(1/C) = ln(C)" passes 1/C on the way to ln(C); "some think ln(C), whereas 1/C"
    ends on the wrong one."""
    whole, part = compact(sentence), compact(unit)
    start = max(whole.find(part), 0)
    marks = [m.start() for f in wrong
             for m in [re.search(_BEFORE + re.escape(f) + _AFTER, part)] if m]
    rest = whole[start + (min(marks) if marks else 0):]
    return any(writes(f, rest) for f in own)

