"""Delivery feedback from a transcript's word timings: pace, fillers and hedges, long pauses,
and length against the question's spoken budget. Content is graded elsewhere.

Thresholds (and where they come from):
- Pace: English conversation runs at about 150 words a minute (the figure the National
  Center for Voice and Speech gives); we call 110-170 comfortable. The band is our choice.
- Fillers (um, uh, er, hmm, "you know", "I mean", a comma-bounded "like") and hedges ("sort
  of", "kind of", "I think", "I guess"): more than 3 a minute is our threshold for "frequent";
  no study fixes one, so treat it as a rule of thumb.
- Long pauses: a silence of 2 s or more between words. Gaps between turns in conversation
  average about 0.2 s (Stivers et al., PNAS 2009), so 2 s is ten times what listeners expect.
- Length: a spoken budget per question type, e.g. 2 minutes for behavioral (STAR answers are
  usually coached to 1.5-2 minutes); under a quarter of it is "short", over it "long".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

PACE_RANGE = (110.0, 170.0)
FREQUENT_PER_MINUTE = 3.0
LONG_PAUSE_S = 2.0
SHORT_SHARE = 0.25
SPOKEN_BUDGET_MIN = {"behavioral": 2.0, "ml_fundamentals": 2.0, "genai": 2.0, "role": 2.0,
                     "system_design": 5.0, "coding": 3.0}
FILLERS = ("um", "umm", "uh", "uhm", "er", "erm", "ah", "hmm", "mm", "you know", "i mean")
HEDGES = ("sort of", "kind of", "i think", "i guess", "i suppose")
_TOKEN = re.compile(r"[a-z']+")


class TimedWord(Protocol):
    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Delivery:
    words: int
    speaking_s: float
    words_per_minute: float
    fillers: list[dict[str, Any]] = field(default_factory=list)  # {"word", "start"}
    hedges: list[dict[str, Any]] = field(default_factory=list)
    pauses: list[dict[str, float]] = field(default_factory=list)  # {"start", "seconds"}
    budget_s: float | None = None

    @property
    def fillers_per_minute(self) -> float:
        return _per_minute(len(self.fillers), self.speaking_s)

    @property
    def hedges_per_minute(self) -> float:
        return _per_minute(len(self.hedges), self.speaking_s)

    def length_verdict(self) -> str | None:
        if self.budget_s is None:
            return None
        if self.speaking_s > self.budget_s:
            return "long"
        return "short" if self.speaking_s < SHORT_SHARE * self.budget_s else "within budget"

    def notes(self) -> list[str]:
        """The feedback lines, each with its threshold, worst first."""
        low, high = PACE_RANGE
        notes = []
        if self.words_per_minute > high:
            notes.append(f"Fast: {self.words_per_minute:.0f} words a minute (comfortable: "
                         f"{low:.0f}-{high:.0f}); slow down and pause after key points.")
        elif 0 < self.words_per_minute < low:
            notes.append(f"Slow: {self.words_per_minute:.0f} words a minute (comfortable: "
                         f"{low:.0f}-{high:.0f}).")
        if self.fillers_per_minute > FREQUENT_PER_MINUTE:
            said = ", ".join(sorted({f["word"] for f in self.fillers}))
            notes.append(f"Frequent fillers: {self.fillers_per_minute:.1f} a minute ({said}); "
                         "a silent pause sounds more confident.")
        if self.hedges_per_minute > FREQUENT_PER_MINUTE:
            notes.append(f"Frequent hedges: {self.hedges_per_minute:.1f} a minute; state what "
                         "you know plainly.")
        if self.pauses:
            notes.append(f"{len(self.pauses)} long pause(s) of {LONG_PAUSE_S:.0f} s or more.")
        verdict = self.length_verdict()
        if verdict in ("long", "short") and self.budget_s:
            notes.append(f"{verdict.capitalize()}: {self.speaking_s / 60:.1f} min spoken for a "
                         f"{self.budget_s / 60:.0f}-minute answer.")
        return notes

    def to_dict(self) -> dict[str, Any]:
        return {"words_per_minute": round(self.words_per_minute, 1),
                "fillers": len(self.fillers), "long_pauses": len(self.pauses),
                "hedges": len(self.hedges),
                "fillers_per_minute": round(self.fillers_per_minute, 2),
                "hedges_per_minute": round(self.hedges_per_minute, 2),
                "filler_words": self.fillers, "hedge_words": self.hedges,
                "pauses": self.pauses, "speaking_s": round(self.speaking_s, 2),
                "budget_s": self.budget_s, "length": self.length_verdict(),
                "notes": self.notes()}


RECORD_KEYS = ("words_per_minute", "fillers", "hedges", "long_pauses", "fillers_per_minute",
               "hedges_per_minute", "speaking_s", "budget_s", "length", "notes")


def delivery_record(measures: dict[str, Any] | None) -> dict[str, Any] | None:
    """What history keeps of a spoken answer's delivery: the measures and notes, not which
    words were fillers or when (nor the audio)."""
    return None if measures is None else {k: measures[k] for k in RECORD_KEYS if k in measures}


def delivery_line(measures: dict[str, Any]) -> str:
    """The one-line summary shown beside a grade."""
    return (f"{measures['words_per_minute']:.0f} words a minute, {measures['fillers']} "
            f"filler(s), {measures['long_pauses']} long pause(s), "
            f"{float(measures.get('speaking_s') or 0):.0f} s spoken")


def _per_minute(count: int, seconds: float) -> float:
    return count / (seconds / 60) if seconds > 0 else 0.0


def delivery(words: Sequence[TimedWord], topic: str | None = None,
             silences: Sequence[tuple[float, float]] | None = None) -> Delivery:
    """Delivery measures of one spoken answer, from its words' start and end times; long
    pauses from the audio's own `silences` when given (word timings stretch over pauses),
    else from the gaps between words."""
    if not words:
        return Delivery(0, 0.0, 0.0, budget_s=_budget(topic))
    speaking = max(0.0, words[-1].end - words[0].start)
    tokens = [(_TOKEN.findall(w.word.lower()), w) for w in words]
    fillers, hedges = _marked(tokens, FILLERS), _marked(tokens, HEDGES)
    fillers += _filler_likes(words)
    content = len(words) - sum(len(f["word"].split()) for f in fillers)
    gaps = silences if silences is not None else [(a.end, b.start)
                                                  for a, b in zip(words, words[1:])]
    pauses = [{"start": round(start, 2), "seconds": round(end - start, 2)}
              for start, end in gaps if end - start >= LONG_PAUSE_S]
    return Delivery(len(words), speaking, _per_minute(content, speaking),
                    sorted(fillers, key=lambda f: f["start"]), hedges, pauses, _budget(topic))


def _budget(topic: str | None) -> float | None:
    minutes = SPOKEN_BUDGET_MIN.get(topic or "")
    return minutes * 60 if minutes else None


def _marked(tokens: list[tuple[list[str], TimedWord]], phrases: Sequence[str]
            ) -> list[dict[str, Any]]:
    """Occurrences of one- or two-word phrases in the word stream."""
    flat = [(t, w) for parts, w in tokens for t in parts]
    found, n = [], 0
    while n < len(flat):
        pair = " ".join(t for t, _ in flat[n:n + 2])
        if len(flat) > n + 1 and pair in phrases:
            found.append({"word": pair, "start": round(flat[n][1].start, 2)})
            n += 2
        elif flat[n][0] in phrases:
            found.append({"word": flat[n][0], "start": round(flat[n][1].start, 2)})
            n += 1
        else:
            n += 1
    return found


def _filler_likes(words: Sequence[TimedWord]) -> list[dict[str, Any]]:
    """"like" as a filler: set off by commas ("it was, like, slow"), not "looks like x"."""
    found = []
    for n, w in enumerate(words):
        bare = w.word.strip().lower()
        before = words[n - 1].word.strip() if n else ""
        if bare.strip(",.") == "like" and (bare.endswith(",") or before.endswith(",")
                                          or n == 0):
            found.append({"word": "like", "start": round(w.start, 2)})
    return found
