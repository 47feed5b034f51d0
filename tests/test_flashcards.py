"""Flashcards: FSRS scheduling through the deck, the daily limit, idempotent generation, the
rating mapping, import/export, and the drill CLI (piped, and killed mid-drill)."""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fsrs import Rating

from agents.flashcards.cards import Card, CardDraft
from agents.flashcards.drill import deck_counts, drill_queue, grade_card, order_new
from agents.flashcards.exchange import MODEL_ID, export_apkg, export_csv, import_csv
from agents.flashcards.generate import (
    BLANK,
    bank_cards,
    cloze,
    missed_cards,
    note_cards,
    sync_cards,
)
from agents.flashcards.rating import (
    THRESHOLDS,
    parse_rating,
    rating_for,
    recall_score,
    suggest_rating,
)
from agents.flashcards.stats import review_stats
from agents.flashcards.store import CardNotFound, Deck
from agents.grading.grader import Grade, Grader
from agents.grading.text import sentences
from agents.history.store import Attempt
from agents.questions.bank import default_bank
from ingest.index import Index
from tests.conftest import CORPUS, indexed_corpus
from ui.cli import main

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
BANK = default_bank()
BY_ID = {q.id: q for q in BANK}
MIN = timedelta(minutes=1)
DAY = timedelta(days=1)


@pytest.fixture
def deck(tmp_path: Path) -> Deck:
    return Deck(tmp_path / "cards.sqlite3")


def _add(deck: Deck, n: int, at: datetime = T0, topic: str = "genai") -> list[Card]:
    return [deck.add(CardDraft(f"front {i}", f"back {i}", topic), at) for i in range(n)]


# --- scheduling: golden sequences through the deck (FSRS-6 default parameters, no fuzz) ------
GOLDEN = (  # rating at the previous due time -> (state, due)
    (Rating.Good, "learning", T0 + 10 * MIN),
    (Rating.Good, "review", datetime(2026, 1, 7, 9, 10, tzinfo=UTC)),
    (Rating.Good, "review", datetime(2026, 1, 18, 9, 10, tzinfo=UTC)),
    (Rating.Again, "relearning", datetime(2026, 1, 18, 9, 20, tzinfo=UTC)),
    (Rating.Good, "review", datetime(2026, 1, 20, 9, 20, tzinfo=UTC)),
    (Rating.Hard, "review", datetime(2026, 1, 24, 9, 20, tzinfo=UTC)),
    (Rating.Easy, "review", datetime(2026, 2, 5, 9, 20, tzinfo=UTC)),
)


def test_golden_schedule(deck: Deck) -> None:
    card = deck.add(CardDraft("What is dropout?", "Randomly zeroing units in training."), T0)
    assert card.is_new and card.state == "new"
    at = T0
    for rating, state, due in GOLDEN:
        result = deck.review(card.id, rating, at)
        assert (result.card.state, result.due) == (state, due), rating
        at = result.due
    stored = Deck(deck.path).get(card.id)  # a fresh connection sees the committed state
    assert (stored.state, stored.due, stored.schedule.last_review) == \
        ("review", GOLDEN[-1][2], GOLDEN[-2][2])
    logs = deck.reviews(card_id=card.id)
    assert [r.rating for r in logs] == [g[0] for g in GOLDEN]
    assert [r.was_new for r in logs] == [True] + [False] * (len(GOLDEN) - 1)
    replayed = deck.scheduler.reschedule_card(Card.from_dict(stored.to_dict()).schedule,
                                              [r.to_log() for r in logs])
    assert replayed.due == stored.due and replayed.stability == stored.schedule.stability


def test_first_rating_decides_the_first_step(deck: Deck) -> None:
    easy, again = _add(deck, 2)
    assert deck.review(easy.id, Rating.Easy, T0).due == datetime(2026, 1, 13, 9, tzinfo=UTC)
    result = deck.review(again.id, Rating.Again, T0)
    assert (result.card.state, result.due) == ("learning", T0 + MIN)


def test_times_must_be_aware(deck: Deck) -> None:
    card = _add(deck, 1)[0]
    with pytest.raises(ValueError):
        deck.review(card.id, Rating.Good, datetime(2026, 1, 5, 9))
    with pytest.raises(CardNotFound):
        deck.review(999, Rating.Good, T0)


