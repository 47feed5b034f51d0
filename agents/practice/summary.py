"""The end-of-session report: scores by topic, best and worst answers, what to study next."""

from __future__ import annotations

from collections import Counter, defaultdict

STUDY_ITEMS = 3


def _places(citations: list[dict]) -> list[dict]:
    """Distinct (source, section) pairs, best first: where to read."""
    seen = dict.fromkeys((c["source"], c["section"]) for c in citations)
    return [{"source": s, "section": sec} for s, sec in list(seen)[:2]]


def with_follow_ups_applied(results: list[dict]) -> list[dict]:
    """The results with each point a follow-up answer covered moved from its question's
    `missing` to its `cleared` list: a point the candidate made when probed is not one to
    study. A follow-up clears its point when its own grade misses nothing."""
    out = [{**r, "missing": list(r.get("missing", [])), "cleared": []} for r in results]
    for n, r in enumerate(out):
        point = r.get("probed_point")
        if not (r.get("follow_up") and point and _graded(r) and not r["missing"]):
            continue
        parent = next((p for p in reversed(out[:n]) if not p.get("follow_up")
                       and point in p["missing"]), None)
        if parent is not None:
            parent["missing"].remove(point)
            parent["cleared"].append(point)
    return out


def _graded(result: dict) -> bool:
    return not result.get("skipped") and result.get("score") is not None


def summarize_results(results: list[dict]) -> dict:
    results = with_follow_ups_applied(results)
    graded = [r for r in results if _graded(r)]
    by_topic: dict[str, list[float]] = defaultdict(list)
    for r in graded:
        by_topic[r["topic"] or "other"].append(r["score"])
    ranked = sorted(graded, key=lambda r: r["score"])
    # a follow-up's missed point is its question's, counted there once
    missed = Counter(point for r in graded if not r.get("follow_up") for point in r["missing"])
    study = [{"question": r["question"], "score": r["score"], "read": _places(r["citations"])}
             for r in ranked if r["score"] < 4.0 and not r.get("follow_up")][:STUDY_ITEMS]
    return {
        "answered": len(graded),
        "skipped": sum(bool(r.get("skipped")) for r in results),
        "not_graded": sum(not r.get("skipped") and r.get("score") is None for r in results),
        "mean_score": round(sum(r["score"] for r in graded) / len(graded), 2) if graded else None,
        "by_topic": {t: round(sum(s) / len(s), 2) for t, s in sorted(by_topic.items())},
        "strongest": ranked[-1]["question"] if graded else None,
        "weakest": ranked[0]["question"] if graded else None,
        "missed_points": [p for p, _ in missed.most_common(5)],
        "cleared_points": [p for r in results for p in r["cleared"]],
        "study_next": study,
    }
