"""Results computed from files (the parsed question bank, the notes' glossary), kept on disk
as JSON and rebuilt whenever one of those files changes.

A cold `prep grade` spent most of its second re-reading the same YAML and notes; this keeps
that work to the first run after a change. The cache only ever saves time: if it cannot be
read or written, the result is built as if it were not there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _key(kind: str, version: int, sources: Sequence[Path]) -> str:
    parts = [kind, str(version)]
    for path in sources:
        stat = path.stat()
        parts.append(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _write(target: Path, value: Any) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(value, out)
        os.replace(temporary, target)  # readers see the old file or the whole new one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def derived(kind: str, sources: Sequence[Path], build: Callable[[], Any],
            version: int = 1) -> Any:
    """`build()`, or its stored result if none of `sources` changed since it was stored.
    `build` must return JSON data; bump `version` when what it returns changes shape."""
    from ingest.onnx_export import cache_root

    try:
        target: Path | None = cache_root() / "derived" / \
            f"{kind}-{_key(kind, version, sources)}.json"
    except OSError:
        target = None  # a source cannot be read: build() will say why
    if target is not None:
        try:
            return json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    value = build()
    if target is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):
            _write(target, value)
    return value
