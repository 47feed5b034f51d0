"""Abbreviations and numbers as a grader should read them: "BIO" says "begin-inside-outside",
"5/500" says 0.01.

The glossary is built from the knowledge notes, which introduce every abbreviation as
"Full Name (ABBR)" (docs/authoring-questions.md), so adding a note teaches the grader its
terms. Numbers are compared by value: a fraction, a percentage and a decimal that agree to
within a few percent are the same number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from agents.grading.spoken import spoken_values
from agents.grading.text import content_stems, stem
from ingest.derived_cache import derived
from ingest.settings import DEFAULT_CORPUS

_DEFINED = re.compile(r"([A-Za-z][A-Za-z\-' ]{2,80}?)\s+\(([A-Z][A-Za-z0-9\-]{1,9})\)")
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?))?\s*(%|percent)?")
NUMBER_TOLERANCE = 0.05


def _initials_match(words: list[str], abbreviation: str) -> int:
    """How many trailing words spell the abbreviation's letters (0: no match)."""
    letters = [c.lower() for c in abbreviation if c.isalpha()]
    parts = [p for w in words for p in re.split(r"[-\s]", w) if p]
    for size in range(min(len(parts), len(letters) + 2), 0, -1):
        initials = [p[0].lower() for p in parts[-size:]]
        if initials == letters[: len(initials)] and len(initials) >= len(letters) - 1:
            return size
    return 0


def names(texts: Iterable[str]) -> dict[str, str]:
    """abbreviation -> its full name, as the notes first define it."""
    found: dict[str, str] = {}
    for text in texts:
        for phrase, abbreviation in _DEFINED.findall(text):
            words = phrase.split()
            size = _initials_match(words, abbreviation)
            if size:
                found.setdefault(abbreviation, " ".join(_last_parts(words, size)).lower())
    return found


def _last_parts(words: list[str], size: int) -> list[str]:
    """The fewest trailing words that hold `size` hyphen-split parts: "inside-outside-begin"
    is three parts in one word, so "also called inside-outside-begin (IOB2)" names IOB2 by
    that word alone."""
    held = 0
    for start in range(len(words) - 1, -1, -1):
        held += len([p for p in re.split(r"[-\s]", words[start]) if p])
        if held >= size:
            return words[start:]
    return words


def definitions(texts: Iterable[str]) -> dict[str, frozenset[str]]:
    """abbreviation stem -> the content stems of its full name."""
    return _definitions(names(texts))


def _definitions(known: dict[str, str]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for abbreviation, name in known.items():
        stems = set(content_stems(name.replace("-", " ")))
        if stems:
            found.setdefault(stem(abbreviation.lower()), set()).update(stems)
    return {k: frozenset(v) for k, v in found.items()}


NOTES = DEFAULT_CORPUS / "knowledge"


@lru_cache(maxsize=1)
def notes_glossary() -> dict[str, frozenset[str]]:
    return _definitions(notes_names())


@lru_cache(maxsize=1)
def notes_names() -> dict[str, str]:
    """The notes' abbreviations, read once per change of the notes (derived cache)."""
    files = sorted(NOTES.glob("*.md"))
    # version 2: a hyphenated full name no longer takes the words before it; 3: SQL's
    # keywords in capitals are words; 4 and 5: so are He before a word of initialization, a stopword
    # quoted as code and == or !=
    return derived("glossary", files,
                   lambda: names(p.read_text(encoding="utf-8") for p in files), version=5)


_ABBREVIATION = r"[A-Z][A-Za-z0-9\-]{1,9}"  # "RAG", "BIO", "U-Net"


def spell_out(text: str) -> str:
    """The text with each abbreviation the notes define followed by its full name, so that
    "What is RAG?" is searched and matched as what it means."""
    known = notes_names()
    return re.sub(rf"\b{_ABBREVIATION}\b",
                  lambda m: f"{m.group(0)} ({known[m.group(0)]})" if m.group(0) in known
                  else m.group(0), text)


def unspell(text: str) -> str:
    """The text without the full names `spell_out` added: a name taken from the notes may be
    another field's ("CAP" is a cumulative accuracy profile there, not the theorem)."""
    known = notes_names()
    return re.sub(rf"\b({_ABBREVIATION}) \(([^()]+)\)",
                  lambda m: m.group(1) if known.get(m.group(1)) == m.group(2) else m.group(0),
                  text)


def expand(stems: set[str], glossary: dict[str, frozenset[str]]) -> set[str]:
    """The stems plus what each abbreviation stands for, and each abbreviation whose full
    name is all there."""
    out = set(stems)
    for abbreviation, name in glossary.items():
        if abbreviation in stems:
            out |= name
    # then the abbreviations spelled out, by the stems said or by another abbreviation's
    # full name ("IOB2" says inside-outside-begin, which is what "BIO" stands for)
    out |= {abbreviation for abbreviation, name in glossary.items() if name <= out}
    return out


def numbers(text: str) -> list[float]:
    """Every number the text states, a fraction also as its value, a percentage also as a
    share, and the values it says in words ("four times", "a tenth")."""
    values: list[float] = []
    for whole, denominator, percent in _NUMBER.findall(text):
        value = float(whole)
        values.append(value)
        if denominator and float(denominator):
            values += [float(denominator), value / float(denominator)]
        if percent:
            values.append(value / 100)
    return values + spoken_values(text)


def same_number(a: float, b: float) -> bool:
    if not (math.isfinite(a) and math.isfinite(b)):
        return False  # "999...9" (inf) is no value of any size
    if a == b:
        return True
    return abs(a - b) <= NUMBER_TOLERANCE * max(abs(a), abs(b))
