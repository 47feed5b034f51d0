"""Point-level grader benchmark: does the coach tick the key points a careful interviewer would?

Sets (bench/data/): answers written for bank questions, four per question (strong, partial,
fluent but wrong, wrong), each key point labelled covered / partly / missed by hand, without
looking at the grader. `points_fit.jsonl` may be used to choose the judge's thresholds;
`points_heldout_*.jsonl` never are: they only measure. Reported per set:
- precision and recall of "covered" over key points (partly counts as not covered);
- pairwise ordering: share of answer pairs to one question ranked as their kinds are
  (strong > partial > fluent-but-wrong and wrong);
- share of strong answers scoring >= 3.5 and of wrong answers <= 1.5 (fluent-but-wrong too);
- warm latency per answer (p50/p95), grading through the product's own path.

    python -m bench.points [--set fit|heldout|all] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from agents.grading import gaming
from agents.grading.grader import Grader, Rubric
from agents.grading.point_model import PointModel, PointSignals
from agents.grading.points import PointJudge, PointSpec, PointVerdict, Thresholds
from agents.questions.bank import Question, default_bank
from bench.coding import percentile

DATA = Path(__file__).parent / "data"
RANK = {"strong": 3, "partial": 2, "fluent_wrong": 1, "wrong": 1}


class PointsBenchError(RuntimeError):
    """A set cannot be read; the message names the file."""


@dataclass(frozen=True)
class Answer:
    question: Question
    kind: str
    text: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Graded:
    answer: Answer
    score: float
    statuses: tuple[str, ...]
    seconds: float


def load_set(paths: list[Path]) -> list[Answer]:
    bank = {q.id: q for q in default_bank()}
    answers = []
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise PointsBenchError(f"cannot read {path}: {exc.strerror}") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            question = bank.get(row["question_id"])
            if question is None or len(row["points"]) != len(question.points):
                raise PointsBenchError(f"{path.name}:{number}: unknown question or wrong "
                                       "number of point labels")
            answers.append(Answer(question, row["kind"], row["answer"], tuple(row["points"])))
    return answers


def rubric_of(question: Question) -> Rubric:
    return Rubric(question.text, list(question.key_points), question.model_answer,
                  origin=f"bank:{question.id}", topic=question.topic,
                  wrong={p.text: p.wrong for p in question.points if p.wrong})


def grade_all(grader: Grader, answers: list[Answer]) -> list[Graded]:
    out = []
    for answer in answers:
        started = time.perf_counter()
        grade = grader.grade_with(rubric_of(answer.question), answer.text)
        out.append(Graded(answer, grade.score, tuple(p.status for p in grade.points),
                          time.perf_counter() - started))
    return out


def figures(graded: list[Graded]) -> dict[str, float]:
    tp = fp = fn = 0
    for g in graded:
        for label, status in zip(g.answer.labels, g.statuses):
            truth, said = label == "covered", status == "covered"
            tp += truth and said
            fp += said and not truth
            fn += truth and not said
    by_question: dict[str, list[Graded]] = {}
    for g in graded:
        by_question.setdefault(g.answer.question.id, []).append(g)
    right = pairs = 0
    for group in by_question.values():
        for a in group:
            for b in group:
                if RANK[a.answer.kind] > RANK[b.answer.kind]:
                    pairs += 1
                    right += a.score > b.score
    def share(kind: str, test: object) -> float:
        scores = [g.score for g in graded if g.answer.kind == kind]
        return sum(map(test, scores)) / len(scores) if scores else 0.0  # type: ignore[arg-type]
    times = [g.seconds for g in graded[1:]] or [0.0]
    return {"answers": len(graded), "points": sum(len(g.statuses) for g in graded),
            "point_precision": tp / (tp + fp) if tp + fp else 0.0,
            "point_recall": tp / (tp + fn) if tp + fn else 0.0,
            "ordering": right / pairs if pairs else 0.0,
            "strong_at_least_3_5": share("strong", lambda s: s >= 3.5),
            "wrong_at_most_1_5": share("wrong", lambda s: s <= 1.5),
            "fluent_wrong_at_most_2_5": share("fluent_wrong", lambda s: s <= 2.5),
            "mean_strong": _mean(graded, "strong"), "mean_partial": _mean(graded, "partial"),
            "mean_fluent_wrong": _mean(graded, "fluent_wrong"),
            "mean_wrong": _mean(graded, "wrong"),
            "warm_p50_s": percentile(times, 50), "warm_p95_s": percentile(times, 95)}


def _mean(graded: list[Graded], kind: str) -> float:
    scores = [g.score for g in graded if g.answer.kind == kind]
    return sum(scores) / len(scores) if scores else 0.0


def fit_thresholds(grader: Grader) -> Thresholds:
    """The meaning weight and covered/partly thresholds of the blended strength that best
    reproduce the fit set's labels (F1 of covered, then 3-way accuracy for partly). The
    blend is one of the point model's signals and decides swapped subjects. Never reads a
    held-out set."""
    answers = load_set([DATA / f for f in SETS["fit"]])
    best: tuple[float, Thresholds] = (-1.0, Thresholds())
    for weight in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        probe = Thresholds(weight, covered=9.0, partly=9.0)  # strengths only, no decisions
        rows = []
        for answer in answers:
            verdicts, _ = _judged(grader, probe, None, answer)
            for label, v in zip(answer.labels, verdicts):
                rows.append((v.strength, bool(v.error), label))
        for step in range(40):
            covered = 0.3 + step * 0.01
            tp = sum(s >= covered and not e and lab == "covered" for s, e, lab in rows)
            fp = sum(s >= covered and not e and lab != "covered" for s, e, lab in rows)
            fn = sum(not (s >= covered and not e) and lab == "covered" for s, e, lab in rows)
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            if f1 > best[0]:
                best = (f1, Thresholds(weight, round(covered, 3), round(covered, 3)))
    chosen = best[1]
    rows_partly = []
    for answer in answers:
        verdicts, _ = _judged(grader, replace(chosen, covered=9.0, partly=9.0), None, answer)
        rows_partly += [(v.strength, lab) for lab, v in zip(answer.labels, verdicts)]
    def accuracy(partly: float) -> float:
        def said(s: float) -> str:
            return "covered" if s >= chosen.covered else "partly" if s >= partly else "missed"
        return sum(said(s) == lab for s, lab in rows_partly) / len(rows_partly)
    partly = max((chosen.covered - d * 0.01 for d in range(0, 21)), key=accuracy)
    return replace(chosen, partly=round(partly, 3),
                   fitted_on=f"{len(answers)} answers of bench/data/points_fit.jsonl, "
                             f"F1 of covered {best[0]:.3f}")


def _judged(grader: Grader, thresholds: Thresholds, model: PointModel | None,
            answer: Answer) -> tuple[list[PointVerdict], list[PointSignals]]:
    """The judge's verdicts on one answer and, with a model, the signals it measured."""
    judge = PointJudge(grader.index.embedder, thresholds, model)
    specs = [PointSpec(p.text, p.wrong) for p in answer.question.points]
    text = gaming.screen(answer.text).text or " "  # what the grader judges
    verdicts = judge.judge(answer.question.text, specs, text,
                           model_answer=answer.question.model_answer,
                           topic=answer.question.topic)
    return verdicts, judge.last_signals


