"""Quiz: choose topic, difficulty and count; one question at a time, graded, with the model
answer."""

from __future__ import annotations

import streamlit as st

from agents.history.store import now
from agents.practice.quiz_run import QuizRun
from ingest.topics import TOPICS
from ui import app_state as app
from ui.app_render import show_grade, show_summary
from ui.voice_input import (
    forget_recording,
    read_aloud,
    show_delivery,
    spoken_delivery,
    voice_answer,
)
from ui.words import topic_name

DIFFICULTIES = ("easy", "medium", "hard")


def _setup() -> None:
    preset = st.query_params.get("topic")
    with st.form("quiz-setup"):
        topic = st.selectbox("Topic", ("any", *TOPICS),
                             index=(TOPICS.index(preset) + 1) if preset in TOPICS else 0,
                             format_func=lambda t: "Any" if t == "any" else topic_name(t))
        difficulty = st.selectbox("Difficulty", ("any", *DIFFICULTIES))
        count = st.number_input("Questions", min_value=1, max_value=20, value=5)
        for_ads = st.checkbox("Practise for my job ads",
                              help="Questions mapped to the requirements of the job ads in "
                                   "your Library (its practice plan).")
        if st.form_submit_button("Start quiz"):
            chosen_topic = None if topic == "any" else topic
            if for_ads:
                run = _job_ad_quiz(int(count), chosen_topic)
            else:
                run = QuizRun.start(app.history(), app.bank(), now(), int(count),
                                    chosen_topic, None if difficulty == "any" else difficulty)
            if run is None:
                st.warning("No document in your Library reads as a job ad yet; add yours "
                           "on the Library page.")
                return
            if not run.questions:
                st.warning("No questions match. Widen the topic or difficulty; questions "
                           "you answered well this week are held back.")
                return
            st.session_state.quiz = run
            st.rerun()


def _job_ad_quiz(count: int, topic: str | None) -> QuizRun | None:
    """A quiz of the bank questions the job ads' plan maps to their requirements."""
    from agents.practice.planner import topic_weakness
    from agents.questions.plan import indexed_plans, practice_from

    plans = indexed_plans(app.index(), app.bank())
    if not plans:
        return None
    weakness = topic_weakness(app.history().attempts())
    pool = tuple(q for q in app.bank() if topic is None or q.topic == topic)
    # the web quiz asks bank questions only: self-assessments are in `prep quiz --from-docs`
    questions = [c.question for c in practice_from(plans, pool, weakness, count * 2)
                 if c.question is not None][:count]
    return QuizRun.begin(app.history(), questions, now())


def _question(run: QuizRun) -> None:
    question = run.current
    assert question is not None
    number = len(run.results) + (run.shown is None)
    st.caption(f"Question {min(number, len(run.questions))} of {len(run.questions)} · "
               f"{topic_name(question.topic)} · {question.difficulty}")
    st.markdown(f"#### {app.escaped(question.text)}")
    read_aloud(question.text, f"quiz-{run.session_id}-{number}")
    if run.shown is not None:
        show_grade(run.shown)
        show_delivery(run.shown.get("delivery"))
        if st.button("Next question" if len(run.results) < len(run.questions) else "Finish"):
            run.next()
            st.rerun()
        return
    box = f"quiz-answer-{run.session_id}-{len(run.results)}"
    voice_answer(box, question.topic, question.text)
    with st.form(f"answer-{len(run.results)}"):
        answer = st.text_area("Your answer", height=180, key=box)
        submitted = st.form_submit_button("Submit answer")
        skipped = st.form_submit_button("Skip")
    if submitted and answer.strip():
        with st.spinner("Grading…"):
            run.answer(app.current_grader(), app.history(), answer, now(),
                       spoken_delivery(box))
        forget_recording(box)
        st.rerun()
    elif submitted:
        st.warning("Type an answer first, or skip the question.")
    elif skipped:
        run.skip()
        st.rerun()


def render() -> None:
    st.title("Quiz")
    run: QuizRun | None = st.session_state.quiz
    if run is None:
        _setup()
        return
    if run.finished:
        show_summary(run.summary())
        if st.button("New quiz"):
            st.session_state.quiz = None
            st.rerun()
        return
    _question(run)


app.guarded(render)
