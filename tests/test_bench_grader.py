"""The grader benchmark fits only on the other assignments and scores what it predicts."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from agents.grading.calibration import Calibration, fit
from bench.grader import GraderBenchError, leave_one_assignment_out, run_grader_bench


def test_leave_one_assignment_out_never_sees_the_held_out_labels() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(size=(60, 11))
    y = np.clip(5 * x[:, 0], 0, 5)
    groups = [str(i % 3) for i in range(60)]
    poisoned = y.copy()
    poisoned[[g == "0" for g in groups]] = 0.0  # labels of fold "0" changed ...
    a = leave_one_assignment_out(x, y, groups)
    b = leave_one_assignment_out(x, poisoned, groups)
    held_out = np.array([g == "0" for g in groups])
    assert np.allclose(a[held_out], b[held_out])  # ... its predictions are not


def test_fit_recovers_a_linear_rule() -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(size=(200, 11))
    y = 1.0 + 3.0 * x[:, 0]
    calibration = fit(x, y, ridge=1e-6)
    assert calibration.predict_vector(np.full(11, 0.5)) == pytest.approx(2.5, abs=0.05)
    again = Calibration.from_dict(calibration.to_dict())
    assert again.predict_vector(x[0]) == pytest.approx(calibration.predict_vector(x[0]))


def test_bench_runs_on_a_small_csv(tmp_path: Path, embedder) -> None:
    path = tmp_path / "mini.csv"
    answers = [("A stack is last in, first out.", 5), ("Items leave in reverse order.", 4),
               ("It is a kind of list.", 2), ("A tree of pointers.", 0.5)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "answer_idx", "excluded", "question", "reference_answer",
                         "student_answer", "score_me", "score_other", "score_avg"])
        for assignment in ("1", "2", "3"):
            for i, (answer, score) in enumerate(answers):
                writer.writerow([f"{assignment}.1", i, 0, "What is a stack?",
                                 "A last-in first-out collection.", answer, score, score, score])
    result = run_grader_bench(path)
    assert result.n == 12 and -1 <= result.pearson_r <= 1 and result.rmse >= 0
    assert result.summary().splitlines()[-1].startswith("pearson_r=")


def test_missing_csv_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GraderBenchError, match="cannot read"):
        run_grader_bench(tmp_path / "none.csv")
