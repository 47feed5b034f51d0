"""Output and shared helpers for the `prep` commands: JSON on stdout, errors on stderr."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

T = TypeVar("T")


def emit_json(payload: object) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def emit_bench(result: Any, as_json: bool) -> None:
    """A benchmark's figures: JSON, or its summary with the figures on the last line."""
    if as_json:
        emit_json(result.to_dict())
    else:
        click.echo(result.summary())


def open_index() -> Any:
    from ingest.index import Index

    return Index.open()


def fail(message: str, code: int = 2) -> None:
    """A usage problem: one line on stderr, no traceback, no usage dump."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def write_export(path: Path, write: Callable[[Path], T]) -> T:
    """Run `write(temporary)` beside `path`, then move the file into place: a failed export
    leaves no half-written file and replaces nothing. Any OS error (missing folder, full
    disk, no permission) is one line that says what to do."""
    target = Path(path)
    if not target.parent.is_dir():
        fail(f"cannot write {target}: the folder {target.parent} does not exist; create it or "
             "choose another path", code=1)
    # a device or pipe (/dev/stdout, a fifo) is written in place: replacing it would swap
    # the device node for a plain file
    in_place = target.exists() and not target.is_file()
    temporary = target if in_place else target.with_name(f".{target.name}.part")
    try:
        result = write(temporary)
        if not in_place:
            os.replace(temporary, target)
    except OSError as exc:
        if not in_place:
            temporary.unlink(missing_ok=True)
        fail(f"cannot write {target}: {exc.strerror or exc}; free some space or choose "
             "another path", code=1)
    return result
