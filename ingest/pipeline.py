"""Ingest: files and folders in, chunks in the store out, with a report of what changed.

Re-ingesting is cheap and safe. A file whose text (and pipeline version) is unchanged, and
whose chunks are all present, is skipped before any embedding. Otherwise its new chunk ids
are compared with the stored ones: only new chunks are embedded, kept chunks get fresh
metadata, stale ones are deleted. Ids are wording hashes, shared by every file holding the
same passage (ingest/sharing.py), and each file is finished before the next, so an ingest
killed at any point leaves a store that the next run completes without duplicates.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunking import chunk_lines
from ingest.cleaning import clean_lines
from ingest.documents import Chunk, Document, IngestError, path_text
from ingest.index import Index, add_chunks
from ingest.loaders import LoadError, discover, load_document
from ingest.settings import DEFAULT_CORPUS
from ingest.sharing import (
    attach,
    detach,
    document_kind,
    holders,
    holding,
    passage_kind,
    shared_id,
    stamp,
    stamp_of,
    wording,
)
from ingest.skills import note_skill, passage_skill, skills, vocabulary_digest
from ingest.store import Metadata, StoreError

# Bump when loading, cleaning or chunking changes, so unchanged files are re-chunked once.
PIPELINE_VERSION = "3"  # 3: chunks carry the skill they are about


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    shared: int = 0  # chunks already stored for another file, now held by this one too
    errors: list[IngestError] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """The JSON contract of DESIGN.md; shared chunks were stored before, so they count
        as unchanged there."""
        return {"documents": self.documents, "chunks": self.chunks, "added": self.added,
                "unchanged": self.unchanged + self.shared, "removed": self.removed,
                "errors": [e.to_dict() for e in self.errors]}


@dataclass
class Prepared:
    path: str
    chunks: list[Chunk]
    ids: list[str]
    stamp: str


def fingerprint(document: Document, model: str) -> str:
    # the skill vocabulary tags the chunks, so a changed vocabulary re-tags them
    key = (f"{PIPELINE_VERSION}\0{vocabulary_digest()}\0{model}\0{document.source}\0"
           f"{document.text}")
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def is_current(stored: dict[str, Metadata], path: str, fingerprint: str) -> bool:
    """All of a file's chunks are stored and were cut from this exact text."""
    return bool(stored) and {stamp_of(m, path) for m in stored.values()} == {
        stamp(path, fingerprint, len(stored))}


def distinct_chunks(chunks: list[Chunk]) -> list[Chunk]:
    """Each wording once (the first): a file that repeats itself must not flood the store
    and crowd every other document out of the nearest neighbours."""
    seen: set[str] = set()
    kept = []
    for chunk in chunks:
        key = wording(chunk.text)
        if key not in seen:
            seen.add(key)
            kept.append(chunk)
    return kept


def prepare(index: Index, document: Document) -> Prepared:
    lines = clean_lines(document.text, index.embedder)
    chunks = distinct_chunks(chunk_lines(lines, document.source))
    if not chunks:
        raise LoadError("no text left to index after cleaning")
    path = path_text(document.path)
    file_stamp = stamp(path, fingerprint(document, index.embedder_name), len(chunks))
    kind = document_kind(document.path)
    # a note is about one subject, which its sections share unless they name another; a
    # document (an ad) mixes subjects, and its benefits section is about none
    note = passage_skill("", document.text) if kind == "note" else ""
    for position, chunk in enumerate(chunks):
        skill = note_skill(chunk.section, chunk.text, note) if note else \
            passage_skill(chunk.section, chunk.text)
        chunk.metadata.update(path=path, chunk=position, paths=[path], sources=[chunk.source],
                              stamps=[file_stamp], kind=kind, skill=skill)
    return Prepared(path, chunks, [shared_id(c.text) for c in chunks], file_stamp)


def _own_place(chunk: Chunk) -> Metadata:
    """Where the chunk sits in its owner's file, which moves when the file is edited, and
    what it is about as read now (stores made before skills were tagged gain the tag)."""
    return {"section": chunk.section, "start": chunk.start, "end": chunk.end,
            "chunk": chunk.metadata["chunk"], "skill": chunk.metadata["skill"]}


