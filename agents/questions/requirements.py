"""The requirement lines of the candidate's own documents: list items under a requirements,
qualifications, responsibilities or skills heading (the plan reads more than these)."""

from __future__ import annotations

import re

from ingest.chunking import LIST_ITEM

REQUIREMENT_SECTION = re.compile(
    r"requirement|qualification|responsibilit|skills|what you will do|looking for|nice[- ]to[- ]"
    r"have|must[- ]have|core tasks|preferred", re.IGNORECASE)


def requirement_lines(text: str) -> list[str]:
    """List items of a chunk that state something (not lead-ins ending in a colon)."""
    found = []
    for line in text.splitlines():
        marker = LIST_ITEM.match(line.strip())
        item = line.strip()[marker.end():].strip() if marker else ""
        if item and not item.endswith(":") and 4 <= len(item.split()) <= 35:
            found.append(item.rstrip("."))
    return found
