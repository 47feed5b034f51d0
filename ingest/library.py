"""The library of indexed documents: what is in the index, per document and chunk, uploads
saved under PREP_HOME with safe names, and removing a document."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.index import Index
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import release
from ingest.settings import Settings, load_settings
from ingest.sharing import holders, holding
from ingest.store import Metadata

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a long PDF guide is a few MB; more is a mistake
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadError(ValueError):
    """An upload cannot be stored; the message says what to do."""


@dataclass(frozen=True)
class LibraryDocument:
    path: str
    source: str
    chunks: int
    topics: dict[str, int]  # chunks per topic


@dataclass(frozen=True)
class ChunkView:
    id: str
    text: str
    section: str
    topic: str
    position: int


def documents(index: Index) -> list[LibraryDocument]:
    """Every indexed document, with its chunk count and topic mix, by source name."""
    by_path: dict[str, list[tuple[str, Metadata]]] = {}
    for meta in index.store.metadata_where().values():
        for path, source in holders(meta):
            by_path.setdefault(path, []).append((source, meta))
    found = [LibraryDocument(path, held[0][0] or path, len(held),
                             dict(Counter(str(m.get("topic", "")) for _, m in held)))
             for path, held in by_path.items()]
    return sorted(found, key=lambda d: d.source)


def chunks_of(index: Index, path: str, topic: str | None = None) -> list[ChunkView]:
    where = holding(path) if topic is None else {"$and": [holding(path), {"topic": topic}]}
    views = [ChunkView(cid, text, str(m.get("section", "")), str(m.get("topic", "")),
                       int(m.get("chunk", 0) or 0))
             for cid, text, m in index.store.chunks_where(where)]
    return sorted(views, key=lambda v: v.position)


def remove_document(index: Index, path: str, settings: Settings | None = None) -> int:
    """Take a document out of the index (its passages stay for other files holding them)
    and delete its stored upload, if it was one; returns how many chunks it held."""
    stored = index.store.metadata_where(holding(path))
    release(index, path, stored)
    upload = Path(path)
    if upload.parent == uploads_dir(settings).resolve() and upload.is_file():
        upload.unlink()
    return len(stored)


def uploads_dir(settings: Settings | None = None) -> Path:
    return (settings or load_settings()).home / "uploads"


def safe_name(name: str) -> str:
    """A file name that cannot leave the uploads folder or confuse a shell."""
    base = unicodedata.normalize("NFKD", Path(name.replace("\\", "/")).name)
    stem, dot, suffix = base.rpartition(".")
    stem = _UNSAFE.sub("-", stem if dot else base).strip("-.")[:80] or "document"
    return f"{stem}.{suffix.lower()}" if dot else stem


def save_upload(name: str, data: bytes, settings: Settings | None = None) -> Path:
    """Store an uploaded file under PREP_HOME/uploads; refuses big or unsupported files."""
    clean = safe_name(name)
    if Path(clean).suffix not in SUPPORTED_SUFFIXES:
        raise UploadError(f"{name}: not a supported file; upload "
                          f"{', '.join(sorted(SUPPORTED_SUFFIXES))}")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(f"{name}: larger than {MAX_UPLOAD_BYTES // 2**20} MB; split it or "
                          "upload the text")
    if not data:
        raise UploadError(f"{name}: the file is empty")
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = _free_path(folder / clean, data)
    path.write_bytes(data)
    return path.resolve()


def _free_path(path: Path, data: bytes) -> Path:
    """The same name again is the same document (re-uploading updates it) only when it is the
    same file; another file with that name gets a numbered name instead of replacing it."""
    number = 1
    candidate = path
    while candidate.exists() and candidate.read_bytes() != data:
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate
