"""A button press survives a run that is stopped before it acts on the press (the code
editor's delayed send stops the run a click on "Run tests" started)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    """Counts the runs that saw the press; the first is stopped halfway, by a rerun, as a
    widget's send stops it in the browser."""
    import streamlit as st

    from ui.pressed import handled, pressed

    if pressed(st, "Run tests", "run"):
        st.session_state["seen"] = st.session_state.get("seen", 0) + 1
        if st.session_state["seen"] == 1:
            st.rerun()
        handled("run")
        st.session_state["acted"] = st.session_state.get("acted", 0) + 1


def _plain_page() -> None:
    """The same page with a plain button: the stopped run loses the press."""
    import streamlit as st

    if st.button("Run tests", key="run"):
        st.session_state["seen"] = st.session_state.get("seen", 0) + 1
        if st.session_state["seen"] == 1:
            st.rerun()
        st.session_state["acted"] = st.session_state.get("acted", 0) + 1


def _press(page) -> AppTest:
    app = AppTest.from_function(page).run()
    app.button(key="run").click().run()
    assert not app.exception, app.exception
    return app


def test_a_press_is_acted_on_once_even_when_its_run_is_stopped() -> None:
    app = _press(_page)
    assert app.session_state["seen"] == 2 and app.session_state["acted"] == 1
    app.run()  # a later run, with no new press, does not act again
    assert app.session_state["acted"] == 1
    app.button(key="run").click().run()  # a second press acts again
    assert app.session_state["acted"] == 2


def test_a_plain_button_loses_the_press_when_its_run_is_stopped() -> None:
    """Why `pressed` exists: this is what a candidate saw after "Run tests"."""
    app = _press(_plain_page)
    assert app.session_state["seen"] == 1 and "acted" not in app.session_state


def _failing_page() -> None:
    """An action that fails on its first attempt: the error shows once and is not repeated
    by later runs, and a run stopped inside the action leaves the press to the next run."""
    import streamlit as st

    from ui.pressed import acting_on, pressed

    if pressed(st, "Submit", "submit"):
        st.session_state["tries"] = st.session_state.get("tries", 0) + 1
        with acting_on("submit"):
            if st.session_state["tries"] == 1:
                st.rerun()  # stopped halfway: the press stays
            if st.session_state["tries"] == 2:
                raise RuntimeError("grading failed")
            st.session_state["sent"] = True


def test_a_failed_action_is_not_repeated_and_a_stopped_one_is() -> None:
    app = AppTest.from_function(_failing_page).run()
    app.button(key="submit").click().run()
    assert app.session_state["tries"] == 2 and app.exception  # stopped, then retried: failed
    app.run()  # a later run without a press does not try again
    assert app.session_state["tries"] == 2 and not app.exception
    app.button(key="submit").click().run()  # the candidate presses again
    assert app.session_state["tries"] == 3 and app.session_state["sent"]
