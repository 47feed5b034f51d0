"""The Streamlit app, page by page, with AppTest: seeded session state, the real offline grader
and a real index. Every page test uses its own profile, so their histories stay apart."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from agents.flashcards.store import Deck
from agents.history.store import Attempt, History, history_path, now
from ingest.library import UploadError, safe_name, save_upload
from ingest.settings import PROJECT_ROOT, load_settings
from tests.conftest import indexed_corpus
from ui.app_state import escaped

APP = str(PROJECT_ROOT / "ui" / "streamlit_app.py")
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app_home(tmp_path_factory: pytest.TempPathFactory, corpus_home) -> Path:
    return indexed_corpus(corpus_home, tmp_path_factory.mktemp("app-home"))


@pytest.fixture
def prep_home(app_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Overrides conftest's fresh home: the page tests share one indexed home."""
    monkeypatch.setenv("PREP_HOME", str(app_home))
    monkeypatch.setenv("PREP_LLM", "none")
    monkeypatch.setenv("PREP_CODE_EDITOR", "plain")  # AppTest cannot type into a component
    return app_home


def _open(page: str | None, profile: str | None, query: dict | None = None) -> AppTest:
    """A new browser session; `profile=None` leaves it to the URL (as after a reload)."""
    app = AppTest.from_file(APP, default_timeout=300)
    if profile is not None:
        app.session_state["profile"] = profile
    app.query_params.update(query or {})
    app.run()
    if page:
        app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, app.exception
    return app


def _click(app: AppTest, label: str) -> AppTest:
    next(b for b in app.button if b.label.startswith(label)).click()
    app.run()
    assert not app.exception, app.exception
    return app


def _texts(app: AppTest) -> str:
    return "\n".join([m.value for m in app.markdown] + [t.value for t in app.text])


def _history(profile: str) -> History:
    return History(history_path(profile=profile))


def test_every_page_has_its_title(prep_home: Path) -> None:
    app = _open(None, "titles")
    assert [t.value for t in app.title] == ["Mock interview"]
    for page, title in (("quiz", "Quiz"), ("flashcards", "Flashcards"),
                        ("progress", "Progress"), ("library", "Library")):
        app.switch_page(f"app_pages/{page}.py").run()
        assert not app.exception and [t.value for t in app.title] == [title]


def test_quiz_grades_an_answer_and_saves_it(prep_home: Path) -> None:
    app = _open("quiz", "quiz-user")
    app.selectbox[0].set_value("coding")
    app.number_input[0].set_value(1)
    _click(app, "Start quiz")
    assert "Question 1 of 1" in app.caption[0].value
    app.text_area[0].input("Sort the intervals by start, then merge each one into the previous "
                           "when they overlap; O(n log n) for the sort.")
    _click(app, "Submit answer")
    score = next(m for m in app.metric if m.label == "Score")
    assert score.value.endswith("/ 5") and 0 <= float(score.value.split()[0]) <= 5
    attempts = _history("quiz-user").attempts()
    assert len(attempts) == 1 and attempts[0].topic == "coding"
    assert attempts[0].answer.startswith("Sort the intervals")
    _click(app, "Finish")
    assert any(m.label == "Answered" and m.value == "1" for m in app.metric)


