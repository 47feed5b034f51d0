"""Which questions a session asks: the user's filters, weighted toward weak topics, never a
question answered well in the last week."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from agents.history.store import Attempt, graded_only
from agents.questions.bank import Question

WELL_ANSWERED = 4.0
RECENT = timedelta(days=7)
UNSEEN_TOPIC_MEAN = 2.5  # a topic never practised counts as middling, not as mastered


def topic_weights(attempts: list[Attempt]) -> dict[str, float]:
    """Weight per topic: 1 for a mastered topic (mean 5) up to 2 for one scoring 0."""
    scores: dict[str, list[float]] = defaultdict(list)
    for attempt in attempts:
        scores[attempt.topic].append(attempt.score)
    return {topic: 2.0 - (sum(s) / len(s)) / 5.0 for topic, s in scores.items()}


def topic_weakness(attempts: list[Attempt]) -> dict[str, float]:
    """0 (mastered) to 1 (scoring 0) per topic practised, from graded answers only."""
    return {topic: weight - 1.0 for topic, weight in topic_weights(graded_only(attempts)).items()}


def plan(bank: tuple[Question, ...], attempts: list[Attempt], at: datetime, count: int,
         topic: str | None = None, difficulty: str | None = None,
         rng: random.Random | None = None) -> list[Question]:
    """Up to `count` distinct questions, drawn without replacement by topic weakness."""
    rng = rng or random.Random()
    attempts = graded_only(attempts)  # an answer the coach could not grade says nothing
    recent_good = {a.question_id for a in attempts
                   if a.score >= WELL_ANSWERED and at - a.at <= RECENT}
    pool = [q for q in bank if (topic is None or q.topic == topic)
            and (difficulty is None or q.difficulty == difficulty) and q.id not in recent_good]
    weights = topic_weights(attempts)
    default = 2.0 - UNSEEN_TOPIC_MEAN / 5.0
    chosen: list[Question] = []
    while pool and len(chosen) < count:
        # a topic's chance follows its weakness, not how many questions the bank holds on it
        sizes = Counter(q.topic for q in pool)
        pick = rng.choices(pool, weights=[weights.get(q.topic, default) / sizes[q.topic]
                                          for q in pool])[0]
        chosen.append(pick)
        pool.remove(pick)
    return chosen
