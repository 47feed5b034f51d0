"""Ingest: files and folders in, chunks in the store out, with a report of what changed.

Re-ingesting is cheap and safe. A file whose text (and pipeline version) is unchanged, and
whose chunks are all present, is skipped before any embedding. Otherwise its new chunk ids
are compared with the stored ones: only new chunks are embedded, kept chunks get fresh
metadata, stale ones are deleted. Ids are content hashes and each file is finished before
the next, so an ingest killed at any point leaves a store that the next run completes
without duplicates.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunking import chunk_lines
from ingest.cleaning import clean_lines
from ingest.documents import Chunk, Document, IngestError, path_text
from ingest.index import Index, add_chunks, chunk_ids
from ingest.loaders import LoadError, discover, load_document
from ingest.settings import DEFAULT_CORPUS
from ingest.store import StoreError

# Bump when loading, cleaning or chunking changes, so unchanged files are re-chunked once.
PIPELINE_VERSION = "1"


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: list[IngestError] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"documents": self.documents, "chunks": self.chunks, "added": self.added,
                "unchanged": self.unchanged, "removed": self.removed,
                "errors": [e.to_dict() for e in self.errors]}


@dataclass
class Prepared:
    document: Document
    chunks: list[Chunk]
    ids: list[str]
    fingerprint: str


def fingerprint(document: Document, model: str) -> str:
    key = f"{PIPELINE_VERSION}\0{model}\0{document.source}\0{document.text}"
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def is_current(stored: dict[str, dict], fingerprint: str) -> bool:
    """All of a file's chunks are stored and were made from this exact text."""
    return bool(stored) and all(
        m.get("fingerprint") == fingerprint and m.get("doc_chunks") == len(stored)
        for m in stored.values())


def _wording(text: str) -> str:
    """A chunk's words and numbers without case, punctuation or spacing: chunks that differ
    only in those say the same thing (numbers count: "variant 3" is not "variant 4")."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def distinct_chunks(chunks: list[Chunk]) -> list[Chunk]:
    """Each wording once (the first): a file that repeats itself must not flood the store
    and crowd every other document out of the nearest neighbours."""
    seen: set[str] = set()
    kept = []
    for chunk in chunks:
        key = _wording(chunk.text)
        if key not in seen:
            seen.add(key)
            kept.append(chunk)
    return kept


def prepare(index: Index, document: Document) -> Prepared:
    lines = clean_lines(document.text, index.embedder)
    chunks = distinct_chunks(chunk_lines(lines, document.source))
    if not chunks:
        raise LoadError("no text left to index after cleaning")
    stamp = fingerprint(document, index.embedder_name)
    for position, chunk in enumerate(chunks):
        chunk.metadata.update(path=path_text(document.path), fingerprint=stamp, chunk=position,
                              doc_chunks=len(chunks))
    return Prepared(document, chunks, chunk_ids(path_text(document.path), chunks), stamp)


def sync_document(index: Index, prepared: Prepared, stored: dict[str, dict],
                  report: IngestReport) -> None:
    """Bring the store in line with one prepared document: add, refresh, then delete."""
    new = [i for i, cid in enumerate(prepared.ids) if cid not in stored]
    add_chunks(index, [prepared.ids[i] for i in new], [prepared.chunks[i] for i in new])
    kept = [i for i, cid in enumerate(prepared.ids) if cid in stored]
    if kept:
        metadatas = [{**stored[prepared.ids[i]], **prepared.chunks[i].metadata,
                      "start": prepared.chunks[i].start, "end": prepared.chunks[i].end}
                     for i in kept]
        index.store.update_metadata([prepared.ids[i] for i in kept], metadatas)
    stale = sorted(set(stored) - set(prepared.ids))
    index.store.delete(stale)
    report.added += len(new)
    report.unchanged += len(kept)
    report.removed += len(stale)


def ingest_file(index: Index, path: Path, source: str, report: IngestReport) -> None:
    document = load_document(path, source)
    stored = index.store.metadata_where({"path": path_text(document.path)})
    if is_current(stored, fingerprint(document, index.embedder_name)):
        report.unchanged += len(stored)
        chunks = len(stored)
    else:
        prepared = prepare(index, document)
        sync_document(index, prepared, stored, report)
        chunks = len(prepared.ids)
    report.documents += 1
    report.chunks += chunks


def remove_missing(index: Index, roots: list[Path], seen: set[str], report: IngestReport) -> None:
    """Drop chunks of files that lived under a re-ingested folder and are gone from it."""
    folders = [path_text(root.resolve()) + "/" for root in roots if root.is_dir()]
    if not folders:
        return
    gone = [cid for cid, meta in index.store.metadata_where().items()
            if str(meta.get("path", "")).startswith(tuple(folders)) and meta["path"] not in seen]
    index.store.delete(gone)
    report.removed += len(gone)


def ingest_paths(index: Index, paths: list[Path], reset: bool = False,
                 on_file: Callable[[Path], None] | None = None) -> IngestReport:
    """Index files and folders; one bad file is reported in `errors` and the rest go on.
    `on_file` is called as each file is reached (for a progress bar)."""
    if reset:
        index.store.reset()
    report = IngestReport()
    seen: set[str] = set()
    for path, found in discover(paths):
        if on_file is not None:
            on_file(path)
        if isinstance(found, LoadError):
            report.errors.append(IngestError(path_text(path), str(found)))
            continue
        seen.add(path_text(path))
        try:
            ingest_file(index, path, found, report)
        except LoadError as exc:
            report.errors.append(IngestError(path_text(path), str(exc)))
        except StoreError:
            raise  # the store itself failed: every other file would fail the same way
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
            report.errors.append(IngestError(path_text(path), f"could not be read "
                                             f"({exc.__class__.__name__}); the rest went on"))
    remove_missing(index, paths, seen, report)
    return report


def ensure_indexed(index: Index,
                   on_file: Callable[[Path], None] | None = None) -> IngestReport | None:
    """Index the bundled corpus when the store is empty, so grading has passages to cite."""
    if index.store.count():
        return None
    return ingest_paths(index, [DEFAULT_CORPUS], on_file=on_file)
