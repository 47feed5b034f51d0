"""Compares a decoded return value with the expected answer, in the judge's own process.

Only plain data reaches here (see agents/coding/values.py), so these rules are the whole
story: a bool is never a number, numbers compare by value (with a tolerance under "float"),
a tuple may stand for a list, a set matches an expected list only where order does not
matter, and dicts need the same keys. Anything else is a wrong answer.
"""

from __future__ import annotations

import json
import math
from typing import Any

REL_TOL = ABS_TOL = 1e-6
COMPARATORS = ("exact", "float", "unordered")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(actual: Any, expected: Any, tolerant: bool) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if _number(expected):
        if not _number(actual):
            return False
        if tolerant and (isinstance(expected, float) or isinstance(actual, float)):
            return math.isclose(actual, expected, rel_tol=REL_TOL, abs_tol=ABS_TOL)
        return actual == expected
    if expected is None or isinstance(expected, str):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, (list, tuple)):
        return (isinstance(actual, (list, tuple)) and len(actual) == len(expected)
                and all(_same(a, e, tolerant) for a, e in zip(actual, expected)))
    if isinstance(expected, dict):
        return (isinstance(actual, dict) and set(actual) == set(expected)
                and all(_same(actual[k], expected[k], tolerant) for k in expected))
    return False


def _canonical(value: Any) -> str:
    """One text per value, the same for equal values: the sort key of an unordered match."""
    def plain(v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, frozenset):
            return sorted((plain(x) for x in v), key=_canonical)
        if isinstance(v, dict):
            return sorted(([plain(k), plain(x)] for k, x in v.items()), key=_canonical)
        return v
    return json.dumps(plain(value), sort_keys=True)


def _row_key(value: Any) -> tuple[Any, ...]:
    """A flat row (or one scalar) as a tuple: fast to sort, and equal when the JSON is."""
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (int, float, str)) and not isinstance(v, bool) for v in value):
            return tuple(value)
    elif isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return (value,)
    raise TypeError("not a flat row")


def _unordered(actual: Any, expected: Any) -> bool:
    """The same items in any order (k closest points, a list of errors)."""
    if not isinstance(actual, (list, tuple, frozenset)) or not isinstance(expected, list):
        return False
    if len(actual) != len(expected):
        return False
    try:  # the common case, thousands of points: sort rows as tuples
        return sorted(map(_row_key, actual)) == sorted(map(_row_key, expected))
    except TypeError:
        return sorted(map(_canonical, actual)) == sorted(map(_canonical, expected))


def _identical(actual: Any, expected: Any) -> bool:
    """The same JSON text: enough to pass, and C-fast on the largest answers."""
    try:
        return json.dumps(actual) == json.dumps(expected)
    except (TypeError, ValueError):  # sets are not JSON; decide the long way
        return False


def matches(actual: Any, expected: Any, comparator: str) -> bool:
    if comparator == "unordered":
        return _unordered(actual, expected)
    return _identical(actual, expected) or _same(actual, expected,
                                                 tolerant=comparator == "float")


def kind_of(value: Any) -> str:
    """A value's kind in a candidate's words: 'a list', 'a string', 'None'."""
    if value is None:
        return "None"
    names = {bool: "a bool", int: "an int", float: "a float", str: "a string",
             list: "a list", tuple: "a tuple", frozenset: "a set", dict: "a dict"}
    return names.get(type(value), f"a {type(value).__name__}")


def mismatch(actual: Any, expected: Any, comparator: str) -> str:
    """Why a wrong answer is wrong, when the kind itself differs ('' otherwise)."""
    if comparator == "unordered" and isinstance(actual, (list, tuple, frozenset)):
        return ""
    if _number(actual) and _number(expected):
        return ""
    if isinstance(actual, (list, tuple)) and isinstance(expected, (list, tuple)):
        return ""
    if type(actual) is type(expected):
        return ""
    return f"returned {kind_of(actual)}, expected {kind_of(expected)}"
