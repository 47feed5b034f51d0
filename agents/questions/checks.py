"""Authoring checks for the question bank, beyond its JSON schema.

A rubric is only as good as its key points, so each is checked for what a grader and an
interviewer rely on: a known skill, a probe that asks for the point without giving it away,
wrong versions to catch factual errors, a full statement (not a heading, question or
fragment), and support in the notes the question cites. `python -m agents.questions.checks`
lists every problem, one line each, so authors can fix a file before the tests run.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from agents.grading.text import content_stems
from agents.questions.bank import Question, load_bank, load_file
from ingest.chunking import heading_text
from ingest.settings import DEFAULT_CORPUS
from ingest.skills import skills

SUPPORT_BAR = 0.5  # share of a point's content words its cited sections must contain
# a word in at most this share of all key points names what its point is about, so a probe
# that uses it gives the point away (common words like "model" or "data" stay allowed)
DISTINCTIVE_SHARE = 0.01
# a key point that starts like the tail of a sentence is a fragment cut from one
_FRAGMENT_START = re.compile(r"^(and|but|or|so|which|both|then|also|because|while)\b")
# topics whose points describe how an answer is told rather than facts a note states
STRUCTURAL_TOPICS = ("behavioral",)


@dataclass(frozen=True)
class Problem:
    question_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.question_id}: {self.message}"


def section_texts(path: Path) -> dict[str, str]:
    """Each heading of a document and the text under it (up to the next heading)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = heading_text(line) if line.lstrip().startswith("#") else ""
        if heading:
            current = sections.setdefault(heading, [])
        elif current is not None:
            current.append(line)
    return {heading: "\n".join(lines) for heading, lines in sections.items()}


def cited_text(question: Question, corpus: Path = DEFAULT_CORPUS) -> str:
    """The text of every section the question cites (a whole file when the section is a
    plain line, as in the job ad)."""
    parts = []
    for source in question.sources:
        path = corpus / source.source
        if not path.is_file():
            continue
        sections = section_texts(path)
        parts.append(sections.get(source.section) or path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def support(point: str, text_stems: set[str]) -> float:
    stems = set(content_stems(point))
    return len(stems & text_stems) / len(stems) if stems else 0.0


class Rarity:
    """How rare each word is among all key points of the bank (inverse document frequency)."""

    def __init__(self, points: Iterable[str]) -> None:
        docs = [set(content_stems(p)) for p in points]
        self.counts = Counter(stem for doc in docs for stem in doc)
        self.rare = max(2, math.floor(DISTINCTIVE_SHARE * len(docs)))

    def distinctive(self, point: str, question: str, others: Iterable[str] = ()) -> list[str]:
        """The point's rare words that neither the question nor its other points say: words
        the question or several of its points share are its subject, not this point's."""
        context = set(content_stems(question)) | {s for o in others for s in content_stems(o)}
        return [s for s in dict.fromkeys(content_stems(point))
                if s not in context and self.counts[s] <= self.rare]


def problems_of(question: Question, rarity: Rarity, corpus: Path = DEFAULT_CORPUS) -> list[str]:
    found = []
    if question.skill not in skills():
        found.append(f"skill {question.skill!r} is not a key of corpus/skills.yaml")
    structural = question.topic in STRUCTURAL_TOPICS
    cited = set(content_stems(cited_text(question, corpus)))
    for number, point in enumerate(question.points, 1):
        where = f"point {number}"
        if point.text.rstrip().endswith(("?", ":")) or len(content_stems(point.text)) < 3:
            found.append(f"{where} is a question, heading or too short to grade: {point.text!r}")
        if _FRAGMENT_START.match(point.text):
            found.append(f"{where} reads as a fragment of a sentence: {point.text!r}")
        if "todo" in point.probe.lower() or not point.probe.rstrip().endswith("?"):
            found.append(f"{where} needs a probe question ending with '?'")
        others = [p for p in question.key_points if p != point.text]
        leaked = set(rarity.distinctive(point.text, question.text, others)) & set(
            content_stems(point.probe))
        if leaked:
            found.append(f"{where}'s probe gives the point away with {sorted(leaked)}")
        if not structural and support(point.text, cited) < SUPPORT_BAR:
            found.append(f"{where} is not supported by the cited sections "
                         f"({support(point.text, cited):.2f} of its words): {point.text!r}")
    if not structural and not any(p.wrong for p in question.points):
        found.append("needs at least one common wrong version ('wrong') of a point")
    return found


def check_bank(questions: list[Question], corpus: Path = DEFAULT_CORPUS) -> list[Problem]:
    rarity = Rarity(p for q in questions for p in q.key_points)
    found = [Problem(q.id, message) for q in questions for message in
             problems_of(q, rarity, corpus)]
    answers = Counter(q.model_answer for q in questions)
    found += [Problem(q.id, "its model answer is another question's too")
              for q in questions if answers[q.model_answer] > 1]
    return found


def main(argv: list[str]) -> int:
    """Arguments narrow the report to bank files (paths) or question id prefixes."""
    questions = load_bank()
    wanted = {q.id for arg in argv if arg.endswith(".yaml") for q in load_file(Path(arg))}
    prefixes = tuple(arg for arg in argv if not arg.endswith(".yaml"))
    found = [p for p in check_bank(questions)
             if not argv or p.question_id in wanted
             or (prefixes and p.question_id.startswith(prefixes))]
    for problem in found:
        print(problem)
    print(f"{len(found)} problems in {len(questions)} questions", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
