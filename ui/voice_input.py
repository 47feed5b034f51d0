"""Answering by voice in the browser: a record button above an answer box. The recording is
transcribed on this machine and its text put in the box, to be corrected before it is sent;
its delivery (pace, fillers, pauses, length) goes with the answer. Recordings are not kept
unless the sidebar's "Keep recordings" is on. Questions can be read aloud by the browser's
own speech synthesis (no network)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st
import streamlit.components.v1 as components

from agents.voice.delivery import delivery_line, delivery_record
from agents.voice.models import voice_missing
from ui import app_state as app


def voice_answer(box_key: str, topic: str | None, question: str,
                 on_text: Callable[[str], None] | None = None) -> None:
    """The record button for the answer box whose session key is `box_key`; call it before
    the box is drawn, so the transcript can fill it."""
    missing = voice_missing()  # checked without loading anything
    if missing:
        st.caption(f"Answer by voice: {app.escaped(missing)}")
        return
    audio = st.audio_input("Answer by voice (transcribed on this machine, up to 5 minutes)",
                           key=f"{box_key}-mic")
    if audio is None:
        return
    data = audio.getvalue()
    digest = hashlib.sha1(data).hexdigest()
    if st.session_state.get(f"{box_key}-heard") == digest:
        return  # this recording is in the box already; the candidate may have edited it
    st.session_state[f"{box_key}-heard"] = digest
    from agents.voice.delivery import delivery
    from agents.voice.models import VoiceUnavailable
    from agents.voice.transcribe import VoiceError, transcribe

    try:
        with st.spinner("Transcribing on this machine…"):
            transcript = transcribe(data, question=question)
    except (VoiceError, VoiceUnavailable) as exc:
        st.error(app.escaped(str(exc)))
        return
    if st.session_state.get(app.KEEP_RECORDINGS):
        _keep(data, digest)
    st.session_state[box_key] = transcript.text
    st.session_state[f"{box_key}-delivery"] = delivery(transcript.words, topic,
                                                                transcript.silences).to_dict()
    if on_text is not None:
        on_text(transcript.text)


def spoken_delivery(box_key: str) -> dict | None:
    """The delivery of the recording now in the box, as history keeps it (None when the
    answer was typed)."""
    return delivery_record(st.session_state.get(f"{box_key}-delivery"))


def forget_recording(box_key: str) -> None:
    for suffix in ("-delivery", "-heard"):
        st.session_state.pop(f"{box_key}{suffix}", None)


def _keep(data: bytes, digest: str) -> None:
    folder = app.user_dir() / "recordings"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{digest[:8]}.wav").write_bytes(data)
    except OSError as exc:
        st.warning(f"The recording could not be kept ({exc.strerror}); the answer is fine.")


def show_delivery(measures: dict | None) -> None:
    """Delivery beside the content grade."""
    if not measures:
        return
    st.markdown(f"**Delivery** · {app.escaped(delivery_line(measures))}")
    for note in measures.get("notes", []):
        st.markdown(f"- {app.escaped(note)}")


def read_aloud(text: str, once_key: str) -> None:
    """Speak the question with the browser's speech synthesis, once per question."""
    if not st.session_state.get(app.READ_ALOUD) or st.session_state.get("spoken") == once_key:
        return
    st.session_state["spoken"] = once_key
    components.html(f"""<script>
      const say = new SpeechSynthesisUtterance({json.dumps(text[:2000])});
      say.lang = "en-US";
      window.parent.speechSynthesis.cancel();
      window.parent.speechSynthesis.speak(say);
    </script>""", height=0)
