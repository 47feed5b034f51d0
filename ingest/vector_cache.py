"""Vectors of texts every process needs again (bank questions, key points, misconceptions),
kept on disk so a cold `prep grade` does not re-embed the whole question bank.

One SQLite file beside the model's ONNX files, rows keyed by the embedder's key (model and
backend) and the text's hash. The cache is an optimisation only: if it cannot be read or
written (read-only disk, corrupt file, locked), vectors are computed as if it were not there.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ingest.embedder import Embedder

_SCHEMA = ("CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, digest TEXT NOT NULL, "
           "vector BLOB NOT NULL, PRIMARY KEY (model, digest))")
_LOOKUP_CHUNK = 500  # SQLite's default limit on bound parameters is 999


def cache_file() -> Path:
    from ingest.onnx_export import cache_root
    return cache_root() / "vectors.sqlite3"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=5)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(_SCHEMA)
    return connection


def _lookup(connection: sqlite3.Connection, model: str, digests: list[str],
            dimension: int) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    for start in range(0, len(digests), _LOOKUP_CHUNK):
        part = digests[start:start + _LOOKUP_CHUNK]
        marks = ",".join("?" * len(part))
        rows = connection.execute(
            f"SELECT digest, vector FROM vectors WHERE model = ? AND digest IN ({marks})",
            [model, *part])
        for digest, blob in rows:
            vector = np.frombuffer(blob, dtype=np.float32)
            if vector.shape == (dimension,):
                found[digest] = vector
    return found


def cached_vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """`embedder(texts)`, reading what is on disk and embedding (then storing) the rest."""
    if not texts:
        return embedder(texts)
    digests = [_digest(t) for t in texts]
    try:
        with closing(_connect(cache_file())) as connection:
            found = _lookup(connection, embedder.key, list(dict.fromkeys(digests)),
                            embedder.dimension)
            missing = list(dict.fromkeys(t for t, d in zip(texts, digests) if d not in found))
            if missing:
                fresh = embedder(missing)
                rows = [(embedder.key, _digest(t), v.astype(np.float32).tobytes())
                        for t, v in zip(missing, fresh)]
                with connection:
                    connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                                           rows)
                found.update((_digest(t), v) for t, v in zip(missing, fresh))
    except (sqlite3.Error, OSError):
        return embedder(texts)
    return np.stack([found[d] for d in digests]).astype(np.float32)
