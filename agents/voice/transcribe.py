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
# Silero voice activity detection (shipped in faster-whisper) cuts silences of 2 s or more
# out before decoding: after a long pause Whisper misheard the words around it. Long pauses
# are still measured, from the audio itself (`silences`); word timings are mapped back onto
# the recording. Chosen on the fit half (bench/RESULTS.md, "Voice").
DECODING: dict[str, Any] = {"language": "en", "beam_size": BEAM, "word_timestamps": True,
                            "vad_filter": True, "condition_on_previous_text": False}


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
# Whisper sometimes ends a window early and never decodes the speech after it (the last
# sentence of a clip, most often). Speech this long that no word covers is decoded again.
UNHEARD_S = 1.0
WORD_MARGIN_S = 0.2  # word timings are coarse; speech this close to a word is its own
CLIP_PAD_S = 0.2  # context either side of a stretch decoded again


def _quiet_frames(samples: Any) -> Any:
    """One flag per 30 ms frame: quieter than a tenth of the loud (90th-percentile) frames,
    or than a muted microphone."""
    import numpy as np

    step = int(SAMPLE_RATE * FRAME_S)
    frames = len(samples) // step
    energy = np.sqrt((samples[:frames * step].reshape(frames, step) ** 2).mean(axis=1))
    if frames == 0:
        return energy.astype(bool)
    return energy < max(SILENCE_RMS, 0.1 * float(np.percentile(energy, 90)))


def silences(samples: Any, shortest: float = 1.0) -> tuple[tuple[float, float], ...]:
    """Quiet stretches of at least `shortest` seconds between the first and last sound,
    from the audio itself: Whisper's word timings stretch words over pauses, so gaps
    between words miss most of them."""
    import numpy as np

    quiet = _quiet_frames(samples)
    if len(quiet) < 2:
        return ()
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


def unheard(samples: Any, words: Any, shortest: float = UNHEARD_S
            ) -> tuple[tuple[float, float], ...]:
    """Stretches between words (or before the first, after the last) holding at least
    `shortest` seconds of sound that no word's timing covers: speech the decoder skipped.
    Each runs from its first to its last loud frame."""
    import numpy as np

    loud = ~_quiet_frames(samples)
    covered = np.zeros(len(loud), dtype=bool)
    for w in words:
        first = max(0, int((w.start - WORD_MARGIN_S) / FRAME_S))
        covered[first:int((w.end + WORD_MARGIN_S) / FRAME_S) + 1] = True
    found, n = [], 0
    while n < len(loud):
        if covered[n]:
            n += 1
            continue
        end = n
        while end < len(loud) and not covered[end]:
            end += 1
        sound = n + np.flatnonzero(loud[n:end])
        if sound.size * FRAME_S >= shortest:
            found.append((round(int(sound[0]) * FRAME_S, 2),
                          round((int(sound[-1]) + 1) * FRAME_S, 2)))
        n = end
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


def _prompt(question: str | None) -> str:
    if question and question.strip():
        return QUESTION_PROMPT.format(question=question.strip()[:600])
    return DISFLUENT_PROMPT


def _decode(model: Any, samples: Any, prompt: str,
            clip: tuple[float, float] | None = None) -> list[Any]:
    """faster-whisper's timed words (blank ones dropped), of the whole audio or one clip."""
    options: dict[str, Any] = dict(DECODING, initial_prompt=prompt)
    if clip is not None:
        options["clip_timestamps"] = [clip[0], clip[1]]
    segments, _ = model.transcribe(samples, **options)
    return [w for segment in segments for w in (segment.words or []) if w.word.strip()]


def _with_unheard(model: Any, samples: Any, words: list[Any], prompt: str) -> list[Any]:
    """`words` plus those of any stretch of speech the first pass skipped, decoded again
    with the words heard before it as context (as Whisper conditions on earlier text)."""
    found = list(words)
    duration = len(samples) / SAMPLE_RATE
    for start, end in unheard(samples, words):
        if not _has_speech(samples, start, end):
            continue  # room noise: decoding it (VAD is off for clips) would invent words
        before = "".join(w.word for w in found if w.end <= start + WORD_MARGIN_S)
        clip = (max(0.0, start - CLIP_PAD_S), min(duration, end + CLIP_PAD_S))
        found += [w for w in _decode(model, samples, f"{prompt}{before}", clip)
                  if not _inside(w, found)]
    return sorted(found, key=lambda w: w.start)


def _has_speech(samples: Any, start: float, end: float) -> bool:
    """Whether the VAD (Silero, bundled with faster-whisper) hears speech in a stretch that
    is loud by energy alone: faster-whisper skips its VAD when decoding a clip."""
    import numpy as np
    from faster_whisper.vad import get_speech_timestamps

    part = np.asarray(samples[int(start * SAMPLE_RATE):int(end * SAMPLE_RATE)],
                      dtype=np.float32)  # Silero's ONNX graph takes float32 only
    return bool(len(part)) and bool(get_speech_timestamps(part))


def _inside(word: Any, words: list[Any]) -> bool:
    """Whether the middle of `word` falls within one of `words` (heard twice)."""
    middle = (word.start + word.end) / 2
    return any(w.start <= middle <= w.end for w in words)


def transcribe(source: Path | bytes, name: str | None = None,
               question: str | None = None) -> Transcript:
    """The words of a recorded answer; `question` (the one being answered) helps with its
    terms."""
    samples = load_audio(source)
    prompt = _prompt(question)
    chosen = name or model_name()
    model = whisper(chosen)
    with _run_lock:  # one transcription at a time: two would share the 2 cores anyway
        timed = _with_unheard(model, samples, _decode(model, samples, prompt), prompt)
    words = tuple(Word(w.word.strip(), float(w.start), float(w.end)) for w in timed)
    text = "".join(w.word for w in timed).strip()  # each word carries its own spacing
    if not text:
        raise VoiceError(f"{_name(source)}: no words could be made out; speak closer to the "
                         "microphone and record again")
    return Transcript(text=text, words=words, duration_s=round(len(samples) / SAMPLE_RATE, 2),
                      model=chosen, silences=silences(samples))
