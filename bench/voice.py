"""Voice benchmark: spoken answers made with espeak-ng from the question bank's model answers
(several voices and speeds, some with inserted fillers and pauses), transcribed by each
bundled Whisper model. Reports word error rate, filler and pause recall, real-time factor,
model load time, and how far the content grade of the transcript is from the typed text's.

The set (bench/data/voice_set.jsonl) is written once by `python -m bench.voice --make-set`;
the audio is synthesised afresh on every run (espeak-ng is deterministic).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.settings import PROJECT_ROOT

SET_PATH = PROJECT_ROOT / "bench" / "data" / "voice_set.jsonl"
VOICES = ("en-us", "en-gb", "en-us+f3", "en-gb-x-rp", "en-us+m3", "en-gb-scotland")
SPEEDS = (140, 160, 180)
PLAIN, DISFLUENT = 40, 10
FILLERS = ("um", "uh", "you know", "like")
PAUSE_MS = 2500
TARGETS = {"wer": 0.15, "real_time_factor": 0.5, "grade_difference": 0.3}


class VoiceBenchError(RuntimeError):
    """The benchmark cannot run; the message says what to install."""


# --- the set ------------------------------------------------------------------------------
def _speakable(answer: str) -> str | None:
    """The model answer's first sentences (up to ~45 words) when they are plain words: digits
    and symbols would measure how numbers are written, not how speech is heard."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(answer.split()))
    text = ""
    for sentence in sentences:
        if len((text + " " + sentence).split()) > 45:
            break
        text = f"{text} {sentence}".strip()
    if not text or len(text.split()) < 12 or re.search(r"[^A-Za-z ,.;'?!-]", text):
        return None
    return text


