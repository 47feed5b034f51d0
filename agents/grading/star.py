"""STAR structure for behavioral answers: situation, task, action, result, told in first person
with a concrete outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.grading.text import content_stems

# topics whose answers are about the candidate, so rubric lines may describe the telling
# ("Names a genuine gap honestly" for "why are you a fit?")
STORY_TOPICS = ("behavioral", "role")

_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(when\s+i\s+was|at\s+my\s+(last|previous|current)?|during\s+(my|our|a|the)|"
        r"in\s+(my|our)\s+(last|previous|internship|role|team|project|job)|"
        r"(our|the)\s+(team|project|client|company|stakeholder|manager)\b.*\b(was|were|had)|"
        r"we\s+were|there\s+was|situation|once|last\s+(year|summer|semester)|"
        r"at\s+(university|school|work))\b", re.I),
    "task": re.compile(
        r"\b(my\s+(task|goal|job|role|responsibility)|i\s+was\s+(responsible|asked|tasked|"
        r"in\s+charge)|i\s+(needed|had)\s+to|we\s+(needed|had)\s+to|the\s+goal\s+was|"
        r"objective|deadline|task)\b", re.I),
    "action": re.compile(
        r"\bi\s+(then\s+|first\s+|also\s+)?(built|wrote|led|organi[sz]ed|proposed|decided|"
        r"scheduled|set\s+up|created|designed|implemented|met|talked|spoke|asked|explained|"
        r"negotiated|prioriti[sz]ed|split|escalated|analy[sz]ed|ran|reached\s+out|suggested|"
        r"presented|agreed|changed|added|reduced|automated|mentored|took|made|started|"
        r"listened|documented|communicated|disagreed|convinced)\b"
        r"|\bwe\s+(talked|discussed|agreed|met|decided|worked)\b", re.I),
    "result": re.compile(
        r"(\d+(\.\d+)?\s*(%|percent|x\b|times|hours|days|weeks|ms|k\b|million)|"
        r"\b(as\s+a\s+result|result(ed)?|outcome|in\s+the\s+end|eventually|finally|"
        r"shipped|launched|delivered|reduced|increased|improved|saved|cut|learned|"
        r"since\s+then|afterwards|resolved|compromise|worked\s+out)\b)", re.I),
}
# Words by which a behavioral rubric's key point asks for one part of the story.
_POINT_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(r"\b(situation|context|background|setting|describes who|"
                            r"what gap)\b", re.I),
    "task": re.compile(r"\b(task|goal|responsibilit\w*|stakes|requirement)\b", re.I),
    "action": re.compile(r"\b(actions?|steps?|what (you|they) did|approach|methods?)\b", re.I),
    "result": re.compile(r"\b(result|outcome|measurable|impact|learn\w*|lesson|reflects?|"
                         r"adapted)\b", re.I),
}
_FIRST_PERSON_POINT = re.compile(r"first[- ]person|\"i\"", re.I)
_FIRST_PERSON = re.compile(r"\b(i|my|me|i'm|i've|i'd)\b", re.I)
_METRIC = re.compile(r"\d")
# a question about something that happened to the candidate
ASKS_FOR_STORY = re.compile(
    r"\b(?:tell (?:me|us) about|describe|walk (?:me|us) through|give (?:me |us )?an example "
    r"of|talk (?:me|us) through) (?:a|an|the|one|your)\b.{0,40}\b(?:time|situation|project|"
    r"occasion|moment|conflict|disagreement|mistake|failure|decision|experience)\b|\bhave you "
    r"ever\b|\bwhen (?:did|have) you\b|\bhow did you\b|\ba time (?:when |that )?you\b",
    re.IGNORECASE)
# "I/we" and a verb in the past, an adverb allowed between ("I quickly built")
_PAST = re.compile(
    r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:\w+ed|was|were|had|did|made|took|built|wrote|ran|led|"
    r"found|got|gave|sent|set|met|told|saw|went|chose|spent|brought|began|kept|left|put|"
    r"said|thought|knew|won|lost|drew|held|taught|paired|sat|split|cut|shipped|rebuilt|"
    r"broke|fixed|learned|learnt|owned)\b", re.I)


@dataclass(frozen=True)
class StarCheck:
    present: tuple[str, ...]
    missing: tuple[str, ...]
    first_person: bool
    concrete_outcome: bool
    past: bool = False  # told as something that happened ("I proposed", "we shipped")

    def tells(self, question: str) -> bool:
        """Whether the answer is told as the question wants: in the first person, and in the
        past when the question asks about a time it happened ("I would start by asking who
        uses the dashboard" is a plan, not the story of a conflict). "Explain a concept to a
        non-technical person" wants a demonstration, which is not told in the past."""
        return self.first_person and (self.past or not ASKS_FOR_STORY.search(question))

    @property
    def score(self) -> float:
        """0-5 for structure alone: all four parts, in first person, with a number."""
        points = 5.0 * len(self.present) / 4
        points -= 0.5 * (not self.first_person) + 0.5 * (not self.concrete_outcome)
        return max(0.0, points)

    def describes_present_part(self, key_point: str) -> bool:
        """Whether a rubric line like "States a measurable result" asks for a part this
        answer has."""
        wanted = {part for part, cue in _POINT_CUES.items() if cue.search(key_point)}
        if _FIRST_PERSON_POINT.search(key_point) and not self.first_person:
            return False
        return bool(wanted) and wanted <= set(self.present)

    def notes(self) -> list[str]:
        notes = []
        if self.missing:
            notes.append("STAR: missing " + ", ".join(self.missing) + ".")
        if not self.first_person:
            notes.append("Tell it in the first person: what did you do?")
        if not self.concrete_outcome:
            notes.append("Give a concrete, measurable result (a number, a date, a change).")
        return notes


def check_star(answer: str) -> StarCheck:
    present = tuple(part for part, cue in _CUES.items() if cue.search(answer))
    missing = tuple(part for part in _CUES if part not in present)
    first_person = len(_FIRST_PERSON.findall(answer)) >= 2
    return StarCheck(present, missing, first_person, bool(_METRIC.search(answer)),
                     len(_PAST.findall(answer)) >= 2)


# Words a STAR template uses whatever the story: they show structure, not a story.
_TEMPLATE = frozenset(content_stems(
    "situation task action result outcome star there was were disagreement conflict problem "
    "issue challenge team project stakeholder goal objective resolve resolved resolving "
    "improve improved improvement communicate communicated communication work worked "
    "together successful success learned lesson impact percent better good great time "
    "company manager colleague everyone people things deliver delivered support supported "
    "help helped member needed lot mentor mentored handle handled made make"))
_CLAUSE = re.compile(r"\b(i|we)\s+(?!(?:was|were|am|had|have|think|believe|would|could|"
                     r"will|feel|felt)\b)[a-z']+", re.I)
_NAME = r"\b[A-Z][a-z]{2,}\b"  # a capitalised word, a name when it does not open a sentence
_CONCRETE = re.compile(rf"\d|(?<![.!?]\s)(?<!^){_NAME}")
# a detail of a story: a number, or a name inside a sentence ("Priya", "Spark", "Friday")
_DETAIL = re.compile(rf"\d+(?:[.,]\d+)*|(?<![.!?:]\s)(?<!^){_NAME}")


def details(answer: str) -> int:
    """How many different concrete details a story gives: a template has one invented result
    ("improved the outcome by 30%"), a story its people, tools, dates and figures."""
    return len({m.group(0) for m in _DETAIL.finditer(answer)})


def _beyond(answer: str, given: list[str]) -> set[str]:
    """The answer's content words that neither the given texts nor a STAR template use."""
    return set(content_stems(answer)) - {s for text in given for s in content_stems(text)} \
        - _TEMPLATE


def own_words(answer: str, question: str, points: list[str]) -> int:
    """How many different content words the answer says that neither the question, its key
    points nor a STAR template use: the stuff of a story ("segmentation pipeline",
    "regulator", "status page"), which a template filled with the rubric's own actions
    lacks."""
    return len(_beyond(answer, [question, *points]))


def specificity(answer: str, question: str) -> float:
    """0-1: how much of a real story the answer tells, whatever its structure: the
    candidate's own actions, concrete details (names, numbers, dates) and words of its own
    beyond the question and a STAR template."""
    own = _beyond(answer, [question])
    # the candidate's own actions, by verbs a template would not use ("I paired", not "I
    # communicated")
    actions = len({verb for verb in (m.group(0).split()[-1] for m in _CLAUSE.finditer(answer))
                   if not set(content_stems(verb)) <= _TEMPLATE})
    concrete = len(_CONCRETE.findall(answer))
    return (0.35 * min(1.0, actions / 3) + 0.3 * min(1.0, concrete / 4)
            + 0.35 * min(1.0, len(own) / 35))
