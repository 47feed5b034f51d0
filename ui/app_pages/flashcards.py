"""Flashcards: today's due cards, type an answer, see the grade and the back, confirm or
override the suggested rating; counts of due, new and reviewed."""

from __future__ import annotations

import streamlit as st
from fsrs import Rating

from agents.flashcards.cards import Card
from agents.flashcards.drill import deck_counts, drill_queue, grade_card
from agents.flashcards.generate import practice_attempts, sync_cards
from agents.flashcards.rating import rating_for, rating_name
from agents.flashcards.store import CardNotFound, Deck
from agents.history.store import now
from ingest.settings import NOTES_DIR
from ingest.topics import TOPICS
from ui import app_state as app
from ui.app_render import show_grade
from ui.voice_input import forget_recording, show_delivery, spoken_delivery, voice_answer
from ui.words import local_time

RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)


@st.cache_data(ttl=300, show_spinner=False)
def _synced(user_dir: str, attempts: int) -> bool:
    """Generate cards at most once per user folder and attempt count (it is idempotent)."""
    sync_cards(app.deck(), app.bank(), NOTES_DIR,
               practice_attempts(app.history()), now())
    return True


def _counts(deck: Deck) -> None:
    counts = deck_counts(deck, now())
    cols = st.columns(4)
    cols[0].metric("Due", counts["due"])
    cols[1].metric("New today", counts["new"])
    cols[2].metric("Reviewed today", counts["reviewed_today"])
    cols[3].metric("Due by tomorrow", counts["due_tomorrow"])


def _rate(deck: Deck, card: Card, drill: dict) -> None:
    suggested = Rating(drill["suggested"])
    st.markdown("**Back of the card**")
    st.text(card.back)
    choice = st.radio("Rating", RATINGS, index=RATINGS.index(suggested), horizontal=True,
                      format_func=lambda r: rating_name(r).capitalize()
                      + (" (suggested)" if r == suggested else ""))
    if st.button("Save rating"):
        result = deck.review(card.id, choice, now(), answer=drill["answer"],
                             score=drill["grade"]["score"] if drill["grade"] else None,
                             suggested=suggested)
        st.session_state.drill = None
        st.toast(f"Next review {local_time(result.due)}")
        st.rerun()


def _card(deck: Deck, card: Card) -> None:
    st.caption(app.escaped(f"{card.topic or 'general'} · {card.state}"))
    st.markdown(f"#### {app.escaped(card.front)}")
    drill = st.session_state.drill
    if drill is not None and drill["card_id"] == card.id:
        if drill["grade"]:
            show_grade(drill["grade"])
            show_delivery(drill.get("delivery"))
        _rate(deck, card, drill)
        return
    # Keyed by the last review too: a card that comes back in the same drill starts empty.
    box = f"card-answer-{card.id}-{card.schedule.last_review}"
    voice_answer(box, card.topic, card.front)
    with st.form(f"card-{card.id}-{card.schedule.last_review}"):
        answer = st.text_area("Your answer", height=150, key=box)
        graded = st.form_submit_button("Check my answer")
        shown = st.form_submit_button("Show the back")
    if graded and not answer.strip():
        st.warning("Type an answer first, or show the back.")
    elif graded or shown:
        grade = None  # "show the back" without an answer: you did not recall it (Again)
        if graded:
            with st.spinner("Grading…"):
                grade = grade_card(app.current_grader(), card, answer,
                                   {q.id: q for q in app.bank()})
        st.session_state.drill = {"card_id": card.id, "answer": answer,
                                  "grade": grade.to_dict() if grade else None,
                                  "suggested": int(rating_for(grade)),
                                  "delivery": spoken_delivery(box) if graded else None}
        forget_recording(box)
        st.rerun()


def render() -> None:
    st.title("Flashcards")
    _synced(str(app.user_dir()), len(app.history().attempts()))
    deck = app.deck()
    _counts(deck)
    topic = st.selectbox("Topic", ("all", *TOPICS))
    queue = drill_queue(deck, now(), topic=None if topic == "all" else topic)
    drill = st.session_state.drill
    if drill is not None:  # the card being rated stays on screen until its rating is saved
        try:
            card = deck.get(drill["card_id"])
        except CardNotFound:  # deleted meanwhile, e.g. with `prep cards delete`
            st.session_state.drill = None
        else:
            queue = [card, *[c for c in queue if c.id != card.id]]
    if not queue:
        st.success("Nothing due now. Come back tomorrow, or raise the daily limit of new "
                   "cards with `prep cards limit N`.")
        return
    _card(deck, queue[0])


app.guarded(render)
