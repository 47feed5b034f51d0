"""Practice history: numbered migrations, per-answer commits that survive a kill, and stats."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from agents.history.stats import streak, summarize
from agents.history.store import MIGRATIONS, Attempt, History, history_path
from ingest.settings import PROJECT_ROOT
from ui.cli import main

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _attempt(at: datetime, topic: str, score: float, missing: list[str]) -> Attempt:
    return Attempt(session_id="s1", at=at, question="q?", answer="a", score=score,
                   max_score=5, verdict="partial", grader="test", topic=topic,
                   missing=missing)


def test_database_is_migrated_once_and_uses_wal(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    assert history.schema_version == len(MIGRATIONS)
    History(tmp_path / "h.sqlite3")  # reopening runs no migration twice
    with sqlite3.connect(tmp_path / "h.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_attempts_round_trip(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    history.start_session("s1", "quiz", T0)
    original = _attempt(T0, "genai", 3.5, ["point a"])
    history.record(original)
    assert history.attempts() == [original]
    assert history.sessions() == [{"id": "s1", "kind": "quiz", "started_at": T0.isoformat(),
                                   "attempts": 1, "mean_score": 3.5}]


def test_streak_counts_consecutive_days() -> None:
    today = T0.date()
    days = {today, today - timedelta(days=1), today - timedelta(days=2),
            today - timedelta(days=4)}
    assert streak(days, today) == 3
    assert streak(days - {today}, today) == 2  # no practice yet today keeps yesterday's run
    assert streak(set(), today) == 0


def test_summary_by_topic_trend_and_weakest_points() -> None:
    attempts = [_attempt(T0 - timedelta(days=1), "genai", 2.0, ["rag", "eval"]),
                _attempt(T0, "genai", 4.0, ["rag"]),
                _attempt(T0, "coding", 5.0, [])]
    figures = summarize(attempts, T0)
    assert figures["attempts"] == 3 and figures["mean_score"] == 3.67
    assert figures["by_topic"] == {"coding": {"attempts": 1, "mean_score": 5.0},
                                   "genai": {"attempts": 2, "mean_score": 3.0}}
    assert figures["streak_days"] == 2 and figures["active_days"] == 2
    assert figures["weakest_points"] == [{"point": "rag", "missed": 2},
                                         {"point": "eval", "missed": 1}]
    assert figures["trend"][-1] == {"day": "2026-11-20", "attempts": 2, "mean_score": 4.5}


def test_graded_answers_show_up_in_stats_and_history(embedder, docs: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(docs)])
    graded = runner.invoke(main, ["grade", "-q", "How do you merge overlapping intervals?",
                                  "-a", "Sort by start, then merge each overlapping interval "
                                  "into the previous one in a single pass.", "--json"])
    assert graded.exit_code == 0, graded.output
    stats = json.loads(runner.invoke(main, ["stats", "--json"]).stdout)
    assert stats["attempts"] == 1 and stats["mean_score"] == json.loads(graded.stdout)["score"]
    sessions = json.loads(runner.invoke(main, ["history", "--json"]).stdout)
    assert len(sessions) == 1 and sessions[0]["kind"] == "grade"


def test_an_attempt_survives_a_killed_process(prep_home: Path) -> None:
    script = textwrap.dedent("""
        import os, signal
        from datetime import UTC, datetime
        from agents.history.store import Attempt, History
        history = History()
        history.start_session("s1", "quiz", datetime.now(UTC))
        history.record(Attempt("s1", datetime.now(UTC), "q?", "my answer", 4.0, 5, "strong",
                               "test"))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    killed = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, timeout=60)
    assert killed.returncode == -9
    assert [a.answer for a in History(history_path()).attempts()] == ["my answer"]


def test_profiles_keep_their_own_history(prep_home: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.settings import SettingsError, load_settings

    assert history_path() == prep_home / "history.sqlite3"
    assert history_path(profile="Alice") == prep_home / "profiles" / "alice" / "history.sqlite3"
    monkeypatch.setenv("PREP_PROFILE", "bob")
    assert load_settings().user_dir() == prep_home / "profiles" / "bob"
    History().start_session("s-bob", "quiz", datetime(2026, 11, 1, tzinfo=UTC))
    assert History(history_path(profile="default")).sessions() == []
    for bad in ("../etc", "a b", "x" * 41):
        with pytest.raises(SettingsError, match="not usable"):
            load_settings().user_dir(bad)


def test_ungraded_answers_are_kept_but_left_out_of_means(tmp_path) -> None:
    from agents.grading.grader import Grade
    from agents.history.stats import summarize
    from agents.history.store import History, attempt_from_grade, now

    history = History(tmp_path / "h.sqlite3")
    history.start_session("s", "grade", now())
    graded = Grade(score=4.0, verdict="strong", covered=["a"], missing=[], citations=[],
                   feedback="", model_answer="")
    history.record(attempt_from_grade("s", "q1", "answer one", graded, now()))
    history.record(attempt_from_grade("s", "q2", "answer two", Grade.ungraded("no notes", []),
                                      now()))
    attempts = history.attempts()
    assert [a.answer for a in attempts] == ["answer one", "answer two"]  # nothing lost
    assert summarize(attempts, now())["mean_score"] == 4.0
    assert history.sessions()[0]["mean_score"] == 4.0


def test_a_history_from_before_voice_gains_delivery_and_keeps_its_answers(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # a history written by the previous release
        db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
        db.execute("INSERT INTO sessions VALUES ('s', 'quiz', '2026-11-01T10:00:00+00:00')")
        db.execute("INSERT INTO attempts (session_id, at, question, answer, score, max_score,"
                   " verdict, covered, missing, grader) VALUES ('s', '2026-11-01T10:01:00+00:00'"
                   ", 'q', 'typed', 3.0, 5, 'partial', '[]', '[]', 'rubric')")
    history = History(path)
    [old] = history.attempts()
    assert old.answer == "typed" and old.delivery is None and history.schema_version == 2
    spoken = Attempt("s", old.at, "q2", "spoken", 4.0, 5, "good", "rubric",
                     delivery={"words_per_minute": 150.0, "fillers": 1})
    history.record(spoken)
    assert history.attempts()[1].delivery == {"words_per_minute": 150.0, "fillers": 1}
    assert "delivery" not in old.to_dict() and history.attempts()[1].to_dict()["delivery"]
