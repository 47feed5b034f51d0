"""Grade an answer: find its rubric, score it with the calibrated offline scorer, explain why.

Where the rubric comes from, in order: the bank question the typed question means; the
reference answer the user gave; the passages retrieved for the question. The score is the
calibrated combination of coverage signals (agents/grading/calibration.json), after the
answer has been screened for gaming and, for behavioral questions, checked for STAR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from agents.grading import gaming
from agents.grading.calibration import MAX_SCORE, Calibration
from agents.grading.features import COVERED_SIMILARITY, PointMatch, compute_features
from agents.grading.llm_review import blend, review
from agents.grading.rubric import Citation, Rubric, points_from_reference
from agents.grading.star import check_star
from agents.grading.text import content_stems, sentences
from agents.llm.backends import DEFAULT_TIMEOUT_S, LlmUnavailable
from agents.questions.bank import BankMatcher, Question, default_bank
from ingest.index import Index
from ingest.search import retrieve
from ingest.store import Hit

GRADER_NAME = "offline-rubric-v1"
CITATIONS = 3
RUBRIC_PASSAGES = 5  # a rubric drawn from passages looks a little wider than it cites
RETRIEVED_POINTS = 5
VERDICTS = ((4.0, "strong"), (2.5, "partial"), (1.0, "weak"), (0.0, "off-target"))
BEHAVIORAL_CONTENT_WEIGHT = 0.4


class GradeError(ValueError):
    """The grading request cannot be served; the message says what to do."""


@dataclass
class Grade:
    score: float
    verdict: str
    covered: list[str]
    missing: list[str]
    citations: list[Citation]
    feedback: str
    model_answer: str
    grader: str = GRADER_NAME
    max_score: int = int(MAX_SCORE)
    question_id: str = ""
    topic: str = ""
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "max_score": self.max_score, "verdict": self.verdict,
                "covered": self.covered, "missing": self.missing,
                "citations": [c.to_dict() for c in self.citations], "feedback": self.feedback,
                "model_answer": self.model_answer, "grader": self.grader,
                "question_id": self.question_id, "topic": self.topic}


def verdict_for(score: float) -> str:
    return next(name for floor, name in VERDICTS if score >= floor)


def _citation(hit: Hit) -> Citation:
    return Citation(source=str(hit.metadata.get("source", "")),
                    section=str(hit.metadata.get("section", "")), text=hit.text)


def _point_is_covered(match: PointMatch, answer_terms: set[str]) -> bool:
    terms = set(content_stems(match.point))
    lexical = len(terms & answer_terms) / len(terms) if terms else 0.0
    return match.similarity >= COVERED_SIMILARITY or (lexical >= 0.6 and match.similarity >= 0.45)


class Grader:
    """Grades answers offline; with `llm`, an LLM reviews each grade within strict bounds."""

    def __init__(self, index: Index, bank: tuple[Question, ...] | None = None,
                 calibration: Calibration | None = None, llm: object | None = None,
                 llm_name: str = "", llm_timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.index = index
        self.llm, self.llm_name, self.llm_timeout = llm, llm_name, llm_timeout
        self.calibration = calibration or Calibration.load()
        self.matcher = BankMatcher(default_bank() if bank is None else bank,
                                   lambda texts: index.embedder(texts))

    # --- rubrics -------------------------------------------------------------------------------
    def _passages(self, question: str, sources: list[str] | None = None,
                  k: int = CITATIONS) -> list[Hit]:
        vectors = self.index.embedder([question])
        return retrieve(self.index, vectors, k, sources=sources)[0]

    def rubric_for_bank(self, question: Question) -> Rubric:
        hits = self._passages(question.text, sorted({s.source for s in question.sources}))
        return Rubric(question.text, list(question.key_points), question.model_answer,
                      origin=f"bank:{question.id}", topic=question.topic,
                      citations=[_citation(h) for h in hits])

    def rubric_from_passages(self, question: str, query: str | None = None) -> Rubric:
        """Key points from the passages retrieved for `query` (default: the question)."""
        hits = self._passages(query or question, k=RUBRIC_PASSAGES)
        candidates = list(dict.fromkeys(
            s for h in hits for s in sentences(h.text)[1:] if len(s.split()) >= 5))
        if not candidates:
            raise GradeError("nothing in the index answers this question; give a --reference "
                             "answer or run `prep ingest` on your documents")
        vectors = self.index.embedder([query or question, *candidates])
        ranked = np.argsort(-(vectors[1:] @ vectors[0]))[:RETRIEVED_POINTS]
        points = [candidates[i] for i in sorted(ranked)]
        topic = str(hits[0].metadata.get("topic", "")) if hits else ""
        return Rubric(question, points, " ".join(points), origin="retrieved", topic=topic,
                      citations=[_citation(h) for h in hits[:CITATIONS]])

    def rubric_for(self, question: str, reference: str | None = None) -> Rubric:
        if reference and reference.strip():
            hits = self._passages(question)
            return Rubric(question, points_from_reference(reference), reference.strip(),
                          origin="reference", citations=[_citation(h) for h in hits])
        match = self.matcher.match(question)
        return self.rubric_for_bank(match) if match else self.rubric_from_passages(question)

    # --- grading -------------------------------------------------------------------------------
    def grade(self, question: str, answer: str, reference: str | None = None) -> Grade:
        if not question.strip():
            raise GradeError("the question is empty; pass --question")
        if not answer.strip():
            raise GradeError("the answer is empty; write an answer to grade")
        rubric = self.rubric_for(question, reference)
        return self.grade_with(rubric, answer)

    def grade_with(self, rubric: Rubric, answer: str) -> Grade:
        screened = gaming.screen(answer)
        features, matches = compute_features(self.index.embedder, rubric.question,
                                             rubric.key_points, screened.text or " ")
        score = self.calibration.interview_score(features)
        notices = list(screened.notices)
        answer_terms = set(content_stems(screened.text))
        covered = [m.point for m in matches if _point_is_covered(m, answer_terms)]
        if rubric.topic == "behavioral":
            # A behavioral rubric describes a good story more than facts to state, so the
            # story's structure carries most of the weight.
            star = check_star(screened.text)
            score = BEHAVIORAL_CONTENT_WEIGHT * score + (1 - BEHAVIORAL_CONTENT_WEIGHT) * star.score
            notices += star.notes()
            covered += [m.point for m in matches
                        if m.point not in covered and star.describes_present_part(m.point)]
        score, restated = gaming.adjust(score, screened, features.novelty)
        notices += restated
        missing = [m.point for m in matches if m.point not in covered]
        score = round(float(np.clip(score, 0.0, MAX_SCORE)), 2)
        grade = Grade(score=score, verdict=verdict_for(score), covered=covered, missing=missing,
                      citations=rubric.citations, model_answer=rubric.model_answer,
                      feedback=_feedback(covered, missing, notices),
                      question_id=rubric.origin.removeprefix("bank:")
                      if rubric.origin.startswith("bank:") else "",
                      topic=rubric.topic, notices=notices)
        if self.llm is not None:
            self._review(grade, rubric, screened.text)
        return grade

    def _review(self, grade: Grade, rubric: Rubric, answer: str) -> None:
        """Let the LLM reword the feedback and nudge the score; keep the offline grade if not."""
        try:
            opinion = review(self.llm, rubric, answer, self.llm_timeout)
        except LlmUnavailable as exc:
            notice = f"LLM review skipped ({exc}); this is the offline grade."
            grade.notices.append(notice)
            grade.feedback = f"{grade.feedback} {notice}"
            return
        grade.score = blend(grade.score, opinion.score)
        grade.verdict = verdict_for(grade.score)
        grade.feedback = " ".join([opinion.feedback, *grade.notices])
        grade.grader = f"{GRADER_NAME}+{self.llm_name or 'llm'}"


def _feedback(covered: list[str], missing: list[str], notices: list[str]) -> str:
    total = len(covered) + len(missing)
    lines = [f"You covered {len(covered)} of {total} key points."]
    if missing:
        lines.append("To strengthen it: " + "; ".join(missing) + ".")
    return " ".join(lines + notices)
