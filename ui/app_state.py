"""What every page of the Streamlit app shares: session state set up in one place, the cached
heavy resources (index, grader, checkpointer), the user's profile, and safe text rendering.

Pages gather input and render; the logic lives in `agents/` and `ingest/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from ingest.settings import SettingsError, check_profile, load_settings
from ui.code_box import EDITOR_SETTING, plain_by_default

KEEP_RECORDINGS = "keep_recordings"  # sidebar: keep spoken answers' audio under the profile
READ_ALOUD = "read_aloud"  # sidebar: the browser speaks each question

DEFAULTS: dict[str, Any] = {
    "quiz": None,  # the running quiz (agents.practice.quiz_run.QuizRun)
    "interview_id": None,  # the mock interview on screen
    "drill": None,  # the card being drilled and its grade
    "unlocked": frozenset(),  # protected profiles this browser session gave the passphrase of
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def init_state() -> None:
    """Fill in missing session keys; the only place defaults are set."""
    from agents.llm.backends import llm_spec

    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault(EDITOR_SETTING, plain_by_default())
    # The URL (which survives a reload), else PREP_PROFILE, gives the starting profile; the
    # sidebar changes it and writes it back to the URL.
    if "profile" not in st.session_state:
        wanted = st.query_params.get("profile")
        try:
            st.session_state.profile = check_profile(wanted) if wanted else load_settings().profile
        except SettingsError:
            st.session_state.profile = load_settings().profile
    st.query_params["profile"] = st.session_state.profile
    if "llm_spec" not in st.session_state:
        st.session_state.llm_spec = llm_spec()


def escaped(text: str) -> str:
    """User or document text made inert for st.markdown: no links, images, HTML or styling."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def guarded(render: Callable[[], None]) -> None:
    """Run a page; a failure shows as one message, never a stack trace."""
    try:
        render()
    except Exception as exc:  # the page must stay usable whatever broke (reruns are not Exceptions)
        first = str(exc).splitlines()[0] if str(exc) else repr(exc)
        st.error(f"Something went wrong: {escaped(first)}. Try again; your saved answers and "
                 "reviews are kept.")


# --- cached resources ---------------------------------------------------------------------------
# Keyed by PREP_HOME, so moving the home (as tests do) never serves another home's resources.
def _home() -> str:
    return str(load_settings().home)


@st.cache_resource(show_spinner="Loading the index…")
def _index(home: str) -> Any:
    from ingest.index import Index
    from ingest.pipeline import ensure_indexed

    opened = Index.open()
    ensure_indexed(opened)
    return opened


@st.cache_resource(show_spinner="Loading the grader…")
def _grader(home: str, spec: str) -> Any:
    from agents.grading.grader import Grader
    from agents.llm.backends import LlmUnavailable, chat_model

    try:
        llm = chat_model(spec)
    except LlmUnavailable:
        llm = None
    return Grader(_index(home), llm=llm, llm_name=spec if llm is not None else "none")


@st.cache_resource
def _checkpointer(home: str) -> Any:
    from agents.practice.sessions import checkpointer as sqlite_checkpointer

    return sqlite_checkpointer()


@st.cache_resource
def bank() -> tuple[Any, ...]:
    from agents.questions.bank import default_bank

    return default_bank()


def index() -> Any:
    return _index(_home())


def current_grader() -> Any:
    return _grader(_home(), st.session_state.llm_spec)


def checkpointer() -> Any:
    return _checkpointer(_home())


# --- per-profile stores ------------------------------------------------------------------------
def _profile_folder() -> Path:
    return load_settings().user_dir(st.session_state.profile, unlocked=True)


def user_dir() -> Path:
    """The profile's folder, once this browser session has given its passphrase (if any)."""
    from ingest.profile_lock import is_protected

    folder = _profile_folder()
    if is_protected(folder) and st.session_state.profile not in st.session_state.unlocked:
        raise SettingsError(f"profile {st.session_state.profile!r} is locked; enter its "
                            "passphrase")
    return folder


def passphrase_gate() -> None:
    """A protected profile asks for its passphrase once per browser session; nothing of it
    is shown or written before (a URL with ?profile=NAME is not enough)."""
    from ingest.profile_lock import is_protected, verify

    folder, profile = _profile_folder(), st.session_state.profile
    if not is_protected(folder) or profile in st.session_state.unlocked:
        return
    st.title("This profile is protected")
    st.caption(f"Enter the passphrase of profile {escaped(profile)}, or choose another profile "
               "in the sidebar.")
    with st.form("unlock"):
        phrase = st.text_input("Passphrase", type="password")
        if st.form_submit_button("Unlock"):
            if verify(folder, phrase):
                st.session_state.unlocked = {*st.session_state.unlocked, profile}
                st.rerun()
            st.error("That is not the passphrase.")
    st.stop()


def history() -> Any:
    from agents.history.store import History

    return History(user_dir() / "history.sqlite3")


def deck() -> Any:
    from agents.flashcards.store import Deck

    return Deck(user_dir() / "cards.sqlite3")


# --- sidebar -----------------------------------------------------------------------------------
def sidebar() -> None:
    with st.sidebar:
        st.subheader("Settings")
        name = st.text_input("Profile", value=st.session_state.profile,
                             help="Each profile sees only its own history and cards.")
        try:
            profile = check_profile(name)
        except SettingsError as exc:
            st.error(escaped(str(exc)))
        else:
            if profile != st.session_state.profile:
                st.session_state.update(profile=profile, quiz=None, interview_id=None,
                                        drill=None)
                st.query_params.pop("session", None)
                st.query_params["profile"] = profile
        spec = st.text_input("LLM backend", value=st.session_state.llm_spec,
                             help="none (offline), ollama:MODEL or openai:MODEL")
        st.session_state.llm_spec = spec.strip() or "none"
        st.toggle("Read questions aloud", key=READ_ALOUD,
                  help="Your browser's own speech synthesis; nothing leaves the machine.")
        st.toggle("Keep recordings", key=KEEP_RECORDINGS,
                  help="Off: spoken answers are transcribed and the audio is dropped. On: "
                       "kept under your profile's recordings folder.")
        st.toggle("Plain text box for code", key=EDITOR_SETTING,
                  help="Instead of the code editor: simpler for screen readers.")
        if st.button("Test connection"):
            ok, message = test_llm(st.session_state.llm_spec)
            (st.success if ok else st.error)(escaped(message))


def test_llm(spec: str) -> tuple[bool, str]:
    from langchain_core.messages import HumanMessage

    from agents.llm.backends import LlmUnavailable, chat_model, invoke_with_timeout

    try:
        model = chat_model(spec)
        if model is None:
            return True, "Offline: grading and questions need no LLM."
        reply = invoke_with_timeout(model, [HumanMessage("Reply with the word OK.")], 15)
    except LlmUnavailable as exc:
        return False, f"Cannot use {spec}: {exc}"
    return True, f"{spec} answered: {reply.strip()[:60]}"
