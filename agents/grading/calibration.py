"""The calibrated scorer: a ridge-regularised linear map from answer features (and their
squares, which let a signal's effect bend) to a 0-5 score.

Coefficients are fitted by `bench/grader.py` on human-graded short answers (Mohler) and
shipped as data in `calibration.json`, so the score is reproducible and inspectable.

Two scales. `predict` is the Mohler scale the benchmark measures. Mohler's graders are lenient
(mean grade 4.2 of 5) and a least-squares fit shrinks towards that mean, so an answer to a
*different* question still predicts about 2.9 there. An interview is not graded that way, so
the coach reports `interview_score`: the same prediction stretched so that the level of an
off-topic answer (`off_topic_floor`, measured when fitting) is 0 and a perfect answer stays 5.
The stretch is monotone and affine above the floor: it changes no ranking.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agents.grading.features import AnswerFeatures

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
MAX_SCORE = 5.0


@dataclass(frozen=True)
class Calibration:
    intercept: float
    coefficients: dict[str, float]
    fitted_on: str = ""
    off_topic_floor: float = 0.0

    def predict(self, features: AnswerFeatures) -> float:
        return self.predict_vector(features.vector())

    def interview_score(self, features: AnswerFeatures) -> float:
        stretched = (self.predict(features) - self.off_topic_floor) / (MAX_SCORE -
                                                                       self.off_topic_floor)
        return float(np.clip(MAX_SCORE * stretched, 0.0, MAX_SCORE))

    def predict_vector(self, x: np.ndarray) -> float:
        w = np.array([self.coefficients.get(name, 0.0) for name in design_names()])
        return float(np.clip(self.intercept + design(x) @ w, 0.0, MAX_SCORE))

    def to_dict(self) -> dict[str, object]:
        return {"intercept": self.intercept, "coefficients": self.coefficients,
                "fitted_on": self.fitted_on, "off_topic_floor": self.off_topic_floor}

    @classmethod
    def from_dict(cls, data: dict) -> Calibration:
        return cls(float(data["intercept"]),
                   {k: float(v) for k, v in data["coefficients"].items()},
                   str(data.get("fitted_on", "")), float(data.get("off_topic_floor", 0.0)))

    def save(self, path: Path = CALIBRATION_FILE) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> Calibration:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


def design_names() -> list[str]:
    names = AnswerFeatures.names()
    return names + [f"{name}^2" for name in names]


def design(x: np.ndarray) -> np.ndarray:
    """Features and their squares, for one row or a matrix of rows."""
    return np.concatenate([x, x ** 2], axis=-1)


def fit(features: np.ndarray, targets: np.ndarray, ridge: float = 1.0,
        fitted_on: str = "") -> Calibration:
    """Least squares with an L2 penalty on the (standardised) coefficients, not the intercept."""
    features = design(features)
    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-9
    z = (features - mean) / scale
    gram = z.T @ z + ridge * np.eye(z.shape[1])
    w = np.linalg.solve(gram, z.T @ (targets - targets.mean()))
    coefficients = w / scale
    intercept = float(targets.mean() - mean @ coefficients)
    return Calibration(intercept, dict(zip(design_names(), map(float, coefficients))), fitted_on)
