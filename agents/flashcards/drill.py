"""A day's drill: which cards to show, in what order, and how to grade an answer to one.

Due cards come first (most overdue first), then new cards up to the deck's daily limit, which
counts the new cards already started today. Days are calendar days in the zone given (the
CLI passes the user's local zone; UTC otherwise), and the time is always passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta, tzinfo
from itertools import zip_longest
from typing import Any

from agents.flashcards.cards import Card, utc
from agents.flashcards.store import Deck
from agents.grading.grader import GradeError

# New cards of the user's own making come before the generated ones: a missed point or a
# card someone typed in is what they asked to learn.
NEW_PRIORITY = {"missed": 0, "user": 0, "import": 1, "bank": 2, "note": 2}


def day_start(now: datetime, tz: tzinfo = UTC, days: int = 0) -> datetime:
    """Midnight (in `tz`) of the day `days` after the one holding `now`, as UTC."""
    local_day = utc(now).astimezone(tz).date() + timedelta(days=days)
    return datetime.combine(local_day, time(), tzinfo=tz).astimezone(UTC)


def new_allowance(deck: Deck, now: datetime, tz: tzinfo = UTC) -> int:
    return max(0, deck.new_per_day - deck.count_new_studied_since(day_start(now, tz)))


def order_new(cards: list[Card]) -> list[Card]:
    """By priority, then one card per topic and source in turn, so a day's new cards cover
    several topics instead of the first bank file."""
    ordered: list[Card] = []
    for level in sorted({NEW_PRIORITY.get(c.source, 1) for c in cards}):
        groups: dict[tuple[str, str], list[Card]] = {}
        for card in cards:
            if NEW_PRIORITY.get(card.source, 1) == level:
                groups.setdefault((card.topic, card.source), []).append(card)
        # groups sorted by source first, so each round starts with one bank card per topic
        for row in zip_longest(*(groups[k] for k in sorted(groups, key=lambda k: k[::-1]))):
            ordered += [card for card in row if card is not None]
    return ordered


def drill_queue(deck: Deck, now: datetime, limit: int | None = None,
                topic: str | None = None, tz: tzinfo = UTC) -> list[Card]:
    """The cards to show now: due first, then today's remaining new cards; at most `limit`."""
    due = deck.due_cards(now, topic)
    new = order_new(deck.new_cards(topic))[:new_allowance(deck, now, tz)]
    queue = due + new
    return queue[:limit] if limit is not None else queue


def deck_counts(deck: Deck, now: datetime, tz: tzinfo = UTC) -> dict[str, int]:
    """What a drill screen shows: due now, new still allowed today, reviewed today, and the
    cards due by the end of tomorrow."""
    return {"due": len(deck.due_cards(now)),
            "new": min(new_allowance(deck, now, tz), len(deck.new_cards())),
            "reviewed_today": len(deck.reviews(since=day_start(now, tz))),
            "due_tomorrow": deck.count_due_before(day_start(now, tz, days=2))}


def grade_card(grader: Any, card: Card, answer: str, bank: Mapping[str, Any]) -> Any:
    """A bank card is graded with its question's rubric (unless the user rewrote the card);
    any other card against its back as the reference answer. Raises GradeError when the
    answer is empty."""
    question = bank.get(card.question_id) if card.question_id and not card.edited else None
    if question is None:
        return grader.grade(card.front, answer, reference=card.back)
    if not answer.strip():
        raise GradeError("the answer is empty; write an answer to grade")
    return grader.grade_with(grader.rubric_for_bank(question), answer)
