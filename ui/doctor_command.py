"""`prep doctor`: checks the install and PREP_HOME, and says what to fix."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import click

from ui.output import emit_json

MIN_FREE_BYTES = 500 * 2**20


@dataclass
class Check:
    name: str
    status: str  # "ok", "warn" (works, but weaker) or "fail" (something will not work)
    detail: str


def _python() -> Check:
    ok = sys.version_info[:2] == (3, 11)
    return Check("python", "ok" if ok else "warn",
                 f"{sys.version.split()[0]}" + ("" if ok else "; the project is tested on 3.11"))


def _model() -> Check:
    from ingest.embedder import EmbedderError, backend_from_env, load_embedder

    try:
        embedder = load_embedder()
        embedder(["doctor"])
    except EmbedderError as exc:
        return Check("embedding model", "fail", f"{exc}")
    return Check("embedding model", "ok",
                 f"{Path(embedder.name).parent.name or embedder.name} on {backend_from_env()}")


def _store() -> Check:
    from ingest.index import Index

    try:
        count = Index.open().store.count()
    except Exception as exc:  # noqa: BLE001 - any failure to open the store is the finding
        return Check("vector store", "fail", f"{exc.__class__.__name__}: {exc}; move the "
                     "chroma folder under PREP_HOME aside and run `prep ingest` again")
    if not count:
        return Check("vector store", "warn", "empty; run `prep ingest` (or `make run`)")
    return Check("vector store", "ok", f"{count} chunks")


def _records(home: Path) -> list[Check]:
    checks = []
    for path in sorted(home.rglob("*.sqlite3")) if home.is_dir() else []:
        if "chroma" in path.parts:
            continue
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
                result = db.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.Error as exc:
            result = str(exc)
        checks.append(Check(f"records {path.relative_to(home)}",
                            "ok" if result == "ok" else "fail",
                            "intact" if result == "ok" else
                            f"{result}; move the file aside and the coach starts a new one"))
    return checks


def _disk(home: Path) -> Check:
    where = home if home.exists() else home.parent
    while not where.exists():
        where = where.parent
    free = shutil.disk_usage(where).free
    status = "ok" if free >= MIN_FREE_BYTES else "fail"
    return Check("free disk", status, f"{free / 2**30:.1f} GiB free at {where}"
                 + ("" if status == "ok" else "; free some space: saving answers needs it"))


def _sandbox() -> Check:
    from agents.coding import SandboxError
    from agents.coding.runner import isolation_in_use

    try:
        isolation = isolation_in_use()
    except SandboxError as exc:
        return Check("code sandbox", "fail", str(exc))
    if not isolation.full:
        return Check("code sandbox", "warn", f"{isolation.name}: {isolation.warning()}")
    return Check("code sandbox", "ok", f"{isolation.name}: {isolation.describe()}")


def _browser() -> Check:
    found = shutil.which("chromium") and shutil.which("chromedriver")
    return Check("browser test", "ok" if found else "warn",
                 "chromium and chromedriver found" if found else
                 "chromium/chromedriver missing: only the browser test skips "
                 "(make system-deps installs them)")


def _voice() -> Check:
    """The voice extra: faster-whisper and the chosen model's packages (not loaded)."""
    from agents.voice.models import voice_missing

    missing = voice_missing()
    if missing:
        return Check("voice", "warn", f"{missing}; typed answers work without it")
    from agents.voice.models import model_name

    speech = shutil.which("espeak-ng")
    return Check("voice", "ok", f"faster-whisper with Whisper {model_name()}" + (
        "" if speech else "; espeak-ng missing: only the voice tests skip (make system-deps)"))


def run_checks() -> list[Check]:
    from ingest.settings import load_settings

    home = load_settings().home
    steps: list[Callable[[], Check | list[Check]]] = [
        _python, _model, _store, lambda: _records(home), lambda: _disk(home), _sandbox,
        _browser, _voice]
    checks: list[Check] = []
    for step in steps:
        found = step()
        checks += found if isinstance(found, list) else [found]
    return checks


@click.command(name="doctor")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def doctor_command(as_json: bool) -> None:
    """Check the install and PREP_HOME (model, vector store, records, disk, sandbox) and say
    what to fix; exits 1 when something will not work."""
    checks = run_checks()
    failed = any(c.status == "fail" for c in checks)
    if as_json:
        emit_json({"ok": not failed, "checks": [asdict(c) for c in checks]})
    else:
        marks = {"ok": click.style("✓", fg="green"), "warn": click.style("!", fg="yellow"),
                 "fail": click.style("✗", fg="red")}
        for check in checks:
            click.echo(f"{marks[check.status]} {check.name}: {check.detail}")
    if failed:
        sys.exit(1)
