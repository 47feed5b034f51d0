"""How the voice benchmark reads a transcript against the text spoken (the plain reading,
Whisper's normaliser, compounds joined), and how speech the decoder skipped is found in the
audio and decoded again (with a stand-in for the model, so no Whisper is needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from agents.voice import transcribe as voice
from bench.voice import clip_errors, join_compounds, standard_words, words_of

pytest.importorskip("transformers")

TONE = 0.3 * np.sin(2 * np.pi * 220 * np.arange(16_000) / 16_000)  # one second of sound


@dataclass(frozen=True)
class W:
    word: str
    start: float
    end: float


def test_whisper_normaliser_writes_numbers_as_digits_and_drops_um() -> None:
    said = "Um, two-stage detectors cut cost by five percent; it's twenty-one DataFrames."
    assert standard_words(said) == ["2", "stage", "detectors", "cut", "cost", "by", "5%",
                                    "it", "is", "21", "dataframes"]
    # the plain reading (reported before) keeps all of it as written
    assert words_of(said) == ["um", "two", "stage", "detectors", "cut", "cost", "by", "five",
                              "percent", "it's", "twenty", "one", "dataframes"]


def test_compounds_are_joined_only_when_the_other_side_has_the_joined_word() -> None:
    assert join_compounds(["a", "data", "frame", "is"], ["a", "dataframe"]) == [
        "a", "dataframe", "is"]
    assert join_compounds(["data", "frame"], ["data", "frames"]) == ["data", "frame"]
    assert join_compounds(["a", "b", "c"], ["bc", "ab"]) == ["ab", "c"]  # left to right


def test_clip_errors_under_each_reading() -> None:
    meant = "It returns a new DataFrame in two stages, you know."
    heard = "Um, it returns a new data frame in 2 stages, you know, you know."
    row: dict[str, Any] = {"fillers": ["you know"]}  # the set inserted one "you know"
    assert clip_errors(meant, heard, row, standard=False, compounds=False) == (3, 10)
    assert clip_errors(meant, heard, row, standard=True, compounds=False) == (2, 10)
    assert clip_errors(meant, heard, row, standard=True, compounds=True) == (0, 10)
    # a real mishearing still counts
    assert clip_errors(meant, heard.replace("returns", "turns"), row) == (1, 10)


def test_speech_no_word_covers_is_found() -> None:
    audio = np.concatenate([TONE, np.zeros(16_000), TONE, np.zeros(8_000)])
    found = voice.unheard(audio, [W("heard", 0.0, 1.0)])
    assert len(found) == 1
    assert found[0][0] == pytest.approx(2.0, abs=0.05)
    assert found[0][1] == pytest.approx(3.0, abs=0.05)
    assert voice.unheard(audio, [W("a", 0.0, 1.0), W("b", 2.1, 2.9)]) == ()  # near enough
    assert voice.unheard(audio, []) == ((0.0, 3.0),)  # sound in between is one stretch
    # under a second of sound left over (a dropped "um") is not decoded again
    short = np.concatenate([TONE, np.zeros(16_000), TONE[:8_000]])
    assert voice.unheard(short, [W("heard", 0.0, 1.0)]) == ()


@dataclass
class Segment:
    words: list[W]


@dataclass
class FakeModel:
    """Hears `clip_words` when asked for a clip; records what it was asked."""
    clip_words: list[W]
    calls: list[dict[str, Any]] = field(default_factory=list)

    def transcribe(self, samples: Any, **options: Any) -> tuple[list[Segment], None]:
        self.calls.append(options)
        return [Segment(self.clip_words)], None


def test_skipped_speech_is_decoded_again_with_what_came_before(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voice, "_has_speech", lambda *_: True)  # the tone stands for speech
    audio = np.concatenate([TONE, np.zeros(16_000), TONE, np.zeros(8_000)])
    first = [W(" Logistic", 0.0, 0.5), W(" regression.", 0.5, 1.0)]
    model = FakeModel([W(" regression.", 0.6, 0.9),  # heard twice: dropped
                       W(" It", 2.0, 2.3), W(" works.", 2.3, 3.0)])
    words = voice._with_unheard(model, audio, first, "Um, uh, so, Why?")
    assert [w.word for w in words] == [" Logistic", " regression.", " It", " works."]
    assert model.calls[0]["clip_timestamps"] == pytest.approx([1.8, 3.2], abs=0.05)
    assert model.calls[0]["initial_prompt"] == "Um, uh, so, Why? Logistic regression."
    assert model.calls[0]["word_timestamps"] is True
    assert voice._with_unheard(model, audio, first + [W(" It", 2.0, 3.0)], "p") == \
        first + [W(" It", 2.0, 3.0)]  # nothing skipped: no second call
    assert len(model.calls) == 1


def test_loud_noise_no_word_covers_is_not_decoded_again() -> None:
    noise = (np.random.default_rng(0).standard_normal(16_000 * 3) * 0.03).astype(np.float32)
    audio = np.concatenate([TONE, noise])
    model = FakeModel([W(" Thank", 1.5, 2.0), W(" you.", 2.0, 2.5)])
    first = [W(" Hello.", 0.0, 1.0)]
    assert voice.unheard(audio, first)  # loud enough to look like skipped speech ...
    assert voice._with_unheard(model, audio, first, "p") == first  # ... but the VAD hears none
    assert model.calls == []
