"""Speech to text on this machine: faster-whisper (CTranslate2, no torch) with word timings.

Audio is read from a file or bytes, checked (size, length, silence) and transcribed; nothing
is kept unless the caller keeps it. Every failure is a VoiceError whose message is one line
saying what to do.
"""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from agents.voice.models import ENABLE_HINT, VoiceUnavailable, model_dir, model_name

MAX_BYTES = 10 * 2**20  # about 10 minutes of compressed speech; a spoken answer is 1-3
MAX_SECONDS = 5 * 60
SAMPLE_RATE = 16_000
SILENCE_RMS = 0.003  # below this the recording holds no speech (a muted microphone)
# Whisper was trained on tidy transcripts and drops "um" and "uh" unless its context shows
# them; a prompt written with disfluencies keeps them, so delivery feedback can count them.
# The question being answered, when known, follows: its terms ("BIO tagging", "adjacency
# list") are then heard as such. Beam search 5. Chosen on the fit half of the voice set
# (bench/RESULTS.md, "Voice"): WER 0.216 greedy with the filler prompt alone, 0.160 so.
DISFLUENT_PROMPT = "Um, so, uh, I think, like, you know, the answer is, hmm, let me see."
QUESTION_PROMPT = "Um, uh, so, {question}"
BEAM = 5


class VoiceError(ValueError):
    """The audio cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float

    def to_dict(self) -> dict[str, float | str]:
        return {"word": self.word, "start": round(self.start, 2), "end": round(self.end, 2)}


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[Word, ...]
    duration_s: float
    model: str
    silences: tuple[tuple[float, float], ...] = ()  # (start, end) of quiet stretches in speech


FRAME_S = 0.03


def silences(samples: Any, shortest: float = 1.0) -> tuple[tuple[float, float], ...]:
    """Quiet stretches of at least `shortest` seconds between the first and last sound,
    from the audio itself: Whisper's word timings stretch words over pauses, so gaps
    between words miss most of them."""
    import numpy as np

    step = int(SAMPLE_RATE * FRAME_S)
    frames = len(samples) // step
    if frames < 2:
        return ()
    energy = np.sqrt((samples[:frames * step].reshape(frames, step) ** 2).mean(axis=1))
    quiet = energy < max(SILENCE_RMS, 0.1 * float(np.percentile(energy, 90)))
    loud = np.flatnonzero(~quiet)
    if loud.size == 0:
        return ()
    found, start = [], None
    for n in range(int(loud[0]), int(loud[-1]) + 1):
        if quiet[n] and start is None:
            start = n
        elif not quiet[n] and start is not None:
            if (n - start) * FRAME_S >= shortest:
                found.append((round(start * FRAME_S, 2), round(n * FRAME_S, 2)))
            start = None
    return tuple(found)


def load_audio(source: Path | bytes) -> Any:
    """16 kHz mono float samples from any format FFmpeg reads (wav, webm, ogg, mp3, m4a)."""
    data = _read(source)
    try:
        from faster_whisper.audio import decode_audio
    except ImportError as exc:
        raise VoiceUnavailable(ENABLE_HINT) from exc
    try:
        samples = decode_audio(io.BytesIO(data), sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # noqa: BLE001 - PyAV raises many types for "not audio"
        raise VoiceError(f"{_name(source)}: not audio that can be read ({exc.__class__.__name__})"
                         "; record again or save it as WAV, MP3, OGG or WebM") from None
    seconds = len(samples) / SAMPLE_RATE
    if seconds > MAX_SECONDS:
        raise VoiceError(f"{_name(source)}: {seconds / 60:.1f} minutes long; answers are capped "
                         f"at {MAX_SECONDS // 60} minutes, so record a shorter one")
    if seconds < 0.3 or float((samples ** 2).mean() ** 0.5) < SILENCE_RMS:
        raise VoiceError(f"{_name(source)}: no speech in the recording (silent or too short); "
                         "check the microphone and record again")
    return samples


def _read(source: Path | bytes) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            if source.stat().st_size > MAX_BYTES:
                raise VoiceError(f"{source}: larger than {MAX_BYTES // 2**20} MB; record a "
                                 f"shorter answer (up to {MAX_SECONDS // 60} minutes)")
            data = source.read_bytes()
        except FileNotFoundError:
            raise VoiceError(f"{source}: no such file; give the path of a recording") from None
        except IsADirectoryError:
            raise VoiceError(f"{source}: a folder, not a recording") from None
        except OSError as exc:
            raise VoiceError(f"{source}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_BYTES:
        raise VoiceError(f"the recording is larger than {MAX_BYTES // 2**20} MB; record a "
                         f"shorter answer (up to {MAX_SECONDS // 60} minutes)")
    if not data:
        raise VoiceError(f"{_name(source)}: empty file; record again")
    return data


def _name(source: Path | bytes) -> str:
    return str(source) if isinstance(source, Path) else "the recording"


_load_lock = threading.Lock()
_run_lock = threading.Lock()


@lru_cache(maxsize=2)
def _model(name: str) -> Any:
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise VoiceUnavailable(ENABLE_HINT) from exc
    threads = int(os.environ.get("PREP_THREADS", "0") or 0) or min(2, os.cpu_count() or 1)
    return WhisperModel(str(model_dir(name)), device="cpu", compute_type="int8",
                        cpu_threads=threads)


def whisper(name: str | None = None) -> Any:
    """The loaded model (once per process; the web app shares it between sessions)."""
    with _load_lock:
        return _model(name or model_name())


def transcribe(source: Path | bytes, name: str | None = None,
               question: str | None = None) -> Transcript:
    """The words of a recorded answer; `question` (the one being answered) helps with its
    terms."""
    samples = load_audio(source)
    prompt = QUESTION_PROMPT.format(question=question.strip()[:600]) if question and \
        question.strip() else DISFLUENT_PROMPT
    chosen = name or model_name()
    model = whisper(chosen)
    with _run_lock:  # one transcription at a time: two would share the 2 cores anyway
        segments, _ = model.transcribe(
            samples, language="en", beam_size=BEAM, word_timestamps=True, vad_filter=False,
            initial_prompt=prompt, condition_on_previous_text=False)
        timed = [w for segment in segments for w in (segment.words or []) if w.word.strip()]
    words = tuple(Word(w.word.strip(), float(w.start), float(w.end)) for w in timed)
    text = "".join(w.word for w in timed).strip()  # each word carries its own spacing
    if not text:
        raise VoiceError(f"{_name(source)}: no words could be made out; speak closer to the "
                         "microphone and record again")
    return Transcript(text=text, words=words, duration_s=round(len(samples) / SAMPLE_RATE, 2),
                      model=chosen, silences=silences(samples))
