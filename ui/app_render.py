"""Streamlit renderings shared by the pages: a grade, a session summary. All user and document
text goes through `escaped`, so it is shown, never interpreted."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.app_state import escaped
from ui.report import readiness_rows
from ui.words import question_title, score_text, topic_name


def show_grade(grade: dict[str, Any]) -> None:
    """Score, covered and missed points, the passages relied on and the model answer."""
    if grade.get("skipped"):
        st.info("Skipped.")
        return
    if grade.get("graded") is False:
        st.warning(escaped(grade.get("reason") or "Not graded."))
        return
    score = float(grade["score"])
    st.metric("Score", f"{score:.1f} / {grade['max_score']}", help=grade.get("grader", ""))
    st.markdown(f"**{escaped(grade['verdict'])}**")
    evidence = {p["point"]: p for p in grade.get("points") or []}
    for point in grade["covered"]:
        said = (evidence.get(point) or {}).get("evidence", "")
        st.markdown(f":green[✓] {escaped(point)}"
                    + (f"  \n:gray[you said: “{escaped(said)}”]" if said else ""))
    for point in grade["missing"]:
        mark = ":orange[◐]" if point in (grade.get("partly") or []) else ":red[✗]"
        st.markdown(f"{mark} {escaped(point)}")
    for error in grade.get("errors") or []:
        st.error(escaped(error))
    if grade.get("feedback"):
        st.caption(escaped(grade["feedback"]))
    citations = grade.get("citations") or []
    if citations:
        with st.expander(f"From your documents ({len(citations)})"):
            for c in citations:
                st.markdown(f"**{escaped(c['source'])} › {escaped(c['section'])}**")
                st.text(" ".join(c["text"].split())[:400])
    if grade.get("code"):
        show_tests(grade["code"])
    with st.expander("Model answer"):
        if grade.get("code"):
            st.code(grade["model_answer"], language="python")
        else:
            st.text(grade["model_answer"])


def show_tests(check: dict[str, Any]) -> None:
    """A coding check: each visible test with input, expected and actual; hidden as counts."""
    # a static table wraps long values, so every input and result can be read in full
    st.table([{"test": r["name"], "passed": "✓" if r["passed"] else "✗",
               "input": r["input"], "expected": r["expected"], "actual": r["actual"] or "",
               "error": r["error"] or ""} for r in check["results"]])
    hidden = check["hidden"]
    st.caption(escaped(f"Hidden tests: {hidden['passed']} / {hidden['total']} passed"))
    if check.get("isolation_plain"):
        st.info(escaped(check["isolation_plain"]))
        with st.expander("Sandbox details"):
            st.text(check.get("isolation_warning", ""))
    if check.get("error"):
        st.error(escaped(check["error"]))
    if check.get("hint"):
        st.info(escaped(check["hint"]))


def show_summary(summary: dict[str, Any]) -> None:
    st.subheader("Summary")
    cols = st.columns(3)
    cols[0].metric("Answered", summary["answered"])
    cols[1].metric("Skipped", summary["skipped"])
    cols[2].metric("Mean score", "–" if summary["mean_score"] is None
                   else f"{score_text(summary['mean_score'])} / 5")
    if summary.get("readiness"):
        st.markdown("**Readiness by round**\n\n" + "\n".join(readiness_rows(summary)))
        st.caption(summary["readiness_rule"])
    for question in summary.get("strengths", []):
        st.markdown(f"**Strength:** {escaped(question_title(question))}")
    if summary["by_topic"]:
        st.table({"topic": [topic_name(t) for t in summary["by_topic"]],
                  "mean score": [score_text(m) for m in summary["by_topic"].values()]})
    if summary["missed_points"]:
        st.markdown("**Points you missed**")
        for point in summary["missed_points"]:
            st.markdown(f"- {escaped(point)}")
    for item in summary["study_next"]:
        where = "; ".join(f"{c['source']} › {c['section']}" for c in item["read"])
        st.markdown(f"**Study next:** {escaped(item['question'])}"
                    + (f"  \n_read: {escaped(where)}_" if where else ""))
