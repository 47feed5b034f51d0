"""The open index: store, embedder and topic tagger, and the one way chunks get into the store.

`add_chunks` is shared by document ingest and the retrieval benchmark, so the benchmark
measures the product's own path: length-sorted batches are embedded while a writer thread
adds the previous batch to Chroma (torch and onnxruntime release the GIL while they compute).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from ingest.documents import Chunk
from ingest.embedder import Embedder, backend_from_env, load_embedder, vector_label
from ingest.settings import Settings, load_settings
from ingest.store import Metadata, VectorStore
from ingest.topics import TopicTagger

EMBED_BATCH = 256


class Index:
    """The store plus the models that feed it. The embedding model loads on first use, so a
    re-ingest of unchanged files never pays for it."""

    def __init__(self, store: VectorStore, embed_model: str | None = None,
                 embed_backend: str | None = None) -> None:
        self.store = store
        self.embed_model = embed_model
        self.embed_backend = embed_backend or backend_from_env()
        self.tagger = TopicTagger(lambda texts: self.embedder(texts))

    @classmethod
    def open(cls, settings: Settings | None = None) -> Index:
        settings = settings or load_settings()
        return cls(VectorStore.open(settings), settings.embed_model)

    @property
    def embedder_name(self) -> str:
        """Names the model and backend without loading them: a document's fingerprint changes
        when either does, so its stored vectors are remade (torch keeps its old name)."""
        name = self.embed_model or "bundled:all-MiniLM-L6-v2"
        if self.embed_backend == "torch":
            return name
        return f"{name}@{vector_label(self.embed_backend)}"

    @property
    def embedder(self) -> Embedder:
        return load_embedder(self.embed_model, self.embed_backend)


def chunk_id(identity: str, text: str, occurrence: int = 0) -> str:
    """Content-hash id within one named corpus (the retrieval benchmark's; ingest gives each
    wording one id shared across files, ingest/sharing.py)."""
    digest = hashlib.sha256(f"{identity}\0{occurrence}\0{text}".encode()).hexdigest()
    return digest[:32]


def chunk_ids(identity: str, chunks: Sequence[Chunk]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for chunk in chunks:
        occurrence = seen.get(chunk.text, 0)
        seen[chunk.text] = occurrence + 1
        ids.append(chunk_id(identity, chunk.text, occurrence))
    return ids


def chunk_metadata(chunk: Chunk) -> Metadata:
    return {"source": chunk.source, "section": chunk.section, "start": chunk.start,
            "end": chunk.end, **chunk.metadata}


def add_chunks(index: Index, ids: Sequence[str], chunks: Sequence[Chunk]) -> None:
    """Embed, topic-tag and store chunks, overlapping the embedding of one batch with the
    write of the one before."""
    batch = EMBED_BATCH
    order = sorted(range(len(chunks)), key=lambda i: len(chunks[i].text))
    pending: Future[None] | None = None
    with ThreadPoolExecutor(max_workers=1) as writer:
        for start in range(0, len(order), batch):
            part = order[start:start + batch]
            texts = [chunks[i].text for i in part]
            vectors = index.embedder(texts)
            topics = index.tagger.tag(vectors, [chunks[i].section for i in part])
            for i, topic in zip(part, topics):
                chunks[i].topic = topic
            metadatas = [{**chunk_metadata(chunks[i]), "topic": chunks[i].topic} for i in part]
            if pending is not None:
                pending.result()  # surfaces a failed write before starting the next
            pending = writer.submit(index.store.add, [ids[i] for i in part], vectors, texts,
                                    metadatas)
        if pending is not None:
            pending.result()
