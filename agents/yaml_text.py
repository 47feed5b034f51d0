"""YAML parsing through libyaml when PyYAML has it: the question bank is about 1 MB of YAML and
the pure-Python parser spent most of a cold `prep grade` reading it."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Like `yaml.safe_load`, faster; raises the same `yaml.YAMLError` on bad input."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
