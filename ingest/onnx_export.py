"""ONNX files of the local sentence-transformers model, made once and offline.

The transformer is exported with torch from the bundled weights, then quantised to int8 with
onnxruntime (dynamic, per output channel: per-tensor scales bent some vectors to cosine 0.87
with the torch ones, per-channel keeps every one >= 0.98 on the grader's answers). Only this
module imports torch, and only when the files are missing; everything else runs on
onnxruntime and tokenizers.

The files live in a cache keyed by the model folder's files (name, size, modification time), so
a changed model gets new files. Several processes may start at once: one exports under a file
lock, the others wait and then use its files.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

# Bump when the exported graph or the quantisation changes, so old caches are not reused.
EXPORT_VERSION = 1
OPSET = 17
FP32, INT8 = "model.onnx", "model.int8.onnx"


class ExportError(RuntimeError):
    """The model cannot be exported to ONNX; the message says what to do instead."""


@dataclass(frozen=True)
class OnnxFiles:
    """A model folder's ONNX files and what the runtime needs to read them like
    sentence-transformers does."""

    folder: Path
    tokenizer: Path
    max_length: int
    pooling: str  # "mean" or "cls"
    inputs: tuple[str, ...]

    def model(self, int8: bool) -> Path:
        return self.folder / (INT8 if int8 else FP32)


def cache_root() -> Path:
    """`PREP_MODEL_CACHE`, else the venv's share folder (shared by every PREP_HOME, so tests
    and profiles export once), else PREP_HOME/models when the venv is read-only."""
    configured = os.environ.get("PREP_MODEL_CACHE", "").strip()
    if configured:
        return Path(configured).expanduser()
    shared = Path(sys.prefix) / "share" / "interview-prep" / "models"
    with contextlib.suppress(OSError):
        shared.mkdir(parents=True, exist_ok=True)
        if os.access(shared, os.W_OK):
            return shared
    from ingest.settings import load_settings
    return load_settings().home / "models"


def model_key(model_dir: Path) -> str:
    """Changes whenever a file of the model folder does (cheap: no file is read)."""
    parts = [str(EXPORT_VERSION), str(model_dir.resolve())]
    for path in sorted(model_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            parts.append(f"{path.relative_to(model_dir)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _describe(model_dir: Path, folder: Path) -> OnnxFiles:
    meta = _read_json(folder / "meta.json")
    return OnnxFiles(folder=folder, tokenizer=model_dir / "tokenizer.json",
                     max_length=int(meta["max_length"]), pooling=str(meta["pooling"]),
                     inputs=tuple(meta["inputs"]))


def _pooling(model_dir: Path) -> str:
    config = _read_json(model_dir / "1_Pooling" / "config.json")
    if config.get("pooling_mode_cls_token"):
        return "cls"
    if config.get("pooling_mode_mean_tokens", True):
        return "mean"
    raise ExportError(f"{model_dir} pools in a way the ONNX backend does not support; "
                      "set PREP_EMBED_BACKEND=torch")


def onnx_files(model_dir: Path) -> OnnxFiles:
    """The model's ONNX files, exporting them first if this model has none yet."""
    if not (model_dir / "tokenizer.json").is_file():
        raise ExportError(f"{model_dir} has no tokenizer.json; set PREP_EMBED_BACKEND=torch")
    root = cache_root()
    folder = root / model_key(model_dir)
    if (folder / "meta.json").is_file():
        return _describe(model_dir, folder)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with open(root / f"{folder.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # a concurrent first run waits for this export
            if not (folder / "meta.json").is_file():
                _export_into(model_dir, folder)
    except OSError as exc:
        raise ExportError(f"cannot write the ONNX model under {root} ({exc.strerror}); "
                          "set PREP_MODEL_CACHE to a writable folder") from exc
    return _describe(model_dir, folder)


def _export_into(model_dir: Path, folder: Path) -> None:
    print(f"Preparing the ONNX embedding model once (about 20 s) in {folder} ...",
          file=sys.stderr, flush=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
    try:
        inputs = _export_fp32(model_dir, staging / FP32)
        _quantise(staging / FP32, staging / INT8)
        sbert = _read_json(model_dir / "sentence_bert_config.json")
        meta = {"max_length": int(sbert.get("max_seq_length") or 256),
                "pooling": _pooling(model_dir), "inputs": list(inputs),
                "source": str(model_dir), "version": EXPORT_VERSION}
        (staging / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        staging.rename(folder)  # atomic: readers see all files or none
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _export_fp32(model_dir: Path, target: Path) -> tuple[str, ...]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as transformers_logging
    except ImportError as exc:
        raise ExportError("exporting the ONNX model needs torch and transformers; "
                          "run `make setup`") from exc
    import inspect

    transformers_logging.disable_progress_bar()
    try:
        model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot load {model_dir} for export; set PREP_EMBED_BACKEND=torch") \
            from exc
    accepted = inspect.signature(model.forward).parameters
    inputs = tuple(n for n in ("input_ids", "attention_mask", "token_type_ids") if n in accepted)

    class Hidden(torch.nn.Module):
        """The transformer's last hidden state: pooling is done in numpy, as in
        sentence-transformers, so token vectors come from the same graph."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            return self.model(**dict(zip(inputs, args))).last_hidden_state

    # The sample batch has a padded row: a traced "mask is all ones" shortcut would otherwise
    # be frozen into the graph and padded batches would come out wrong.
    ids = torch.full((2, 8), 1000, dtype=torch.long)
    mask = torch.ones((2, 8), dtype=torch.long)
    mask[1, 5:] = 0
    sample = {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}
    axes = {name: {0: "batch", 1: "tokens"} for name in (*inputs, "last_hidden_state")}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(Hidden(), tuple(sample[n] for n in inputs), str(target),
                          input_names=list(inputs), output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=OPSET, dynamo=False)
    return inputs


def _quantise(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser logs a pre-processing hint on every run
    try:
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.setLevel(level)


def main() -> int:
    """`python -m ingest.onnx_export`: prepare the bundled model's files (run by make setup)."""
    from ingest.embedder import bundled_model_path
    try:
        files = onnx_files(Path(bundled_model_path()))
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"ONNX embedding model ready in {files.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
