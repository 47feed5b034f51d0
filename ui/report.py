"""The mock-interview debrief as one Markdown document: what the web app shows at the end,
what `prep interview` saves under PREP_HOME/reports, and what the candidate downloads."""

from __future__ import annotations

import re

from agents.practice.summary import with_follow_ups_applied
from agents.voice.delivery import delivery_line
from ui.words import question_title, score_text, topic_name


def report_markdown(session_id: str, summary: dict, results: list[dict]) -> str:
    lines = [f"# Mock interview report: {session_id}", "",
             f"Answered {summary['answered']}, skipped {summary['skipped']}, "
             f"mean score {score_text(summary['mean_score'])} / 5.", ""]
    lines += _overview(summary)
    for label, r in labelled(results):
        lines += ["", *_question(r, label)]
    return "\n".join(lines) + "\n"


def labelled(results: list[dict]) -> list[tuple[str, dict]]:
    """Each result (follow-up points applied) with its label: "Question 2", or "Follow-up"
    for a probe of the question before it."""
    out, number = [], 0
    for r in with_follow_ups_applied(results):
        number += not r.get("follow_up")
        out.append(("Follow-up" if r.get("follow_up") else f"Question {number}", r))
    return out


def time_taken_text(result: dict) -> str | None:
    """ "3 min 20 s of 5 min", or None when the time was not recorded."""
    if result.get("seconds") is None:
        return None
    budget = result.get("budget_minutes")
    return duration_text(result["seconds"]) + (f" of {budget} min" if budget else "")


def duration_text(seconds: int) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def readiness_rows(summary: dict) -> list[str]:
    """The readiness table as Markdown, one row a round (the app shows it too)."""
    rows = ["| round | answers | mean | verdict |", "| --- | --- | --- | --- |"]
    rows += [f"| {r['round']} | {r['answers']} | {score_text(r['mean'])} | {r['verdict']} |"
             for r in summary.get("readiness", [])]
    return rows


def _overview(summary: dict) -> list[str]:
    lines = []
    if summary.get("readiness"):
        lines += ["## Readiness by round", "", *readiness_rows(summary), "",
                  f"_{summary['readiness_rule']}_", ""]
    if summary.get("strengths"):
        lines += ["## Strengths", "", *(f"- {question_title(q)}" for q in summary["strengths"]),
                  ""]
    if summary["study_next"]:
        lines += ["## Study next", ""]
        for item in summary["study_next"]:
            where = "; ".join(f"{c['source']} › {c['section']}" for c in item["read"])
            lines.append(f"- {question_title(item['question'])}"
                         + (f" (read: {where})" if where else ""))
        lines.append("")
    lines += ["## Scores by topic", ""]
    lines += [f"- {topic_name(topic)}: {score_text(mean)}"
              for topic, mean in summary["by_topic"].items()]
    return lines


def _question(r: dict, label: str) -> list[str]:
    heading = f"## {label} · {topic_name(r.get('topic'))}"
    taken = time_taken_text(r)
    if taken:
        heading += f" · {taken}"
    code = bool(r.get("code"))
    lines = [heading, "", *(_markdown(r["question"]) if code else _quote(r["question"])), ""]
    if r.get("skipped"):
        return lines + ["Skipped."]
    graded = (f"Score {score_text(r['score'])} / 5 ({r['verdict']})."
              if r.get("score") is not None
              else f"Not graded: {r.get('reason') or 'nothing to grade it against'}.")
    lines += [graded, "", "Your answer:", "", *_block(r["answer"], code), ""]
    lines += [f"- covered: {p}" for p in r["covered"]]
    lines += [f"- covered when probed: {p}" for p in r["cleared"]]
    lines += [f"- missed: {p}" for p in r["missing"]]
    spoken = r.get("delivery")
    if spoken:
        lines += ["", f"Delivery: {delivery_line(spoken)}."]
        lines += [f"- {note}" for note in spoken.get("notes", [])]
    if r.get("model_answer"):
        lines += ["", "Model answer:", "", *_block(r["model_answer"], code)]
    places = list(dict.fromkeys(f"{c['source']} › {c['section']}"
                                for c in r.get("citations") or []))
    if places:
        lines += ["", f"Sources: {'; '.join(places[:3])}"]
    return lines


def _markdown(text: str) -> list[str]:
    """Our own problem statements are Markdown already."""
    return text.splitlines()


def _quote(text: str) -> list[str]:
    """Prose as a quote, so that its own Markdown cannot break the report's headings."""
    return [f"> {line}" if line.strip() else ">" for line in text.splitlines()] or [">"]


def _block(text: str, code: bool) -> list[str]:
    """Code as a fenced block, its fence longer than any run of backticks inside."""
    if not code:
        return _quote(text)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}python", text.rstrip("\n"), fence]

