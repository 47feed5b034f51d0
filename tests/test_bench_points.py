"""The point-level benchmark's arithmetic and the shipped point model's shape."""

from __future__ import annotations

from agents.grading.point_model import POINT_MODEL, PointModel, PointSignals
from agents.questions.bank import default_bank
from bench.points import Answer, Graded, figures


def _graded(kind: str, labels: tuple[str, ...], statuses: tuple[str, ...],
            score: float) -> Graded:
    """An answer to one bank question, as graded."""
    return Graded(Answer(default_bank()[0], kind, "text", labels), score, statuses, 0.1)


def test_precision_recall_and_ordering_are_counted_over_points_and_pairs() -> None:
    rows = [_graded("strong", ("covered", "covered"), ("covered", "missed"), 4.0),
            _graded("partial", ("covered", "partly"), ("covered", "covered"), 4.5),
            _graded("wrong", ("missed", "missed"), ("missed", "missed"), 1.0)]
    found = figures(rows)
    # covered said 3 times, right 2; covered truly 3 times, found 2
    assert found["point_precision"] == 2 / 3 and found["point_recall"] == 2 / 3
    # pairs: strong>partial (wrong: 4.0 < 4.5), strong>wrong, partial>wrong
    assert found["ordering"] == 2 / 3
    assert found["strong_at_least_3_5"] == 1.0 and found["wrong_at_most_1_5"] == 1.0


def test_the_shipped_model_knows_every_signal_and_was_fitted_on_the_fit_set() -> None:
    assert POINT_MODEL is not None
    assert set(POINT_MODEL.weights) == set(PointSignals.names())
    assert "points_fit.jsonl" in POINT_MODEL.fitted_on
    assert 0 < POINT_MODEL.partly <= POINT_MODEL.covered < 1


def test_more_evidence_never_lowers_the_probability() -> None:
    model = PointModel({"wording": 2.0, "piece_recall": 3.0}, bias=-3.0, covered=0.5,
                       partly=0.3)
    names = PointSignals.names()
    weak = PointSignals(**{n: 0.0 for n in names} | {"wording": 0.2, "piece_recall": 0.3})
    strong = PointSignals(**{n: 0.0 for n in names} | {"wording": 0.9, "piece_recall": 0.8})
    assert model.probability(weak) < model.probability(strong)
    assert model.status(model.probability(strong)) == "covered"
    assert model.status(model.probability(weak)) == "missed"
