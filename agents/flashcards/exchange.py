"""Cards in and out: an Anki package (.apkg) and CSV.

Anki matches notes by GUID, so each note's GUID is made from this deck's id and the card's
id: exporting again updates the notes already imported instead of duplicating them. The
model and deck ids are fixed for the same reason.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from agents.csv_cells import safe_cell, unescape_cell
from agents.flashcards.cards import Card, CardDraft, stamp
from agents.flashcards.store import Deck
from ingest.topics import TOPICS

MODEL_ID = 1741203317  # never change: Anki would see a new note type
MODEL_NAME = "interview-prep card"
DECK_NAME = "Interview prep"
CSV_COLUMNS = ("front", "back", "topic", "id", "source", "state", "due", "suspended")
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.topic { color: #888; font-size: 13px; }"""


# --- Anki --------------------------------------------------------------------------------------
def anki_deck_id(deck: Deck) -> int:
    """Stable for one deck, different between people's decks (Anki wants it under 2**63)."""
    return int(hashlib.sha256(deck.uid.encode("utf-8")).hexdigest()[:15], 16)


def note_guid(deck: Deck, card: Card) -> str:
    import genanki

    return str(genanki.guid_for("interview-prep", deck.uid, card.id))


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _model() -> object:
    import genanki

    return genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Topic"}],
        templates=[{"name": "Card 1",
                    "qfmt": '<div class="topic">{{Topic}}</div>{{Front}}',
                    "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'}],
        css=_CSS)


def export_apkg(deck: Deck, path: Path, now: datetime, name: str = DECK_NAME) -> int:
    """Write every card (suspended ones suspended) to an Anki package; returns how many."""
    import genanki

    model = _model()
    package_deck = genanki.Deck(anki_deck_id(deck), name)
    cards = deck.cards()
    for card in cards:
        note = genanki.Note(model=model, fields=[_html(card.front), _html(card.back),
                                                 html.escape(card.topic)],
                            tags=[t for t in (card.topic, card.source) if t],
                            guid=note_guid(deck, card))
        if card.suspended:
            for anki_card in note.cards:
                anki_card.suspend = True
        package_deck.add_note(note)
    genanki.Package(package_deck).write_to_file(str(path), timestamp=now.timestamp())
    return len(cards)


# --- CSV ---------------------------------------------------------------------------------------
def export_csv(cards: Iterable[Card], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for card in cards:
        writer.writerow([safe_cell(v) for v in (
            card.front, card.back, card.topic, card.id, card.source, card.state,
            stamp(card.due), int(card.suspended))])
        count += 1
    return count


@dataclass
class ImportReport:
    added: int = 0
    errors: list[str] = field(default_factory=list)  # one line per bad row
    skipped: list[str] = field(default_factory=list)  # rows already in the deck

    def to_dict(self) -> dict[str, object]:
        return {"added": self.added, "errors": self.errors, "skipped": self.skipped}


def _row_draft(row: dict[str, str]) -> CardDraft:
    front = unescape_cell(row.get("front", "").strip())
    back = unescape_cell(row.get("back", "").strip())
    topic = row.get("topic", "").strip().lower()
    if not front or not back:
        raise ValueError("needs a front and a back")
    if topic and topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; use one of {', '.join(TOPICS)} or leave it "
                         "empty")
    return CardDraft(front=front, back=back, topic=topic, source="import")


def _rows(handle: TextIO) -> Iterable[tuple[int, dict[str, str] | None]]:
    """(line number, row by column name); a header row is optional, else the columns are
    front, back, topic. None for a row that is not CSV at all."""
    reader = csv.reader(handle)
    columns = ["front", "back", "topic"]
    first = True
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield reader.line_num, None
            continue
        if first and {v.strip().lower() for v in values} >= {"front", "back"}:
            columns = [v.strip().lower() for v in values]
            first = False
            continue
        first = False
        if any(v.strip() for v in values):
            yield reader.line_num, dict(zip(columns, values))


def import_csv(deck: Deck, handle: TextIO, now: datetime) -> ImportReport:
    """Add one card per good row; each bad row is reported on one line and skipped, and a
    row whose front and back are already in the deck is not added twice."""
    report = ImportReport()
    existing = {(c.front, c.back) for c in deck.cards()}
    for line, row in _rows(handle):
        if row is None:
            report.errors.append(f"line {line}: not readable as CSV")
            continue
        try:
            draft = _row_draft(row)
        except ValueError as exc:
            report.errors.append(f"line {line}: {exc}")
            continue
        if (draft.front, draft.back) in existing:
            report.skipped.append(f"line {line}: already in the deck")
            continue
        deck.add(draft, now)
        existing.add((draft.front, draft.back))
        report.added += 1
    return report


def csv_text(cards: Iterable[Card]) -> str:
    buffer = io.StringIO()
    export_csv(cards, buffer)
    return buffer.getvalue()