def test_a_failure_shows_a_message_not_a_traceback(prep_home: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from agents.practice.quiz_run import QuizRun

    def broken(*args, **kwargs):
        raise RuntimeError("the grader fell over")

    monkeypatch.setattr(QuizRun, "answer", broken)
    app = _open("quiz", "broken-user")
    _click(app, "Start quiz")
    app.text_area[0].input("An answer.")
    _click(app, "Submit answer")
    assert "the grader fell over" in app.error[0].value
    assert "Traceback" not in app.error[0].value


def test_mock_interview_runs_code_answers_then_resumes_after_a_reload(prep_home: Path) -> None:
    from agents.coding import get_problem

    app = _open(None, "interview-user")
    _click(app, "Start mock interview")
    assert any(m.label == "Time left" for m in app.metric)
    editor = app.text_area[0]
    assert editor.label == "Your code" and editor.value.startswith("def ")  # the coding round
    problem = get_problem("coin-change")  # the first problem nobody has solved yet
    editor.input("def broken(:\n")
    _click(app, "Run tests")
    assert "does not run" in _texts(app)
    app.run()  # a redraw (the editor sends the code after typing stops) keeps the result
    assert "does not run" in _texts(app)
    assert not any("changed since" in c.value for c in app.caption)
    app.text_area[0].input("def broken(:\n    pass\n").run()
    assert "does not run" in _texts(app)
    assert any("changed since this run" in c.value for c in app.caption)
    assert _history("interview-user").attempts() == []  # running tests is not answering
    app.text_area[0].input(problem.reference)
    _click(app, "Submit solution")
    assert {m.label: m.value for m in app.metric}["Mean so far"] == "5.0 / 5"
    app.text_area[0].input("I would start with a baseline and measure it <b>carefully</b>.")
    _click(app, "Send answer")
    session_id = app.session_state["interview_id"]
    sessions = _history("interview-user").sessions()
    assert [s["id"] for s in sessions] == [session_id] and sessions[0]["attempts"] == 2
    assert _history("interview-user").attempts()[0].question_id == "coin-change"

    assert app.query_params["profile"] == "interview-user"
    reloaded = _open(None, None, dict(app.query_params))  # a reload keeps only the URL
    assert reloaded.session_state["profile"] == "interview-user"
    assert reloaded.session_state["interview_id"] == session_id
    assert "I would start with a baseline and measure it <b>carefully</b>." in [
        t.value for t in reloaded.text]
    assert any(b.label == "Send answer" for b in reloaded.button)
    stranger = _open(None, "someone-else", {"session": session_id})
    assert stranger.session_state["interview_id"] is None  # not this profile's session


def test_an_answer_whose_grading_failed_is_kept_and_graded_on_retry(
        prep_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from agents.coding import SandboxError, get_problem
    from agents.practice.graph import SessionContext

    def no_sandbox(*args, **kwargs):
        raise SandboxError("bubblewrap vanished")

    app = _open(None, "retry-user")
    _click(app, "Start mock interview")
    with monkeypatch.context() as patch:
        patch.setattr(SessionContext, "run_code", no_sandbox)
        app.text_area[0].input(get_problem("coin-change").reference)
        _click(app, "Submit solution")
        assert "bubblewrap vanished" in app.error[0].value
        app.run()
        assert any(b.label == "Retry grading" for b in app.button)
    _click(app, "Retry grading")
    assert {m.label: m.value for m in app.metric}["Mean so far"] == "5.0 / 5"
    assert [a.score for a in _history("retry-user").attempts()] == [5.0]


def test_flashcards_grade_a_card_and_save_the_rating(prep_home: Path) -> None:
    app = _open("flashcards", "cards-user")
    counts = {m.label: m.value for m in app.metric}
    assert counts["Due"] == "0" and int(counts["New today"]) > 0
    app.text_area[0].input("Situation, task, action and result, told in the first person.")
    _click(app, "Check my answer")
    assert any(m.label == "Score" for m in app.metric)
    suggested = app.radio[0].value
    _click(app, "Save rating")
    reviews = Deck(load_settings().user_dir("cards-user") / "cards.sqlite3").reviews()
    assert len(reviews) == 1 and reviews[0].rating == suggested == reviews[0].suggested
    assert {m.label: m.value for m in app.metric}["Reviewed today"] == "1"


def test_progress_shows_charts_and_links_weak_points_to_practice(prep_home: Path) -> None:
    history = _history("progress-user")
    history.start_session("s", "quiz", now())
    for days, topic, score in ((3, "genai", 1.0), (1, "genai", 2.0), (0, "coding", 4.0)):
        history.record(Attempt("s", now() - timedelta(days=days), "q", "a", score, 5, "v", "t",
                               topic=topic, difficulty="medium",
                               missing=["KV cache [grows] with sequence length"]))
    app = _open("progress", "progress-user")
    assert {m.label: m.value for m in app.metric}["Answers graded"] == "3"
    assert len(app.get("vega_lite_chart")) == 2  # scores over time, mastery
    assert r"KV cache \[grows\] with sequence length" in _texts(app)
    _click(app, "Practise")
    assert [t.value for t in app.title] == ["Quiz"] and app.selectbox[0].value == "genai"


def test_progress_shows_the_trend_of_spoken_answers_delivery(prep_home: Path) -> None:
    history = _history("speaker-user")
    history.start_session("s", "quiz", now())
    for days, pace, fillers in ((2, 190.0, 6.0), (1, 165.0, 2.5), (0, 150.0, 1.0)):
        history.record(Attempt("s", now() - timedelta(days=days), "q", "a", 3.0, 5, "v", "t",
                               topic="behavioral", delivery={
                                   "words_per_minute": pace, "fillers_per_minute": fillers,
                                   "long_pauses": 1, "fillers": 2}))
    history.record(Attempt("s", now(), "q", "typed", 3.0, 5, "v", "t", topic="coding"))
    app = _open("progress", "speaker-user")
    assert "Delivery of spoken answers" in [h.value for h in app.subheader]
    assert len(app.get("vega_lite_chart")) == 2 + 3  # and pace, fillers, pauses
    assert any("3 spoken answers" in c.value for c in app.caption)


def test_library_indexes_uploads_reports_bad_files_searches_and_removes(
        prep_home: Path) -> None:
    app = _open("library", "library-user")
    app.file_uploader[0].set_value([
        ("Quant team ad.md", b"# Quant ML intern\n## Requirements\n- Experience with "
         b"kdb+/q time-series databases for tick data\n", "text/markdown"),
        ("empty.txt", b"", "text/plain"),
        ("broken.pdf", b"this is not a PDF", "application/pdf")]).run()
    _click(app, "Index these files")
    assert any(escaped("Quant team ad.md") in s.value and "chunks" in s.value
               for s in app.success)
    assert any(escaped("empty.txt: the file is empty") in e.value for e in app.error)
    assert any(escaped("broken.pdf") in e.value for e in app.error)
    assert not (load_settings().home / "uploads" / "broken.pdf").exists()  # no orphan kept
    stored = load_settings().home / "uploads" / "Quant-team-ad.md"
    assert stored.is_file()

    search = next(t for t in app.text_input if t.label == "Search your documents")
    search.input("kdb+ tick data").run()
    first_hit = next(m.value for m in app.markdown if m.value.startswith("**"))
    assert first_hit.split(" · ")[1].startswith(escaped("Quant-team-ad.md"))
    plans = [e.label for e in app.expander if "% covered" in e.label]
    assert any(p.startswith("jpmc-mlcoe-nlp-internship-2026.txt: ") and "% covered" in p
               for p in plans)  # the practice plan of the bundled ad

    app.selectbox[0].set_value("Quant-team-ad.md").run()
    assert next(b for b in app.button if b.label == "Remove the document").disabled
    app.checkbox[0].check().run()
    _click(app, "Remove the document")
    assert not stored.exists()
    assert "Quant-team-ad.md" not in [o for o in app.selectbox[0].options]


def test_sidebar_rejects_a_bad_profile_and_reports_an_unusable_llm(prep_home: Path) -> None:
    app = _open("quiz", "sidebar-user")
    app.sidebar.text_input[0].input("../../etc").run()
    assert "not usable" in app.sidebar.error[0].value
    assert app.session_state["profile"] == "sidebar-user"
    app.sidebar.text_input[1].input("mystery:model").run()
    _click(app, "Test connection")
    assert "not understood" in app.sidebar.error[-1].value


def test_user_text_is_escaped_and_uploads_get_safe_names(tmp_path: Path) -> None:
    assert escaped("[click](javascript:alert(1)) <img src=x> **bold** :material/home:") == (
        r"\[click\]\(javascript\:alert\(1\)\) \<img src\=x\> \*\*bold\*\* "
        r"\:material/home\:")
    assert safe_name("../../etc/passwd.md") == "passwd.md"
    assert safe_name("<img src=x onerror=alert(1)>.TXT") == "img-src-x-onerror-alert-1.txt"
    first = save_upload("notes.md", b"# One")
    assert save_upload("notes.md", b"# One") == first  # the same file again: updated in place
    assert save_upload("notes.md", b"# Two").name == "notes-2.md"  # another file: kept apart
    assert first.read_bytes() == b"# One"
    with pytest.raises(UploadError, match="not a supported file"):
        save_upload("tool.exe", b"MZ")
    with pytest.raises(UploadError, match="larger than 20 MB"):
        save_upload("big.txt", b"x" * (20 * 2**20 + 1))


def test_mock_interview_confirms_slips_and_keeps_feedback_for_the_debrief(
        prep_home: Path) -> None:
    from agents.coding import get_problem

    app = _open(None, "debrief-user")
    _click(app, "Start mock interview")
    _click(app, "Submit solution")  # the starter code, untouched
    assert any("starter code, unchanged" in w.value for w in app.warning)
    assert _history("debrief-user").attempts() == []
    _click(app, "Keep answering")
    app.text_area[0].input(get_problem("coin-change").reference)
    _click(app, "Submit solution")
    _click(app, "Send answer")  # an empty box
    assert any("Your answer is empty" in w.value for w in app.warning)
    assert len(_history("debrief-user").attempts()) == 1  # nothing was skipped
    _click(app, "Keep answering")
    app.text_area[0].input("It depends on the data, I would have to look into it.")
    _click(app, "Send answer")
    assert len(_history("debrief-user").attempts()) == 2
    assert "✗" not in _texts(app)
    assert any("in the debrief at the end" in c.value for c in app.caption)
    follow_up = next(m.value for m in app.caption if m.value.startswith("Follow-up"))
    assert follow_up  # a weak answer is probed
    app.toggle[0].set_value(True).run()
    assert "✗" in _texts(app)  # the switch shows missed points live


def test_quiz_for_my_job_ads_asks_the_plans_questions(prep_home: Path) -> None:
    from agents.questions.bank import default_bank
    from agents.questions.plan import Planner, indexed_documents, job_ads
    from ingest.index import Index

    index = Index.open()
    plans = [Planner(index, default_bank()).plan(s, lines)
             for s, lines in job_ads(indexed_documents(index)).items()]
    mapped = {q for p in plans for r in p.requirements for q in r.questions}
    app = _open("quiz", "ads-user")
    app.checkbox[0].check()
    _click(app, "Start quiz")
    run = app.session_state["quiz"]
    assert run.questions and {q.id for q in run.questions} <= mapped


def test_an_unsent_answer_survives_a_reload(prep_home: Path) -> None:
    app = _open(None, "draft-user")
    _click(app, "Start mock interview")
    app.text_area[0].input("def half_written(xs):\n    seen = set()\n").run()
    url = dict(app.query_params)
    reloaded = _open(None, None, url)  # a reload keeps only the URL
    assert reloaded.text_area[0].value == "def half_written(xs):\n    seen = set()\n"
    _click(reloaded, "Submit solution")  # sent: the draft is done with
    again = _open(None, None, url)
    assert again.text_area[0].label == "Your answer" and again.text_area[0].value == ""


def test_code_is_written_in_the_code_editor_unless_the_plain_box_is_chosen(
        prep_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREP_CODE_EDITOR")
    app = _open(None, "editor-user")
    _click(app, "Start mock interview")
    editors = [e for e in app.get("component_instance")
               if str(getattr(e, "key", "")).startswith("code-")]
    assert len(editors) == 1 and not [t for t in app.text_area if t.label == "Your code"]
    assert "Tab indents" in " ".join(c.value for c in app.caption)
    app.sidebar.toggle(key="plain_code_box").set_value(True).run()
    [box] = [t for t in app.text_area if t.label == "Your code"]
    assert box.value.startswith("def ")  # the same draft, now in a plain box


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="needs espeak-ng (make system-deps)")
def test_a_spoken_quiz_answer_fills_the_box_then_is_graded_with_its_delivery(
        prep_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import subprocess

    import streamlit

    pytest.importorskip("faster_whisper")
    clip = tmp_path / "spoken.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(clip),
                    "Um, sort the intervals by their start, then merge each one into the "
                    "previous one when they overlap."], check=True)
    recorded = io.BytesIO(clip.read_bytes())
    monkeypatch.setattr(streamlit, "audio_input", lambda *a, **k: recorded)  # the mic
    app = _open("quiz", "voice-user")
    app.selectbox[0].set_value("coding")
    app.number_input[0].set_value(1)
    _click(app, "Start quiz")
    [box] = app.text_area
    assert "intervals" in box.value.lower()  # the transcript, to correct before sending
    box.input(box.value + " That is O(n log n) for the sort.")
    _click(app, "Submit answer")
    assert any(m.value.startswith("**Delivery**") for m in app.markdown)
    [attempt] = _history("voice-user").attempts()
    assert attempt.answer.endswith("O(n log n) for the sort.")
    assert attempt.delivery is not None and attempt.delivery["fillers"] >= 1


def test_without_the_voice_extra_the_app_says_how_to_enable_voice(
        prep_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name ==
                        "faster_whisper" else real(name, *a))
    app = _open("quiz", "novoice-user")
    _click(app, "Start quiz")
    assert any("voice needs the voice extra" in c.value for c in app.caption)
    app.text_area[0].input("Typed answers work as before.")
    _click(app, "Submit answer")
    assert len(_history("novoice-user").attempts()) == 1
