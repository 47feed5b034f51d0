"""Mock interview: a chat-style session driven by the LangGraph graph (interrupt / resume),
with a timer, follow-ups, a live score panel and a final report. The session id sits in the
page's URL, so a reload picks the session up from its SQLite checkpoint."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import streamlit as st
import streamlit.components.v1 as components
from langgraph.types import Command

from agents.history.store import now
from agents.practice.drafts import Drafts
from agents.practice.graph import SessionContext, build_graph
from agents.practice.sessions import (
    end_now,
    interview_items,
    pending_session,
    save_report,
)
from agents.practice.summary import summarize_results
from ui import app_state as app
from ui.app_render import show_grade, show_summary, show_tests
from ui.code_box import code_box
from ui.pressed import acting_on, handled, pressed
from ui.report import labelled, report_markdown, time_taken_text
from ui.voice_input import (
    forget_recording,
    read_aloud,
    show_delivery,
    spoken_delivery,
    voice_answer,
)
from ui.words import question_title, score_text, topic_name

KIND = "interview"
TICK_SECONDS = 15  # how often the countdown clocks refresh


def _graph(session_id: str) -> tuple[Any, SessionContext]:
    grader = app.current_grader()
    context = SessionContext(grader, app.history(), session_id,
                             {q.id: q for q in app.bank()}, llm=grader.llm)
    return build_graph(context, app.checkpointer()), context


def _config(session_id: str) -> dict:
    return {"configurable": {"thread_id": session_id}}


def _start(minutes: int, count: int) -> None:
    history, at = app.history(), now()
    session_id = f"interview-web-{at.strftime('%Y%m%dT%H%M%S%f')}"
    history.start_session(session_id, KIND, at)
    graph, context = _graph(session_id)
    items = interview_items(app.bank(), history.attempts(), at, count,
                            written=context.llm is not None)
    graph.invoke({"queue": items, "deadline": (at + timedelta(minutes=minutes)).isoformat()},
                 _config(session_id))
    _open(session_id)


def _open(session_id: str) -> None:
    st.session_state.interview_id = session_id
    st.query_params["session"] = session_id


def _restore() -> None:
    """After a reload: the session named in the URL, if it is this profile's."""
    wanted = st.query_params.get("session")
    if wanted and any(s["id"] == wanted and s["kind"] == KIND for s in app.history().sessions()):
        st.session_state.interview_id = wanted


def _setup() -> None:
    history = app.history()
    graph, _ = _graph("")
    unfinished = pending_session(history, graph, KIND)
    if unfinished and st.button(f"Resume the unfinished interview ({unfinished})"):
        _open(unfinished)
        st.rerun()
    with st.form("interview-setup"):
        minutes = st.slider("Minutes", 10, 90, 45, step=5)
        count = st.slider("Questions planned first", 3, 10, 5,
                          help="More follow by weakness until the time is up.")
        if st.form_submit_button("Start mock interview"):
            with st.spinner("Preparing the interview…"):
                _start(minutes, count)
            st.rerun()