# --- the queue and the daily limit -------------------------------------------------------------
def test_queue_puts_due_first_then_new_up_to_the_daily_limit(deck: Deck) -> None:
    cards = _add(deck, 15)
    assert deck.new_per_day == 10
    first = drill_queue(deck, T0)
    assert len(first) == 10 and all(c.is_new for c in first)
    for card in first[:4]:
        deck.review(card.id, Rating.Good, T0)
    later = T0 + 20 * MIN
    queue = drill_queue(deck, later)
    assert [c.id for c in queue[:4]] == [c.id for c in first[:4]]  # due learning cards first
    assert len(queue) == 4 + 6 and all(c.is_new for c in queue[4:])
    # reviewing a card again today does not use up another new card
    deck.review(first[0].id, Rating.Good, later)
    assert sum(c.is_new for c in drill_queue(deck, later)) == 6
    # a new day brings a new allowance; -n caps the whole queue; --topic filters
    tomorrow = T0 + DAY
    assert sum(c.is_new for c in drill_queue(deck, tomorrow)) == 10
    assert len(drill_queue(deck, tomorrow, limit=3)) == 3
    assert drill_queue(deck, tomorrow, topic="coding") == []
    deck.set_new_per_day(2)
    assert sum(c.is_new for c in drill_queue(deck, tomorrow)) == 2
    assert Deck(deck.path).new_per_day == 2
    assert len(cards) == 15


def test_daily_limit_counts_local_days(deck: Deck) -> None:
    from datetime import timezone

    _add(deck, 12)
    deck.set_new_per_day(3)
    new_york = timezone(timedelta(hours=-5))
    evening = datetime(2026, 1, 6, 3, 0, tzinfo=UTC)  # 22:00 on the 5th in New York
    for card in drill_queue(deck, T0, tz=new_york):
        deck.review(card.id, Rating.Good, T0)
    assert not any(c.is_new for c in drill_queue(deck, evening, tz=new_york))
    assert sum(c.is_new for c in drill_queue(deck, evening, tz=UTC)) == 3


def test_suspended_cards_are_never_shown(deck: Deck) -> None:
    card = _add(deck, 1)[0]
    deck.suspend(card.id)
    assert drill_queue(deck, T0) == [] and deck.get(card.id).suspended
    deck.suspend(card.id, False)
    assert [c.id for c in drill_queue(deck, T0)] == [card.id]


def test_new_cards_rotate_through_topics(deck: Deck) -> None:
    deck.add_generated(bank_cards(BANK), T0)
    first = order_new(deck.new_cards())[:6]
    assert len({c.topic for c in first}) == 6


def test_deck_counts(deck: Deck) -> None:
    a, b, *_ = _add(deck, 12)
    deck.review(a.id, Rating.Good, T0)  # due in 10 minutes
    deck.review(b.id, Rating.Easy, T0)  # due in 8 days
    counts = deck_counts(deck, T0 + 15 * MIN)
    assert counts == {"due": 1, "new": 8, "reviewed_today": 2, "due_tomorrow": 1}
    assert deck_counts(deck, T0 + 8 * DAY)["due_tomorrow"] == 2


# --- card generation ---------------------------------------------------------------------------
def _missed(question: str, topic: str, *points: str) -> Attempt:
    return Attempt("quiz-1", T0, question, "an answer", 1.0, 5, "weak", "test", topic=topic,
                   missing=list(points))


def test_generation_is_idempotent(deck: Deck) -> None:
    attempts = [_missed("Explain dropout.", "ml_fundamentals", "Dropout is off at inference"),
                _missed("What is dropout?", "ml_fundamentals", "dropout is OFF at inference",
                        "Inverted dropout rescales by 1/(1-p)")]
    first = sync_cards(deck, BANK, CORPUS / "knowledge", attempts, T0)
    total = len(deck.cards())
    assert first.added == total and total > len(BANK) + 100
    missed = [c for c in deck.cards() if c.source == "missed"]
    assert len(missed) == 2  # the same point missed twice is one card
    again = sync_cards(deck, BANK, CORPUS / "knowledge", attempts, T0 + DAY)
    assert (again.added, again.updated, len(deck.cards())) == (0, 0, total)

    # a deleted generated card stays deleted; an edited one keeps the user's text
    deck.delete(missed[0].id, T0)
    bank_card = next(c for c in deck.cards() if c.question_id == BANK[0].id)
    deck.edit(bank_card.id, back="my own notes")
    changed = (replace(BANK[0], model_answer="A new model answer."),
               replace(BANK[1], model_answer="Another new model answer."), *BANK[2:])
    report = sync_cards(deck, changed, CORPUS / "knowledge", attempts, T0 + 2 * DAY)
    assert (report.added, report.updated) == (0, 1)
    assert deck.get(bank_card.id).back == "my own notes"
    assert "Another new model answer." in next(
        c.back for c in deck.cards() if c.question_id == BANK[1].id)
    assert len(deck.cards()) == total - 1


