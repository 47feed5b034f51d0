"""`prep ui`: build the index if needed, then serve the Streamlit app on this machine only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

APP = Path(__file__).with_name("streamlit_app.py")


def streamlit_argv(host: str, port: int) -> list[str]:
    """The `streamlit run` command line: local only, no telemetry, no stack traces shown."""
    return [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--client.showErrorDetails", "none", "--client.toolbarMode", "minimal",
            "--server.maxUploadSize", "20", "--server.fileWatcherType", "none"]


@click.command(name="ui")
@click.option("--port", default=8501, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep 127.0.0.1 unless you mean to share your data.")
def ui_command(port: int, host: str) -> None:
    """Open the coach in your browser: mock interviews, quiz, flashcards, progress and your
    document library, at http://127.0.0.1:8501."""
    from ingest.index import Index
    from ingest.loaders import discover
    from ingest.pipeline import ensure_indexed
    from ingest.settings import DEFAULT_CORPUS

    index = Index.open()
    if not index.store.count():
        total = sum(1 for _ in discover([DEFAULT_CORPUS]))
        click.echo(f"First run: indexing the bundled corpus ({total} files, about a minute)",
                   err=True)
        seen = [0]

        def progress(path: Path) -> None:
            seen[0] += 1
            click.echo(f"\r  {seen[0]}/{total} {path.name[:50]:50s}", err=True, nl=False)

        ensure_indexed(index, progress)
        click.echo("\nindexed the bundled corpus", err=True)
    click.echo(f"Serving the coach at http://{host}:{port} (Ctrl-C stops it)", err=True)
    argv = streamlit_argv(host, port)
    os.execv(argv[0], argv)  # the server replaces this process, so Ctrl-C reaches it directly
