"""Questions derived from the candidate's own documents: each requirement a job ad lists (a
list item under a requirements, qualifications, responsibilities or skills heading) becomes a
question; its rubric is drawn later from the passages retrieved for it."""

from __future__ import annotations

import hashlib
import re

from ingest.index import Index

REQUIREMENT_SECTION = re.compile(
    r"requirement|qualification|responsibilit|skills|what you will do|looking for|nice[- ]to[- ]"
    r"have|must[- ]have|core tasks|preferred", re.IGNORECASE)
_ITEM = re.compile(r"^\s*[-*•]\s+(.+?)\s*$")


def requirement_lines(text: str) -> list[str]:
    """List items of a chunk that state something (not lead-ins ending in a colon)."""
    found = []
    for line in text.splitlines():
        item = _ITEM.match(line)
        if item and not item.group(1).endswith(":") and 4 <= len(item.group(1).split()) <= 35:
            found.append(item.group(1).rstrip("."))
    return found


def derive_questions(index: Index, skip_prefixes: tuple[str, ...] = ("knowledge/",)
                     ) -> list[dict[str, str]]:
    """One question per requirement in the indexed documents, in document order."""
    stored = index.store.collection.get(include=["documents", "metadatas"])
    rows = sorted(zip(stored["documents"] or [], stored["metadatas"] or []),
                  key=lambda row: (str(row[1].get("source")), int(row[1].get("start", 0))))
    questions: dict[str, dict[str, str]] = {}
    for text, meta in rows:
        source = str(meta.get("source", ""))
        if source.startswith(skip_prefixes) or not REQUIREMENT_SECTION.search(
                str(meta.get("section", ""))):
            continue
        for requirement in requirement_lines(text):
            key = hashlib.sha256(requirement.lower().encode()).hexdigest()[:10]
            questions.setdefault(key, {
                "id": f"doc-{key}", "topic": str(meta.get("topic", "role")),
                "requirement": requirement,
                "text": (f"{source} lists this requirement: \"{requirement}\". How would you "
                         "show you meet it, and what should you be ready to explain about it?")})
    return list(questions.values())
