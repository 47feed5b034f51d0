"""The units ingest works on: a loaded document and the chunks cut from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Document:
    """A file's text as loaded. `path` is the identity in the store; `source` is what users see."""

    path: Path
    source: str
    text: str


@dataclass(frozen=True)
class Line:
    """One kept line of a document with its character offsets in `Document.text`."""

    text: str
    start: int
    end: int


@dataclass
class Chunk:
    """A retrievable piece of a document. `text` is what gets embedded and shown."""

    text: str
    source: str
    section: str
    start: int
    end: int
    topic: str = ""
    metadata: dict[str, str | int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class IngestError:
    path: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "error": self.error}
