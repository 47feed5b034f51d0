"""Progress figures over the practice history. Time is passed in, so tests need no clock."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from agents.history.store import Attempt, graded_only

WEAKEST_POINTS = 5
TREND_DAYS = 7


def streak(days: set[date], today: date) -> int:
    """Consecutive active days ending today (or yesterday, if today has no practice yet)."""
    current = today if today in days else today - timedelta(days=1)
    count = 0
    while current in days:
        count += 1
        current -= timedelta(days=1)
    return count


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def summarize(attempts: list[Attempt], at: datetime) -> dict[str, object]:
    """Attempts, mean score overall and by topic, a daily trend, streak and weakest points."""
    by_topic: dict[str, list[float]] = defaultdict(list)
    by_day: dict[date, list[float]] = defaultdict(list)
    missed: Counter[str] = Counter()
    graded = graded_only(attempts)
    for attempt in graded:
        by_topic[attempt.topic or "other"].append(attempt.score)
        by_day[attempt.at.date()].append(attempt.score)
        missed.update(attempt.missing)
    today = at.date()
    trend_days = [today - timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
    return {
        "attempts": len(attempts),
        "mean_score": _mean([a.score for a in graded]),
        "by_topic": {topic: {"attempts": len(scores), "mean_score": _mean(scores)}
                     for topic, scores in sorted(by_topic.items())},
        "trend": [{"day": day.isoformat(), "attempts": len(by_day.get(day, [])),
                   "mean_score": _mean(by_day.get(day, []))} for day in trend_days],
        "streak_days": streak(set(by_day), today),
        "active_days": len(by_day),
        "weakest_points": [{"point": point, "missed": count}
                           for point, count in missed.most_common(WEAKEST_POINTS)],
    }
