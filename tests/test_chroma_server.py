"""Integration: the same ingest and search against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.index import Index
from ingest.pipeline import ingest_paths
from ingest.search import search
from tests.conftest import stop_server

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server-data"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("chroma server did not start")
                time.sleep(0.3)
        yield url
    finally:
        stop_server(server)


def test_ingest_and_search_through_a_server(chroma_server: str, docs: Path, prep_home: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREP_CHROMA_URL", chroma_server)
    first = ingest_paths(Index.open(), [docs])
    again = ingest_paths(Index.open(), [docs])
    assert first.added == first.chunks > 0 and again.added == 0
    results = search(Index.open(), "merge overlapping intervals", k=2, topic="coding")
    assert results[0].source == "intervals.txt"
    assert not (prep_home / "chroma").exists(), "nothing may be written to the local store"
