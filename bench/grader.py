"""Grader benchmark on Mohler short-answer grading (../shared/eval/mohler/SOURCE.md).

Leave one assignment out: the calibration is fitted on eleven assignments and predicts the
twelfth; Pearson r and RMSE are taken over all 2,273 answers. The answers are graded through
the product's own feature path, with the reference answer as the rubric (as `prep grade
--reference` does). `python -m bench.grader --fit` refits on all answers and writes the
shipped coefficients (agents/grading/calibration.json).
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from agents.grading.calibration import Calibration, fit
from agents.grading.features import compute_features
from agents.grading.rubric import points_from_reference
from ingest.embedder import load_embedder
from ingest.settings import PROJECT_ROOT

MOHLER_CSV = PROJECT_ROOT.parent / "shared" / "eval" / "mohler" / "mohler_official_v2.csv"
RIDGE = 1.0


class GraderBenchError(RuntimeError):
    """The benchmark data cannot be read; the message says where it should be."""


@dataclass(frozen=True)
class GraderBenchResult:
    n: int
    pearson_r: float
    rmse: float
    baseline_cosine_r: float
    seconds: float

    def to_dict(self) -> dict[str, float | int]:
        return {"n": self.n, "pearson_r": round(self.pearson_r, 4), "rmse": round(self.rmse, 4),
                "baseline_cosine_r": round(self.baseline_cosine_r, 4),
                "seconds": round(self.seconds, 1)}

    def summary(self) -> str:
        return (f"plain MiniLM cosine r={self.baseline_cosine_r:.3f} ({self.seconds:.0f} s)\n"
                f"pearson_r={self.pearson_r:.3f} rmse={self.rmse:.3f} n={self.n}")


class CachedEmbed:
    """Embeds each distinct text once: questions and references repeat across answers."""

    def __init__(self) -> None:
        self.embedder = load_embedder()
        self.cache: dict[str, np.ndarray] = {}
        self.piece_cache: dict[tuple[str, frozenset[str]], np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            self.cache.update(zip(missing, self.embedder(missing)))
        return np.stack([self.cache[t] for t in texts])

    def tokens(self, texts: list[str], skip: frozenset[str] = frozenset()) -> list[np.ndarray]:
        missing = list(dict.fromkeys(t for t in texts if (t, skip) not in self.piece_cache))
        if missing:
            found = self.embedder.tokens(missing, skip)
            self.piece_cache.update(((t, skip), v) for t, v in zip(missing, found))
        return [self.piece_cache[(t, skip)] for t in texts]


def load_rows(path: Path = MOHLER_CSV) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = [r for r in csv.DictReader(handle) if r.get("excluded") == "0"]
    except OSError as exc:
        raise GraderBenchError(f"cannot read {path}: {exc.strerror}; put the Mohler data in "
                               "../shared/eval/mohler/ or pass --data") from exc
    if not rows:
        raise GraderBenchError(f"{path} has no usable rows (excluded=0)")
    return rows


def feature_matrix(rows: list[dict[str, str]], embed: CachedEmbed) -> np.ndarray:
    out = []
    for row in rows:
        reference = row["reference_answer"]
        features, _ = compute_features(embed, row["question"], points_from_reference(reference),
                                       row["student_answer"])
        out.append(features.vector())
    return np.array(out)


def leave_one_assignment_out(x: np.ndarray, y: np.ndarray, groups: list[str],
                             ridge: float = RIDGE) -> np.ndarray:
    predictions = np.zeros_like(y)
    for group in sorted(set(groups)):
        test = np.array([g == group for g in groups])
        calibration = fit(x[~test], y[~test], ridge)
        predictions[test] = [calibration.predict_vector(v) for v in x[test]]
    return predictions


def run_grader_bench(path: Path | None = None,
                     log: Callable[[str], None] = lambda _: None) -> GraderBenchResult:
    started = time.perf_counter()
    rows = load_rows(path or MOHLER_CSV)
    log(f"computing features for {len(rows)} answers ...")
    embed = CachedEmbed()
    x = feature_matrix(rows, embed)
    y = np.array([float(r["score_avg"]) for r in rows])
    groups = [r["id"].split(".")[0] for r in rows]
    predictions = leave_one_assignment_out(x, y, groups)
    return GraderBenchResult(
        n=len(rows), pearson_r=float(np.corrcoef(predictions, y)[0, 1]),
        rmse=float(np.sqrt(np.mean((predictions - y) ** 2))),
        baseline_cosine_r=float(np.corrcoef(x[:, 0], y)[0, 1]),
        seconds=time.perf_counter() - started)


def off_topic_pairs(rows: list[dict[str, str]], per_question: int = 3,
                    seed: int = 13) -> list[dict[str, str]]:
    """Each question paired with answers written for questions of other assignments."""
    rng = random.Random(seed)
    questions = {r["id"]: r for r in rows}
    pairs = []
    for qid, row in sorted(questions.items()):
        others = [r for r in rows if r["id"].split(".")[0] != qid.split(".")[0]]
        pairs += [{**row, "student_answer": other["student_answer"]}
                  for other in rng.sample(others, per_question)]
    return pairs


def refit(path: Path | None = None) -> Calibration:
    """Fit on every answer, then measure where off-topic answers land (the interview zero)."""
    rows = load_rows(path or MOHLER_CSV)
    embed = CachedEmbed()
    x = feature_matrix(rows, embed)
    y = np.array([float(r["score_avg"]) for r in rows])
    calibration = fit(x, y, RIDGE)
    off_topic = feature_matrix(off_topic_pairs(rows), embed)
    floor = float(np.mean([calibration.predict_vector(v) for v in off_topic]))
    calibration = replace(calibration, off_topic_floor=round(floor, 3),
                          fitted_on=f"Mohler v2, {len(rows)} answers, ridge={RIDGE}; floor from "
                                    f"{len(off_topic)} answers to other questions")
    calibration.save()
    return calibration


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fit", action="store_true", help="refit and write calibration.json")
    args = parser.parse_args()
    if args.fit:
        print(refit().to_dict())
    else:
        print(run_grader_bench(log=print).summary())
