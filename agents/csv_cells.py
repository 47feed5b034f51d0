"""Spreadsheet-safe CSV cells (OWASP "CSV Injection"): a cell that starts with =, +, -, @, a
tab or a carriage return is run as a formula by Excel, LibreOffice and Sheets, so exported
text gets a leading apostrophe, which spreadsheets show as text; our own import removes it."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would evaluate, made inert; numbers and other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """The text `safe_cell` wrote, as it was."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
