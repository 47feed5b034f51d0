"""Values said in words: "twenty-three", "four times", "a tenth", "two thirds", "one in a
thousand". A candidate says them as often as figures ("SE halves with 4x the data" for
"four times as many observations"; "above a quarter" for "above 0.25"), and a sentence vector
barely sees either. Single small words ("one", "two") are left alone: "one consumer per
partition" states no value.
"""

from __future__ import annotations

import re

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
          "twenty": 20, "hundred": 100, "thousand": 1000, "million": 1e6}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ONES = {k: v for k, v in _UNITS.items() if v < 10}
_PARTS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
          "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
          "hundredth": 100, "hundredths": 100, "thousandth": 1000, "thousandths": 1000}
_COUNT = "|".join(_UNITS)
_COMPOUND = re.compile(rf"\b({'|'.join(_TENS)})[\s-]({'|'.join(_ONES)})\b", re.I)
_TIMES = re.compile(rf"\b({'|'.join(k for k, v in _UNITS.items() if 2 <= v <= 12)})"
                    r"\s+times\b", re.I)
# not a name that starts with one ("a third-party library", "a half-life")
_FRACTION = re.compile(rf"\b(a|one|{_COUNT})[\s-]({'|'.join(_PARTS)})\b(?!-\w)", re.I)
_ONE_IN = re.compile(rf"\bone\s+in\s+(?:a\s+|one\s+)?({_COUNT}|\d+)\b", re.I)


def _count(word: str) -> float:
    word = word.lower()
    return float(word) if word.isdigit() else float(_UNITS.get(word, 1))


def spoken_values(text: str) -> list[float]:
    """The values the text says in words (a fraction as its share)."""
    found = [float(_TENS[m.group(1).lower()] + _ONES[m.group(2).lower()])
             for m in _COMPOUND.finditer(text)]
    found += [float(_UNITS[m.group(1).lower()]) for m in _TIMES.finditer(text)]
    for m in _FRACTION.finditer(text):
        count = 1.0 if m.group(1).lower() == "a" else _count(m.group(1))
        found.append(count / _PARTS[m.group(2).lower()])
    found += [1 / n for n in (_count(m.group(1)) for m in _ONE_IN.finditer(text)) if n]
    return found
