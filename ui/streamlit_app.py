"""The coach in the browser: `streamlit run ui/streamlit_app.py` (or `prep ui`)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts this file's folder on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui.app_state import guarded, init_state, passphrase_gate, sidebar  # noqa: E402

PAGES = Path(__file__).parent / "app_pages"

# An emoji favicon is drawn in the page; a ":material/...:" one is fetched from
# fonts.gstatic.com, and the coach makes no request off this machine.
st.set_page_config(page_title="Interview prep coach", page_icon="🎓", layout="wide")
guarded(init_state)
page = st.navigation([
    st.Page(PAGES / "mock_interview.py", title="Mock interview",
            icon=":material/record_voice_over:", default=True),
    st.Page(PAGES / "quiz.py", title="Quiz", icon=":material/quiz:"),
    st.Page(PAGES / "flashcards.py", title="Flashcards", icon=":material/style:"),
    st.Page(PAGES / "progress.py", title="Progress", icon=":material/monitoring:"),
    st.Page(PAGES / "library.py", title="Library", icon=":material/library_books:"),
])
guarded(sidebar)
passphrase_gate()  # outside `guarded`: its st.stop() must stop the page
page.run()
