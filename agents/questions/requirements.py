"""The requirement lines of the candidate's own documents: list items and table rows (the plan
reads more than these), and the items of an inline list under an asking label ("Need: Go,
PostgreSQL, Kafka.")."""

from __future__ import annotations

import re

from ingest.chunking import LIST_ITEM
from ingest.skills import skills_named

REQUIREMENT_SECTION = re.compile(
    r"requirement|qualification|responsibilit|skills|what you will do|looking for|nice[- ]to[- ]"
    r"have|must[- ]have|core tasks|preferred", re.IGNORECASE)
# Sections of an ad that offer or tell rather than ask (also a table row's first cell:
# "About us | ShopCo is the UK's third-largest retailer")
OFFER_SECTION = re.compile(r"benefit|perk|what we offer|we offer|compensation|salary|about us"
                           r"|our (?:company|team|mission)|why join|how to apply", re.IGNORECASE)
MIN_ITEM_WORDS, MAX_ITEM_WORDS = 4, 35  # a shorter item is an ask only when it names a skill
# A Markdown table's rule under its header row: |---|:---:|
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
# "Need: Go, PostgreSQL, REST API design." "Bonus: Kubernetes." "Tech stack: Python, dbt."
_LABELLED = re.compile(r"^(?P<label>[A-Za-z][\w '/-]{0,30}?)\s*:\s+(?P<items>\S.*)$")
ASK_LABEL = re.compile(
    REQUIREMENT_SECTION.pattern + r"|\bneeds?\b|\brequired\b|\bmust\b|\bbonus\b|\bplus\b|"
    r"\bnice\b|\bstack\b|\btools?\b|\btechnolog|\bwe use\b|\byou know\b|\bdesired\b|\bideally\b",
    re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*(?:[,;]|\s&\s)\s*(?:and\s+)?")
_BRACKETED = re.compile(r"\([^()]*\)")
MAX_INLINE_ITEM_WORDS = 8  # a longer piece means the colon opened a sentence, not a list


def table_row(line: str) -> list[str] | None:
    """The cells of a table row ("SQL | Advanced SQL: joins | Must", as the loaders write
    Word and HTML tables and Markdown writes its own), None for any other line."""
    text = line.strip()
    if "|" not in text or _TABLE_RULE.match(text):
        return None
    cells = [c.strip() for c in text.strip("|").split("|")]
    cells = [c for c in cells if c]
    return cells if len(cells) >= 2 else None


def is_item(line: str) -> bool:
    """A list item, a table row or a table's rule: what is not running prose."""
    text = line.strip()
    return bool(LIST_ITEM.match(text) or _TABLE_RULE.match(text) or table_row(text))


def is_ask(item: str) -> bool:
    """An item that can be one requirement: a few words, or fewer that name a skill."""
    words = len(item.split())
    return (not item.endswith(":") and words <= MAX_ITEM_WORDS
            and (words >= MIN_ITEM_WORDS or bool(skills_named(item))))


def requirement_lines(text: str) -> list[str]:
    """List items and table rows of a chunk that state something: not lead-ins ending in a
    colon, not a table's header (the row above its rule) nor a row that offers, and short
    only when they name a skill ("- Spark")."""
    lines = [line.strip() for line in text.splitlines()]
    found = []
    for number, line in enumerate(lines):
        marker = LIST_ITEM.match(line)
        cells = None if marker else table_row(line)
        if cells is not None:
            header = number + 1 < len(lines) and _TABLE_RULE.match(lines[number + 1])
            item = "" if header or OFFER_SECTION.search(cells[0]) else " — ".join(cells)
        elif marker:
            item = line[marker.end():].strip()
        else:
            item = line if number and lost_its_bullet(line, lines[number - 1]) else ""
        if item and is_ask(item):
            found.append(item.rstrip("."))
    return found


# What a candidate brings, as an ask names it ("experience with", "knowledge of")
BRINGS = (r"experience|familiarity|knowledge|understanding|ability|proficiency|expertise|"
          r"exposure|fluency|comfort")
# How a list item of duties or skills opens: a verb of the work ("Work with actuaries ...",
# "Build ...") or what the candidate brings ("Experience with ...", "Strong SQL").
_ITEM_OPENING = re.compile(
    r"^(?:work|build|design|develop|collaborate|partner|own|lead|drive|support|create|"
    r"maintain|monitor|deploy|write|analy[sz]e|mentor|communicate|present|run|implement|"
    r"improve|ensure|define|shape|contribute|translate|manage|evaluate|research|explore|"
    r"prototype|deliver|optimi[sz]e|automate|review|document|investigate|test|debug|train|"
    r"tune|measure|report|coach|scale|operate|integrate|migrate|model|" + BRINGS
    + r"|comfortable|strong|solid|proven|hands-on|deep|good|excellent)\b", re.IGNORECASE)


def lost_its_bullet(line: str, above: str) -> bool:
    """A line right under a list item that opens as a duty or a skill does and ends as that
    item does (both with a stop or both without): an item whose bullet a copy and paste
    dropped ("Work with actuaries and product to turn findings into pricing decisions"), not
    a closing line ("We review applications on a rolling basis.", "Salary £45,000 ...")."""
    marker = LIST_ITEM.match(above)
    return (bool(marker) and bool(_ITEM_OPENING.match(line)) and not line.endswith(":")
            and line.endswith(".") == above.endswith("."))


def labelled_items(sentence: str) -> list[str] | None:
    """The items of an inline list under a label that asks ("Need: Go, PostgreSQL, Redis
    caching"), None when the sentence is not one (the label asks nothing, or a piece is too
    long to be a list item)."""
    found = _LABELLED.match(sentence.strip().rstrip("."))
    if not found or not ASK_LABEL.search(found.group("label")):
        return None
    items = [i.strip() for i in _split_outside_brackets(found.group("items")) if i.strip()]
    if not items or any(len(i.split()) > MAX_INLINE_ITEM_WORDS for i in items):
        return None
    return items


def _split_outside_brackets(text: str) -> list[str]:
    """The list's items, a bracketed aside kept whole: "causal inference (diff-in-diff,
    synthetic control), dbt" is two items."""
    asides: list[str] = []

    def hold(found: re.Match[str]) -> str:
        asides.append(found.group(0))
        return f"\x00{len(asides) - 1}\x00"

    held = _BRACKETED.sub(hold, text)
    return [re.sub(r"\x00(\d+)\x00", lambda m: asides[int(m.group(1))], item)
            for item in _LIST_SEPARATOR.split(held)]