def make_set() -> list[dict[str, Any]]:
    from agents.questions.bank import default_bank

    usable = [(q.id, q.topic, t) for q in sorted(default_bank(), key=lambda q: q.id)
              if (t := _speakable(q.model_answer))]
    stride = max(1, len(usable) // (PLAIN + DISFLUENT))
    chosen = usable[::stride][:PLAIN + DISFLUENT]
    rows = []
    for n, (qid, topic, text) in enumerate(chosen):
        # pairs of clips share a voice, so each half hears every voice at every speed
        row = {"id": f"v{n:02d}", "question_id": qid, "topic": topic, "text": text,
               "voice": VOICES[(n // 2) % len(VOICES)],
               "speed": SPEEDS[(n // (2 * len(VOICES))) % len(SPEEDS)],
               "fillers": [], "pauses": 0}
        if n >= PLAIN:  # disfluent: a filler every ~8 words, one long pause mid-answer
            words = text.split()
            for k, at in enumerate(range(len(words) - 8, 2, -8)):
                words.insert(at, FILLERS[(n + k) % len(FILLERS)] + ",")
                row["fillers"].append(FILLERS[(n + k) % len(FILLERS)])
            middle = len(words) // 2
            words.insert(middle, "<PAUSE>")
            row["spoken"], row["pauses"] = " ".join(words), 1
        rows.append(row)
    return rows


def _ssml(row: dict[str, Any]) -> str:
    spoken = row.get("spoken", row["text"])
    return "<speak>" + spoken.replace("<PAUSE>", f'<break time="{PAUSE_MS}ms"/>') + "</speak>"


def synthesise(row: dict[str, Any], folder: Path) -> Path:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise VoiceBenchError("the voice benchmark needs espeak-ng: apt-get install espeak-ng "
                              "(make system-deps)")
    path = folder / f"{row['id']}.wav"
    made = subprocess.run([espeak, "-m", "-v", row["voice"], "-s", str(row["speed"]), "-w",
                           str(path), _ssml(row)], capture_output=True, text=True)
    if made.returncode != 0:
        raise VoiceBenchError(f"espeak-ng could not speak clip {row['id']} with voice "
                              f"{row['voice']}: {made.stderr.strip()[:200]}")
    return path


# --- measures -----------------------------------------------------------------------------
# Two ways of reading a text as words. `words_of` (lower case, split on anything but letters,
# digits and apostrophes) is how WER was reported here up to 2026-11-26 and is still reported
# beside the other. `standard_words` is how Whisper's WER is reported (the Whisper paper, the
# Open ASR leaderboard): its English normaliser spells numbers as digits, expands contractions
# and drops "um"/"uh", so that formatting is not counted as mishearing. The target is judged
# on the standard reading, with compounds joined (`join_compounds`).
FILLER_TOKENS = ("um", "uh", "umm", "uhm")  # never in the reference: the set inserts them


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))


@lru_cache(maxsize=1)
def _whisper_normaliser() -> Callable[[str], str]:
    # transformers comes with sentence-transformers. Its normaliser takes Whisper's
    # British-to-American spelling map from a model's normalizer.json, which no installed
    # package ships, so spellings are left as written ("behaviour" != "behavior").
    from transformers.models.whisper.english_normalizer import EnglishTextNormalizer

    return EnglishTextNormalizer({})


def standard_words(text: str) -> list[str]:
    """`text` as words after Whisper's English normaliser."""
    return _whisper_normaliser()(text).split()


def join_compounds(words: list[str], other: list[str]) -> list[str]:
    """`words` with each pair of neighbours joined where the joined form is a word of
    `other`: "data frame" against "dataframe" is one word spaced differently, not two
    errors. Only identical letters are joined, so no mishearing is forgiven."""
    vocabulary, out, n = set(other), [], 0
    while n < len(words):
        if n + 1 < len(words) and words[n] + words[n + 1] in vocabulary:
            out.append(words[n] + words[n + 1])
            n += 2
        else:
            out.append(words[n])
            n += 1
    return out


def clip_errors(meant: str, heard: str, row: dict[str, Any], standard: bool = True,
                compounds: bool = True) -> tuple[int, int]:
    """Word errors of the transcript `heard` against the text `meant`, and the reference's
    length, with the fillers the set inserted left out of the transcript."""
    read = standard_words if standard else words_of
    reference = read(meant)
    hypothesis = _without_inserted([w for w in read(heard) if w not in FILLER_TOKENS], row)
    if compounds:
        reference, hypothesis = (join_compounds(reference, hypothesis),
                                 join_compounds(hypothesis, reference))
    return word_errors(reference, hypothesis), len(reference)


def word_errors(reference: list[str], heard: list[str]) -> int:
    """Substitutions + insertions + deletions (Levenshtein distance over words)."""
    row = list(range(len(heard) + 1))
    for i, ref in enumerate(reference, 1):
        previous, row[0] = row[0], i
        for j, hyp in enumerate(heard, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1,
                                           previous + (ref != hyp))
    return row[-1]


@dataclass
class ModelFigures:
    model: str
    load_s: float
    wer: float = 0.0  # Whisper's normaliser and compounds joined: the target's measure
    wer_whisper_norm: float = 0.0  # Whisper's normaliser alone
    wer_plain: float = 0.0  # lower case and split only, as reported before 2026-11-26
    real_time_factor: float = 0.0
    filler_recall: float = 0.0
    false_fillers: float = 0.0  # fillers found per clip in which none was said
    pause_recall: float = 0.0
    grade_difference: float = 0.0
    clips: int = 0
    worst: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class VoiceBench:
    models: list[ModelFigures]
    clips: int
    audio_s: float
    which: str = "all"

    def to_dict(self) -> dict[str, Any]:
        return {"set": self.which, "clips": self.clips, "audio_s": round(self.audio_s, 1),
                "targets": TARGETS, "models": [vars(m) for m in self.models]}

    def summary(self) -> str:
        lines = [f"{self.clips} espeak-ng clips ({self.which}), {self.audio_s:.0f} s of audio"]
        for m in self.models:
            for w in m.worst:
                lines.append(f"  {m.model} worst {w['id']}: WER {w['wer']:.2f} | "
                             f"{w['heard'][:90]}")
        lines += [f"{m.model}: WER {m.wer:.3f} (target <= {TARGETS['wer']}; Whisper "
                  f"normaliser alone {m.wer_whisper_norm:.3f}, plain {m.wer_plain:.3f}), RTF "
                  f"{m.real_time_factor:.3f} (<= {TARGETS['real_time_factor']}), load "
                  f"{m.load_s:.2f} s, filler recall {m.filler_recall:.2f} (false "
                  f"{m.false_fillers:.2f} a clip), pause recall "
                  f"{m.pause_recall:.2f}, grade difference {m.grade_difference:.2f} "
                  f"(<= {TARGETS['grade_difference']})" for m in self.models]
        return "\n".join(lines)


def _grade_pair(grader: Any, bank: dict[str, Any], row: dict[str, Any], heard: str) -> float:
    question = bank[row["question_id"]]
    rubric = grader.rubric_for_bank(question)
    typed = grader.grade_with(rubric, row["text"]).score
    spoken = grader.grade_with(rubric, heard).score
    return abs(float(typed or 0) - float(spoken or 0))


# ModelFigures field -> (Whisper's normaliser?, compounds joined?); the last is the target's
READINGS = {"wer_plain": (False, False), "wer_whisper_norm": (True, False), "wer": (True, True)}


def measure_model(name: str, clips: list[tuple[dict[str, Any], Path, float]],
                  grade: Callable[[dict[str, Any], str], float],
                  log: Callable[[str], None]) -> ModelFigures:
    from agents.voice import transcribe as voice
    from agents.voice.delivery import delivery

    voice._model.cache_clear()
    started = time.perf_counter()
    voice.whisper(name)
    figures = ModelFigures(name, round(time.perf_counter() - started, 2))
    errors = dict.fromkeys(READINGS, 0)
    reference_words = dict.fromkeys(READINGS, 0)
    compute = audio = 0.0
    fillers_said = fillers_found = pauses_said = pauses_found = 0
    invented: list[int] = []
    differences, per_clip = [], []
    for row, path, seconds in clips:
        started = time.perf_counter()
        transcript = voice.transcribe(path, name, question=row["question"])
        compute += time.perf_counter() - started
        audio += seconds
        # fillers are counted in the raw words: both readings of WER drop "um" and "uh"
        measures = delivery(transcript.words, silences=transcript.silences)
        found = {key: clip_errors(row["text"], transcript.text, row, *reading)
                 for key, reading in READINGS.items()}
        for key, (wrong, length) in found.items():
            errors[key] += wrong
            reference_words[key] += length
        wrong, length = found["wer"]
        per_clip.append({"id": row["id"], "wer": wrong / length, "heard": transcript.text})
        fillers_said += len(row["fillers"])
        fillers_found += min(len(row["fillers"]), len(measures.fillers))
        if not row["fillers"]:
            invented.append(len(measures.fillers))
        pauses_said += row["pauses"]
        pauses_found += min(row["pauses"], len(measures.pauses))
        differences.append(grade(row, transcript.text))
        log(f"{name} {row['id']}: WER {wrong / length:.2f}")
    for key in READINGS:
        setattr(figures, key, round(errors[key] / reference_words[key], 4))
    figures.real_time_factor = round(compute / audio, 4)
    figures.filler_recall = round(fillers_found / fillers_said, 3) if fillers_said else 0.0
    figures.pause_recall = round(pauses_found / pauses_said, 3) if pauses_said else 0.0
    figures.false_fillers = round(statistics.fmean(invented), 3) if invented else 0.0
    figures.grade_difference = round(statistics.fmean(differences), 3)
    figures.clips = len(clips)
    figures.worst = sorted(per_clip, key=lambda c: -c["wer"])[:3]
    return figures


def _without_inserted(heard: list[str], row: dict[str, Any]) -> list[str]:
    """The transcript without the fillers the set inserted (they are not in the reference)."""
    extra = [w for f in row["fillers"] if f not in ("um", "uh") for w in f.split()]
    out = list(heard)
    for word in extra:
        if word in out:
            out.remove(word)
    return out


def in_set(row: dict[str, Any], which: str) -> bool:
    """Fit (even ids: decoding settings were chosen on these) or held-out (odd ids)."""
    even = int(row["id"][1:]) % 2 == 0
    return which == "all" or (which == "fit") == even


def run(models: list[str] | None = None, limit: int | None = None,
        log: Callable[[str], None] = lambda _: None, which: str = "all") -> VoiceBench:
    from agents.grading.grader import Grader
    from agents.questions.bank import default_bank
    from agents.voice.models import MODELS
    from agents.voice.transcribe import load_audio
    from ingest.index import Index
    from ingest.pipeline import ensure_indexed

    if not SET_PATH.is_file():
        raise VoiceBenchError(f"{SET_PATH} is missing; write it with `python -m bench.voice "
                              "--make-set`")
    rows = [row for line in SET_PATH.read_text(encoding="utf-8").splitlines() if line.strip()
            and in_set(row := json.loads(line), which)][:limit]
    index = Index.open()
    ensure_indexed(index)
    grader, bank = Grader(index), {q.id: q for q in default_bank()}
    for row in rows:
        row["question"] = bank[row["question_id"]].text
    cache: dict[tuple[str, str], float] = {}

    def grade(row: dict[str, Any], heard: str) -> float:
        key = (row["id"], heard)
        if key not in cache:
            cache[key] = _grade_pair(grader, bank, row, heard)
        return cache[key]

    with tempfile.TemporaryDirectory() as folder:
        clips = []
        for row in rows:
            path = synthesise(row, Path(folder))
            clips.append((row, path, len(load_audio(path)) / 16_000))
        figures = [measure_model(m, clips, grade, log) for m in (models or list(MODELS))]
    return VoiceBench(figures, len(clips), sum(s for _, _, s in clips), which)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make-set", action="store_true", help="Write the set and stop.")
    args = parser.parse_args()
    if args.make_set:
        rows = make_set()
        SET_PATH.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} clips written to {SET_PATH}")
        return 0
    print(run(log=print).summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
