"""Buttons whose press survives an interrupted run.

Streamlit reruns the page whenever a widget sends a value, and a rerun asked for while the
page runs stops that run at its next Streamlit call; the new run sees the button unpressed. The
code editor sends the code when it loses focus and again a moment after typing stops, so a
click on "Run tests" right after typing started a run that the editor's next send stopped
before the tests ran, or before their result was kept: the click was lost. A press is therefore
recorded by the button's callback (callbacks run before the page and are never stopped halfway)
and stays recorded until the page says it has acted on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st


def _flag(key: str) -> str:
    return f"{key}-pressed"


def _record(key: str) -> None:
    st.session_state[_flag(key)] = True


def pressed(container: Any, label: str, key: str, **options: Any) -> bool:
    """Draw a button in `container` (st or a column); True from its press until `handled`."""
    container.button(label, key=key, on_click=_record, args=(key,), **options)
    return bool(st.session_state.get(_flag(key)))


def handled(key: str) -> None:
    """The press of button `key` has been acted on (call it before the next Streamlit call)."""
    st.session_state.pop(_flag(key), None)


@contextmanager
def acting_on(key: str | None) -> Iterator[None]:
    """The work a press (button `key`) asked for: when it ends, by success or by an error,
    the press is handled, so a failing action is not repeated on every later run. A run
    stopped by a rerun (Streamlit raises a BaseException for that, at a Streamlit call, so
    keep those out of the block) leaves the press for the next run to act on."""
    try:
        yield
    except Exception:
        if key is not None:
            handled(key)
        raise
    if key is not None:
        handled(key)
