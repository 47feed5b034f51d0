"""What a typed question is about, in words: the rare words it uses and the names it gives.

Meaning alone matches a question to material on a neighbouring subject ("Compare Redis RDB
snapshots and AOF persistence" lands on dbt snapshots; "How does the Linux kernel schedule
processes?" on reading `top`), and misses a bank question asked in other words ("What does a
95% confidence interval actually mean?" sits at cosine 0.59 to the bank's scenario on
interpreting one). The words a question names its subject by tell both apart.
"""

from __future__ import annotations

import re

from agents.grading import rarity
from agents.grading.text import stem_set

# Words any question may use whatever its subject: the verbs of asking and everyday ones.
FRAME = stem_set("what how why when which who whom where explain describe difference "
                 "differences between compare contrast work works working mean means meaning "
                 "use used using would you your do does did is are tell me about example "
                 "give walk through actually can could should main common ways way pick "
                 "choose handle different good bad best make makes happen happens need "
                 # how a task is put ("walk me through building ...") and chat spellings
                 "build implement create design set whats wat btw diff vs "
                 # "list" names nothing alone: "linked", "skip" or "ranked" does
                 "list lists")
# A word this rare in the notes names what a question is about ("salting", "consumer",
# "k-means"); commoner ones carry any question ("problem", "data", "model").
SUBJECT_RARITY = 0.45
# Capitalised words after the first and acronyms: the things a question names ("Redis",
# "JVM", "Spark", "GROUP BY").
_NAMED = re.compile(r"\b(?:[A-Z][A-Za-z0-9+#.-]*[A-Z0-9][A-Za-z0-9+#.-]*"  # JVM, RDB, GROUP
                    r"|[A-Z][a-z]+[A-Za-z0-9]*)\b")  # Redis, Spark, the Node of Node.js
_OPENS = re.compile(r"(?:[.?!:;]\s+|[\"'(\[]\s*)$")  # what precedes a sentence's first word


def rare_words(question: str) -> frozenset[str]:
    """The question's stems that name its subject: rare in the notes and no asking word."""
    return frozenset(t for t in stem_set(question) - FRAME
                     if rarity.weight(t) >= SUBJECT_RARITY)


def names(question: str) -> list[str]:
    """The names the question gives (not a word that opens a sentence, capitalised anyway:
    "Suppose ...", "Imagine ...")."""
    return [m.group(0) for m in _NAMED.finditer(question)
            if m.start() > 0 and not _OPENS.search(question[max(0, m.start() - 8):m.start()])]


def unnamed(question: str, material: str) -> list[str]:
    """The names the question gives that the material never uses."""
    said = stem_set(material)
    return [name for name in dict.fromkeys(names(question)) if not stem_set(name) <= said]
