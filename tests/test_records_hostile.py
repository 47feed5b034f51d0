"""Records under PREP_HOME survive races and damage: concurrent first runs, a corrupt history
file, a read-only home. Each failure is one line naming the file and the fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from agents.flashcards.store import Deck
from agents.history.store import History
from agents.sqlite_store import RecordsError
from ingest.settings import PROJECT_ROOT
from ui.cli import main

FIRST_RUN = """
import sys
from pathlib import Path
from agents.flashcards.store import Deck
from agents.history.store import History
home = Path(sys.argv[1])
History(home / "history.sqlite3")
Deck(home / "cards.sqlite3")
print("ok")
"""


def test_concurrent_first_runs_create_the_schema_once(tmp_path: Path) -> None:
    for round_ in range(3):
        home = tmp_path / f"home{round_}"
        runs = [subprocess.Popen([sys.executable, "-c", FIRST_RUN, str(home)], cwd=PROJECT_ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(4)]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [o[0].strip() for o in outputs] == ["ok"] * 4, [o[1][-300:] for o in outputs]
        assert History(home / "history.sqlite3").schema_version >= 1


def test_a_corrupt_history_is_one_line_and_cards_are_untouched(prep_home: Path) -> None:
    deck = Deck(prep_home / "cards.sqlite3")
    before = deck.schema_version
    prep_home.mkdir(parents=True, exist_ok=True)
    (prep_home / "history.sqlite3").write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    with pytest.raises(RecordsError, match="history.sqlite3: the file is damaged"):
        History(prep_home / "history.sqlite3")
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "history.sqlite3" in result.stderr and "move it aside" in result.stderr
    assert Deck(prep_home / "cards.sqlite3").schema_version == before


def test_an_unwritable_home_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    home = Path("/proc/prep-no-such-home")  # nobody, root included, can create files here
    with pytest.raises(RecordsError, match="prep-no-such-home"):
        History(home / "history.sqlite3")
    monkeypatch.setenv("PREP_HOME", str(home))
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "prep-no-such-home" in result.stderr


def test_a_damaged_vector_store_is_one_line(prep_home: Path) -> None:
    chroma = prep_home / "chroma"
    chroma.mkdir(parents=True)
    (chroma / "chroma.sqlite3").write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    for command in (["search", "kafka streams"], ["ingest", str(PROJECT_ROOT / "README.md")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code != 0 and "Traceback" not in result.output, command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "vector store" in lines[0] and "prep ingest" in lines[0]
