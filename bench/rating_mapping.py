"""Calibrate the grade -> FSRS rating mapping with the real grader.

Run: `python -m bench.rating_mapping [--limit N] [--json]`.

Answers of known quality are graded through the drill's own path (agents.flashcards.drill.
grade_card) on the kinds of card the deck holds:
- bank cards (graded with the bank question's rubric): the model answer (full), every other
  key point (partial), the first key point alone (fragment), the model answer of a question
  on another topic (wrong);
- behavioral bank cards ("stories"; a behavioral rubric describes a story rather than tells
  one): the model story, its first half (it stops before the actions and the result), its
  first sentence, a technical model answer;
- note cards (graded against the back): the back itself, every other line of it, the first
  quarter of its last line, the back of a note card on another topic;
- missed-point cards (graded against the point): the point, its first half, its first
  quarter, a point missed on a question of another topic.
A full answer should rate Good or Easy, a partial one Hard, a fragment or a wrong one Again.
Each threshold pair (Again/Hard, Hard/Good) on a 0.05 grid is scored by the mean over the
four conditions of the share of answers in their band; the pairs within 0.01 of the best
form the near-best region, and the fitted pair is the one nearest its middle. Easy starts at
the median full answer: an answer as complete as a typical model answer. Stories get
thresholds of their own: the grader scores them mostly on STAR structure, on a lower scale
(model stories average 3.80 against 4.39 for model answers).

What the mapping reads for an answer is `recall_score`: the geometric mean of the grade's
score and 5 x the share of key points covered. The raw score cannot tell half an answer from
a whole one: every other key point, verbatim, scores higher (bank 4.98, notes 4.92) than the
full answers (4.39, 4.53). Other readings, measured on the same grades and fitted the same
way (balanced share in band):
    the raw score                Again < 4.00, Hard < 4.05    0.690
    coverage alone               Again < 1.50, Hard < 3.90    0.856
    score capped by coverage     Again < 1.45, Hard < 3.70    0.877
    geometric mean (shipped)     Again < 2.55, Hard < 4.30    0.881
The cap also rates Again a short answer the grader calls strong whose paraphrased points it
did not match (score 4.5, 2 of 6 points: capped 1.67, geometric mean 2.74: Hard), which is
what a candidate's real, concise answers look like.

Measured here (`python -m bench.rating_mapping`, up to 40 cards of each kind, seed 13, 592
grades, 12 minutes on 2 cores shared with a test run):
    mean recall   full    partial  fragment  wrong
    bank          4.41    3.49     1.84      0.05
    story         3.80    2.84     1.04      1.01
    note          4.74    3.83     0.61      0.03
    missed        4.65    3.76     0.67      0.00
    answers: near-best Again < 2.10-2.85, Hard < 4.20-4.40; fitted and shipped
        Again < 2.55, Hard < 4.30, Easy >= 4.75; in band: full 0.883, partial 0.742,
        fragment 0.900, wrong 1.000, balanced 0.881 (bank 0.906, note 0.956, missed 0.781:
        a missed point is one key point, so half of it is often judged covered)
    stories: near-best Again < 1.80-1.90, Hard < 3.35-3.90; fitted and shipped
        Again < 1.85, Hard < 3.80, Easy >= 3.95; in band: full 0.643, partial 0.857,
        fragment 0.929, wrong 1.000, balanced 0.857 (28 stories)
Run it again after changing the grader or its calibration, and update THRESHOLDS in
agents/flashcards/rating.py if the fitted thresholds move.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from fsrs import Rating

from agents.flashcards.cards import Card
from agents.flashcards.drill import grade_card
from agents.flashcards.generate import sync_cards
from agents.flashcards.rating import THRESHOLDS, rating_name, recall_score, suggest_rating
from agents.flashcards.store import Deck
from agents.grading.text import sentences
from agents.history.store import Attempt
from agents.questions.bank import Question, default_bank
from ingest.settings import NOTES_DIR

CONDITIONS = ("full", "partial", "fragment", "wrong")
KINDS = ("bank", "story", "note", "missed")
SCALES = {"answer": ("bank", "note", "missed"), "story": ("story",)}
MAX = 5.0
GRID = np.round(np.arange(0.0, 5.0001, 0.05), 2)
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
NEAR_BEST = 0.01  # on a few hundred answers, smaller differences in share are noise

Thresholds = tuple[float, float, float]


@dataclass(frozen=True)
class Graded:
    kind: str
    condition: str
    card_id: int
    topic: str
    score: float  # the grade's score
    recall: float  # what the mapping reads (agents.flashcards.rating.recall_score)
    coverage: float  # share of the rubric's key points the grader marked covered


# Other ways to read an answer's grade, measured for comparison with `recall_score`.
ALTERNATIVES: dict[str, Callable[[Graded], float]] = {
    "the raw score": lambda g: g.score,
    "coverage alone": lambda g: MAX * g.coverage,
    "score capped by coverage": lambda g: min(g.score, MAX * g.coverage),
}


# --- fitting -----------------------------------------------------------------------------------
def band_share(scores: list[float], condition: str, again_below: float,
               hard_below: float) -> float:
    if not scores:
        return 0.0
    s = np.asarray(scores)
    hits = {"wrong": s < again_below, "fragment": s < again_below,
            "partial": (s >= again_below) & (s < hard_below), "full": s >= hard_below}[condition]
    return round(float(hits.mean()), 3)


def balanced(rows: list[Graded], again_below: float, hard_below: float) -> float:
    return statistics.mean(band_share([g.recall for g in rows if g.condition == c], c,
                                      again_below, hard_below) for c in CONDITIONS)


def near_best(rows: list[Graded]) -> list[tuple[float, float]]:
    """Every (Again, Hard) threshold pair within NEAR_BEST of the best balanced share."""
    values = {(float(t1), float(t2)): balanced(rows, t1, t2)
              for t1 in GRID for t2 in GRID[t1 < GRID]}
    top = max(values.values())
    return [pair for pair, value in values.items() if value >= top - NEAR_BEST]


def fit_thresholds(rows: list[Graded]) -> Thresholds:
    """The near-best (Again, Hard) pair closest to the middle of the near-best region; Easy
    from the median full answer."""
    best = near_best(rows)
    centre = np.mean(best, axis=0)
    t1, t2 = min(best, key=lambda p: float(np.hypot(*(np.asarray(p) - centre))))
    easy = round(float(np.median([g.recall for g in rows if g.condition == "full"])) * 20) / 20
    return float(t1), float(t2), max(easy, float(t2))


# --- the result --------------------------------------------------------------------------------
@dataclass
class MappingResult:
    graded: list[Graded]
    seconds: float

    def rows(self, scale: str) -> list[Graded]:
        return [g for g in self.graded if g.kind in SCALES[scale]]

    def in_band(self, rows: list[Graded], thresholds: Thresholds) -> dict[str, float]:
        shares = {c: band_share([r.recall for r in rows if r.condition == c], c,
                                thresholds[0], thresholds[1]) for c in CONDITIONS}
        shares["balanced"] = round(statistics.mean(shares.values()), 3)
        return shares

    def _scale(self, scale: str) -> dict[str, Any]:
        rows, shipped = self.rows(scale), THRESHOLDS[scale]
        best = near_best(rows)
        return {
            "fitted": fit_thresholds(rows), "shipped": shipped,
            "near_best": {"again_below": [min(p[0] for p in best), max(p[0] for p in best)],
                          "hard_below": [min(p[1] for p in best), max(p[1] for p in best)]},
            "in_band": self.in_band(rows, shipped),
            "by_kind": {k: self.in_band([r for r in rows if r.kind == k], shipped)
                        for k in SCALES[scale]},
            "ratings": {c: _count([rating_name(suggest_rating(r.recall, scale))
                                   for r in rows if r.condition == c]) for c in CONDITIONS},
        }

    def _alternative(self, combine: Callable[[Graded], float]) -> dict[str, float]:
        rows = [replace(g, recall=round(combine(g), 2)) for g in self.rows("answer")]
        t1, t2, _ = fit_thresholds(rows)
        return {"again_below": t1, "hard_below": t2, "balanced": round(balanced(rows, t1, t2), 3)}

    def _means(self, name: str) -> dict[str, float]:
        return {f"{k}/{c}": round(statistics.mean(v), 2) for k in KINDS for c in CONDITIONS
                if (v := [getattr(r, name) for r in self.graded
                          if r.kind == k and r.condition == c])}

    def to_dict(self) -> dict[str, Any]:
        return {"n": len(self.graded), "scales": {s: self._scale(s) for s in SCALES},
                "mean_score": self._means("score"), "mean_recall": self._means("recall"),
                "alternatives": {name: self._alternative(f) for name, f in ALTERNATIVES.items()},
                "seconds": round(self.seconds, 1)}

    def summary(self) -> str:
        data = self.to_dict()
        lines = [f"mean {name} (kind/condition): " + ", ".join(
            f"{k} {v}" for k, v in data[f"mean_{name}"].items()) for name in ("score", "recall")]
        for name, alt in data["alternatives"].items():
            lines.append(f"answers read as {name}: fitted again<{alt['again_below']:.2f} "
                         f"hard<{alt['hard_below']:.2f}, balanced in band {alt['balanced']}")
        figures = []
        for scale, d in data["scales"].items():
            spread = d["near_best"]
            lines.append(f"{scale}: near-best again< {spread['again_below']}, "
                         f"hard< {spread['hard_below']}")
            for condition, counts in d["ratings"].items():
                lines.append(f"  {condition:8s} -> " + "  ".join(f"{k} {v}"
                                                                 for k, v in counts.items()))
            for kind, shares in d["by_kind"].items():
                lines.append(f"  {kind:8s} in band: " + "  ".join(f"{k} {v}"
                                                                  for k, v in shares.items()))
            band = d["in_band"]
            figures.append(
                f"{scale} fitted {_fmt(d['fitted'])} shipped {_fmt(d['shipped'])} in band "
                f"full={band['full']} partial={band['partial']} fragment={band['fragment']} "
                f"wrong={band['wrong']} balanced={band['balanced']}")
        lines.append("; ".join(figures) + f"; n={len(self.graded)} ({self.seconds:.0f} s)")
        return "\n".join(lines)


def _count(names: list[str]) -> dict[str, int]:
    return {rating_name(r): names.count(rating_name(r)) for r in Rating}


def _fmt(t: Thresholds) -> str:
    return f"again<{t[0]:.2f} hard<{t[1]:.2f} easy>={t[2]:.2f}"


# --- answers of known quality -------------------------------------------------------------------
Answer = tuple[str, Card, str]  # (condition, card, answer text)


def _other(rng: random.Random, cards: list[Card], card: Card) -> Card:
    return rng.choice([c for c in cards if c.topic != card.topic])


def _words(text: str, share: float) -> str:
    words = text.split()
    return " ".join(words[: max(1, int(len(words) * share))])


def bank_answers(cards: list[Card], others: list[Card], by_id: dict[str, Question],
                 rng: random.Random) -> list[Answer]:
    out = []
    for card in cards:
        question = by_id[card.question_id]
        other = by_id[_other(rng, others, card).question_id]
        out += [("full", card, question.model_answer),
                ("partial", card, "\n".join(question.key_points[::2])),
                ("fragment", card, question.key_points[0]),
                ("wrong", card, other.model_answer)]
    return out


def story_answers(cards: list[Card], others: list[Card], by_id: dict[str, Question],
                  rng: random.Random) -> list[Answer]:
    """A behavioral rubric's key points describe a story rather than tell one, so the partial
    story is the first half of the model story (it stops before the actions and result)."""
    out = []
    for card in cards:
        story = sentences(by_id[card.question_id].model_answer)
        other = by_id[_other(rng, others, card).question_id]
        out += [("full", card, by_id[card.question_id].model_answer),
                ("partial", card, " ".join(story[: max(1, len(story) // 2)])),
                ("fragment", card, story[0]),
                ("wrong", card, other.model_answer)]
    return out


def note_answers(cards: list[Card], rng: random.Random) -> list[Answer]:
    out = []
    for card in cards:
        lines = card.back.splitlines()
        out += [("full", card, card.back),
                ("partial", card, "\n".join(lines[::2]) if len(lines) > 1
                 else _words(card.back, 0.5)),
                ("fragment", card, _words(lines[-1], 0.25)),
                ("wrong", card, _other(rng, cards, card).back)]
    return out


def missed_answers(cards: list[Card], rng: random.Random) -> list[Answer]:
    return [item for card in cards for item in (
        ("full", card, card.back), ("partial", card, _words(card.back, 0.5)),
        ("fragment", card, _words(card.back, 0.25)),
        ("wrong", card, _other(rng, cards, card).back))]


def _missed_attempts(bank: list[Question], rng: random.Random, count: int) -> list[Attempt]:
    """Quiz attempts that each missed one key point, as the history would hold them."""
    return [Attempt("bench", NOW, q.text, "", 1.0, 5, "weak", "bench", question_id=q.id,
                    topic=q.topic, missing=[rng.choice(q.key_points)])
            for q in rng.sample(bank, min(count, len(bank)))]


def _graded(kind: str, condition: str, card: Card, grade: Any) -> Graded:
    total = len(grade.covered) + len(grade.missing)
    return Graded(kind, condition, card.id, card.topic, float(grade.score), recall_score(grade),
                  len(grade.covered) / total if total else 1.0)


def _deck_cards(bank: list[Question], rng: random.Random, limit: int | None
                ) -> dict[str, list[Card]]:
    with tempfile.TemporaryDirectory() as folder:
        deck = Deck(Path(folder) / "cards.sqlite3")
        sync_cards(deck, bank, NOTES_DIR, _missed_attempts(bank, rng, limit or len(bank)), NOW)
        cards = deck.cards()
    by_kind = {"bank": [c for c in cards if c.source == "bank" and c.topic != "behavioral"],
               "story": [c for c in cards if c.source == "bank" and c.topic == "behavioral"],
               "note": [c for c in cards if c.source == "note"],
               "missed": [c for c in cards if c.source == "missed"]}
    if limit:
        by_kind = {k: rng.sample(v, min(limit, len(v))) for k, v in by_kind.items()}
    return by_kind


def run_rating_bench(limit: int | None = None, seed: int = 13,
                     log: Callable[[str], None] = lambda m: None) -> MappingResult:
    from agents.grading.grader import Grader
    from ingest.index import Index
    from ingest.pipeline import ensure_indexed

    started = time.perf_counter()
    rng = random.Random(seed)
    bank = list(default_bank())
    by_id = {q.id: q for q in bank}
    index = Index.open()
    if ensure_indexed(index) is not None:
        log("indexed the bundled corpus")
    grader = Grader(index)
    cards = _deck_cards(bank, rng, limit)
    items = {"bank": bank_answers(cards["bank"], cards["bank"] + cards["story"], by_id, rng),
             "story": story_answers(cards["story"], cards["bank"], by_id, rng),
             "note": note_answers(cards["note"], rng),
             "missed": missed_answers(cards["missed"], rng)}
    graded = []
    for kind, answers in items.items():
        log(f"grading {len(answers)} {kind} answers")
        graded += [_graded(kind, condition, card, grade_card(grader, card, answer, by_id))
                   for condition, card, answer in answers]
    return MappingResult(graded, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--limit", type=int, default=40,
                        help="Cards of each kind (default 40; 0 for all).")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--rows", type=Path, help="Also write every graded answer (JSONL).")
    args = parser.parse_args()
    result = run_rating_bench(args.limit or None, args.seed,
                              log=lambda m: print(m, file=sys.stderr, flush=True))
    if args.rows:
        args.rows.write_text("".join(json.dumps(asdict(g)) + "\n" for g in result.graded),
                             encoding="utf-8")
    print(json.dumps(result.to_dict(), indent=2) if args.json else result.summary())


if __name__ == "__main__":
    main()
