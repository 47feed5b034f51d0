"""How test values cross the sandbox boundary: inputs in, the solution's return value out.

This module runs on both sides. Inside the sandbox (standard library only: the project is not
importable there) it builds the inputs and turns whatever the solution returned into plain
JSON data. In the judge it turns that JSON back into Python values to compare. Nothing but
data crosses: the judge never sees an object the solution made, so no `__eq__`, `__hash__`
or `__repr__` of the candidate's runs on the judging side.

The encoding, as the judge reads it:
- `null`, `true`/`false`, integers, finite floats, strings, arrays (a Python list) and objects
  whose keys are strings not starting with "$" (a dict) stand for themselves;
- `{"$tuple": [...]}` is a tuple, `{"$set": [...]}` a set or frozenset (any order),
  `{"$dict": [[key, value], ...]}` a dict with a non-string key or a key starting with "$",
  `{"$float": "nan" | "inf" | "-inf"}` a float that JSON cannot write;
- subclasses (Counter, defaultdict, OrderedDict, namedtuple, IntEnum) travel as their base
  type; NumPy and Pandas values as their `tolist()`, `item()` or `to_dict()`; the provided
  `ListNode` and `TreeNode` as lists (a tree in level order with nulls for gaps).
Anything else (a class of the candidate's, a generator, a deque, a function) is not an
answer: the test fails with "returned an object of type X". A value nested more than
MAX_DEPTH levels or longer than MAX_RESULT_BYTES once encoded fails the same way.
"""

from __future__ import annotations

import json
import math
from collections import deque
from typing import Any

HEAVY = ("numpy", "pandas")
# types that are JSON as they are; a list of only these needs no walk (large answers are)
SCALARS = frozenset({type(None), bool, int, str})
MAX_DEPTH = 64
MAX_RESULT_BYTES = 32 * 1024 * 1024
MARKERS = ("$tuple", "$set", "$dict", "$float")


# --- helpers the candidate can use (LeetCode-style) ---------------------------------------

class ListNode:
    def __init__(self, val: Any = 0, next: ListNode | None = None) -> None:  # noqa: A002
        self.val = val
        self.next = next

    def __repr__(self) -> str:
        return f"ListNode({self.val})"


class TreeNode:
    def __init__(self, val: Any = 0, left: TreeNode | None = None,
                 right: TreeNode | None = None) -> None:
        self.val = val
        self.left = left
        self.right = right

    def __repr__(self) -> str:
        return f"TreeNode({self.val})"


def list_to_nodes(values: list[Any]) -> ListNode | None:
    head: ListNode | None = None
    for value in reversed(values):
        head = ListNode(value, head)
    return head


def nodes_to_list(head: Any, limit: int = 10_000_000) -> list[Any]:
    out: list[Any] = []
    seen: set[int] = set()
    while head is not None:
        if id(head) in seen or len(out) > limit:
            raise ValueError("the returned linked list has a cycle")
        seen.add(id(head))
        out.append(head.val)
        head = head.next
    return out


def list_to_tree(values: list[Any]) -> TreeNode | None:
    """Level order with None for a missing child, as LeetCode writes trees."""
    if not values or values[0] is None:
        return None
    root = TreeNode(values[0])
    queue, i = deque([root]), 1
    while queue and i < len(values):
        node = queue.popleft()
        for side in ("left", "right"):
            if i < len(values) and values[i] is not None:
                child = TreeNode(values[i])
                setattr(node, side, child)
                queue.append(child)
            i += 1
    return root


def tree_to_list(root: Any) -> list[Any]:
    out: list[Any] = []
    queue = deque([root])
    seen: set[int] = set()
    while queue:
        node = queue.popleft()
        if node is not None:
            if id(node) in seen:
                raise ValueError("the returned tree has a cycle")
            seen.add(id(node))
        out.append(None if node is None else node.val)
        if node is not None:
            queue.extend((node.left, node.right))
    while out and out[-1] is None:
        out.pop()
    return out


CONVERT_IN = {"linked_list": list_to_nodes, "tree": list_to_tree}


def linked_list_out(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, ListNode):
        raise TypeError(f"return a ListNode (or None), not {type(value).__name__}")
    return nodes_to_list(value)


CONVERT_OUT = {"linked_list": linked_list_out}


# --- the solution's side: a return value as plain data ------------------------------------