def test_missed_point_cards_blank_the_specific_words() -> None:
    point = "L1 drives some weights exactly to zero, giving sparse models"
    front = cloze(point)
    assert BLANK in front and front != point
    assert front.count(BLANK) == 3 and "some" in front and "to zero" in front
    drafts = missed_cards([_missed("Explain L1 vs L2.", "ml_fundamentals", point)])
    assert drafts[0].back == point and drafts[0].front.startswith("Explain L1 vs L2.")
    assert drafts[0].topic == "ml_fundamentals" and drafts[0].key.startswith("missed:")


def test_note_cards_one_per_section_with_bank_topics(tmp_path: Path) -> None:
    notes = tmp_path / "knowledge"
    notes.mkdir()
    (notes / "regularization.md").write_text(
        "# Regularization\n\n## L2 regularization (ridge, weight decay)\n"
        + "L2 adds lambda times the sum of squared weights to the loss. " * 4
        + "\n- Weights shrink\n- Rarely exactly zero\n```python\nloss += lam * (w**2).sum()\n```"
        + "\n\n## Aside\nToo short to drill.\n", encoding="utf-8")
    (notes / "mine.md").write_text("# Mine\n\n## Something of my own\n" + "word " * 40,
                                   encoding="utf-8")
    drafts = note_cards(notes, BANK)
    assert [d.key for d in drafts] == ["note:mine.md#something-of-my-own",
                                       "note:regularization.md#l2-regularization-ridge-weight-decay"]
    l2 = drafts[1]
    assert l2.topic == "ml_fundamentals" and drafts[0].topic == ""
    assert "“L2 regularization (ridge, weight decay)”" in l2.front
    assert "- Rarely exactly zero" in l2.back and "loss +=" not in l2.back


# --- add, edit, suspend, delete ----------------------------------------------------------------
def test_add_edit_suspend_delete_from_the_cli(prep_home: Path) -> None:
    runner = CliRunner()
    added = runner.invoke(main, ["cards", "add", "--front", "What is PSI?", "--back",
                                 "Population stability index", "--topic", "system_design"])
    assert added.exit_code == 0 and "added card 1" in added.stdout
    assert runner.invoke(main, ["cards", "edit", "1", "--back", "PSI compares bins"]).exit_code == 0
    assert runner.invoke(main, ["cards", "suspend", "1"]).exit_code == 0
    shown = json.loads(runner.invoke(main, ["cards", "show", "1", "--json"]).stdout)
    assert (shown["back"], shown["suspended"], shown["edited"]) == ("PSI compares bins", True, True)
    assert runner.invoke(main, ["cards", "suspend", "--undo", "1"]).exit_code == 0
    listed = json.loads(runner.invoke(main, ["cards", "list", "--json"]).stdout)
    assert [(c["id"], c["suspended"], c["topic"]) for c in listed] == [(1, False, "system_design")]
    assert runner.invoke(main, ["cards", "delete", "1"]).exit_code == 0
    missing = runner.invoke(main, ["cards", "show", "1"])
    assert missing.exit_code == 1 and "no card 1" in missing.stderr
    assert "Traceback" not in missing.output
    empty = runner.invoke(main, ["cards", "add", "--front", " ", "--back", "x"])
    assert empty.exit_code == 2 and "front and a back" in empty.stderr
    limit = runner.invoke(main, ["cards", "limit", "4"])
    assert limit.stdout.strip() == "new cards per day: 4"
    assert Deck().new_per_day == 4


