"""Search over the indexed chunks: dense and word-match (BM25) rankings fused, the user's own
documents preferred where they answer, duplicate results folded together.

Ingest stores a passage once, but texts that differ only in case or spacing, or chunks added
outside ingest (a benchmark's corpus with repeated passages), can still repeat. Showing one
twice wastes a result slot, so the store is asked for twice the candidates and repeats of a
better result's text are dropped. On MLQuestions
this lifts recall@5 from 68.7 to 73.6 and recall@20 from 88.9 to 90.9 (bench/RESULTS.md).
Folding near-identical texts too (cosine above 0.98 or 0.99) measured worse, so it is not done.

`prep search` fuses the dense ranking with BM25 (ingest/lexical.py) by reciprocal rank, and
ranks the candidate's documents (the ad, the guide, uploads) a little above the coach's notes
when both match: the weights were chosen on the fit half of bench/data/doc_queries.jsonl
(bench/RESULTS.md, "Questions about your own documents"). The score shown stays the dense
cosine similarity. Grading keeps the dense ranking, whose scores its thresholds were set on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ingest.index import Index
from ingest.skills import checked_skill
from ingest.store import Hit
from ingest.terms import defined_terms, in_document_terms
from ingest.topics import TOPICS

if TYPE_CHECKING:
    from ingest.lexical import LexicalIndex

MIN_EXTRA_CANDIDATES = 10
POOL = 50  # candidates taken from each ranking before fusing
RRF_K = 60  # reciprocal-rank fusion constant (Cormack et al., 2009)
LEXICAL_WEIGHT = 0.25
DOCUMENT_BONUS = 0.5  # added weight for the user's own documents over the coach's notes
DOCUMENT_RELEVANT = 0.2  # a document is preferred only where it answers: shares a word
# stem with the query or is this close in meaning (cosine)
LINE_WEIGHT = 0.5  # weight of the ranking of document chunks by their best line
LINE_POOL = 10  # how many of the best document chunks are re-read line by line
LINE_CLOSENESS = True  # a re-read chunk is as close in meaning as its closest line


class SearchError(ValueError):
    """A search request cannot be served; the message says how to fix it."""


@dataclass(frozen=True)
class SearchResult:
    text: str
    source: str
    section: str
    topic: str
    score: float

    @classmethod
    def from_hit(cls, hit: Hit) -> SearchResult:
        meta = hit.metadata
        return cls(text=hit.text, source=str(meta.get("source", "")),
                   section=str(meta.get("section", "")), topic=str(meta.get("topic", "")),
                   score=round(hit.score, 4))

    def to_dict(self) -> dict[str, str | float]:
        return {"text": self.text, "source": self.source, "section": self.section,
                "topic": self.topic, "score": self.score}


def fold_duplicates(hits: list[Hit], k: int) -> list[Hit]:
    """Keep the best-ranked hit of each text (ignoring case and spacing), up to k."""
    kept: list[Hit] = []
    texts: set[str] = set()
    for hit in hits:
        key = " ".join(hit.text.split()).lower()
        if key not in texts:
            texts.add(key)
            kept.append(hit)
        if len(kept) == k:
            break
    return kept


def _where(topic: str | None, sources: list[str] | None,
           skill: str | None = None) -> dict | None:
    clauses: list[dict] = []
    if topic:
        clauses.append({"topic": topic})
    if skill:
        clauses.append({"skill": skill})
    if sources:  # the citing file, or any other file holding the same passage
        clauses.append({"$or": [{"source": {"$in": sources}},
                                *({"sources": {"$contains": s}} for s in sources)]})
    return clauses[0] if len(clauses) == 1 else ({"$and": clauses} if clauses else None)


def retrieve(index: Index, vectors: np.ndarray, k: int, topic: str | None = None,
             fold: bool = True, sources: list[str] | None = None) -> list[list[Hit]]:
    """The k best hits for each query vector, optionally only from some topic or sources;
    `fold=False` keeps duplicates (for benchmarks)."""
    where = _where(topic, sources)
    if not fold:
        return index.store.query(vectors, k, where=where)
    hits = index.store.query(vectors, k + max(k, MIN_EXTRA_CANDIDATES), where=where)
    return [fold_duplicates(row, k) for row in hits]


def hybrid(index: Index, query: str, vector: np.ndarray, k: int,
           topic: str | None = None, skill: str | None = None) -> list[Hit]:
    """The k best chunks for one query by fused dense and BM25 ranks, optionally only of one
    topic or skill."""
    from ingest.lexical import lexical_index

    dense = _dense(index, vector, max(POOL, 2 * k), _where(topic, None, skill))
    lexical = lexical_index(index.store)
    in_their_words = in_document_terms(query, _document_terms(lexical))
    wanted = {key: value for key, value in (("topic", topic), ("skill", skill)) if value}
    words = [(lexical.ids[row], row) for row, _ in lexical.search(
                 query if in_their_words is None else f"{query} {in_their_words}", 4 * POOL)
             if all(lexical.metadatas[row].get(key) == value
                    for key, value in wanted.items())][:POOL]
    hits = {hit.id: hit for hit in dense}
    hits.update(_scored(index, vector, [(cid, row) for cid, row in words if cid not in hits],
                        lexical))
    matched = {cid for cid, _ in words}
    owned = {h.id for h in hits.values() if h.metadata.get("kind", "document") != "note"
             and (h.id in matched or h.score >= DOCUMENT_RELEVANT)}
    closeness = {h.id: h.score for h in dense}
    fused = _fused(closeness, words, owned)
    if not LINE_WEIGHT:
        return fold_duplicates(sorted(hits.values(), key=lambda h: -fused[h.id]), k)
    asked = vector[None, :] if in_their_words is None else np.stack(
        [vector, index.embedder([in_their_words])[0]])
    ranked = sorted(hits.values(), key=lambda h: -fused[h.id])
    lines = _best_lines(index, asked, [h for h in ranked if h.id in owned])
    if LINE_CLOSENESS:
        # a passage is as close in meaning as its closest line: an FAQ chunk answers one
        # question in one line, and its other questions pull the chunk's vector away
        closeness.update({cid: max(closeness.get(cid, -1.0), line)
                          for cid, line in lines.items()})
        fused = _fused(closeness, words, owned)
    for rank, cid in enumerate(sorted(lines, key=lambda cid: -lines[cid])):
        fused[cid] += LINE_WEIGHT / (RRF_K + rank + 1)
    return fold_duplicates(sorted(hits.values(), key=lambda h: -fused[h.id]), k)


def _fused(closeness: dict[str, float], words: list[tuple[str, int]],
           owned: set[str]) -> dict[str, float]:
    """Reciprocal-rank fusion of the dense ranking (by `closeness`) and the BM25 ranking, the
    user's own documents that answer raised by DOCUMENT_BONUS."""
    fused: dict[str, float] = {}
    for rank, cid in enumerate(sorted(closeness, key=lambda cid: -closeness[cid])):
        fused[cid] = fused.get(cid, 0.0) + 1 / (RRF_K + rank + 1)
    for rank, (cid, _) in enumerate(words):
        fused[cid] = fused.get(cid, 0.0) + LEXICAL_WEIGHT / (RRF_K + rank + 1)
    for cid in owned:
        fused[cid] = fused.get(cid, 0.0) * (1 + DOCUMENT_BONUS)
    return fused


