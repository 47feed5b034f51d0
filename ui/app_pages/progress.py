"""Progress: score over time by topic, review counts and retention, a heat map of mastery by
topic and difficulty, and the weakest key points with a way to practise them."""

from __future__ import annotations

from collections import Counter, defaultdict

import altair as alt
import pandas as pd
import streamlit as st

from agents.flashcards.stats import review_stats
from agents.history.stats import summarize
from agents.history.store import Attempt, now
from agents.voice.delivery import FREQUENT_PER_MINUTE, PACE_RANGE
from ui import app_state as app
from ui.words import plural, score_text, topic_name


def _score_chart(attempts: list[Attempt]) -> None:
    st.subheader("Score over time")
    frame = pd.DataFrame([{"day": a.at.date().isoformat(), "topic": topic_name(a.topic),
                           "score": a.score} for a in attempts])
    daily = frame.groupby(["day", "topic"], as_index=False)["score"].mean()
    st.altair_chart(alt.Chart(daily).mark_line(point=True).encode(
        x=alt.X("day:T", title="day"), y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 5])),
        color="topic:N", tooltip=["day:T", "topic:N", alt.Tooltip("score:Q", format=".1f")]),
        width="stretch")


DELIVERY_TRENDS = {"words_per_minute": "words a minute", "fillers_per_minute": "fillers a minute",
                   "long_pauses": "long pauses"}


def _delivery_trend(attempts: list[Attempt]) -> None:
    """How spoken answers were delivered, day by day: one small chart a measure."""
    spoken = [a for a in attempts if a.delivery]
    if not spoken:
        return
    st.subheader("Delivery of spoken answers")
    frame = pd.DataFrame([{"day": a.at.date().isoformat(), **{
        label: float(a.delivery.get(key) or 0)  # type: ignore[union-attr, arg-type]
        for key, label in DELIVERY_TRENDS.items()}} for a in spoken])
    daily = frame.groupby("day", as_index=False).mean()
    for column, label in zip(st.columns(len(DELIVERY_TRENDS)), DELIVERY_TRENDS.values()):
        column.altair_chart(alt.Chart(daily).mark_line(point=True).encode(
            x=alt.X("day:T", title="day"), y=alt.Y(f"{label}:Q", title=label),
            tooltip=["day:T", alt.Tooltip(f"{label}:Q", format=".1f")]), width="stretch")
    low, high = PACE_RANGE
    st.caption(f"{plural(len(spoken), 'spoken answer')}. Comfortable pace: {low:.0f}-{high:.0f}"
               f" words a minute; fillers: {FREQUENT_PER_MINUTE:.0f} a minute or fewer.")


def _mastery(attempts: list[Attempt]) -> None:
    st.subheader("Mastery by topic and difficulty")
    frame = pd.DataFrame([{"topic": topic_name(a.topic), "difficulty": a.difficulty or "n/a",
                           "score": a.score} for a in attempts])
    cells = frame.groupby(["topic", "difficulty"], as_index=False).agg(
        score=("score", "mean"), answers=("score", "size"))
    st.altair_chart(alt.Chart(cells).mark_rect().encode(
        x=alt.X("difficulty:N", sort=["easy", "medium", "hard", "n/a"]), y="topic:N",
        color=alt.Color("score:Q", scale=alt.Scale(domain=[0, 5], scheme="redyellowgreen")),
        tooltip=["topic:N", "difficulty:N", alt.Tooltip("score:Q", format=".1f"),
                 "answers:Q"]), width="stretch")


def _reviews() -> None:
    st.subheader("Flashcard reviews")
    deck = app.deck()
    figures = review_stats(deck, now())
    cols = st.columns(4)
    cols[0].metric("Reviews", figures["reviews"])
    cols[1].metric("Due today", figures["due_today"])
    cols[2].metric("Due this week", figures["due_this_week"])
    retention = figures["retention"]
    cols[3].metric("Retention (30 days)", "–" if retention is None else f"{retention:.0%}")
    reviews = deck.reviews()
    if not reviews:
        st.caption("No reviews yet: drill a few cards on the Flashcards page.")
        return
    frame = pd.DataFrame([{"day": r.reviewed_at.date().isoformat(),
                           "rating": r.rating.name} for r in reviews])
    st.altair_chart(alt.Chart(frame).mark_bar().encode(
        x=alt.X("day:T"), y=alt.Y("count():Q", title="reviews"),
        color=alt.Color("rating:N", sort=["Again", "Hard", "Good", "Easy"])),
        width="stretch")


def _weakest(attempts: list[Attempt]) -> None:
    st.subheader("Weakest key points")
    topics: dict[str, Counter[str]] = defaultdict(Counter)
    for attempt in attempts:
        for point in attempt.missing:
            topics[point][attempt.topic] += 1
    for number, item in enumerate(summarize(attempts, now())["weakest_points"]):
        topic = topics[item["point"]].most_common(1)[0][0] if topics[item["point"]] else ""
        text, button = st.columns([5, 1])
        text.markdown(f"{app.escaped(item['point'])}  \n"
                      f"_missed {item['missed']}×{' · ' + topic_name(topic) if topic else ''}_")
        if topic and button.button("Practise", key=f"practise-{number}"):
            st.switch_page("app_pages/quiz.py", query_params={"topic": topic})


def render() -> None:
    st.title("Progress")
    attempts = app.history().attempts()
    if attempts:
        figures = summarize(attempts, now())
        cols = st.columns(3)
        cols[0].metric("Answers graded", figures["attempts"])
        cols[1].metric("Mean score", f"{score_text(figures['mean_score'])} / 5")
        cols[2].metric("Streak", plural(figures["streak_days"], "day"))
        _score_chart(attempts)
        _delivery_trend(attempts)
        _mastery(attempts)
    else:
        st.info("No graded answers yet: take a quiz or a mock interview first.")
    _reviews()
    if attempts:
        _weakest(attempts)


app.guarded(render)
