"""The end-of-session report: scores by topic, best and worst answers, what to study next."""

from __future__ import annotations

from collections import Counter, defaultdict

STUDY_ITEMS = 3


def _places(citations: list[dict]) -> list[dict]:
    """Distinct (source, section) pairs, best first: where to read."""
    seen = dict.fromkeys((c["source"], c["section"]) for c in citations)
    return [{"source": s, "section": sec} for s, sec in list(seen)[:2]]


def summarize_results(results: list[dict]) -> dict:
    graded = [r for r in results if not r.get("skipped")]
    by_topic: dict[str, list[float]] = defaultdict(list)
    for r in graded:
        by_topic[r["topic"] or "other"].append(r["score"])
    ranked = sorted(graded, key=lambda r: r["score"])
    missed = Counter(point for r in graded for point in r["missing"])
    study = [{"question": r["question"], "score": r["score"], "read": _places(r["citations"])}
             for r in ranked if r["score"] < 4.0 and not r.get("follow_up")][:STUDY_ITEMS]
    return {
        "answered": len(graded),
        "skipped": len(results) - len(graded),
        "mean_score": round(sum(r["score"] for r in graded) / len(graded), 2) if graded else None,
        "by_topic": {t: round(sum(s) / len(s), 2) for t, s in sorted(by_topic.items())},
        "strongest": ranked[-1]["question"] if graded else None,
        "weakest": ranked[0]["question"] if graded else None,
        "missed_points": [p for p, _ in missed.most_common(5)],
        "study_next": study,
    }
