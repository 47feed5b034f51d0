"""Which int8 quantisation keeps the vectors: cosine of each variant's vectors to the fp32
ONNX vectors (which equal sentence-transformers') over the grader's fit answers, and speed.

    python -m bench.quantisation [--json]

Variants: per-tensor or per-channel weight scales, all supported ops or MatMul only, and
7-bit or unsigned weights. The product uses per-channel int8 over all ops
(ingest/onnx_export.py).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from ingest.embedder import OnnxEmbedder, bundled_model_path, load_embedder
from ingest.onnx_export import onnx_files

DATA = Path(__file__).parent / "data" / "points_fit.jsonl"
VARIANTS = {"per-tensor": {}, "per-channel": {"per_channel": True},
            "matmul per-tensor": {"op_types_to_quantize": ["MatMul"]},
            "matmul per-channel": {"op_types_to_quantize": ["MatMul"], "per_channel": True},
            # CPUs without int8 dot-product instructions (AVX2 only) sum pairs of uint8 x int8
            # products in 16 bits, which can saturate; 7-bit or unsigned weights cannot, so
            # these two give the same vectors on every x86 CPU
            "per-channel 7-bit weights": {"per_channel": True, "reduce_range": True},
            "per-channel uint8 weights": {"per_channel": True, "weight_type": "QUInt8"}}


def run() -> dict[str, dict[str, float]]:
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # the quantiser's pre-processing hint
    texts = [json.loads(line)["answer"] for line in DATA.read_text().splitlines() if line]
    reference = load_embedder(backend="onnx")
    base = reference(texts)
    files = onnx_files(Path(bundled_model_path()))
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, options in VARIANTS.items():
            target = Path(folder) / "model.int8.onnx"
            chosen = {**options, "weight_type": QuantType[options.get("weight_type", "QInt8")]}
            quantize_dynamic(str(files.model(False)), str(target), **chosen)
            variant = OnnxEmbedder(files.__class__(Path(folder), files.tokenizer,
                                                   files.max_length, files.pooling,
                                                   files.inputs), "variant", int8=True)
            started = time.perf_counter()
            vectors = variant(texts)
            seconds = time.perf_counter() - started
            cosines = (vectors * base).sum(axis=1)
            out[name] = {"min_cosine": round(float(cosines.min()), 3),
                         "p5_cosine": round(float(np.percentile(cosines, 5)), 3),
                         "mean_cosine": round(float(cosines.mean()), 4),
                         "texts_per_s": round(len(texts) / seconds, 1)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    results = run()
    if parser.parse_args().json:
        print(json.dumps(results))
    else:
        for name, row in results.items():
            print(f"{name}: " + " ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
