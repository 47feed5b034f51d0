"""How the coach writes numbers, topics, counts and times for people: "ML system design", not
"system_design"; "3.9", not "3.9600"; "1 day", not "1 days"; times in the local zone."""

from __future__ import annotations

from datetime import UTC, datetime

TOPIC_NAMES = {"coding": "Coding", "system_design": "ML system design", "genai": "GenAI",
               "ml_fundamentals": "ML fundamentals", "behavioral": "Behavioral",
               "role": "The role", "other": "Other"}


def topic_name(topic: str | None) -> str:
    if not topic:
        return TOPIC_NAMES["other"]
    return TOPIC_NAMES.get(topic) or topic.replace("_", " ").capitalize()


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def score_text(score: float | None) -> str:
    """One decimal, everywhere; a dash when there is no score."""
    return "–" if score is None else f"{float(score):.1f}"


def local_time(moment: datetime | str) -> str:
    """A stored UTC time (datetime or ISO text) as the user's own clock shows it."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{moment.astimezone():%a %d %b %Y %H:%M}"


def question_title(question: str) -> str:
    """A question's first line without Markdown bold: a coding problem's name, or the whole
    of a one-line question."""
    lines = question.strip().splitlines()
    return lines[0].strip().strip("*").strip() if lines else ""
