"""The vector store: one Chroma collection of chunks, embedded or behind a `chroma run` server.

We always hand Chroma our own vectors: its default embedding function downloads a model,
which cannot work offline.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ingest.settings import COLLECTION, Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

Metadata = dict[str, str | int | float | bool | list[str]]

# Cosine space; a wide search beam keeps approximate search close to exact at 10k+ chunks.
HNSW_CONFIG = {"hnsw": {"space": "cosine", "ef_construction": 200, "ef_search": 200}}
QUERY_RESULTS_PER_CALL = 10_000


class StoreError(RuntimeError):
    """The store cannot be opened or reached; the message says how to fix it."""


@dataclass(frozen=True)
class Hit:
    id: str
    text: str
    metadata: Metadata
    score: float  # cosine similarity, 1.0 = same direction


def _client(settings: Settings) -> ClientAPI:
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    server = settings.chroma_server
    if server is None:
        return _local_client(settings, chroma_settings)
    try:
        client = chromadb.HttpClient(host=server.host, port=server.port, ssl=server.ssl,
                                     settings=chroma_settings)
        client.heartbeat()
    except Exception as exc:  # chromadb raises several unrelated types for "not there"
        raise StoreError(
            f"cannot reach the Chroma server at {server.host}:{server.port}; start it with "
            "`chroma run --path DIR --port N` or unset PREP_CHROMA_URL") from exc
    return client


def _local_client(settings: Settings, chroma_settings: Any) -> ClientAPI:
    """The embedded store under PREP_HOME."""
    import chromadb

    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def local_store_error(path: Path, exc: BaseException) -> StoreError:
    """A damaged, full or unwritable embedded store, as one line naming the fix."""
    text = str(exc).lower()
    if "full" in text or "no space" in text:
        why = "the disk is full; free some space and retry"
    elif isinstance(exc, PermissionError) or "readonly" in text or "permission" in text:
        why = "it cannot be written; check the permissions of PREP_HOME"
    else:
        why = (f"it cannot be opened ({exc.__class__.__name__}); it holds only the index: "
               f"move {path} aside and run `prep ingest` to rebuild it (your history and "
               "cards are elsewhere and untouched)")
    return StoreError(f"vector store {path}: {why}")


def _batches(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


class VectorStore:
    """Chunks with their vectors and metadata, keyed by content-hash ids."""

    def __init__(self, client: ClientAPI, name: str = COLLECTION,
                 location: Path | None = None) -> None:
        self.client = client
        self.name = name
        self.location = location  # the embedded store's folder; None behind a server
        self.lexical: tuple[int, Any] | None = None  # (chunk count, BM25 index), see lexical.py
        self.collection: Collection = self._open()
        self.batch_size = min(client.get_max_batch_size(), 2048)

    @classmethod
    def open(cls, settings: Settings, name: str = COLLECTION) -> VectorStore:
        if settings.chroma_server is not None:
            return cls(_client(settings), name)
        try:
            return cls(_client(settings), name, settings.chroma_path)
        except Exception as exc:  # chromadb raises several unrelated types for a bad store
            raise local_store_error(settings.chroma_path, exc) from None

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A failed write (disk full, read-only, damaged) is one line for the whole batch,
        not the error of whichever file happened to be written when it struck."""
        self.lexical = None  # the word index no longer matches the store
        try:
            yield
        except (ValueError, TypeError):
            raise  # a request the store refused (bad metadata): a bug, not a damaged store
        except Exception as exc:  # chromadb raises several unrelated types for one cause
            if self.location is not None:
                raise local_store_error(self.location, exc) from None
            raise StoreError(f"the Chroma server refused a write ({exc}); check its disk "
                             "and log, then run `prep ingest` again") from None

    def _open(self) -> Collection:
        return self.client.get_or_create_collection(  # type: ignore[arg-type]
            self.name, embedding_function=None, configuration=HNSW_CONFIG)

    def reset(self) -> None:
        """Drop every chunk (the collection is recreated empty)."""
        self.lexical = None
        if self.name in {c.name for c in self.client.list_collections()}:
            self.client.delete_collection(self.name)
        self.collection = self._open()

    def count(self) -> int:
        return self.collection.count()

    def add(self, ids: Sequence[str], vectors: np.ndarray, texts: Sequence[str],
            metadatas: Sequence[Metadata]) -> None:
        with self._writing():
            for part in _batches(len(ids), self.batch_size):
                self.collection.upsert(ids=list(ids[part]), embeddings=vectors[part],
                                       documents=list(texts[part]),
                                       metadatas=list(metadatas[part]))

    def update_metadata(self, ids: Sequence[str], metadatas: Sequence[Metadata]) -> None:
        with self._writing():
            for part in _batches(len(ids), self.batch_size):
                self.collection.update(ids=list(ids[part]), metadatas=list(metadatas[part]))

    def delete(self, ids: Sequence[str]) -> None:
        with self._writing():
            for part in _batches(len(ids), self.batch_size):
                self.collection.delete(ids=list(ids[part]))

    def metadata_where(self, where: dict[str, Any] | None = None) -> dict[str, Metadata]:
        """id -> metadata of every chunk matching `where` (all chunks when None)."""
        found = self.collection.get(where=where, include=["metadatas"])  # type: ignore[list-item]
        metadatas = found["metadatas"] or []
        return {i: dict(m or {}) for i, m in zip(found["ids"], metadatas)}

    def count_where(self, where: dict[str, Any]) -> int:
        """How many chunks match `where`, reading ids only (a few ms where a full read of
        the metadata takes ~80 ms for the bundled corpus)."""
        return len(self.collection.get(where=where, include=[])["ids"])  # type: ignore[list-item]

    def metadata_of(self, ids: Sequence[str]) -> dict[str, Metadata]:
        """id -> metadata of those of `ids` that are stored."""
        found: dict[str, Metadata] = {}
        for part in _batches(len(ids), self.batch_size):
            got = self.collection.get(ids=list(ids[part]),  # type: ignore[list-item]
                                      include=["metadatas"])
            found.update((i, dict(m or {})) for i, m in zip(got["ids"], got["metadatas"] or []))
        return found

    def vectors_of(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """id -> stored vector of those of `ids` that are stored."""
        found = self.collection.get(ids=list(ids), include=["embeddings"])  # type: ignore[list-item]
        vectors = found["embeddings"] if found["embeddings"] is not None else []
        return {i: np.asarray(v, dtype=np.float32) for i, v in zip(found["ids"], vectors)}

    def chunks_where(self, where: dict[str, Any] | None = None) -> list[tuple[str, str, Metadata]]:
        """(id, text, metadata) of every chunk matching `where`, for browsing."""
        found = self.collection.get(where=where,  # type: ignore[list-item]
                                    include=["documents", "metadatas"])
        texts, metadatas = found["documents"] or [], found["metadatas"] or []
        return [(i, t or "", dict(m or {})) for i, t, m in zip(found["ids"], texts, metadatas)]

    def query(self, vectors: np.ndarray, k: int,
              where: dict[str, Any] | None = None) -> list[list[Hit]]:
        """Nearest chunks for each query vector, best first. Chroma 1.x returns fewer than k
        (none from an empty store) by itself, so no count is asked first: that extra call
        was a third of a search's time."""
        if len(vectors) == 0:
            return []
        results: list[list[Hit]] = []
        # Chroma fetches all queries' results in one SQL statement, which has a variable limit.
        step = max(1, QUERY_RESULTS_PER_CALL // k)
        for part in _batches(len(vectors), step):
            results += self._query(vectors[part], k, where)
        return results

    def _query(self, vectors: np.ndarray, k: int,
               where: dict[str, Any] | None) -> list[list[Hit]]:
        found = self.collection.query(query_embeddings=vectors, n_results=k, where=where,
                                      include=["documents", "metadatas", "distances"])
        documents = found["documents"] or []
        metadatas = found["metadatas"] or []
        distances = found["distances"] or []
        return [[Hit(id=cid, text=documents[row][j], metadata=dict(metadatas[row][j] or {}),
                     score=1.0 - float(distances[row][j]))
                 for j, cid in enumerate(found["ids"][row])]
                for row in range(len(vectors))]
