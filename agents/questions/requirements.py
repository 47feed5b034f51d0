"""The requirement lines of the candidate's own documents: list items under a requirements,
qualifications, responsibilities or skills heading (the plan reads more than these)."""

from __future__ import annotations

import re

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