MODEL_C = 3.0  # inverse ridge strength, chosen by grouped cross-validation on the fit set


def fit_model(grader: Grader, thresholds: Thresholds) -> PointModel:
    """The point model: a logistic regression from the point signals to the fit set's
    covered labels; the covered threshold is the one that maximises F1 of covered in 5-fold
    cross-validation grouped by question (so no question is judged by a model that saw its
    answers), the partly threshold the best 3-way accuracy. Never reads a held-out set."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    answers = load_set([DATA / f for f in SETS["fit"]])
    x, labels, groups = [], [], []
    for answer in answers:
        _, signals = _judged(grader, thresholds, PointModel(), answer)
        for label, found in zip(answer.labels, signals):
            x.append(found.vector())
            labels.append(label)
            groups.append(answer.question.id)
    features, truth = np.array(x), np.array([lab == "covered" for lab in labels])
    held = np.zeros(len(truth))
    for train, test in GroupKFold(5).split(features, truth, groups):
        part = LogisticRegression(C=MODEL_C, max_iter=5000).fit(features[train], truth[train])
        held[test] = part.predict_proba(features[test])[:, 1]
    def f1(cut: float) -> float:
        said = held >= cut
        tp = int((said & truth).sum())
        return 2 * tp / (2 * tp + int((said & ~truth).sum()) + int((~said & truth).sum()))
    covered = max((0.3 + 0.01 * step for step in range(41)), key=f1)
    whole = LogisticRegression(C=MODEL_C, max_iter=5000).fit(features, truth)
    probability = whole.predict_proba(features)[:, 1]
    def accuracy(partly: float) -> float:
        said = np.where(probability >= covered, "covered",
                        np.where(probability >= partly, "partly", "missed"))
        return float((said == np.array(labels)).mean())
    partly = max((covered - 0.01 * step for step in range(0, 26)), key=accuracy)
    names = PointSignals.names()
    return PointModel({n: round(float(w), 4) for n, w in zip(names, whole.coef_[0])},
                      round(float(whole.intercept_[0]), 4), round(covered, 3), round(partly, 3),
                      fitted_on=f"{len(answers)} answers ({len(truth)} points) of "
                                f"bench/data/points_fit.jsonl, C={MODEL_C}, cross-validated "
                                f"F1 of covered {f1(covered):.3f}")


SETS = {"fit": ["points_fit.jsonl"], "heldout": ["points_heldout_a.jsonl",
                                                 "points_heldout_b.jsonl"]}


def run(names: list[str], grader: Grader | None = None) -> dict[str, dict[str, float]]:
    if grader is None:
        from ingest.index import Index

        grader = Grader(Index.open())
    results = {}
    for name in names:
        answers = load_set([DATA / f for f in SETS[name]])
        grade_all(grader, answers[:2])  # warm: the model and the bank are loaded once
        results[name] = {k: round(v, 3) for k, v in figures(grade_all(grader, answers)).items()}
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("fit", "heldout", "all"), default="all")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--fit", action="store_true",
                        help="choose the judge's thresholds on the fit set and save them")
    args = parser.parse_args(argv)
    if args.fit:
        from types import SimpleNamespace

        from bench.grader import CachedEmbed

        # grading needs only the embedder; this one embeds each distinct text once
        grader = Grader(SimpleNamespace(embedder=CachedEmbed()))  # type: ignore[arg-type]
        chosen = fit_thresholds(grader)
        chosen.save()
        print(chosen)
        model = fit_model(grader, chosen)
        model.save()
        print(model)
        return
    names = ["fit", "heldout"] if args.set == "all" else [args.set]
    results = run(names)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, values in results.items():
        print(name + ": " + " ".join(f"{k}={v}" for k, v in values.items()))


if __name__ == "__main__":
    main()
