"""The box a candidate writes code in: a real editor (Ace, through streamlit-code-editor), with
a monospace font, Tab and auto-indent, bracket matching and Python highlighting.

The plain text box stays available (sidebar setting, or PREP_CODE_EDITOR=plain): screen
readers handle it better, and it is what Streamlit's AppTest can type into. The editor's
bundled themes fetch a web font, so Ace's own "textmate" theme is used: the page makes no
request beyond this machine.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import streamlit as st

EDITOR_SETTING = "plain_code_box"
# Ace options: four-space soft tabs as PEP 8 asks, no print margin, long lines kept whole.
ACE_OPTIONS = {"tabSize": 4, "useSoftTabs": True, "showPrintMargin": False, "wrap": False,
               "displayIndentGuides": True, "enableBasicAutocompletion": False}
LINES = [18, 34]  # the editor grows with the code between these many lines
SEND_AFTER_MS = 700  # after typing stops, the code is sent (and saved) without a click


def plain_by_default() -> bool:
    return os.environ.get("PREP_CODE_EDITOR", "").strip().lower() == "plain"


def use_plain_box() -> bool:
    if st.session_state.get(EDITOR_SETTING, plain_by_default()):
        return True
    try:
        import code_editor  # noqa: F401
    except ImportError:
        return True
    return False


def code_box(label: str, key: str, initial: str, on_change: Callable[[str], None],
             help_text: str) -> str:
    """The code as it stands now. `initial` is shown first (the saved draft or the starter);
    `on_change` gets every new version, to save it."""
    if use_plain_box():
        st.session_state[f"{key}-was-plain"] = True
        return _plain(label, key, initial, on_change, help_text)
    from code_editor import code_editor

    st.caption(f"{label} · Tab indents, Ctrl+/ comments a line · {help_text}")
    if st.session_state.pop(f"{key}-was-plain", False) or f"{key}-opening" not in st.session_state:
        # (re)open the editor on the newest text; a new widget key makes it take that text
        st.session_state[f"{key}-opening"] = st.session_state.get(f"{key}-latest", initial)
        st.session_state[f"{key}-mount"] = st.session_state.get(f"{key}-mount", -1) + 1
    opening = st.session_state[f"{key}-opening"]  # fixed while mounted: no remount per run
    reply = code_editor(opening, lang="python", key=f"{key}-{st.session_state[f'{key}-mount']}",
                        height=LINES, shortcuts="vscode",
                        response_mode=["blur", "debounce"], options=ACE_OPTIONS,
                        props={"theme": "textmate", "debounceChangePeriod": SEND_AFTER_MS,
                               "fontSize": 14})
    current = reply.get("text", "") if isinstance(reply, dict) and reply.get("id") else None
    if current is None:
        return st.session_state.get(f"{key}-latest", opening)
    if current != st.session_state.get(f"{key}-latest"):
        st.session_state[f"{key}-latest"] = current
        on_change(current)
    return current


def _plain(label: str, key: str, initial: str, on_change: Callable[[str], None],
           help_text: str) -> str:
    box = f"{key}-plain"
    st.session_state[box] = st.session_state.get(f"{key}-latest",
                                                 st.session_state.get(box, initial))

    def save() -> None:
        st.session_state[f"{key}-latest"] = st.session_state[box]
        on_change(st.session_state[box])

    return st.text_area(label, key=box, height=320, on_change=save, help=help_text)
