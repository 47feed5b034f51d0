"""Structure-aware chunking: a heading travels with the paragraphs and list items under it.

Input is the cleaned list of lines of one document. Lines are grouped into blocks (a lead-in
paragraph with the list that follows it, or a lone paragraph), blocks are packed into chunks
that stay inside one section, and only an oversized block is cut: between list items first,
then between sentences, then between words. Every chunk carries its section (the nearest
heading) and character offsets into the document's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.documents import Chunk, Line
from ingest.settings import CHUNK_MAX_TOKENS, CHUNK_TARGET_TOKENS

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(\.\d{1,2})*\.?\s+[A-Z][^.!]*[?]?$")
_BULLET = re.compile(r"^([-*•▪●◦]|\d{1,2}[.)])\s+")
LIST_ITEM = _BULLET  # a list item's marker: what other readers of chunks must agree on
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“'(A-Z0-9])")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def estimate_tokens(text: str) -> int:
    """Word pieces, approximately: MiniLM's WordPiece splits long and rare words further."""
    return sum(1 + len(piece) // 8 for piece in _TOKEN.findall(text))


def heading_text(line: str, marked_only: bool = False) -> str | None:
    """The heading a line states, or None when it is body text. With `marked_only`, only
    Markdown `#` lines count: a document that marks its headings marks all of them."""
    markdown = _MARKDOWN_HEADING.match(line)
    if markdown:
        return markdown.group(1)
    if marked_only:
        return None
    if _BULLET.match(line) and not _NUMBERED_HEADING.match(line):
        return None
    if _NUMBERED_HEADING.match(line) and len(line.split()) <= 12:
        return line
    if not line[:1].isalnum() or "http" in line or "|" in line:
        return None  # links, tags and emoji-led lines are content, not titles
    words = line.split()
    if len(words) <= 8 and len(line) <= 70 and not line.endswith((".", ",", ";", ":")):
        return line if not line.endswith("?") or len(words) <= 4 else None
    return None


@dataclass
class _Block:
    lines: list[Line] = field(default_factory=list)

    @property
    def tokens(self) -> int:
        return sum(estimate_tokens(line.text) for line in self.lines)


@dataclass
class _Section:
    """A heading (the nearest one is the section's name) and the blocks under it. Headings that
    follow one another with nothing between ("Key Responsibilities", "Core Tasks") stack up."""

    headings: list[Line] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        return heading_text(self.headings[-1].text) or "" if self.headings else ""

    @property
    def header(self) -> str:
        return "\n".join(heading_text(line.text) or "" for line in self.headings)


def _sections(lines: list[Line]) -> list[_Section]:
    marked_only = any(_MARKDOWN_HEADING.match(line.text) for line in lines)
    sections = [_Section()]
    for line in lines:
        if heading_text(line.text, marked_only) is not None:
            if sections[-1].blocks:
                sections.append(_Section())
            sections[-1].headings.append(line)
            continue
        blocks = sections[-1].blocks
        # A list item joins the block above (its lead-in or previous items); prose starts anew.
        if _BULLET.match(line.text) and blocks:
            blocks[-1].lines.append(line)
        else:
            blocks.append(_Block([line]))
    return [section for section in sections if section.blocks]


def _split_line(line: Line, budget: int) -> list[Line]:
    """Cut one overlong line between sentences, or between words as a last resort."""
    pieces: list[Line] = []
    cursor = 0
    parts = _SENTENCE_END.split(line.text)
    if len(parts) == 1:
        words = line.text.split(" ")
        step = max(1, budget * 2 // 3)
        parts = [" ".join(words[i:i + step]) for i in range(0, len(words), step)]
    current = ""
    for part in parts:
        candidate = f"{current} {part}".strip()
        if current and estimate_tokens(candidate) > budget:
            start = line.text.index(current, cursor)
            pieces.append(Line(current, line.start + start, line.start + start + len(current)))
            cursor = start + len(current)
            current = part
        else:
            current = candidate
    if current:
        start = line.text.index(current, cursor)
        pieces.append(Line(current, line.start + start, line.start + start + len(current)))
    return pieces


def _fit(block: _Block, budget: int) -> list[_Block]:
    """Cut a block into pieces that each fit the budget, keeping whole lines where possible."""
    if block.tokens <= budget:
        return [block]
    pieces: list[_Block] = [_Block()]
    for line in block.lines:
        for part in (_split_line(line, budget) if estimate_tokens(line.text) > budget else [line]):
            if pieces[-1].lines and pieces[-1].tokens + estimate_tokens(part.text) > budget:
                pieces.append(_Block())
            pieces[-1].lines.append(part)
    return pieces


def _make_chunk(section: _Section, lines: list[Line], source: str, first: bool) -> Chunk:
    body = "\n".join(line.text for line in lines)
    # Continuation chunks repeat the headings so each chunk reads (and embeds) on its own.
    text = f"{section.header}\n{body}" if section.headings else body
    start = section.headings[0].start if first and section.headings else lines[0].start
    return Chunk(text=text, source=source, section=section.title, start=start, end=lines[-1].end)


def chunk_lines(lines: list[Line], source: str, target: int = CHUNK_TARGET_TOKENS,
                maximum: int = CHUNK_MAX_TOKENS) -> list[Chunk]:
    """Pack a document's lines into chunks of about `target` tokens, never above `maximum`."""
    chunks: list[Chunk] = []
    for section in _sections(lines):
        budget = maximum - estimate_tokens(section.header)
        current: list[Line] = []
        first = True
        for block in section.blocks:
            for piece in _fit(block, budget):
                size = sum(estimate_tokens(line.text) for line in current)
                if current and size + piece.tokens > target:
                    chunks.append(_make_chunk(section, current, source, first))
                    current, first = [], False
                current.extend(piece.lines)
        if current:
            chunks.append(_make_chunk(section, current, source, first))
    return chunks
