"""A flashcard: what it asks, what the answer holds, where it came from, and its FSRS state.

The scheduling state is the `fsrs` package's own Card, kept whole so the scheduler, not this
code, decides what each rating does. Times are timezone-aware UTC throughout: the scheduler
refuses anything else, and a fixed-width stamp keeps SQLite's text comparisons of due dates
in time order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fsrs import Card as FsrsCard
from fsrs import State

SOURCES = ("bank", "note", "missed", "user", "import")


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive time is a programming error, not a guess."""
    if moment.tzinfo is None:
        raise ValueError("flashcard times must be timezone-aware (UTC)")
    return moment.astimezone(UTC)


def stamp(moment: datetime) -> str:
    """Fixed-width ISO text, so comparing stamps as strings compares the times."""
    return utc(moment).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class CardDraft:
    """A card about to be stored: the content without an id or a schedule.

    `key` names the thing a generated card came from (a bank question, a note section, a
    missed point), so generating again finds the card it already made instead of a new one.
    """

    front: str
    back: str
    topic: str = ""
    source: str = "user"
    key: str | None = None
    question_id: str = ""


@dataclass
class Card:
    id: int
    front: str
    back: str
    topic: str
    source: str
    created_at: datetime
    schedule: FsrsCard
    key: str | None = None
    question_id: str = ""
    suspended: bool = False
    edited: bool = False

    @property
    def is_new(self) -> bool:
        """Never reviewed: it counts against the daily limit of new cards when first shown."""
        return self.schedule.last_review is None

    @property
    def due(self) -> datetime:
        return self.schedule.due

    @property
    def state(self) -> str:
        return "new" if self.is_new else State(self.schedule.state).name.lower()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "front": self.front, "back": self.back, "topic": self.topic,
                "source": self.source, "key": self.key, "question_id": self.question_id,
                "suspended": self.suspended, "edited": self.edited,
                "created_at": stamp(self.created_at), "state": self.state,
                "due": stamp(self.due), "schedule": dict(self.schedule.to_dict())}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        return cls(id=int(data["id"]), front=data["front"], back=data["back"],
                   topic=data.get("topic", ""), source=data.get("source", "user"),
                   key=data.get("key"), question_id=data.get("question_id", ""),
                   suspended=bool(data.get("suspended", False)),
                   edited=bool(data.get("edited", False)),
                   created_at=datetime.fromisoformat(data["created_at"]),
                   schedule=FsrsCard.from_dict(data["schedule"]))