@st.fragment(run_every=15)
@st.fragment(run_every=timedelta(seconds=TICK_SECONDS))
def _timer(deadline: str | None, item: dict | None) -> None:
    """The clocks count down on their own (the fragment reruns alone, so typing elsewhere
    is not disturbed)."""
    if not deadline:
        return
    left = datetime.fromisoformat(deadline) - now()
    minutes = max(0, int(left.total_seconds() // 60))
    overall, this_one = st.columns(2)
    overall.metric("Time left", f"{minutes} min" if left.total_seconds() > 0 else "time is up",
                   help="The interview ends by time: questions keep coming until it is up.")
    if item and item.get("asked_at") and item.get("minutes"):
        spent = (now() - datetime.fromisoformat(item["asked_at"])).total_seconds() / 60
        budget = int(item["minutes"])
        this_one.metric(f"This question ({budget} min)", f"{max(0, round(budget - spent))} min",
                        help="Time left of a typical interviewer's budget for this kind of "
                             "question.")
        if spent > budget:
            this_one.caption(":orange[over time: wrap up your answer]")


def _shown_key(item: dict) -> str:
    """One showing of a question: the same question asked again is a new showing."""
    return f"{item['id']}-{item.get('asked_at', '')}"


def _keep_in_view(item: dict) -> None:
    """Bring the newest question into view once, when it is first shown: after an answer
    the page would otherwise stay scrolled wherever the last one left it."""
    key = json.dumps(_shown_key(item)).replace("<", "\\u003c")  # safe inside <script>
    # Rendered on every rerun, and the scrolling runs in the page itself (a function made in
    # the parent window, with its observer): a rerun may replace this frame, and the parent
    # remembers the question it already scrolled to. For twenty seconds every change to the
    # page puts the question back at the top (widgets still render after the first try);
    # a candidate who scrolls or types meanwhile is left alone.
    components.html("""<script>
      const host = window.parent, key = KEY;
      if (host.prepInView !== key) {
        host.prepInView = key;
        new host.Function(`
          let moved = false;
          for (const event of ["wheel", "touchmove", "keydown"]) {
            document.addEventListener(event, () => { moved = true; }, {once: true});
          }
          function show() {
            const chat = document.querySelectorAll('[data-testid="stChatMessage"]');
            if (!moved && chat.length) chat[chat.length - 1].scrollIntoView({block: "start"});
          }
          show();
          // whatever renders later (the editor, the microphone, the score) re-places it
          let queued = false;
          const watch = new MutationObserver(() => {
            if (moved) { watch.disconnect(); return; }
            if (queued) return;
            queued = true;
            requestAnimationFrame(() => { queued = false; show(); });
          });
          watch.observe(document.body, {childList: true, subtree: true});
          setTimeout(() => watch.disconnect(), 20000);
        `)();
      }
    </script>""".replace("KEY", key), height=0)


def _transcript(results: list[dict]) -> None:
    for r in results:
        with st.chat_message("assistant"):
            if r.get("code"):
                st.markdown(r["question"])
            else:
                st.markdown(app.escaped(r["question"]))
        if r.get("skipped"):
            with st.chat_message("user"):
                st.caption("skipped")
            continue
        with st.chat_message("user"):
            st.text(r["answer"])
        with st.chat_message("assistant"):
            if r.get("score") is None:
                st.caption(app.escaped(r.get("reason") or "Not graded."))
            else:
                st.markdown(f"**{r['score']:.1f} / 5**: {app.escaped(r['verdict'])}")


LIVE_FEEDBACK = "interview_live_feedback"


def _score_panel(results: list[dict]) -> None:
    """The running score. As in a real interview, what was missed and the model answers wait
    for the debrief, unless the candidate asks to see them as they go."""
    graded = [r for r in results if not r.get("skipped") and r.get("score") is not None]
    st.subheader("Scores")
    live = st.toggle("Show missed points and model answers as I go", key=LIVE_FEEDBACK,
                     help="Off, as in a real interview: they are all in the debrief.")
    if not graded:
        st.caption("Your scores appear here as you answer.")
        return
    mean = sum(r["score"] for r in graded) / len(graded)
    st.metric("Mean so far", f"{mean:.1f} / 5", help=f"{len(graded)} answers graded")
    st.caption("Last answer")
    if live:
        show_grade(graded[-1])
    else:
        last = graded[-1]
        st.markdown(f"**{last['score']:.1f} / 5**: {app.escaped(last['verdict'])}")
        st.caption("Points missed and model answers are in the debrief at the end.")


def _ask(session_id: str, item: dict) -> None:
    label = "Follow-up" if item["follow_up"] else f"Question {item['number']}"
    _keep_in_view(item)
    with st.chat_message("assistant"):
        st.caption(f"{label} · {topic_name(item['topic'])} · {item['difficulty']}")
        if item.get("kind") == "code":  # our own problem statement, written in Markdown
            st.markdown(item["text"])
        else:
            st.markdown(app.escaped(item["text"]))
    read_aloud(question_title(item["text"]) if item.get("kind") == "code" else item["text"],
               _shown_key(item))
    if item.get("kind") == "code":
        _code_answer(session_id, item)
        return
    voice_answer(_draft_key(session_id, item), item["topic"], item["text"],
                 lambda text: _drafts().put(session_id, item["id"], text))
    answer = _draft_area("Your answer", session_id, item, "", 200,
                         "Saved as you type (when you click away); sending an empty answer "
                         "asks before skipping.")
    sent = st.button("Send answer", type="primary")
    if sent and answer.strip():
        _send(session_id, answer, spoken_delivery(_draft_key(session_id, item)))
    elif sent or st.session_state.get(_confirm_key(session_id, item)):
        _confirm(session_id, item, "Your answer is empty.", "Skip this question", "")


def _drafts() -> Drafts:
    return Drafts(app.user_dir() / "drafts")


def _draft_area(label: str, session_id: str, item: dict, default: str, height: int,
                help_text: str) -> str:
    """A text box whose contents are saved with the session as they change, so a reload
    or a closed tab brings the unsent answer back."""
    key = _draft_key(session_id, item)
    if key not in st.session_state:
        saved = _drafts().get(session_id, item["id"])
        st.session_state[key] = default if saved is None else saved

    def save() -> None:
        _drafts().put(session_id, item["id"], st.session_state[key])

    return st.text_area(label, key=key, height=height, on_change=save, help=help_text)


def _draft_key(session_id: str, item: dict) -> str:
    return f"draft-{session_id}-{item['id']}"


def _confirm_key(session_id: str, item: dict) -> str:
    return f"confirm-{session_id}-{item['id']}"


def _confirm(session_id: str, item: dict, problem: str, action: str, answer: str) -> None:
    """Ask once more before sending an answer that is probably a slip (empty, or the starter
    code untouched); the candidate can go back to the box instead."""
    key = _confirm_key(session_id, item)
    st.session_state[key] = True
    st.warning(f"{problem} {action}?")
    yes, no = st.columns(2)
    if yes.button(action, key=f"{key}-yes"):
        st.session_state.pop(key, None)
        _send(session_id, answer)
    if no.button("Keep answering", key=f"{key}-no"):
        st.session_state.pop(key, None)
        st.rerun()


def _send(session_id: str, answer: str, delivery: dict | None = None,
          acted_on: str | None = None) -> None:
    """Resume the interview with `answer`; `acted_on` is the key of the button whose press
    sent it, marked handled once the answer is in (or grading failed), before any Streamlit
    call can stop us."""
    graph, context = _graph(session_id)
    pending = graph.get_state(_config(session_id)).interrupts
    with st.spinner("Grading…"), acting_on(acted_on):
        graph.invoke(Command(resume={"text": answer, "delivery": delivery} if delivery
                             else answer), _config(session_id))
    if pending:  # the answer is saved in history now
        _drafts().clear(session_id, pending[0].value["id"])
        forget_recording(_draft_key(session_id, pending[0].value))
    for notice in context.notices:
        st.toast(app.escaped(notice))
    st.rerun()


def _code_answer(session_id: str, item: dict) -> None:
    """A code editor: run the visible and hidden tests as often as wanted, then submit."""
    from agents.coding.practice import best_scores, progress_mark

    best = best_scores(app.history().attempts()).get(item["id"])
    words = {"✓": "Solved", "◐": "Attempted"}
    st.caption("A new problem for you" if best is None else
               f"{progress_mark(best)} {words[progress_mark(best)]} before · your best "
               f"{score_text(best)} / 5")

    saved = _drafts().get(session_id, item["id"])
    source = code_box("Your code", f"code-{session_id}-{item['id']}",
                      item.get("starter", "") if saved is None else saved,
                      lambda text: _drafts().put(session_id, item["id"], text),
                      "Saved as you type. Runs in a sandbox: no network, no files, time "
                      "and memory limits.")
    run_column, submit_column = st.columns(2)
    run_key, submit_key = f"run-{session_id}-{item['id']}", f"submit-{session_id}-{item['id']}"
    run = pressed(run_column, "Run tests", run_key)
    submit = pressed(submit_column, "Submit solution", submit_key, type="primary")
    unchanged = source.strip() == item.get("starter", "").strip()
    if submit and not unchanged:
        _send(session_id, source, acted_on=submit_key)
    elif submit or st.session_state.get(_confirm_key(session_id, item)):
        handled(submit_key)  # the question below takes over
        _confirm(session_id, item, "The code is the starter code, unchanged.",
                 "Submit it anyway", source)
    else:
        _test_run(session_id, item, source, run_key if run else None)


def _test_run(session_id: str, item: dict, source: str, press: str | None) -> None:
    """Run the tests when `press` (the button's key) asks and keep the last run on screen: the
    editor sends the code a moment after typing stops, and that redraw must not wipe a result
    the candidate asked for. The result is kept before the spinner's end, a Streamlit call at
    which the editor's send may stop this run."""
    from agents.coding import check_solution, get_problem

    key = f"test-run-{session_id}-{item['id']}"
    if press:
        with st.spinner("Running your code in the sandbox…"), acting_on(press):
            check = check_solution(get_problem(item["id"]), source)
            st.session_state[key] = {"source": source, "passed": check.passed,
                                     "total": check.total, "verdict": check.verdict,
                                     "tests": check.to_dict()}
    last = st.session_state.get(key)
    if last is None:
        return
    st.markdown(f"**{last['passed']} / {last['total']} tests pass** · {last['verdict']}")
    if last["source"].strip() != source.strip():
        st.caption("Your code has changed since this run: run the tests again to check it.")
    show_tests(last["tests"])


def _finished(session_id: str, values: dict) -> None:
    summary = values.get("summary") or summarize_results(values.get("results", []))
    show_summary(summary)
    st.subheader("Debrief, question by question")
    for label, result in labelled(values.get("results", [])):
        score = result.get("score")
        with st.expander(f"{label}: {question_title(result['question'])[:90]}"
                         + (f" · {score_text(score)} / 5" if score is not None else "")):
            if time_taken_text(result):
                st.caption(f"Time taken: {time_taken_text(result)}")
            if result.get("answer"):
                st.caption("Your answer")
                st.text(result["answer"])
            show_grade(result)
            show_delivery(result.get("delivery"))
            for point in result.get("cleared") or []:
                st.markdown(f":green[✓] {app.escaped(point)} :gray[(when probed)]")
    report = report_markdown(session_id, summary, values.get("results", []))
    try:  # the same report the CLI keeps, so it is there after the tab is closed
        saved = save_report(None, session_id, report)
        st.caption(f"Report saved to {saved}")
    except OSError as exc:
        st.warning(f"The report could not be saved ({exc.strerror}); download it instead.")
    st.download_button("Download the report (Markdown)", report, file_name=f"{session_id}.md",
                       mime="text/markdown")
    if st.button("New mock interview"):
        st.session_state.interview_id = None
        st.query_params.pop("session", None)
        st.rerun()


def _retry(session_id: str) -> None:
    """An answer was saved but its grading failed (e.g. the sandbox was missing): the graph
    stopped before `grade` finished, so it can simply run on from there."""
    st.error("Your last answer is saved but could not be graded.")
    if st.button("Retry grading"):
        graph, _ = _graph(session_id)
        with st.spinner("Grading…"):
            graph.invoke(None, _config(session_id))
        st.rerun()


def render() -> None:
    st.title("Mock interview")
    if st.session_state.interview_id is None:
        _restore()
    session_id = st.session_state.interview_id
    if session_id is None:
        _setup()
        return
    st.query_params["session"] = session_id  # so a reload comes back here
    graph, _ = _graph(session_id)
    snapshot = graph.get_state(_config(session_id))
    values = dict(snapshot.values)
    chat, panel = st.columns([3, 2])
    with panel:
        current = snapshot.interrupts[0].value if snapshot.interrupts else None
        _timer(values.get("deadline") if snapshot.next else None, current)
        if current and st.button("End the interview now", help="The open question counts "
                                 "as skipped; the debrief follows."):
            end_now(graph, _config(session_id), now())
            st.rerun()
        _score_panel(values.get("results", []))
    with chat:
        _transcript(values.get("results", []))
        if snapshot.interrupts:
            _ask(session_id, snapshot.interrupts[0].value)
        elif snapshot.next:
            _retry(session_id)
        else:
            _finished(session_id, values)


app.guarded(render)