def sync_document(index: Index, prepared: Prepared, stored: dict[str, Metadata],
                  report: IngestReport) -> None:
    """Bring the store in line with one prepared document: embed only wordings no file
    holds yet, attach the file to those already stored, detach it from those it lost."""
    wanted = set(prepared.ids)
    elsewhere = index.store.metadata_of([cid for cid in prepared.ids if cid not in stored])
    new = [i for i, cid in enumerate(prepared.ids) if cid not in stored and cid not in elsewhere]
    add_chunks(index, [prepared.ids[i] for i in new], [prepared.chunks[i] for i in new])
    updates: dict[str, Metadata] = {}
    for cid, chunk in zip(prepared.ids, prepared.chunks):
        held = stored.get(cid) or elsewhere.get(cid)
        if held is not None:
            meta = attach(held, prepared.path, chunk.source, prepared.stamp)
            updates[cid] = {**meta, **_own_place(chunk)} if meta.get("path") == prepared.path \
                else meta
    lost = {cid: stored[cid] for cid in sorted(set(stored) - wanted)}
    gone = _write_detached(index, prepared.path, lost, updates)
    report.added += len(new)
    report.shared += len(elsewhere)
    report.unchanged += len(wanted & set(stored))
    report.removed += len(gone)


def release(index: Index, path: str, stored: dict[str, Metadata]) -> int:
    """Take a file out of the store: its chunks go unless another file holds them too.
    Returns how many chunks were deleted."""
    return len(_write_detached(index, path, stored, {}))


def _write_detached(index: Index, path: str, chunks: dict[str, Metadata],
                    updates: dict[str, Metadata]) -> list[str]:
    """Detach `path` from `chunks`, then write `updates` plus the chunks other files still
    hold, and delete the rest; returns the deleted ids."""
    gone = []
    for cid, meta in chunks.items():
        left = detach(meta, path)
        if left is None:
            gone.append(cid)
        else:
            updates[cid] = left
    index.store.update_metadata(list(updates), list(updates.values()))
    index.store.delete(gone)
    return gone


def ingest_file(index: Index, path: Path, source: str, report: IngestReport) -> None:
    document = load_document(path, source)
    path = path_text(document.path)
    stored = index.store.metadata_where(holding(path))
    if is_current(stored, path, fingerprint(document, index.embedder_name)):
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
    held: dict[str, dict[str, Metadata]] = {}  # path -> its chunks
    for cid, meta in index.store.metadata_where().items():
        for path, _ in holders(meta):
            if path.startswith(tuple(folders)) and path not in seen:
                held.setdefault(path, {})[cid] = meta
    for path, stored in held.items():
        # a chunk two vanished files shared must be detached from both, one after the other
        fresh = index.store.metadata_of(list(stored))
        report.removed += release(index, path, fresh)


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
    """Index the bundled corpus when the store is empty, so grading has passages to cite;
    a store made by an older version gains the tags search and the plan read."""
    if index.store.count():
        with contextlib.suppress(StoreError):  # untagged passages are still searchable
            retag(index)
        return None
    return ingest_paths(index, [DEFAULT_CORPUS], on_file=on_file)


KINDS = ("note", "document")


def _tagged(meta: Metadata) -> bool:
    """The passage has a kind and a skill of today's vocabulary ("" for none)."""
    return meta.get("kind") in KINDS and (meta.get("skill") == "" or meta.get("skill") in skills())


def retag(index: Index) -> int:
    """Give every stored passage without one its kind (note or document) and skill, from its
    stored text and holders, without embedding anything again: a store from before those
    tags would otherwise answer `--skill` with nothing until each file is ingested again.
    Returns how many passages were tagged. Texts are read only when a passage lacks a tag
    or names a skill no longer in the vocabulary (a word moved from one skill to another
    shows only when the file is ingested again)."""
    tagged = {"$and": [{"kind": {"$in": list(KINDS)}},  # ($ne would match a missing key)
                       {"skill": {"$in": ["", *skills()]}}]}
    if index.store.count_where(tagged) == index.store.count():
        return 0
    rows = index.store.chunks_where()
    stale = [(cid, text, meta) for cid, text, meta in rows if not _tagged(meta)]
    if not stale:
        return 0
    kinds = {cid: passage_kind(holders(meta)) for cid, _, meta in stale}
    notes: dict[str, list[str]] = {}
    for cid, text, meta in rows:
        if meta.get("kind", kinds.get(cid)) == "note":
            notes.setdefault(str(meta.get("source", "")), []).append(text)
    subject = {source: passage_skill("", "\n".join(texts)) for source, texts in notes.items()}
    updates = []
    for cid, text, meta in stale:
        section, note = str(meta.get("section", "")), subject.get(str(meta.get("source", "")))
        skill = note_skill(section, text, note) if kinds[cid] == "note" and note else \
            passage_skill(section, text)
        updates.append({**meta, "kind": kinds[cid], "skill": skill})
    index.store.update_metadata([cid for cid, _, _ in stale], updates)
    return len(stale)