def _dense(index: Index, vector: np.ndarray, n: int, where: dict | None) -> list[Hit]:
    """The n chunks closest in meaning, and the n closest of the user's own documents among
    them, by cosine: with a hundred notes and more, the notes alone would fill the pool and
    crowd out the passage of the ad that answers ("Will I help improve the datasets used for
    training models?" for "Support data curation initiatives", at cosine 0.32)."""
    own = {"kind": "document"}
    found = index.store.query(vector[None, :], n, where=where)[0]
    documents = index.store.query(vector[None, :], n,
                                  where=own if where is None else {"$and": [where, own]})[0]
    seen = {h.id for h in found}
    return sorted(found + [h for h in documents if h.id not in seen], key=lambda h: -h.score)


def _best_lines(index: Index, asked: np.ndarray, ranked: list[Hit]) -> dict[str, float]:
    """The cosine of the single closest line to any of the asked vectors (the query, and the
    query in the documents' own terms) of each of the best LINE_POOL document chunks: an ad
    or a guide answers in one bullet, which the vector of a whole section blurs. Line vectors
    are cached on disk, so a document's lines are encoded once."""
    chunks = ranked[:LINE_POOL]
    lines = [(h.id, line) for h in chunks for line in h.text.splitlines()
             if len(line.split()) >= 3]
    if not lines:
        return {}
    closeness = (index.embedder.cached([line for _, line in lines]) @ asked.T).max(axis=1)
    best: dict[str, float] = {}
    for (cid, _), cosine in zip(lines, closeness):
        best[cid] = max(best.get(cid, -1.0), float(cosine))
    return best


_TERMS: list[tuple[LexicalIndex, dict[str, str]]] = []  # the last index read, and its terms


def _document_terms(lexical: LexicalIndex) -> dict[str, str]:
    """The terms the user's documents (not the coach's notes) define, read once per index."""
    if not _TERMS or _TERMS[0][0] is not lexical:
        _TERMS[:] = [(lexical, defined_terms(
            text for text, meta in zip(lexical.texts, lexical.metadatas)
            if meta.get("kind", "document") != "note"))]
    return _TERMS[0][1]


def _scored(index: Index, vector: np.ndarray, found: list[tuple[str, int]],
            lexical: LexicalIndex) -> dict[str, Hit]:
    """Hits for chunks only BM25 found, with their dense cosine as the score."""
    if not found:
        return {}
    rows = dict(found)
    out = {}
    for cid, v in index.store.vectors_of([cid for cid, _ in found]).items():
        cosine = float(v @ vector / (np.linalg.norm(v) * np.linalg.norm(vector) or 1.0))
        row = rows[cid]
        out[cid] = Hit(cid, lexical.texts[row], dict(lexical.metadatas[row]), cosine)
    return out


def search_many(index: Index, queries: list[str], k: int = 5, topic: str | None = None,
                skill: str | None = None) -> list[list[SearchResult]]:
    """Best k results for each query, optionally only from one topic or skill."""
    if k < 1:
        raise SearchError("-k must be at least 1")
    if topic is not None and topic not in TOPICS:
        raise SearchError(f"unknown topic {topic!r}; choose one of {', '.join(TOPICS)}")
    try:
        skill = checked_skill(skill)
    except ValueError as exc:
        raise SearchError(str(exc)) from exc
    if any(not q.strip() for q in queries):
        raise SearchError("empty query; type some words to search for")
    vectors = index.embedder(queries)
    return [[SearchResult.from_hit(h) for h in hybrid(index, query, vector, k, topic, skill)]
            for query, vector in zip(queries, vectors)]


def search(index: Index, query: str, k: int = 5, topic: str | None = None,
           skill: str | None = None) -> list[SearchResult]:
    return search_many(index, [query], k, topic, skill)[0]
