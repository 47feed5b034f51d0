"""The deck: cards, their FSRS state and every review, in SQLite under the user's folder.

A review updates the card's state and inserts its log in one transaction, committed before
the next card is shown, in WAL mode: a drill killed at any point keeps every review already
given and never a half of one. The schema grows by numbered migrations kept in code, as in
agents/history/store.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import Rating, ReviewLog, Scheduler, State

from agents.flashcards.cards import Card, CardDraft, stamp, utc
from agents.sqlite_store import SqliteStore
from ingest.settings import Settings, load_settings

DEFAULT_NEW_PER_DAY = 10

MIGRATIONS: tuple[str, ...] = (
    # 1: cards with their FSRS state, reviews, per-deck settings, dismissed generated cards.
    # AUTOINCREMENT: ids are never reused, because Anki note GUIDs are made from them.
    """
    CREATE TABLE cards (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT UNIQUE,
        source TEXT NOT NULL,
        question_id TEXT NOT NULL DEFAULT '',
        front TEXT NOT NULL,
        back TEXT NOT NULL,
        topic TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        suspended INTEGER NOT NULL DEFAULT 0,
        edited INTEGER NOT NULL DEFAULT 0,
        state INTEGER NOT NULL,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT NOT NULL,
        last_review TEXT
    );
    CREATE INDEX cards_due ON cards(due);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
        rating INTEGER NOT NULL,
        reviewed_at TEXT NOT NULL,
        was_new INTEGER NOT NULL,
        due_after TEXT NOT NULL,
        score REAL,
        suggested INTEGER,
        answer TEXT NOT NULL DEFAULT '',
        duration_ms INTEGER
    );
    CREATE INDEX reviews_at ON reviews(reviewed_at);
    CREATE INDEX reviews_card ON reviews(card_id);
    CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO settings VALUES ('deck_uid', lower(hex(randomblob(16))));
    CREATE TABLE dismissed (key TEXT PRIMARY KEY, at TEXT NOT NULL);
    """,
)

_CARD_COLUMNS = ("id, key, source, question_id, front, back, topic, created_at, suspended,"
                 " edited, state, step, stability, difficulty, due, last_review")

# Reproducible due dates: a deck of a few hundred cards gains little from fuzzing, and a
# schedule that can be replayed is one that can be tested and explained.
DEFAULT_SCHEDULER = Scheduler(enable_fuzzing=False)


class CardNotFound(LookupError):
    """No card has that id; the message says how to list them."""


@dataclass(frozen=True)
class Review:
    """One answer to one card, as stored: the rating given and where it left the card."""

    card_id: int
    rating: Rating
    reviewed_at: datetime
    was_new: bool
    due_after: datetime
    score: float | None = None
    suggested: Rating | None = None
    answer: str = ""
    duration_ms: int | None = None

    def to_log(self) -> ReviewLog:
        return ReviewLog(self.card_id, self.rating, self.reviewed_at, self.duration_ms)

    def to_dict(self) -> dict[str, Any]:
        return {"card_id": self.card_id, "rating": self.rating.name.lower(),
                "reviewed_at": stamp(self.reviewed_at), "was_new": self.was_new,
                "due_after": stamp(self.due_after), "score": self.score,
                "suggested": self.suggested.name.lower() if self.suggested else None,
                "answer": self.answer, "duration_ms": self.duration_ms}


@dataclass(frozen=True)
class ReviewResult:
    card: Card
    review: Review

    @property
    def due(self) -> datetime:
        return self.card.due


@dataclass(frozen=True)
class SyncReport:
    added: int
    updated: int

    def to_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated}


def deck_path(settings: Settings | None = None, profile: str | None = None) -> Path:
    return (settings or load_settings()).user_dir(profile) / "cards.sqlite3"


def _card_from_row(row: tuple[Any, ...]) -> Card:
    (card_id, key, source, question_id, front, back, topic, created_at, suspended, edited,
     state, step, stability, difficulty, due, last_review) = row
    schedule = FsrsCard(card_id=card_id, state=State(state), step=step, stability=stability,
                        difficulty=difficulty, due=datetime.fromisoformat(due),
                        last_review=datetime.fromisoformat(last_review) if last_review else None)
    return Card(id=card_id, front=front, back=back, topic=topic, source=source,
                created_at=datetime.fromisoformat(created_at), schedule=schedule, key=key,
                question_id=question_id, suspended=bool(suspended), edited=bool(edited))


def _review_from_row(row: tuple[Any, ...]) -> Review:
    card_id, rating, at, was_new, due_after, score, suggested, answer, duration = row
    return Review(card_id, Rating(rating), datetime.fromisoformat(at), bool(was_new),
                  datetime.fromisoformat(due_after), score,
                  Rating(suggested) if suggested else None, answer, duration)


class Deck(SqliteStore):
    """Opens (and migrates) one person's deck; one short connection per call."""

    migrations = MIGRATIONS

    def __init__(self, path: Path | None = None, scheduler: Scheduler | None = None) -> None:
        self.scheduler = scheduler or DEFAULT_SCHEDULER
        super().__init__(path or deck_path())

    # --- settings ------------------------------------------------------------------------------
    def _setting(self, name: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    @property
    def uid(self) -> str:
        """A random id made when the deck was created: tells one person's deck from another's."""
        return self._setting("deck_uid") or ""

    @property
    def new_per_day(self) -> int:
        value = self._setting("new_per_day")
        return int(value) if value is not None else DEFAULT_NEW_PER_DAY

    def set_new_per_day(self, limit: int) -> None:
        if limit < 0:
            raise ValueError("the daily limit of new cards cannot be negative")
        with self._connect() as db:
            db.execute("INSERT INTO settings VALUES ('new_per_day', ?) ON CONFLICT(name)"
                       " DO UPDATE SET value = excluded.value", (str(limit),))

    # --- cards ---------------------------------------------------------------------------------
    def _insert(self, db: sqlite3.Connection, draft: CardDraft, now: datetime) -> int:
        cursor = db.execute(
            "INSERT INTO cards (key, source, question_id, front, back, topic, created_at,"
            " state, step, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
            (draft.key, draft.source, draft.question_id, draft.front.strip(),
             draft.back.strip(), draft.topic, stamp(now), int(State.Learning), stamp(now)))
        return int(cursor.lastrowid or 0)

    def add(self, draft: CardDraft, now: datetime) -> Card:
        if not draft.front.strip() or not draft.back.strip():
            raise ValueError("a card needs both a front and a back")
        with self._connect() as db:
            card_id = self._insert(db, draft, now)
        return self.get(card_id)

    def add_generated(self, drafts: Iterable[CardDraft], now: datetime) -> SyncReport:
        """Store generated cards by key: new keys are added, cards the user has not edited get
        the source's current text, and cards the user deleted stay deleted."""
        added = updated = 0
        with self._connect(write=True) as db:
            existing = {row[0]: row[1:] for row in db.execute(
                "SELECT key, front, back, topic, question_id, edited FROM cards"
                " WHERE key IS NOT NULL")}
            dismissed = {row[0] for row in db.execute("SELECT key FROM dismissed")}
            for draft in drafts:
                if draft.key is None or draft.key in dismissed:
                    continue
                current = existing.get(draft.key)
                content = (draft.front.strip(), draft.back.strip(), draft.topic,
                           draft.question_id)
                if current is None:
                    self._insert(db, draft, now)
                    existing[draft.key] = (*content, 0)
                    added += 1
                elif not current[4] and tuple(current[:4]) != content:
                    db.execute("UPDATE cards SET front = ?, back = ?, topic = ?, question_id = ?"
                               " WHERE key = ?", (*content, draft.key))
                    updated += 1
        return SyncReport(added, updated)

    def get(self, card_id: int) -> Card:
        with self._connect() as db:
            row = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?",
                             (card_id,)).fetchone()
        if row is None:
            raise CardNotFound(f"no card {card_id}; list cards with `prep cards list`")
        return _card_from_row(row)

    def _select(self, where: str, params: tuple[Any, ...], order: str = "id") -> list[Card]:
        with self._connect() as db:
            rows = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE {where} ORDER BY {order}",
                              params).fetchall()
        return [_card_from_row(row) for row in rows]

    def cards(self, topic: str | None = None) -> list[Card]:
        return self._select("(? IS NULL OR topic = ?)", (topic, topic))

    def due_cards(self, now: datetime, topic: str | None = None) -> list[Card]:
        """Cards already studied whose due time has come, most overdue first."""
        return self._select("last_review IS NOT NULL AND NOT suspended AND due <= ?"
                            " AND (? IS NULL OR topic = ?)", (stamp(now), topic, topic),
                            order="due, id")

    def new_cards(self, topic: str | None = None) -> list[Card]:
        return self._select("last_review IS NULL AND NOT suspended AND (? IS NULL OR topic = ?)",
                            (topic, topic))

    def count_due_before(self, moment: datetime) -> int:
        """Studied, unsuspended cards that will be due before `moment`."""
        with self._connect() as db:
            return int(db.execute(
                "SELECT COUNT(*) FROM cards WHERE last_review IS NOT NULL AND NOT suspended"
                " AND due < ?", (stamp(moment),)).fetchone()[0])

    def edit(self, card_id: int, front: str | None = None, back: str | None = None,
             topic: str | None = None) -> Card:
        """Change a card's text; the schedule stays, and generation no longer overwrites it."""
        card = self.get(card_id)
        new_front = front.strip() if front is not None else card.front
        new_back = back.strip() if back is not None else card.back
        if not new_front or not new_back:
            raise ValueError("a card needs both a front and a back")
        with self._connect() as db:
            db.execute("UPDATE cards SET front = ?, back = ?, topic = ?, edited = 1 WHERE id = ?",
                       (new_front, new_back, card.topic if topic is None else topic, card_id))
        return self.get(card_id)

    def suspend(self, card_id: int, suspended: bool = True) -> Card:
        """A suspended card keeps its schedule but is never shown until unsuspended."""
        self.get(card_id)
        with self._connect() as db:
            db.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))
        return self.get(card_id)

    def delete(self, card_id: int, now: datetime) -> None:
        """Remove the card and its reviews; a generated card is remembered as dismissed so
        generating again does not bring it back."""
        card = self.get(card_id)
        with self._connect() as db:
            if card.key is not None:
                db.execute("INSERT OR IGNORE INTO dismissed VALUES (?, ?)",
                           (card.key, stamp(now)))
            db.execute("DELETE FROM cards WHERE id = ?", (card_id,))

    # --- reviews -------------------------------------------------------------------------------
    def review(self, card_id: int, rating: Rating, now: datetime, answer: str = "",
               score: float | None = None, suggested: Rating | None = None,
               duration_ms: int | None = None) -> ReviewResult:
        """Rate a card at `now`: the scheduler sets its next state, and the new state and the
        review log are committed together."""
        at = utc(now)
        with self._connect(write=True) as db:
            row = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?",
                             (card_id,)).fetchone()
            if row is None:
                raise CardNotFound(f"no card {card_id}; list cards with `prep cards list`")
            before = _card_from_row(row)
            after, _ = self.scheduler.review_card(before.schedule, Rating(rating), at,
                                                  duration_ms)
            db.execute("UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?,"
                       " due = ?, last_review = ? WHERE id = ?",
                       (int(after.state), after.step, after.stability, after.difficulty,
                        stamp(after.due), stamp(at), card_id))
            review = Review(card_id, Rating(rating), at, before.is_new, utc(after.due), score,
                            suggested, answer, duration_ms)
            db.execute("INSERT INTO reviews (card_id, rating, reviewed_at, was_new, due_after,"
                       " score, suggested, answer, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (card_id, int(rating), stamp(at), int(review.was_new), stamp(after.due),
                        score, int(suggested) if suggested else None, answer, duration_ms))
        before.schedule = after
        return ReviewResult(before, review)

    def reviews(self, since: datetime | None = None, card_id: int | None = None) -> list[Review]:
        """Reviews in the order given, optionally from `since` on or of one card."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT card_id, rating, reviewed_at, was_new, due_after, score, suggested,"
                " answer, duration_ms FROM reviews WHERE reviewed_at >= ?"
                " AND (? IS NULL OR card_id = ?) ORDER BY reviewed_at, id",
                (stamp(since) if since else "", card_id, card_id)).fetchall()
        return [_review_from_row(row) for row in rows]

    def count_new_studied_since(self, moment: datetime) -> int:
        """New cards first reviewed at or after `moment`: what the daily limit counts."""
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(DISTINCT card_id) FROM reviews"
                                  " WHERE was_new AND reviewed_at >= ?",
                                  (stamp(moment),)).fetchone()[0])