def test_delete_removes_the_reviews(deck: Deck) -> None:
    card = _add(deck, 1)[0]
    deck.review(card.id, Rating.Good, T0)
    deck.delete(card.id, T0)
    assert deck.reviews() == [] and deck.cards() == []


# --- import and export -------------------------------------------------------------------------
def test_csv_round_trip_and_bad_rows(deck: Deck, tmp_path: Path) -> None:
    deck.add(CardDraft('Say "hi",\nthen?', "Two\nlines, with commas", "behavioral"), T0)
    deck.add(CardDraft("No topic", "Fine"), T0)
    text = io.StringIO()
    assert export_csv(deck.cards(), text) == 2
    other = Deck(tmp_path / "other.sqlite3")
    report = import_csv(other, io.StringIO(text.getvalue()), T0)
    assert (report.added, report.errors) == (2, [])
    assert [(c.front, c.back, c.topic, c.source) for c in other.cards()] == \
        [(c.front, c.back, c.topic, "import") for c in deck.cards()]
    again = import_csv(other, io.StringIO(text.getvalue()), T0)
    assert again.added == 0 and len(again.skipped) == 2

    rows = "front,back,topic\nGood one,Its back,genai\n,no front,\nOnly front\nT,B,astrology\n"
    report = import_csv(other, io.StringIO(rows), T0)
    assert report.added == 1
    assert report.errors == [
        "line 3: needs a front and a back", "line 4: needs a front and a back",
        "line 5: unknown topic 'astrology'; use one of coding, system_design, genai, "
        "ml_fundamentals, behavioral, role or leave it empty"]
    headerless = import_csv(other, io.StringIO("Q1,A1\nQ2,A2,coding\n"), T0)
    assert headerless.added == 2 and other.cards()[-1].topic == "coding"


