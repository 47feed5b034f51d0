"""How test values cross into and out of a solution, and how answers are compared.

Used by the harness inside the sandbox (standard library only: the project is not importable
there), so nothing here may import from the project.
"""

from __future__ import annotations

import json
import math
from collections import deque
from typing import Any

HEAVY = ("numpy", "pandas")


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
    while queue:
        node = queue.popleft()
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


def to_plain(value: Any) -> Any:
    """The JSON-like form of a result: tuples as lists, nodes as lists, numpy as Python."""
    if isinstance(value, ListNode):
        return nodes_to_list(value)
    if isinstance(value, TreeNode):
        return tree_to_list(value)
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k if isinstance(k, str) else str(to_plain(k)): to_plain(v)
                for k, v in value.items()}
    if type(value).__module__.split(".")[0] in HEAVY:
        for method in ("tolist", "item", "to_dict"):
            if hasattr(value, method):
                return to_plain(getattr(value, method)())
    return value


# --- comparing ----------------------------------------------------------------------------

def _exact(actual: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected  # True is not an answer of 1, nor 1 of True
    return actual == expected


def _close(actual: Any, expected: Any) -> bool:
    """Equal, with numbers within 1e-6 (relative or absolute) of each other."""
    if isinstance(expected, float):
        return (isinstance(actual, (int, float)) and not isinstance(actual, bool)
                and math.isclose(actual, expected, rel_tol=1e-6, abs_tol=1e-6))
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(_close(a, e) for a, e in zip(actual, expected)))
    if isinstance(expected, dict):
        return (isinstance(actual, dict) and actual.keys() == expected.keys()
                and all(_close(actual[k], expected[k]) for k in expected))
    return _exact(actual, expected)


def _unordered(actual: Any, expected: Any) -> bool:
    """The same items in any order (k closest points, a list of errors)."""
    if not isinstance(actual, list) or not isinstance(expected, list):
        return False
    key = lambda v: json.dumps(v, sort_keys=True, default=repr)  # noqa: E731
    return sorted(actual, key=key) == sorted(expected, key=key)


COMPARATORS = {"exact": _exact, "float": _close, "unordered": _unordered}