class Unencodable(ValueError):
    """The return value is not plain data; `kind` names what was found, `where` its place."""

    def __init__(self, kind: str, where: str = "") -> None:
        super().__init__(kind)
        self.kind = kind
        self.where = where

    def describe(self) -> str:
        inside = f" {self.where}" if self.where else ""
        if self.kind.startswith("nested") or self.kind.startswith("more than"):
            return f"returned a value {self.kind}"
        return f"returned an object of type {self.kind}{inside}"


def _number(value: float) -> Any:
    if math.isfinite(value):
        return value
    return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}


def _heavy(value: Any) -> Any | None:
    """A NumPy or Pandas value as Python data (None when it has no such form)."""
    for method in ("tolist", "item", "to_dict"):
        convert = getattr(value, method, None)
        if callable(convert):
            return convert()
    return None


def _plain(value: Any, depth: int, where: str) -> Any:
    if depth > MAX_DEPTH:
        raise Unencodable(f"nested more than {MAX_DEPTH} levels deep")
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        return value
    if kind is float:
        return _number(value)
    inner = depth + 1
    if kind is list:
        if all(type(v) in SCALARS or (type(v) is float and math.isfinite(v)) for v in value):
            return value
        return [_plain(v, inner, "inside a list") for v in value]
    if kind is tuple:
        return {"$tuple": [_plain(v, inner, "inside a tuple") for v in value]}
    if kind in (set, frozenset):
        return {"$set": [_plain(v, inner, "inside a set") for v in value]}
    if kind is dict:
        pairs = [(_plain(k, inner, "as a dict key"), _plain(v, inner, "inside a dict"))
                 for k, v in value.items()]
        if all(type(k) is str and not k.startswith("$") for k, _ in pairs):
            return dict(pairs)
        return {"$dict": [[k, v] for k, v in pairs]}
    if isinstance(value, (ListNode, TreeNode)):
        nodes = nodes_to_list(value) if isinstance(value, ListNode) else tree_to_list(value)
        return _plain(nodes, inner, where)
    if type(value).__module__.split(".")[0] in HEAVY:
        converted = _heavy(value)
        if converted is not None and type(converted).__module__.split(".")[0] not in HEAVY:
            return _plain(converted, inner, where)
    for base in (int, float, str, tuple, list, dict, frozenset, set):
        if isinstance(value, base):
            return _plain(base(value), inner, where)  # a subclass travels as its base type
    raise Unencodable(kind.__name__, where)


def encode(value: Any) -> str:
    """The return value as JSON text, or Unencodable when it is not plain data."""
    text = json.dumps(_plain(value, 0, ""), allow_nan=False, separators=(",", ":"))
    if len(text) > MAX_RESULT_BYTES:
        raise Unencodable(f"more than {MAX_RESULT_BYTES // (1024 * 1024)} MB long once encoded")
    return text


# --- the judge's side: plain data back to Python values -----------------------------------

class Malformed(ValueError):
    """A reply that is not in the encoding above (only a tampered channel sends one)."""


def _value(data: Any) -> Any:
    if isinstance(data, list):
        if not any(isinstance(v, (list, dict)) for v in data):
            return data  # JSON scalars stand for themselves
        return [_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    if len(data) == 1:
        (marker, inner), = data.items()
        if marker == "$tuple" and isinstance(inner, list):
            return tuple(_value(v) for v in inner)
        if marker == "$set" and isinstance(inner, list):
            return frozenset(_value(v) for v in inner)
        if marker == "$dict" and isinstance(inner, list):
            if not all(isinstance(p, list) and len(p) == 2 for p in inner):
                raise Malformed("a $dict entry is not a [key, value] pair")
            return {_value(k): _value(v) for k, v in inner}
        if marker == "$float" and inner in ("nan", "inf", "-inf"):
            return float(inner)
    if any(k.startswith("$") for k in data):
        raise Malformed("an object key starting with '$' outside the encoding")
    return {k: _value(v) for k, v in data.items()}


def from_data(data: Any) -> Any:
    """The Python value that parsed JSON data stands for; Malformed when it is not one."""
    try:
        return _value(data)
    except (ValueError, TypeError, RecursionError) as exc:  # unhashable set items included
        raise Malformed(str(exc)[:200]) from None


def decode(text: str) -> Any:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise Malformed(str(exc)[:200]) from None
    return from_data(data)
