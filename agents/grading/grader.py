"""Grade an answer: find its rubric, score it with the calibrated offline scorer, explain why.

Where the rubric comes from, in order: the bank question the typed question means; the
reference answer the user gave; the passages retrieved for the question. The score is the
calibrated combination of coverage signals (agents/grading/calibration.json), after the
answer has been screened for gaming and, for behavioral questions, checked for STAR.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from agents.grading import gaming
from agents.grading.calibration import MAX_SCORE, Calibration
from agents.grading.features import compute_features
from agents.grading.glossary import spell_out
from agents.grading.llm_review import blend, review
from agents.grading.points import THRESHOLDS, PointJudge, PointSpec, PointVerdict, model_units
from agents.grading.rubric import (
    MAX_REFERENCE_POINTS,
    Citation,
    Rubric,
    clauses,
    points_from_reference,
    statements,
)
from agents.grading.star import ASKS_FOR_STORY, check_star, details, own_words, specificity
from agents.grading.subject import unnamed
from agents.grading.text import sentences
from agents.llm.backends import DEFAULT_TIMEOUT_S, LlmUnavailable
from agents.questions.bank import (
    SAME_QUESTION,
    BankMatcher,
    Question,
    default_bank,
)
from ingest.embedder import Embedder
from ingest.index import Index
from ingest.search import retrieve
from ingest.store import Hit

GRADER_NAME = "offline-rubric-v2"
CITATIONS = 3
RUBRIC_PASSAGES = 5  # a rubric drawn from passages looks a little wider than it cites
RETRIEVED_POINTS = 5
VERDICTS = ((4.0, "strong"), (2.5, "partial"), (1.0, "weak"), (0.0, "off-target"))
POINTS_WEIGHT = 0.7  # the score follows the key points; the calibrated whole-answer score
# (fitted on human grades) places it within that
# each factual error named in the feedback: an interviewer who hears a core misconception
# marks the answer down hard (2.0 chosen on bench/data/points_fit.jsonl; 1.0 before)
ERROR_COST = 2.0
# the share of points at which an answer counts as complete: the judge misses some points
# made in other words, so a strong answer rarely shows every tick (fitted, with
# POINTS_WEIGHT, on bench/data/points_fit.jsonl)
FULL_COVERAGE = 0.75


NOT_GRADED = "not graded"
ADD_NOTES = ("add notes on the topic (`prep ingest FILE`), pass --reference with a model "
             "answer, or set PREP_LLM")
# A passage this close to the question lends its sentences as key points when they are at
# least RELEVANT_SENTENCE close (or SENTENCE_ALONE, below, from any passage retrieved).
# Measured with `python -m bench.abstain`: bank questions' nearest passages sit above, other
# fields' below (figures in bench/RESULTS.md).
RELEVANT_PASSAGE = 0.45
RELEVANT_SENTENCE = 0.47
MIN_RETRIEVED_POINTS = 1
# Rubrics drawn from passages (chosen on the fit half of bench/data/outside_answers.jsonl,
# `python -m bench.outside`): a sentence of a passage under RELEVANT_PASSAGE still answers
# when it alone comes this close (a section on several things blurs its vector; the closest
# unanswerable fit question of bench/data/abstain.jsonl has its best sentence at 0.53).
SENTENCE_ALONE = 0.6
# Only sentences within this of the best one: most of the rest are on a neighbouring subject
# (three sentences on Flink checkpoints for "What is gradient checkpointing?"; one remains).
POINT_MARGIN = 0.15
MAX_RETRIEVED_POINTS = 2 * RETRIEVED_POINTS  # clauses of the chosen sentences
# Such points are what the notes say, not what an answer must say: the share of them made is
# divided by this before the score (which counts FULL_COVERAGE of any rubric as complete)
# and the verdict read it, so about half of them earns full marks.
RETRIEVED_FULL = 0.6


class GradeError(ValueError):
    """The grading request cannot be served; the message says what to do."""


class NoRubric(GradeError):
    """Nothing the coach has answers this question well enough to grade against."""

    def __init__(self, message: str, hits: list[Hit]) -> None:
        super().__init__(message)
        self.hits = hits


@dataclass
class Grade:
    score: float | None  # None when not graded
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
    points: list[PointVerdict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    graded: bool = True
    confidence: float = 1.0
    reason: str = ""  # why the answer was not graded

    @property
    def partly(self) -> list[str]:
        return [p.point for p in self.points if p.status == "partly"]

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "max_score": self.max_score, "verdict": self.verdict,
                "covered": self.covered, "missing": self.missing, "partly": self.partly,
                "points": [p.to_dict() for p in self.points], "errors": self.errors,
                "citations": [c.to_dict() for c in self.citations], "feedback": self.feedback,
                "model_answer": self.model_answer, "grader": self.grader,
                "question_id": self.question_id, "topic": self.topic,
                "graded": self.graded, "confidence": self.confidence,
                **({"reason": self.reason} if not self.graded else {})}

    @classmethod
    def ungraded(cls, reason: str, hits: list[Hit]) -> Grade:
        """No score and no missed points: only the reason and the nearest passages."""
        return cls(score=None, verdict=NOT_GRADED, covered=[], missing=[],
                   citations=[_citation(h) for h in hits[:CITATIONS]],
                   feedback=reason, model_answer="", graded=False, confidence=0.0,
                   reason=reason)


def verdict_for(score: float) -> str:
    return next(name for floor, name in VERDICTS if score >= floor)


def _citation(hit: Hit) -> Citation:
    return Citation(source=str(hit.metadata.get("source", "")),
                    section=str(hit.metadata.get("section", "")), text=hit.text)


def _verdict(score: float, share: float, errors: int, total: int) -> tuple[float, str]:
    """A score and verdict that agree with the point counts: every point made with no error
    is strong (4 or more); strong needs most points and no error; at least half the points
    with no error is never weak, and with errors never off-target (it answers the question,
    wrongly in part); no point at all is never better than weak. Caps stay a tenth below a
    band so the one-decimal score shown never reads as the next band."""
    score = round(score, 1)
    if total and share >= 1.0 and not errors:
        score = max(score, 4.0)
    if errors or share < 0.75:
        score = min(score, 3.9)
    if share >= 0.5:
        score = max(score, 1.0 if errors else 2.5)
    if share == 0:
        score = min(score, 2.4)
    return score, verdict_for(score)


STORY_SPECIFIC = 0.6  # a story this specific earns the structural points whose part it has
# A story asked for ("Tell me about a time...") and told with fewer concrete details than this
# and fewer words of its own than STORY_OWN_WORDS makes its points only in part: a STAR
# template that names the rubric's actions ("I took ownership, informed stakeholders,
# diagnosed drift...") is no story. Templates written to do this give one detail, their
# invented "30%", and 1 to 7 words of their own; the real stories 3 to 23 details (twelfth
# session's probes, bench/RESULTS.md). But a story may name no one and count in words ("three
# weeks into building a customer-segmentation pipeline..."): 48 of the bank's 85 model
# stories give fewer than two details, and every one of them at least 54 words of its own;
# the fit set's partial answers 31 to 40.
STORY_DETAILS = 2
STORY_OWN_WORDS = 20
TEMPLATE_NOTICE = ("This reads as a template, so its points count only in part: say who was "
                   "involved, what was at stake, what you yourself did and the real result, "
                   "with names and numbers.")


def _untold(answer: str, question: str, points: list[str]) -> bool:
    """Whether a story the question asks for is told without its specifics."""
    return (bool(ASKS_FOR_STORY.search(question)) and details(answer) < STORY_DETAILS
            and own_words(answer, question, points) < STORY_OWN_WORDS)


def _story_points(verdicts: list[PointVerdict], answer: str,
                  question: str) -> list[PointVerdict]:
    """Behavioral points often ask for a part of the story ("States a measurable result"):
    a part that is there counts, but only in a story with specifics, so a STAR template
    earns nothing by its headings; in a story without specifics no point is made in full."""
    star = check_star(answer)
    if _untold(answer, question, [v.point for v in verdicts]):
        return [replace(v, status="partly") if v.status == "covered" else v for v in verdicts]
    if specificity(answer, question) < STORY_SPECIFIC:
        return verdicts
    return [replace(v, status="covered", evidence=v.evidence or "(the story has this part)")
            if v.status != "covered" and not v.error and star.describes_present_part(v.point)
            else v for v in verdicts]


class _Memo:
    """Embeds each text once per grade: the rubric, wrong versions and answer units are
    encoded in one call and shared by the features and the point judge. Rubric texts
    recur across grades and processes, so they come from the disk cache."""

    def __init__(self, embed: Embedder) -> None:
        self.embed = embed
        self.table: dict[str, np.ndarray] = {}

    def prime(self, texts: list[str], recurring: bool = False) -> None:
        missing = [t for t in dict.fromkeys(texts) if t not in self.table]
        if missing:
            encode = self.embed.cached if recurring else self.embed
            self.table.update(zip(missing, encode(missing)))

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.prime(texts)
        return np.stack([self.table[t] for t in texts])

    def tokens(self, texts: list[str], skip: frozenset[str] = frozenset()) -> list[np.ndarray]:
        return self.embed.tokens(texts, skip)


def _nearest_notes(hits: list[Hit]) -> str:
    """Why passages gave no rubric, naming the nearest one when it is on the subject: the
    notes may cover it, just not what the question asks about it."""
    if not hits or hits[0].score < RELEVANT_PASSAGE:
        return "the coach has no notes on this question"
    meta = hits[0].metadata
    where = " / ".join(str(meta.get(k, "")) for k in ("source", "section") if meta.get(k))
    return f"no sentence of the notes answers this question (nearest: {where})"


class Grader:
    """Grades answers offline; with `llm`, an LLM reviews each grade within strict bounds."""

    def __init__(self, index: Index, bank: tuple[Question, ...] | None = None,
                 calibration: Calibration | None = None, llm: object | None = None,
                 llm_name: str = "", llm_timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.index = index
        self.llm, self.llm_name, self.llm_timeout = llm, llm_name, llm_timeout
        self.calibration = calibration or Calibration.load()
        self.thresholds = THRESHOLDS
        self.matcher = BankMatcher(default_bank() if bank is None else bank,
                                   lambda texts: index.embedder.cached(texts))

    # --- rubrics -------------------------------------------------------------------------------
    def _passages(self, question: str, sources: list[str] | None = None,
                  k: int = CITATIONS) -> list[Hit]:
        vectors = self.index.embedder([question])
        return retrieve(self.index, vectors, k, sources=sources)[0]

    def rubric_for_bank(self, question: Question) -> Rubric:
        # the question's own notes; when they are not indexed (a home holding only the
        # user's files), the nearest passages there are, so a grade still cites something
        hits = (self._passages(question.text, sorted({s.source for s in question.sources}))
                or self._passages(question.text))
        return Rubric(question.text, list(question.key_points), question.model_answer,
                      origin=f"bank:{question.id}", topic=question.topic,
                      citations=[_citation(h) for h in hits],
                      wrong={p.text: p.wrong for p in question.points if p.wrong})

    def rubric_from_passages(self, question: str, query: str | None = None) -> Rubric:
        """Key points from the passages retrieved for `query` (default: the question): only
        sentences that answer it (close to it in meaning, near the closest one, a full
        statement, not a heading, a question or a list of requirements), clause by clause.
        NoRubric when too few do, or when neither they nor the passages cited use a name the
        question gives (agents/grading/subject.py)."""
        hits = self._passages(query or question, k=RUBRIC_PASSAGES)
        # each statement once, with the best score of a passage that holds it
        found: dict[str, float] = {}
        for hit in hits:
            for sentence in statements(hit.text):
                found[sentence] = max(found.get(sentence, 0.0), hit.score)
        candidates = list(found)
        points: list[str] = []
        best = 0.0
        if candidates:
            vectors = self.index.embedder([query or question, *candidates])
            sims = vectors[1:] @ vectors[0]
            floors = np.array([RELEVANT_SENTENCE if found[c] >= RELEVANT_PASSAGE
                               else SENTENCE_ALONE for c in candidates])
            eligible = sims >= floors
            best = float(sims[eligible].max()) if eligible.any() else 0.0
            ranked = [i for i in np.argsort(-sims)
                      if eligible[i] and sims[i] >= best - POINT_MARGIN][:RETRIEVED_POINTS]
            points = _clause_points(ranked, candidates)
        if len(points) < MIN_RETRIEVED_POINTS:
            raise NoRubric(f"not graded: {_nearest_notes(hits)}; {ADD_NOTES}", hits)
        # passages near in meaning that never name what the question names are about a
        # neighbouring subject ("Redis RDB snapshots" against dbt snapshots)
        missing = unnamed(question, " ".join(points + [f"{h.metadata.get('section', '')} "
                                                      f"{h.text}" for h in hits[:CITATIONS]]))
        if missing:
            raise NoRubric(f"not graded: the notes nearest this question never mention "
                           f"{', '.join(missing)}; {ADD_NOTES}", hits)
        topic = str(hits[0].metadata.get("topic", "")) if hits else ""
        said = ("one statement from your documents" if len(points) == 1 else
                f"{len(points)} statements from your documents; a complete answer need not "
                f"make them all")
        return Rubric(question, points, " ".join(points), origin="retrieved", topic=topic,
                      note=f"No bank question asks this: graded against {said}.",
                      confidence=max([h.score for h in hits if h.score >= RELEVANT_PASSAGE]
                                     or [best]),
                      citations=[_citation(h) for h in hits[:CITATIONS]])

    def rubric_for(self, question: str, reference: str | None = None) -> Rubric:
        if reference and reference.strip():
            hits = self._passages(question)
            points = points_from_reference(reference)
            note = (f"Only the first {MAX_REFERENCE_POINTS} sentences of the reference were "
                    f"used as key points." if len(sentences(reference)) > len(points)
                    and len(points) == MAX_REFERENCE_POINTS else "")
            return Rubric(question, points, reference.strip(), origin="reference", note=note,
                          citations=[_citation(h) for h in hits])
        found = self.matcher.close_enough(spell_out(question))
        if found is not None and found.question is not None:
            rubric = self.rubric_for_bank(found.question)
            if found.whole < SAME_QUESTION:  # not the bank question as written: say which
                rubric = replace(rubric, note=f"Graded against the closest bank question: "
                                              f"\"{found.question.text}\"",
                                 confidence=found.similarity)
            return rubric
        return self.rubric_from_passages(question, spell_out(question))

    # --- grading -------------------------------------------------------------------------------
    def grade(self, question: str, answer: str, reference: str | None = None) -> Grade:
        """The grade, or an ungraded result (score None, a reason, no missed points) when the
        coach has nothing to grade this question against."""
        if not question.strip():
            raise GradeError("the question is empty; pass --question")
        if not answer.strip():
            raise GradeError("the answer is empty; write an answer to grade")
        try:
            rubric = self.rubric_for(question, reference)
        except NoRubric as exc:
            return Grade.ungraded(str(exc), exc.hits)
        return self.grade_with(rubric, answer)

    def grade_with(self, rubric: Rubric, answer: str) -> Grade:
        screened = gaming.screen(answer)
        text = screened.text or " "
        specs = [PointSpec(p, rubric.wrong.get(p, ())) for p in rubric.key_points]
        memo = _Memo(self.index.embedder)
        memo.prime([rubric.question, " ".join(rubric.key_points), *rubric.key_points,
                    *(w for s in specs for w in s.wrong),
                    *(model_units(rubric.model_answer) if rubric.wrong else [])],
                   recurring=True)
        memo.prime([text, *PointJudge.units(text)])
        features, _ = compute_features(memo, rubric.question, rubric.key_points, text)
        verdicts = PointJudge(memo, self.thresholds).judge(
            rubric.question, specs, text, memo.table, rubric.model_answer,
            topic=rubric.topic)
        if rubric.topic == "behavioral":
            verdicts = _story_points(verdicts, text, rubric.question)
        covered = [v.point for v in verdicts if v.status == "covered"]
        share = sum({"covered": 1.0, "partly": 0.5}.get(v.status, 0.0)
                    for v in verdicts) / max(1, len(verdicts))
        if rubric.origin == "retrieved":
            share = min(1.0, share / RETRIEVED_FULL)
        errors = [v.error for v in verdicts if v.error]
        notices = list(screened.notices) + ([rubric.note] if rubric.note else [])
        holistic = self.calibration.interview_score(features)
        if rubric.topic == "behavioral":
            # Structure alone earns nothing: a story earns its points by its specifics
            # (who, what was at stake, what the candidate did, a real result).
            star = check_star(text)
            holistic = MAX_SCORE * specificity(text, rubric.question)
            untold = _untold(text, rubric.question, rubric.key_points)
            notices += star.notes() + ([TEMPLATE_NOTICE] if untold else [])
        score = (POINTS_WEIGHT * MAX_SCORE * min(1.0, share / FULL_COVERAGE)
                 + (1 - POINTS_WEIGHT) * holistic)
        score -= ERROR_COST * len(errors)
        score, restated = gaming.adjust(score, screened, features.novelty)
        notices += restated
        score, verdict = _verdict(float(np.clip(score, 0.0, MAX_SCORE)), share, len(errors),
                                  len(verdicts))
        missing = [v.point for v in verdicts if v.status != "covered"]
        grade = Grade(score=round(score, 2), verdict=verdict, covered=covered, missing=missing,
                      citations=rubric.citations, model_answer=rubric.model_answer,
                      feedback=_feedback(verdicts, errors, notices),
                      question_id=rubric.origin.removeprefix("bank:")
                      if rubric.origin.startswith("bank:") else "",
                      topic=rubric.topic, notices=notices, points=verdicts, errors=errors,
                      confidence=round(rubric.confidence, 2))
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


def _feedback(verdicts: list[PointVerdict], errors: list[str], notices: list[str]) -> str:
    covered = [v for v in verdicts if v.status == "covered"]
    partly = [v for v in verdicts if v.status == "partly"]
    missed = [v for v in verdicts if v.status == "missed" and not v.error]
    lines = [f"You covered {len(covered)} of {len(verdicts)} key points"
             + (f" and part of {len(partly)} more." if partly else ".")]
    lines += [f"Error: {_bare(e)}." for e in errors]
    if partly:
        lines.append("Say more on: " + "; ".join(_bare(v.point) for v in partly) + ".")
    if missed:
        lines.append("To strengthen it: " + "; ".join(_bare(v.point) for v in missed) + ".")
    return " ".join(lines + notices)


def _clause_points(ranked: list[int], candidates: list[str]) -> list[str]:
    """The chosen sentences (`ranked`, closest first) as points, clause by clause, in the
    order the passages have them; at most MAX_RETRIEVED_POINTS, from the closest sentences (a
    document of one sentence in a thousand clauses makes no thousand points)."""
    kept: list[tuple[int, list[str]]] = []
    room = MAX_RETRIEVED_POINTS
    for i in ranked:
        parts = clauses(candidates[i])[:room]
        kept.append((i, parts))
        room -= len(parts)
        if room <= 0:
            break
    return [part for _, parts in sorted(kept) for part in parts]


def _bare(sentence: str) -> str:
    """A point or error without its own full stop, to join into a sentence of the feedback
    (points drawn from notes end with one: "compute.; Unaligned...")."""
    return sentence.rstrip().rstrip(".")
