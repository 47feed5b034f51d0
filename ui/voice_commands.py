"""`prep transcribe`: a recorded answer as text with word timings and delivery feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ui.output import emit_json


def spoken_answer(path: Path, topic: str | None = None,
                  question: str | None = None) -> dict[str, Any]:
    """Transcribe a recording and measure its delivery, in the JSON shape of DESIGN.md."""
    from agents.voice.delivery import delivery
    from agents.voice.transcribe import transcribe

    transcript = transcribe(path, question=question)  # errors: one line (ui.cli knows them)
    measures = delivery(transcript.words, topic, transcript.silences)
    return {"text": transcript.text, "words": [w.to_dict() for w in transcript.words],
            "duration_s": transcript.duration_s, **measures.to_dict(),
            "model": f"whisper-{transcript.model}"}


def show_delivery(spoken: dict[str, Any]) -> None:
    from agents.voice.delivery import delivery_line

    click.echo(f"Delivery: {delivery_line(spoken)}")
    for note in spoken["notes"]:
        click.echo(f"  - {note}")


@click.command(name="transcribe")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--topic", help="The question's topic, to judge the answer's length "
              "(e.g. behavioral: 2 minutes).")
@click.option("-q", "--question", help="The question answered: its terms are then heard "
              "better.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
def transcribe_command(path: Path, topic: str | None, question: str | None,
                       as_json: bool) -> None:
    """Turn a recorded answer (WAV, MP3, OGG, WebM, M4A; up to 10 MB and 5 minutes) into text,
    offline, with delivery feedback: pace, fillers and hedges, long pauses, length.

    The audio is processed on this machine and not kept.
    """
    spoken = spoken_answer(path, topic, question)
    if as_json:
        emit_json(spoken)
        return
    click.echo(spoken["text"])
    show_delivery(spoken)
