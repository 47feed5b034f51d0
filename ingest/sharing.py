"""One stored chunk per wording, shared by every file that holds it.

A passage copied into several files (a guide saved twice, notes pasted into a job ad, a
corpus of near-copies) is embedded and stored once. Its id comes from its wording alone, and
its metadata lists every file holding it (`paths`, first one the owner whose `source` and
`section` are cited) and, per file, a stamp of the text it was cut from (`stamps`). So no
file can drown the others in the nearest neighbours, and removing one copy keeps the chunk
for the rest.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from ingest.settings import NOTES_DIR
from ingest.store import Metadata


def wording(text: str) -> str:
    """A chunk's words and numbers without case, punctuation or spacing: chunks that differ
    only in those say the same thing (numbers count: "variant 3" is not "variant 4")."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def shared_id(text: str) -> str:
    """The same id for every chunk with this wording, whichever file it came from."""
    return hashlib.sha256(f"wording\0{wording(text)}".encode()).hexdigest()[:32]


NO_STAMP = "-"  # Chroma refuses an empty list: this stands for "no file is current"


def document_kind(path: str | Path) -> str:
    """"note" for the coach's bundled notes, "document" for the candidate's own (the bundled
    ad and guide count as theirs): search prefers documents where both answer."""
    try:
        Path(path).resolve().relative_to(NOTES_DIR.resolve())
    except (ValueError, OSError):
        return "document"
    return "note"


def passage_kind(held: list[tuple[str, str]]) -> str:
    """A passage that any of the candidate's documents holds is theirs."""
    return "document" if any(document_kind(p) == "document" for p, _ in held) else "note"


def _path_key(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def stamp(path: str, fingerprint: str, chunks: int) -> str:
    """Which file, cut from which text, into how many chunks."""
    return f"{_path_key(path)}:{fingerprint}:{chunks}"


def stamp_of(meta: Metadata, path: str) -> str | None:
    key = _path_key(path) + ":"
    return next((s for s in _list(meta, "stamps") if s.startswith(key)), None)


def holding(path: str) -> dict[str, Any]:
    """The where-clause for every chunk a file holds (`path` alone: stores made before
    sharing, whose chunks are then replaced)."""
    return {"$or": [{"paths": {"$contains": path}}, {"path": path}]}


def holders(meta: Metadata) -> list[tuple[str, str]]:
    """(path, source) of every file holding the chunk, the owner first."""
    paths, sources = _list(meta, "paths"), _list(meta, "sources")
    if not paths or len(sources) != len(paths):
        return [(str(meta.get("path", "")), str(meta.get("source", "")))]
    return list(zip(paths, sources))


def attach(meta: Metadata, path: str, source: str, file_stamp: str) -> dict[str, Any]:
    """The chunk's metadata once `path` holds it too, with the file's current stamp."""
    held = [h for h in holders(meta) if h[0]]
    if path not in {p for p, _ in held}:
        held.append((path, source))
    key = _path_key(path) + ":"
    stamps = [s for s in _list(meta, "stamps")
              if not s.startswith(key) and s != NO_STAMP] + [file_stamp]
    return {**meta, **_holders_meta(held), "stamps": stamps, "kind": passage_kind(held)}


def detach(meta: Metadata, path: str) -> dict[str, Any] | None:
    """The chunk's metadata once `path` no longer holds it; None when no file does."""
    held = [h for h in holders(meta) if h[0] and h[0] != path]
    if not held:
        return None
    key = _path_key(path) + ":"
    stamps = [s for s in _list(meta, "stamps") if not s.startswith(key)] or [NO_STAMP]
    kept = {**meta, **_holders_meta(held), "stamps": stamps, "kind": passage_kind(held)}
    if meta.get("path") == path:  # the owner left: the next holder is cited instead, and its
        kept["path"], kept["source"] = held[0]  # next ingest rewrites section and place
        successor = _path_key(held[0][0]) + ":"
        kept["stamps"] = [s for s in stamps if not s.startswith(successor)] or [NO_STAMP]
    return kept


def _holders_meta(held: list[tuple[str, str]]) -> dict[str, list[str]]:
    return {"paths": [p for p, _ in held], "sources": [s for _, s in held]}


def _list(meta: Metadata, key: str) -> list[str]:
    value: Any = meta.get(key)
    return [str(v) for v in value] if isinstance(value, list) else []
