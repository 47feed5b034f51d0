"""Practice history: every graded answer, in SQLite under PREP_HOME.

Each attempt is committed on its own as soon as it is graded, in WAL mode, so a session
killed at any point keeps every answer already graded. The schema grows by numbered
migrations kept in code; `PRAGMA user_version` records how far a database has come.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from agents.grading.grader import Grade
from agents.sqlite_store import SqliteStore
from ingest.settings import Settings, load_settings

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions and graded attempts
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        started_at TEXT NOT NULL
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        at TEXT NOT NULL,
        question_id TEXT NOT NULL DEFAULT '',
        question TEXT NOT NULL,
        topic TEXT NOT NULL DEFAULT '',
        difficulty TEXT NOT NULL DEFAULT '',
        answer TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        verdict TEXT NOT NULL,
        covered TEXT NOT NULL,
        missing TEXT NOT NULL,
        grader TEXT NOT NULL
    );
    CREATE INDEX attempts_at ON attempts(at);
    CREATE INDEX attempts_topic ON attempts(topic);
    """,
    # 2: how a spoken answer was delivered (pace, fillers, pauses), JSON; '' when typed
    "ALTER TABLE attempts ADD COLUMN delivery TEXT NOT NULL DEFAULT '';",
)


@dataclass(frozen=True)
class Attempt:
    """One graded answer, as stored."""

    session_id: str
    at: datetime
    question: str
    answer: str
    score: float
    max_score: float
    verdict: str
    grader: str
    question_id: str = ""
    topic: str = ""
    difficulty: str = ""
    covered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    delivery: dict[str, object] | None = None  # a spoken answer's pace, fillers, pauses

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "session_id": self.session_id, "at": self.at.isoformat(),
            "question_id": self.question_id, "question": self.question, "topic": self.topic,
            "difficulty": self.difficulty, "answer": self.answer, "score": self.score,
            "max_score": self.max_score, "verdict": self.verdict, "covered": self.covered,
            "missing": self.missing, "grader": self.grader}
        if self.delivery is not None:
            out["delivery"] = self.delivery
        return out


def attempt_from_grade(session_id: str, question: str, answer: str, grade: Grade,
                       at: datetime, difficulty: str = "",
                       delivery: dict[str, object] | None = None) -> Attempt:
    # an ungraded answer is kept (nothing a user did is lost) with its verdict saying so;
    # means leave it out (graded_only)
    return Attempt(session_id=session_id, at=at, question=question, answer=answer,
                   score=grade.score if grade.score is not None else 0.0,
                   max_score=grade.max_score, verdict=grade.verdict,
                   grader=grade.grader, question_id=grade.question_id, topic=grade.topic,
                   difficulty=difficulty, covered=list(grade.covered),
                   missing=list(grade.missing), delivery=delivery)


def graded_only(attempts: list[Attempt]) -> list[Attempt]:
    """The attempts that carry a score (an ungraded answer has none to average)."""
    return [a for a in attempts if a.verdict != "not graded"]


def history_path(settings: Settings | None = None, profile: str | None = None) -> Path:
    return (settings or load_settings()).user_dir(profile) / "history.sqlite3"


class History(SqliteStore):
    """Opens (and migrates) the history database; one short connection per call."""

    migrations = MIGRATIONS

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or history_path())

    def start_session(self, session_id: str, kind: str, at: datetime) -> None:
        with self._connect() as db:
            db.execute("INSERT OR IGNORE INTO sessions (id, kind, started_at) VALUES (?, ?, ?)",
                       (session_id, kind, at.isoformat()))

    def record(self, attempt: Attempt) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT INTO attempts (session_id, at, question_id, question, topic, difficulty,"
                " answer, score, max_score, verdict, covered, missing, grader, delivery)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt.session_id, attempt.at.isoformat(), attempt.question_id,
                 attempt.question, attempt.topic, attempt.difficulty, attempt.answer,
                 attempt.score, attempt.max_score, attempt.verdict,
                 json.dumps(attempt.covered), json.dumps(attempt.missing), attempt.grader,
                 json.dumps(attempt.delivery) if attempt.delivery is not None else ""))

    def sessions(self) -> list[dict[str, object]]:
        """Past sessions, newest first, with how many answers and the mean score."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT s.id, s.kind, s.started_at, COUNT(a.id),"
                " AVG(CASE WHEN a.verdict != 'not graded' THEN a.score END) FROM sessions s"
                " LEFT JOIN attempts a ON a.session_id = s.id GROUP BY s.id"
                " ORDER BY s.started_at DESC").fetchall()
        return [{"id": r[0], "kind": r[1], "started_at": r[2], "attempts": r[3],
                 "mean_score": round(r[4], 2) if r[4] is not None else None} for r in rows]

    def attempts(self) -> list[Attempt]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT session_id, at, question, answer, score, max_score, verdict, grader,"
                " question_id, topic, difficulty, covered, missing, delivery FROM attempts"
                " ORDER BY at, id").fetchall()
        return [Attempt(r[0], datetime.fromisoformat(r[1]), *r[2:11], json.loads(r[11]),
                        json.loads(r[12]), json.loads(r[13]) if r[13] else None)
                for r in rows]


def now() -> datetime:
    return datetime.now(UTC)
