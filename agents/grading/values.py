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
from agents.grading.glossary import numbers, same_number

# code and formula symbols: an index, a power, a subscript, a name with digits (F1, L2, p99),
# a number over, times or with a variable ("1 / delta^2", "2PR/(P+R)", "2 * P"); a number
# with its unit ("50M", "200ms") is a value
_SYMBOLS = re.compile(r"(?<!\w)\w*\[[^][]{0,80}\]|\^\s*\(?[\w.]+\)?|_\w+|\b[A-Za-z]+\d+\w*\b"
                      r"|(?<![\w.])\d+(?:\.\d+)?\s*/\s*\(?[A-Za-z]\w*"
                      r"|(?<![\w.])\d+[A-Za-z]+(?=\s*[-/*+^()])|(?<![\w.])\d+\s*\*\s*[A-Za-z(]"
                      r"|[A-Za-z)]\s*[*/]\s*\d+(?:\.\d+)?(?![\w.])")
_BOUND = re.compile(r"\b(?:below|above|under|over|less than|more than|fewer than|at most|"
                    r"at least|up to|exceeds?|beyond|within|than)\s*$|[<>≤≥]=?\s*$",
                    re.IGNORECASE)
_EXAMPLE = re.compile(r"\b(?:for example|for instance|e\.g\.|say,|such as)", re.IGNORECASE)
_RANGE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)(?![\w.])")
_PERCENT = re.compile(r"\s*(?:%|percent)")
_VALUE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def _plain(text: str) -> str:
    """The text without costs and symbols, whose digits are no values."""
    return _SYMBOLS.sub(" ", without_costs(text.replace(",000", "000")))


def stated_values(point: str) -> list[float]:
    """The values the point teaches: not bounds, not examples."""
    text = _plain(point)
    example = _EXAMPLE.search(text)
    out: list[float] = []
    for match in _VALUE.finditer(text):
        # an example's numbers run on after its marker: "for example, 90% intervals
        # contain about 90% of actuals"
        if (_BOUND.search(text[max(0, match.start() - 30):match.start()])
                or (example and example.start() < match.start())):
            continue
        value = float(match.group(0))
        out.append(value)
        if _PERCENT.match(text, match.end()):
            out.append(value / 100)  # "80%" is also 0.8
    return out


# values said in words, as shares and as percentages ("three quarters" is 0.75 and 75%)
_SPOKEN = {"half": (0.5, 50.0), "quarter": (0.25, 25.0), "three quarters": (0.75, 75.0),
           "third": (1 / 3, 100 / 3), "two thirds": (2 / 3, 200 / 3), "one": (1.0,),
           "two": (2.0,), "three": (3.0,), "four": (4.0,), "five": (5.0,), "six": (6.0,),
           "seven": (7.0,), "eight": (8.0,), "nine": (9.0,), "ten": (10.0,),
           "twelve": (12.0,), "twenty": (20.0,), "hundred": (100.0,), "thousand": (1000.0,)}
_SPOKEN_WORD = re.compile(r"\b(?:three quarters|two thirds|" + "|".join(_SPOKEN) + r")\b",
                          re.IGNORECASE)


def said_values(answer: str) -> list[float]:
    """The values an answer states, in figures or in words."""
    spoken = [v for m in _SPOKEN_WORD.finditer(answer) for v in _SPOKEN[m.group(0).lower()]]
    return numbers(_plain(answer)) + spoken


def _ranges(text: str) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in _RANGE.findall(text) if float(a) < float(b)]


def states_values(point: str, answer: str) -> bool:
    """Whether the answer states a value the point teaches (True for a point that teaches
    none): the same value, or one inside a range the point gives."""
    wanted = stated_values(point)
    if not wanted:
        return True
    said = said_values(answer)
    if any(same_number(w, s) for w in wanted for s in said):
        return True
    return any(low <= s <= high for low, high in _ranges(_plain(point)) for s in said)
