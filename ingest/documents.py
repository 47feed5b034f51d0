"""The units ingest works on: a loaded document and the chunks cut from it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def path_text(path: Path | str) -> str:
    """A path as valid text for the store, JSON and the terminal. A file name may hold bytes
    that are not UTF-8 (Python keeps them as lone surrogates, which Chroma refuses in a
    where clause); they are written as \\xff escapes, so distinct names stay distinct."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


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
