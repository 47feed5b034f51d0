"""Which of the subjects a question contrasts a claim is about ("Xavier/Glorot and He").

A claim names a subject by any of its names ("Xavier" for the side the question calls
"Xavier/Glorot"); a clause with no subject of its own goes on about its sentence's; and a
one-clause comparison is about the subject it leads with when it names the other only to
measure it against. Subjects are stems, as `contrasted_pairs` gives them.
"""

from __future__ import annotations

import re

from agents.grading.opposites import told_sides
from agents.grading.text import content_stems, full_sentences, stem, words


def subject_aliases(question: str, points: list[str]) -> dict[str, str]:
    """Each other name of a subject the question contrasts, as a stem, to the stem
    `contrasted_pairs` names it by: "xavier" -> "glorot" for "Xavier/Glorot and He"."""
    return {stem(alias): stem(side[0]) for pair in told_sides(question, points)
            for side in pair for alias in side[1:]}


def subjects_named(text: str, subjects: set[str], aliases: dict[str, str]) -> set[str]:
    """The contrasted subjects a text names, under any of their names."""
    return subjects & {aliases.get(s, s) for s in content_stems(text)}


# A clause with no subject of its own goes on about its sentence's: "with variance ...",
# "which ...", "so it ...", "because ..." (not "a budget only helps if ...", which has one).
_CONTINUES = re.compile(r"\W*(?:which|that|so|it|its|they|their|this|these|with|because|by|"
                        r"using|via|giving|making|as|and (?:it|they|so|with))\b", re.I)


def goes_on(clause: str) -> bool:
    """Whether a clause opens with no subject of its own."""
    return bool(_CONTINUES.match(clause))


def inherited(named: list[set[str]], units: list[str], singles: int, answer: str,
              subjects: set[str], aliases: dict[str, str]) -> list[set[str]]:
    """Per unit, the contrasted subjects it names (`named`); a clause (one of the first
    `singles` units) that names none and goes on about its sentence's subject is about the
    one subject its sentence names ("He initialization suits tanh, with variance 2/(fan_in +
    fan_out)": the variance is said of He), so it makes no point of another subject."""
    wholes = [(text, subjects_named(text, subjects, aliases))
              for text in full_sentences(answer)]
    return [found if found or j >= singles or not goes_on(units[j]) else next(
        (whole for text, whole in wholes
         if units[j] in text and units[j] != text and len(whole) == 1), found)
        for j, found in enumerate(named)]


_JOINING = frozenset({"and", "or", "nor", "vs", "versus", "both", "either", "neither"})
_MEASURED = frozenset({"than", "over", "instead", "unlike", "like", "compared", "relative",
                       "rather", "replaces", "replacing"})


def compared_from(clause: str, subjects: set[str], aliases: dict[str, str]) -> str | None:
    """The subject a one-clause claim is about when it names another only to measure it
    against ("He initialization doubles Xavier's variance", "He is better than Xavier for
    ReLU"): the first it names; None when the two are joined as one subject ("L1 and L2 both
    ...") or nothing measures one against the other."""
    said = [(w, aliases.get(stem(w), stem(w))) for w in words(clause)]
    at = [k for k, (_, s) in enumerate(said) if s in subjects]
    if not at:
        return None
    first = said[at[0]][1]
    other = next((k for k in at if said[k][1] != first), None)
    if other is None:
        return None
    between = {w for w, _ in said[at[0] + 1:other]}
    joined = not between or (other - at[0] <= 4 and bool(_JOINING & between))
    # the other is named as what this one is measured against: "than Xavier", "Xavier's"
    measured = bool(_MEASURED & between) or said[other + 1:other + 2] == [("s", "s")]
    if joined or not measured or _JOINING & {w for w, _ in said[:at[0]]}:
        return None
    return first
