"""Word-match (BM25) search over the stored chunks, beside the dense search.

Dense vectors blur names and rare terms: asked "how quickly are decisions made after the
final round", MiniLM prefers a note on answer length to the guide's line on decisions after
a Superday. BM25 (bm25s, English stopwords, Snowball stems) finds the words themselves. The
index is built in memory from the store's texts (a few ms per thousand chunks) and rebuilt
when the number of stored chunks changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ingest.store import Metadata, VectorStore


@dataclass(frozen=True)
class LexicalIndex:
    ids: list[str]
    texts: list[str]
    metadatas: list[Metadata]
    tokenizer: Any
    bm25: Any

    @classmethod
    def build(cls, store: VectorStore) -> LexicalIndex:
        rows = store.chunks_where()
        return cls.of_texts([cid for cid, _, _ in rows], [text for _, text, _ in rows],
                            [m for _, _, m in rows])

    @classmethod
    def of_texts(cls, ids: list[str], texts: list[str],
                 metadatas: list[Metadata] | None = None) -> LexicalIndex:
        """A BM25 index of any texts (the stored chunks, the bank's questions)."""
        import bm25s
        import Stemmer

        tokenizer = bm25s.tokenization.Tokenizer(stopwords="en",
                                                 stemmer=Stemmer.Stemmer("english"))
        bm25 = bm25s.BM25()
        if texts:
            bm25.index(tokenizer.tokenize(texts, return_as="ids", show_progress=False),
                       show_progress=False)
        return cls(ids, texts, metadatas or [{} for _ in ids], tokenizer, bm25)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(row, BM25 score) of the best k chunks sharing a word stem with the query."""
        if not self.ids:
            return []
        tokens = self.tokenizer.tokenize([query], update_vocab=False, return_as="ids",
                                         show_progress=False)
        if not tokens or not tokens[0]:
            return []
        rows, scores = self.bm25.retrieve(tokens, k=min(k, len(self.ids)),
                                          show_progress=False, n_threads=1)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if s > 0]


def lexical_index(store: VectorStore) -> LexicalIndex:
    """The BM25 index of this store, kept with it: dropped by every write through this
    store, and rebuilt when the chunk count has changed (an ingest in another process; one
    there that swaps chunks one for one is seen when this process next opens the store)."""
    count = store.count()
    cached = store.lexical
    if cached is None or cached[0] != count:
        store.lexical = (count, LexicalIndex.build(store))
        return store.lexical[1]
    return cached[1]
