"""A quiz taken one question at a time by a page that reruns on every click (the browser
quiz): plain data in session state, each graded answer saved to history at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from agents.grading.grader import Grader
from agents.history.store import History, attempt_from_grade
from agents.practice.planner import plan
from agents.practice.summary import summarize_results
from agents.questions.bank import Question


@dataclass
class QuizRun:
    session_id: str
    questions: list[Question]
    results: list[dict] = field(default_factory=list)  # one per answered or skipped question
    shown: dict | None = None  # the grade of the question just answered, until "next"

    @classmethod
    def start(cls, history: History, bank: tuple[Question, ...], at: datetime, count: int,
              topic: str | None = None, difficulty: str | None = None) -> QuizRun:
        return cls.begin(history, plan(bank, history.attempts(), at, count, topic, difficulty),
                         at)

    @classmethod
    def begin(cls, history: History, questions: list[Question], at: datetime) -> QuizRun:
        """A quiz of these questions (its session is saved once there is one to ask)."""
        session_id = f"quiz-web-{at.strftime('%Y%m%dT%H%M%S%f')}"
        if questions:
            history.start_session(session_id, "quiz", at)
        return cls(session_id, questions)

    @property
    def current(self) -> Question | None:
        position = len(self.results) - (self.shown is not None)
        return self.questions[position] if position < len(self.questions) else None

    @property
    def finished(self) -> bool:
        return self.shown is None and len(self.results) >= len(self.questions)

    def answer(self, grader: Grader, history: History, text: str, at: datetime,
               delivery: dict | None = None) -> dict:
        """Grade the current question's answer, save it (with how it was spoken, when it
        was), and keep the grade on show."""
        question = self.current
        assert question is not None and self.shown is None
        grade = grader.grade_with(grader.rubric_for_bank(question), text)
        history.record(attempt_from_grade(self.session_id, question.text, text, grade, at,
                                          question.difficulty, delivery))
        self.shown = {**grade.to_dict(), "question": question.text, "topic": question.topic,
                      "answer": text, **({"delivery": delivery} if delivery else {})}
        self.results.append(self.shown)
        return self.shown

    def skip(self) -> None:
        question = self.current
        if question is not None and self.shown is None:
            self.results.append({"question": question.text, "topic": question.topic,
                                 "skipped": True})

    def next(self) -> None:
        self.shown = None

    def summary(self) -> dict:
        return summarize_results(self.results)
