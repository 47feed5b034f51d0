"""Answers being written in the browser, kept per session and question as they are typed, so
a reload, a closed tab or a crash loses nothing. One small JSON file per session in the
profile's folder; a draft is removed once its answer is sent."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


class Drafts:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, session_id: str) -> Path:
        return self.folder / f"{_SAFE.sub('_', session_id)}.json"

    def _all(self, session_id: str) -> dict[str, str]:
        try:
            data = json.loads(self._file(session_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, session_id: str, item_id: str) -> str | None:
        return self._all(session_id).get(item_id)

    def put(self, session_id: str, item_id: str, text: str) -> None:
        drafts = {**self._all(session_id), item_id: text}
        self._write(session_id, drafts)

    def clear(self, session_id: str, item_id: str) -> None:
        drafts = self._all(session_id)
        if drafts.pop(item_id, None) is not None:
            self._write(session_id, drafts)

    def _write(self, session_id: str, drafts: dict[str, str]) -> None:
        target = self._file(session_id)
        if not drafts:
            target.unlink(missing_ok=True)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".draft-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(drafts, out)
        os.replace(temporary, target)  # never half a draft on disk
