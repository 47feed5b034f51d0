"""STAR structure for behavioral answers: situation, task, action, result, told in first person
with a concrete outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    "situation": re.compile(r"\b(situation|context|background|setting)\b", re.I),
    "task": re.compile(r"\b(task|goal|responsibilit\w*|stakes|requirement)\b", re.I),
    "action": re.compile(r"\b(actions?|steps?|what (you|they) did|approach)\b", re.I),
    "result": re.compile(r"\b(result|outcome|measurable|impact|learn\w*|lesson)\b", re.I),
}
_FIRST_PERSON_POINT = re.compile(r"first[- ]person|\"i\"", re.I)
_FIRST_PERSON = re.compile(r"\b(i|my|me|i'm|i've|i'd)\b", re.I)
_METRIC = re.compile(r"\d")


@dataclass(frozen=True)
class StarCheck:
    present: tuple[str, ...]
    missing: tuple[str, ...]
    first_person: bool
    concrete_outcome: bool

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
    return StarCheck(present, missing, first_person, bool(_METRIC.search(answer)))
