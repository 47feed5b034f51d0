"""Terms a document defines for itself, so a question in plain words finds the passage that
uses only the document's word.

The guide says once that the final round is "often referred to as a Superday", and from then
on says only "Superday": asked "how quickly are decisions made after the final round of
interviews", MiniLM puts the FAQ line "Decisions following a Superday are often communicated
within a week" at cosine 0.40, below five other lines; with "Superday" in place of "final round"
it comes first (0.63). Only names given explicitly are read, to a phrase of two to four plain
words: acronyms ("Machine Learning Center of Excellence (MLCOE)") were read too at first, but
on MLQuestions' 11,000 passages they rewrote a quarter of the questions ("machine learning" as
"ML"), and MiniLM reads the common ones already.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# "the final round, often referred to as a "Superday"": up to four words after an article,
# then the name it is given
_NAMED_AS = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)[ ]+(?P<plain>[a-z][\w-]*(?:[ ]+[a-z][\w-]*){0,3}),?[ ]+"
    r"(?:(?:often|also|commonly|sometimes|usually|informally)[ ]+)?"
    r"(?:referred[ ]+to|known|called|dubbed)[ ]+as[ ]+(?:(?:an?|the)[ ]+)?[\"“‘']?"
    r"(?P<term>[A-Z][\w-]*(?:[ ]+[A-Z][\w-]*){0,2})")  # a name: capitalised
# words that make a clause of the phrase, not a name's plain words ("the next step is, known
# as the Expectation step"; "the algorithm, also known as ...": one word is too general)
_NOT_A_PHRASE = frozenset({"is", "are", "was", "were", "be", "been", "then", "also", "this",
                           "that", "which", "it", "its", "there", "step", "most", "next",
                           "first", "common", "one", "same", "other"})


def defined_terms(texts: Iterable[str]) -> dict[str, str]:
    """Plain phrase (lower case) -> the name the texts give it."""
    terms: dict[str, str] = {}
    for text in texts:
        for match in _NAMED_AS.finditer(text):
            plain = match.group("plain").lower().split()
            if len(plain) >= 2 and not _NOT_A_PHRASE & set(plain):
                terms.setdefault(" ".join(plain), match.group("term"))
    return terms


def in_document_terms(query: str, terms: dict[str, str]) -> str | None:
    """The query with each plain phrase a document names by its own term replaced by that
    term, or None when it uses none."""
    rewritten, lowered = query, query.lower()
    # a plain substring test first: a document can define thousands of names, and a
    # regular expression per name per query took half a second with 20,000 of them
    for plain, term in ((p, t) for p, t in terms.items() if p in lowered):
        rewritten = re.sub(rf"\b{re.escape(plain)}\b", term, rewritten, flags=re.IGNORECASE)
    return rewritten if rewritten != query else None
