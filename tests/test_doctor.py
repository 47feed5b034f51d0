"""`prep doctor` finds what is wrong with an install and says how to fix it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from ui.cli import main


def test_doctor_reports_every_check_and_a_damaged_records_file(embedder,
                                                               prep_home: Path) -> None:
    prep_home.mkdir(parents=True, exist_ok=True)
    (prep_home / "history.sqlite3").write_bytes(b"SQLite format 3\x00" + os.urandom(2048))
    result = CliRunner().invoke(main, ["doctor", "--json"])
    report = json.loads(result.stdout)
    names = {c["name"]: c for c in report["checks"]}
    assert {"python", "embedding model", "vector store", "free disk", "code sandbox"} <= set(
        names)
    assert names["embedding model"]["status"] == "ok"
    assert names["vector store"]["status"] == "warn"  # a new home: nothing indexed yet
    damaged = names["records history.sqlite3"]
    assert damaged["status"] == "fail" and "move the file aside" in damaged["detail"]
    assert result.exit_code == 1 and report["ok"] is False
    (prep_home / "history.sqlite3").unlink()
    healthy = CliRunner().invoke(main, ["doctor"])
    assert healthy.exit_code == 0 and "✓ embedding model" in healthy.stdout
