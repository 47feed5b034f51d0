"""Values a key point states, and whether an answer states one of them.

"Audio is streamed in chunks of about 100-300 ms" is made by "roughly 200 ms chunks", not by
"audio chunks go to a streaming ASR": the value is what the point teaches, and a sentence
about the same things without it reads all but the same to a sentence vector. So a point
that states a value is ticked only when the answer states one of its values (a value inside
a range the point gives counts). Not every number in a point is such a value:
- costs (O(n)) are complexity.py's;
- numbers inside code and formulas ("prefix[j + 1]", "SE_A^2") are symbols, not values;
- a bound ("factors below 1", "at least 30") is met by other values ("at most 0.25");
- an example ("for example, 90% intervals") may be any other example.
"""

from __future__ import annotations

import re

from agents.grading.complexity import without_costs
from agents.grading.glossary import same_number
from agents.grading.spoken import spoken_values

# code, formula and name digits: an index, a power, a subscript, a name with digits (F1, L2,
# SCD2), digits with letters that are no unit (3NF, 2PC, 2PR), a number over, times, plus or
# minus a variable ("1 / delta^2", "2 * P", "1 - beta"), a numbered name ("Type 2", "stage 1")
_UNITS = r"(?:[kKMBGTx]|ms|us|ns|s|h|d|px|[kKMG]?Hz|[kKMGT]B|[kKMGT]b|bps|fps|qps|rps|tps)"
_SYMBOLS = re.compile(
    r"(?<!\w)\w*\[[^][]{0,80}\]|\^\s*\(?[\w.]+\)?|_\w+|\b[A-Za-z]+\d+\w*\b"
    rf"|(?<![\w.])\d+(?!{_UNITS}\b)(?![eE][-+]?\d)[A-Za-z]\w*"
    r"|(?<![\w.])\d+(?:\.\d+)?\s*(?:/|\*|\s-\s|\+)\s*\(?[A-Za-z]\w*"
    r"|[A-Za-z)]\s*(?:[*/+]|\s-\s)\s*\d+(?:\.\d+)?(?!\w|\.\d)"
    r"|\b(?:type|stage|phase|level|tier|version|step|rule|part|option|round|generation|gen"
    r"|figure|table|section|chapter|http|python|java)\s*\d+\b", re.IGNORECASE)
_BOUND = re.compile(r"\b(?:below|above|under|over|less than|more than|fewer than|at most|"
                    r"at least|up to|exceeds?|beyond|within|than)\s*$|[<>≤≥]=?\s*$",
                    re.IGNORECASE)
_EXAMPLE = re.compile(r"\b(?:for example|for instance|e\.g\.|say,|such as)", re.IGNORECASE)
# a value: a number, in scientific notation, a fraction, a percentage, a multiple (1k, 50M)
_VALUE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?:[eE]([-+]?\d{1,3}))?"
                    r"(?:\s*/\s*(\d+(?:\.\d+)?)(?!\w|\.\d))?(\s*(?:%|percent))?"
                    r"(?:([kKMB])(?![A-Za-z]))?")
# a number ends where no digit goes on: a stop after it ends the sentence ("is 1/3.")
_RANGE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)(?!\d|\.\d)")
_MULTIPLE = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))  # keeps every other character where it was


def _plain(text: str) -> str:
    """The text with one spelling of numbers ("1,000" is 1000, ".05" is 0.05, 10^3 is 1000)
    and its costs and symbols blanked, whose digits are no values."""
    text = " ".join(text.split())
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    text = re.sub(r"(?<![\w.])\.(?=\d)", "0.", text)
    text = re.sub(r"\b10\s*\^\s*(\d{1,2})\b", lambda m: str(10 ** int(m.group(1))), text)
    return _SYMBOLS.sub(_blank, without_costs(text))


def _read(match: re.Match[str], parts: bool) -> list[float]:
    """The values one number states; a fraction is its quotient ("1/3" is 0.333, never 1
    or 3), and its parts too when `parts` (an answer's "5/500" also says 5 and 500)."""
    whole, exponent, denominator, percent, multiple = match.groups()
    value = float(whole) * 10 ** int(exponent or 0)
    values = [] if denominator and not parts else [value]
    if denominator and float(denominator):
        values.append(value / float(denominator))
        if parts:
            values.append(float(denominator))
    if percent:
        values.append(value / 100)
    if multiple:
        values.append(value * _MULTIPLE[multiple])
    return values


def stated_values(point: str) -> list[float]:
    """The values the point teaches: not bounds, not examples."""
    return _taught(_plain(point))


def _taught(text: str) -> list[float]:
    """The values a plain text (`_plain`) teaches."""
    example = _EXAMPLE.search(text)
    out: list[float] = []
    for match in _VALUE.finditer(text):
        # an example's numbers run on after its marker: "for example, 90% intervals
        # contain about 90% of actuals"
        if (_BOUND.search(text[max(0, match.start() - 30):match.start()])
                or (example and example.start() < match.start())):
            continue
        out += _read(match, parts=False)
    return out


# values said in words, as shares and as percentages ("three quarters" is 0.75 and 75%)
_SPOKEN = {"zero": (0.0,), "half": (0.5, 50.0), "quarter": (0.25, 25.0),
           "three quarters": (0.75, 75.0), "three fourths": (0.75, 75.0),
           "third": (1 / 3, 100 / 3), "two thirds": (2 / 3, 200 / 3),
           "two": (2.0,), "three": (3.0,), "four": (4.0,), "five": (5.0,), "six": (6.0,),
           "seven": (7.0,), "eight": (8.0,), "nine": (9.0,), "ten": (10.0,),
           "twelve": (12.0,), "twenty": (20.0,), "thirty": (30.0,), "fifty": (50.0,),
           "hundred": (100.0,), "thousand": (1000.0,), "million": (1e6,)}
_SPOKEN_WORD = re.compile(r"\b(?:three[\s-]quarters|three[\s-]fourths|two[\s-]thirds|"
                          + "|".join(_SPOKEN) + r")\b", re.IGNORECASE)


def said_values(answer: str) -> list[float]:
    """The values an answer states, in figures or in words."""
    spoken = [v for m in _SPOKEN_WORD.finditer(answer)
              for v in _SPOKEN[re.sub(r"[\s-]+", " ", m.group(0).lower())]]
    return ([v for m in _VALUE.finditer(_plain(answer)) for v in _read(m, parts=True)]
            + spoken + spoken_values(answer))


def _ranges(text: str) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in _RANGE.findall(text) if float(a) < float(b)]


def states_values(point: str, answer: str) -> bool:
    """Whether the answer states a value the point teaches (True for a point that teaches
    none): the same value, or one inside a range the point gives."""
    text = _plain(point)
    wanted = _taught(text)
    if not wanted:
        return True
    said = said_values(answer)
    if any(same_number(w, s) for w in wanted for s in said):
        return True
    return any(low <= s <= high for low, high in _ranges(text) for s in said)
