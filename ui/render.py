"""Terminal rendering of questions, grades and summaries with rich: colour and tables on a
terminal, plain text when piped. User and document text is always passed as Text, never as
markup, so brackets in an answer cannot restyle (or hide) anything."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from ui.words import question_title, score_text, topic_name


def console() -> Console:
    # Built per call: click's test runner swaps sys.stdout, and piped output must not wrap.
    return Console(soft_wrap=True, highlight=False)


def show_question(label: str, item: dict[str, Any]) -> None:
    out = console()
    budget = f", about {item['minutes']} min" if item.get("minutes") else ""
    out.print(Text(f"{label} [{topic_name(item['topic'])}, {item['difficulty']}{budget}]",
                   style="bold cyan"))
    if item.get("kind") == "code":  # our own problem statement, written in Markdown
        out.print(Markdown(item["text"], code_theme="ansi_light"))
    else:
        out.print(Text(item["text"]))


def show_points(covered: list[str], missing: list[str],
                judged: list[dict[str, Any]] | None = None) -> None:
    """The rubric's key points, ticked where the answer covered them, with the answer's own
    words beside each tick; ◐ for a point made only in part."""
    out = console()
    by_point = {j["point"]: j for j in judged or []}
    for point in covered:
        said = (by_point.get(point) or {}).get("evidence", "")
        out.print(Text.assemble(("  ✓ ", "green"), point,
                                (f"\n      you said: “{said}”" if said else "", "dim")))
    for point in missing:
        partly = (by_point.get(point) or {}).get("status") == "partly"
        out.print(Text.assemble(("  ◐ " if partly else "  ✗ ", "yellow" if partly else "red"),
                                point))


def _score_style(score: float) -> str:
    return "green" if score >= 3.5 else "yellow" if score >= 2 else "red"


def show_grade(grade: dict[str, Any], brief: bool = False) -> None:
    """A grade: score and verdict, key points, the passages used and the model answer.

    `brief` (inside a session) shows two source names instead of the passages and no feedback.
    """
    out = console()
    if grade.get("skipped"):
        out.print("skipped\n")
        return
    if grade.get("graded") is False:
        out.print(Text(grade.get("reason") or "not graded", style="bold yellow"))
        for c in grade.get("citations") or []:
            out.print(Text(f"  nearest: [{c['source']} › {c['section']}]", style="dim"))
        return
    head = f"{'→ ' if brief else ''}{grade['score']:.1f} / {grade['max_score']}  {grade['verdict']}"
    out.print(Text(head, style=f"bold {_score_style(grade['score'])}"))
    show_points(grade["covered"], grade["missing"], grade.get("points"))
    for error in grade.get("errors") or []:
        out.print(Text.assemble(("  ! ", "bold red"), error))
    citations = grade.get("citations") or []
    if brief:
        for place in list(dict.fromkeys(f"{c['source']} › {c['section']}" for c in citations))[:2]:
            out.print(Text(f"  [{place}]", style="dim"))
        out.print(Text.assemble(("Model answer: ", "bold"), grade["model_answer"], "\n"))
        return
    out.print(Text(f"\n{grade['feedback']}"))
    if citations:
        out.print(Text("\nFrom your documents:", style="bold"))
        for c in citations:
            snippet = " ".join(c["text"].split())[:200]
            out.print(Text.assemble((f"  [{c['source']} › {c['section']}] ", "dim"), snippet))
    out.print(Text("\nModel answer:", style="bold"))
    out.print(Text(grade["model_answer"]))


def show_summary(summary: dict[str, Any]) -> None:
    out = console()
    out.print(Text("Session summary", style="bold"))
    out.print(f"{summary['answered']} answered, {summary['skipped']} skipped, "
              f"mean {score_text(summary['mean_score'])} / 5")
    if summary["by_topic"]:
        table = Table(box=None, show_header=False, padding=(0, 2))
        for topic, mean in summary["by_topic"].items():
            table.add_row(Text(topic_name(topic)),
                          Text(score_text(mean), style=_score_style(float(mean or 0))))
        out.print(table)
    if summary.get("readiness"):
        out.print(Text("Readiness by round", style="bold"))
        for r in summary["readiness"]:
            out.print(Text(f"  {r['round']}: {r['verdict']} (mean {score_text(r['mean'])} "
                           f"over {r['answers']})"))
        out.print(Text(f"  {summary['readiness_rule']}", style="dim"))
    for question in summary.get("strengths", []):
        out.print(Text.assemble(("Strength: ", "bold"), question_title(question)))
    if summary["missed_points"]:
        out.print("Points you missed:")
        for point in summary["missed_points"]:
            out.print(Text(f"  - {point}"))
    for item in summary["study_next"]:
        where = ", ".join(f"{c['source']} › {c['section']}" for c in item["read"])
        out.print(Text.assemble(("Study next: ", "bold"), item["question"],
                                f"  (read: {where})" if where else ""))
