"""Review figures for `prep stats`: reviews, what is due, retention and the drill streak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from fsrs import Rating

from agents.flashcards.drill import day_start
from agents.flashcards.store import Deck
from agents.history.stats import streak

RETENTION_DAYS = 30
WEEK_DAYS = 7


def retention(deck: Deck, now: datetime) -> float | None:
    """Share of the last 30 days' reviews of already-studied cards not rated Again: how
    often a card that had been learnt was still remembered. None before any such review."""
    seen = [r for r in deck.reviews(since=now - timedelta(days=RETENTION_DAYS)) if not r.was_new]
    if not seen:
        return None
    return round(sum(r.rating != Rating.Again for r in seen) / len(seen), 3)


def review_stats(deck: Deck, now: datetime, tz: tzinfo = UTC) -> dict[str, object]:
    reviews = deck.reviews()
    days = {r.reviewed_at.astimezone(tz).date() for r in reviews}
    return {
        "reviews": len(reviews),
        "reviews_today": sum(r.reviewed_at >= day_start(now, tz) for r in reviews),
        "due_today": deck.count_due_before(day_start(now, tz, days=1)),
        "due_this_week": deck.count_due_before(day_start(now, tz, days=WEEK_DAYS)),
        "retention": retention(deck, now),
        "review_streak_days": streak(days, now.astimezone(tz).date()),
        "cards": len(deck.cards()),
    }
