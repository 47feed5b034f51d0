"""Retrieval benchmark on MLQuestions (../shared/eval/mlquestions/SOURCE.md has the protocol).

The 11,000 passages go through the product's own path (`ingest.index.add_chunks`: embed,
topic-tag, write to a Chroma store under a temporary PREP_HOME); the 1,500 dev questions are
answered one at a time as `prep search` ranks them (`ingest.search.hybrid`: dense and BM25
fused), and also by the dense ranking alone (`ingest.search.retrieve`, which grading uses). A
hit is a retrieved passage whose text equals the gold passage's text (the corpus repeats
passages).
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.documents import Chunk
from ingest.index import Index, add_chunks, chunk_ids
from ingest.search import hybrid, retrieve, search
from ingest.settings import PROJECT_ROOT, Settings
from ingest.store import VectorStore

EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval" / "mlquestions"
KS = (1, 5, 20, 100)


class RetrievalBenchError(RuntimeError):
    """The benchmark data cannot be read; the message says where it should be."""


@dataclass
class RetrievalBenchResult:
    n: int
    passages: int
    recall: dict[str, float]  # as `prep search` ranks: dense + BM25 fused, duplicates folded
    recall_unfolded: dict[str, float]  # the store's raw dense ranking
    ingest_passages_per_s: float
    encode_passages_per_s: float
    query_p50_ms: float
    query_p95_ms: float
    seconds: float
    backend: str = ""
    search_p50_ms: float = 0.0  # k=5, as `prep search` asks
    search_p95_ms: float = 0.0
    plain_search_p50_ms: float = 0.0  # the same encode + a bare Chroma query, no product code
    plain_search_p95_ms: float = 0.0
    recall_dense: dict[str, float] = field(default_factory=dict)  # dense only, folded (grading)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(self.recall)  # the contract's flat keys: recall@1 ... recall@100
        return data

    def summary(self) -> str:
        raw = " ".join(f"{k}={v:.1f}" for k, v in self.recall_unfolded.items())
        return "\n".join([
            f"passages={self.passages} questions={self.n} ({self.seconds:.0f} s)",
            f"without duplicate folding: {raw}",
            "dense only (as grading retrieves): "
            + " ".join(f"{k}={v:.1f}" for k, v in self.recall_dense.items()),
            f"ingest {self.ingest_passages_per_s:.1f} passages/s vs plain encode "
            f"{self.encode_passages_per_s:.1f}/s "
            f"({self.ingest_passages_per_s / self.encode_passages_per_s:.1%})",
            f"backend={self.backend} search k=5: p50 {self.search_p50_ms:.1f} ms, "
            f"p95 {self.search_p95_ms:.1f} ms; plain encode + Chroma query: "
            f"p50 {self.plain_search_p50_ms:.1f} ms, p95 {self.plain_search_p95_ms:.1f} ms",
            " ".join(f"{k}={v:.1f}" for k, v in self.recall.items())
            + f" n={self.n} query_p50_ms={self.query_p50_ms:.1f} "
              f"query_p95_ms={self.query_p95_ms:.1f}",
        ])


def _read_tsv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise RetrievalBenchError(f"cannot read {path}: {exc.strerror}; pass --passages and "
                                  "--questions, or put the data in ../shared/eval/") from exc
    missing = [c for c in columns if rows and c not in rows[0]]
    if not rows or missing:
        raise RetrievalBenchError(f"{path} needs tab-separated columns {', '.join(columns)}")
    return rows


def recall_at(ranked: list[list[str]], gold: list[str]) -> dict[str, float]:
    return {f"recall@{k}": 100.0 * sum(g in row[:k] for row, g in zip(ranked, gold)) / len(gold)
            for k in KS}


def _normal(text: str) -> str:
    return " ".join(text.split())


def run_retrieval_bench(passages_tsv: Path | None = None, questions_tsv: Path | None = None,
                        limit: int | None = None,
                        log: Callable[[str], None] = lambda _: None) -> RetrievalBenchResult:
    started = time.perf_counter()
    passages = [r["input_text"] for r in _read_tsv(
        passages_tsv or EVAL_DIR / "test_passages.tsv", ("input_text",))]
    questions = _read_tsv(questions_tsv or EVAL_DIR / "dev.tsv", ("input_text", "target_text"))
    questions = questions[:limit] if limit else questions
    with tempfile.TemporaryDirectory(prefix="prep-bench-") as home:
        index = Index(VectorStore.open(Settings(Path(home), None, None), "bench_mlquestions"))
        index.embedder(["warm up"])  # model load is not part of throughput
        log(f"plain encode of {len(passages)} passages ({index.embed_backend}) ...")
        t0 = time.perf_counter()
        index.embedder(passages)
        encode_rate = len(passages) / (time.perf_counter() - t0)
        log("ingest through the product's store path ...")
        chunks = [Chunk(text=p, source="mlquestions", section="", start=0, end=len(p))
                  for p in passages]
        t0 = time.perf_counter()
        add_chunks(index, chunk_ids("mlquestions", chunks), chunks)
        ingest_rate = len(passages) / (time.perf_counter() - t0)
        log(f"  ingest {ingest_rate:.1f} passages/s, plain encode {encode_rate:.1f}/s")
        log(f"answering {len(questions)} questions one at a time ...")
        folded: list[list[str]] = []
        fused: list[list[str]] = []
        latencies: list[float] = []
        for row in questions:
            t0 = time.perf_counter()
            vector = index.embedder([row["target_text"]])
            hits = retrieve(index, vector, max(KS))[0]
            latencies.append(1000 * (time.perf_counter() - t0))
            folded.append([_normal(h.text) for h in hits])
            fused.append([_normal(h.text)
                          for h in hybrid(index, row["target_text"], vector[0], max(KS))])
        search, plain = _search_latencies(index, [row["target_text"] for row in questions])
        vectors = index.embedder([row["target_text"] for row in questions])
        unfolded = [[_normal(h.text) for h in row]
                    for row in retrieve(index, vectors, max(KS), fold=False)]
    gold = [_normal(row["input_text"]) for row in questions]
    cuts = statistics.quantiles(latencies, n=20)
    return RetrievalBenchResult(
        n=len(questions), passages=len(passages), recall=recall_at(fused, gold),
        recall_dense=recall_at(folded, gold),
        recall_unfolded=recall_at(unfolded, gold), ingest_passages_per_s=ingest_rate,
        encode_passages_per_s=encode_rate, query_p50_ms=statistics.median(latencies),
        query_p95_ms=cuts[18], seconds=time.perf_counter() - started,
        backend=index.embed_backend, search_p50_ms=search[0], search_p95_ms=search[1],
        plain_search_p50_ms=plain[0], plain_search_p95_ms=plain[1])


def _p50_p95(latencies: list[float]) -> tuple[float, float]:
    return statistics.median(latencies), statistics.quantiles(latencies, n=20)[18]


def _search_latencies(index: Index, queries: list[str]) -> tuple[tuple[float, float],
                                                                   tuple[float, float]]:
    """p50/p95 ms of the product's k=5 search and of a bare encode + Chroma query, taken in
    turns so that both see the same machine load."""
    collection = index.store.collection
    product: list[float] = []
    plain: list[float] = []
    for query in queries:
        t0 = time.perf_counter()
        search(index, query, k=5)
        product.append(1000 * (time.perf_counter() - t0))
        t0 = time.perf_counter()
        collection.query(query_embeddings=index.embedder([query]), n_results=5)
        plain.append(1000 * (time.perf_counter() - t0))
    return _p50_p95(product), _p50_p95(plain)