def test_cli_import_reports_each_bad_row(prep_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("front,back,topic\nA,B,genai\nC,,genai\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["cards", "import", str(path)])
    assert result.exit_code == 0 and "imported 1 cards" in result.stdout
    assert result.stderr.strip() == "error: line 3: needs a front and a back"
    out = tmp_path / "out.csv"
    assert CliRunner().invoke(main, ["cards", "export", str(out)]).exit_code == 0
    assert next(csv.DictReader(out.open(encoding="utf-8")))["front"] == "A"


def _collection(path: Path, tmp_path: Path) -> sqlite3.Connection:
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None and "collection.anki2" in package.namelist()
        package.extract("collection.anki2", tmp_path)
    return sqlite3.connect(tmp_path / "collection.anki2")


def test_apkg_export_is_a_valid_collection_with_stable_guids(deck: Deck, tmp_path: Path) -> None:
    a, b = deck.add(CardDraft("x < y?", "Yes & no", "coding"), T0), _add(deck, 1)[0]
    deck.suspend(b.id)
    first, second = tmp_path / "one.apkg", tmp_path / "two.apkg"
    assert export_apkg(deck, first, T0) == 2
    deck.edit(a.id, back="Yes")
    export_apkg(deck, second, T0 + DAY)
    notes = []
    for path, folder in ((first, tmp_path / "1"), (second, tmp_path / "2")):
        db = _collection(path, folder)
        notes.append(db.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall())
        queues = [q for (q,) in db.execute("SELECT queue FROM cards ORDER BY id")]
        assert queues == [0, -1]  # the suspended card arrives suspended
    assert [n[0] for n in notes[0]] == [n[0] for n in notes[1]]  # same GUIDs: Anki updates
    assert len({n[0] for n in notes[0]}) == 2 and notes[0][0][1] == MODEL_ID
    assert notes[0][0][2].split("\x1f") == ["x &lt; y?", "Yes &amp; no", "coding"]
    assert notes[1][0][2].split("\x1f")[1] == "Yes"
    assert notes[0][0][3].split() == ["coding", "user"]
    other = Deck(tmp_path / "someone-else.sqlite3")
    other.add(CardDraft("x < y?", "Yes & no", "coding"), T0)
    export_apkg(other, tmp_path / "three.apkg", T0)
    guid = _collection(tmp_path / "three.apkg", tmp_path / "3").execute(
        "SELECT guid FROM notes").fetchone()[0]
    assert guid != notes[0][0][0]  # another person's card 1 is another note


# --- stats -------------------------------------------------------------------------------------
def test_review_stats(deck: Deck) -> None:
    cards = _add(deck, 4)
    deck.review(cards[0].id, Rating.Again, T0 - 40 * DAY)  # new, and outside the window
    deck.review(cards[0].id, Rating.Again, T0 - 2 * DAY)
    deck.review(cards[0].id, Rating.Good, T0 - DAY)
    deck.review(cards[1].id, Rating.Easy, T0 - DAY)  # new: not in retention
    deck.review(cards[1].id, Rating.Good, T0)
    deck.review(cards[2].id, Rating.Again, T0)  # new
    figures = review_stats(deck, T0 + MIN)
    assert figures["reviews"] == 6 and figures["reviews_today"] == 2
    assert figures["retention"] == round(2 / 3, 3)  # Again, Good (card 0) and Good (card 1)
    assert figures["review_streak_days"] == 3  # the 3rd, 4th and 5th
    assert figures["due_today"] == 2  # card 0 (overdue since yesterday) and card 2
    assert figures["due_this_week"] == 2 and figures["cards"] == 4  # card 1: in 13 days
    assert review_stats(Deck(deck.path.with_name("empty.sqlite3")), T0)["retention"] is None


# --- the rating mapping, with the real grader --------------------------------------------------
def test_suggest_rating_thresholds() -> None:
    assert suggest_rating(None) == Rating.Again and rating_for(None) == Rating.Again
    for scale, (again_below, hard_below, easy_from) in THRESHOLDS.items():
        assert 0 < again_below < hard_below <= easy_from <= 5
        assert suggest_rating(again_below - 0.01, scale) == Rating.Again
        assert suggest_rating(again_below, scale) == Rating.Hard
        assert suggest_rating(hard_below - 0.01, scale) == Rating.Hard
        assert suggest_rating(hard_below, scale) == Rating.Good
        assert suggest_rating(easy_from - 0.01, scale) == Rating.Good or hard_below == easy_from
        assert suggest_rating(easy_from, scale) == Rating.Easy
    assert [parse_rating(t) for t in ("again", "H", " 3 ", "Easy")] == list(Rating)
    with pytest.raises(ValueError, match="again, hard, good or easy"):
        parse_rating("perfect")


def test_recall_needs_both_score_and_points_covered() -> None:
    half = Grade(score=5.0, verdict="strong", covered=["a", "b"], missing=["c", "d"],
                 citations=[], feedback="", model_answer="")
    assert recall_score(half) == 3.54  # sqrt(5.0 * 2.5): Hard, not the Easy the score says
    assert recall_score(replace(half, score=1.0)) == 1.58
    assert recall_score(replace(half, covered=[], missing=[], score=4.2)) == 4.58
    assert recall_score(replace(half, covered=[])) == 0.0
    assert recall_score(replace(half, score=3.1, topic="behavioral")) == 3.1  # a story


@pytest.fixture(scope="module")
def shared_home(tmp_path_factory: pytest.TempPathFactory, corpus_home) -> Path:
    """The indexed corpus, copied once; each test keeps its deck in a profile."""
    return indexed_corpus(corpus_home, tmp_path_factory.mktemp("flashcards-home"))


@pytest.fixture
def profile(shared_home: Path, monkeypatch: pytest.MonkeyPatch, request) -> Path:
    name = request.node.name.removeprefix("test_")[:40]
    monkeypatch.setenv("PREP_HOME", str(shared_home))
    monkeypatch.setenv("PREP_PROFILE", name)
    return shared_home / "profiles" / name


def test_known_answers_map_to_the_expected_ratings(profile: Path) -> None:
    """The first bank question of each topic, answered fully, by half its key points (half
    the story for a behavioral one), and with another topic's model answer, through the
    drill's grading path and the mapping; bench.rating_mapping measures the same at scale."""
    grader, deck = Grader(Index.open()), Deck()
    deck.add_generated(bank_cards(BANK), T0)
    cards = {c.question_id: c for c in deck.cards()}
    full, partial, wrong = [], [], []
    for topic in ("coding", "system_design", "genai", "ml_fundamentals", "role", "behavioral"):
        question = next(q for q in BANK if q.topic == topic)
        other = next(q for q in BANK if q.topic not in (topic, "behavioral"))
        story = sentences(question.model_answer)
        half = (" ".join(story[: len(story) // 2]) if topic == "behavioral"
                else "\n".join(question.key_points[::2]))
        grades = [grade_card(grader, cards[question.id], answer, BY_ID)
                  for answer in (question.model_answer, half, other.model_answer)]
        recalls = [recall_score(g) for g in grades]
        assert recalls[0] > recalls[1] > recalls[2], (question.id, recalls)
        for found, grade in zip((full, partial, wrong), grades):
            found.append(rating_for(grade))
    assert sum(r in (Rating.Good, Rating.Easy) for r in full) >= 5, full
    assert sum(r == Rating.Hard for r in partial) >= 4, partial
    assert wrong == [Rating.Again] * 6


# --- the drill CLI -----------------------------------------------------------------------------
def test_piped_drill_records_reviews_and_stats(profile: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["cards", "limit", "2"]).exit_code == 0
    answers = ("Situation: a stakeholder wanted 99% accuracy. I showed a table of thresholds "
               "and we agreed a shadow run; fewer customers were blocked.\n\n"
               "Walk the list with prev and curr, re-point next, return prev.\n\n")
    result = runner.invoke(main, ["drill"], input=answers)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Back:") == 2 and "Reviewed 2 cards. Due tomorrow: " in result.stdout
    reviews = Deck(profile / "cards.sqlite3").reviews()
    assert [r.was_new for r in reviews] == [True, True]
    assert all(r.score is not None and r.answer and r.rating == r.suggested for r in reviews)

    stats = json.loads(runner.invoke(main, ["stats", "--json"]).stdout)
    assert stats["reviews"] == 2 and stats["reviews_today"] == 2
    assert {"due_today", "due_this_week", "retention", "review_streak_days"} <= set(stats)
    assert stats["attempts"] == 0  # drill answers are not quiz attempts

    # the new-card allowance is used up; with --rate ask a piped line overrides the rating
    assert "Nothing due now" in runner.invoke(main, ["drill"], input="").stdout
    runner.invoke(main, ["cards", "limit", "3"])
    rated = runner.invoke(main, ["drill", "--rate", "ask"], input="I do not know.\n\neasy\n")
    assert rated.exit_code == 0 and "rated easy" in rated.stdout
    last = Deck(profile / "cards.sqlite3").reviews()[-1]
    assert last.rating == Rating.Easy and last.suggested == Rating.Again


def _lines(stream) -> queue.Queue[str]:
    """The child's output lines, read by a thread so the test can wait with a limit."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream] + [lines.put("")],
                     daemon=True).start()
    return lines


def _read_until(lines: queue.Queue[str], marker: str, seen: list[str]) -> None:
    """Wait for a line holding `marker` (the limit only guards against a hang)."""
    while True:
        try:
            line = lines.get(timeout=300)
        except queue.Empty:
            line = ""
        if not line:
            raise AssertionError("drill ended or hung before: " + marker + "\n" + "".join(seen))
        seen.append(line)
        if marker in line:
            return


def test_killed_drill_keeps_every_review_given(profile: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen([sys.executable, "-m", "ui.cli", "drill", "--rate", "accept"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=(tmp_path / "stderr.txt").open("w"), text=True, env=env,
                             cwd=Path(__file__).resolve().parents[1])
    seen: list[str] = []
    lines = _lines(child.stdout)
    try:
        for answer in ("First answer about the question.", "Second answer, also short."):
            child.stdin.write(answer + "\n\n")
            child.stdin.flush()
            _read_until(lines, "next due", seen)
        child.stdin.write("A third answer the drill is grading when it dies.\n\n")
        child.stdin.flush()
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    deck = Deck(profile / "cards.sqlite3")
    reviews = deck.reviews()
    assert 2 <= len(reviews) <= 3
    assert [r.answer for r in reviews[:2]] == ["First answer about the question.",
                                               "Second answer, also short."]
    for review in reviews:  # each card's state and its log were committed together
        card = deck.get(review.card_id)
        assert card.schedule.last_review == review.reviewed_at and card.due == review.due_after
    with sqlite3.connect(deck.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
