"""The end-of-session report: scores by topic, best and worst answers, what to study next,
and how ready each round of the final interview day looks."""

from __future__ import annotations

from collections import Counter, defaultdict

STUDY_ITEMS = 3
STRENGTHS = 3
STRONG = 4.0  # an answer an interviewer would count in the candidate's favour

# The rounds of a Superday (the guide: system design, ML theory, coding and behavioral
# interviews), each fed by the topics its questions come from.
ROUNDS = {"Coding": ("coding",), "ML system design": ("system_design",),
          "ML theory": ("ml_fundamentals", "genai"), "Behavioral": ("behavioral",)}
READY_MEAN, NOT_YET_MEAN, FLOOR, ENOUGH = 3.5, 2.5, 2.5, 2
READINESS_RULE = (f"Ready: at least {ENOUGH} graded answers in the round, a mean of "
                  f"{READY_MEAN} / 5 or more and none under {FLOOR}. Not yet: a mean under "
                  f"{NOT_YET_MEAN}. Getting there: in between. Fewer than {ENOUGH} answers: "
                  "too few to judge.")


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
             for r in ranked if r["score"] < STRONG and not r.get("follow_up")][:STUDY_ITEMS]
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
        "strengths": [r["question"] for r in reversed(ranked)
                      if r["score"] >= STRONG and not r.get("follow_up")][:STRENGTHS],
        "readiness": readiness(graded),
        "readiness_rule": READINESS_RULE,
    }


def readiness(graded: list[dict]) -> list[dict]:
    """Per Superday round: how many answers, their mean, and the verdict READINESS_RULE
    gives, from the main questions (a follow-up probes the same question). Rounds the
    session did not touch are left out rather than called weak."""
    rounds = []
    for name, topics in ROUNDS.items():
        scores = [r["score"] for r in graded if r["topic"] in topics and not r.get("follow_up")]
        if scores:
            rounds.append({"round": name, "answers": len(scores),
                           "mean": round(sum(scores) / len(scores), 2),
                           "verdict": _verdict(scores)})
    return rounds


def _verdict(scores: list[float]) -> str:
    mean = sum(scores) / len(scores)
    if len(scores) < ENOUGH:
        return "too few to judge"
    if mean >= READY_MEAN and min(scores) >= FLOOR:
        return "ready"
    return "not yet" if mean < NOT_YET_MEAN else "getting there"
