"""Output and shared helpers for the `prep` commands: JSON on stdout, errors on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

import click


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
