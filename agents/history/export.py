"""Export practice history as Markdown (to read) or CSV (to analyse)."""

from __future__ import annotations

import csv
import io

from agents.csv_cells import safe_cell
from agents.history.store import Attempt

CSV_FIELDS = ("at", "session_id", "question_id", "topic", "difficulty", "question", "answer",
              "score", "max_score", "verdict", "covered", "missing", "grader")


def to_csv(attempts: list[Attempt]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for attempt in attempts:
        row = attempt.to_dict()
        row["covered"] = " | ".join(attempt.covered)
        row["missing"] = " | ".join(attempt.missing)
        writer.writerow({k: safe_cell(row[k]) for k in CSV_FIELDS})
    return out.getvalue()


def to_markdown(attempts: list[Attempt]) -> str:
    lines = ["# Practice history", ""]
    for a in attempts:
        lines += [f"## {a.question}", "",
                  f"{a.at:%Y-%m-%d %H:%M} UTC · {a.topic or 'other'} · "
                  f"{a.score} / {a.max_score:g} ({a.verdict}) · session {a.session_id}", "",
                  "Your answer:", "", a.answer, ""]
        lines += [f"- covered: {p}" for p in a.covered]
        lines += [f"- missed: {p}" for p in a.missing]
        lines.append("")
    return "\n".join(lines)
