"""Builders of large hidden tests: deterministic input and its expected answer.

Large inputs are what tell an O(n log n) solution from an O(n^2) one, and storing them would
put megabytes in the corpus, so a test names one of these and its parameters instead. Where
it can, a builder plants the answer (disjoint blocks cut into overlapping pieces, a single
pair that sums to the target) rather than computing it the way a reference solution would,
so the reference is checked against something independent.
"""

from __future__ import annotations

import bisect
import random
from collections import Counter, OrderedDict, deque
from collections.abc import Callable
from typing import Any

Case = dict[str, Any]  # {"args": ..., "expected": ...}
GENERATORS: dict[str, Callable[..., Case]] = {}


def generator(fn: Callable[..., Case]) -> Callable[..., Case]:
    GENERATORS[fn.__name__] = fn
    return fn


def build(name: str, params: dict[str, Any]) -> Case:
    return GENERATORS[name](**params)


@generator
def reversed_list(n: int, seed: int) -> Case:
    values = [random.Random(seed).randint(-10**6, 10**6) for _ in range(n)]
    return {"args": {"head": values}, "expected": values[::-1]}


@generator
def closest_points(n: int, k: int, seed: int) -> Case:
    rng = random.Random(seed)
    points: list[list[int]] = []
    seen: set[int] = set()
    while len(points) < n:  # distinct distances: exactly one right answer
        x, y = rng.randint(-10**5, 10**5), rng.randint(-10**5, 10**5)
        if x * x + y * y not in seen:
            seen.add(x * x + y * y)
            points.append([x, y])
    nearest = sorted(points, key=lambda p: p[0] * p[0] + p[1] * p[1])[:k]
    return {"args": {"points": points, "k": k}, "expected": nearest}


@generator
def overlapping_blocks(blocks: int, pieces: int, seed: int) -> Case:
    """Disjoint blocks, each cut into pieces that overlap or touch, then shuffled."""
    rng = random.Random(seed)
    intervals: list[list[int]] = []
    merged: list[list[int]] = []
    start = 0
    for _ in range(blocks):
        length = rng.randint(pieces, pieces * 20)
        end = start + length
        merged.append([start, end])
        cuts = sorted(rng.sample(range(start + 1, end), pieces - 1)) if pieces > 1 else []
        edges = [start] + cuts + [end]
        for a, b in zip(edges, edges[1:]):
            intervals.append([max(start, a - rng.randint(0, 3)), b])  # overlap or touch
        start = end + rng.randint(2, 50)  # a gap: blocks never touch
    rng.shuffle(intervals)
    return {"args": {"intervals": intervals}, "expected": merged}


@generator
def moving_average_stream(size: int, calls: int, seed: int) -> Case:
    rng = random.Random(seed)
    values = [rng.randint(-1000, 1000) for _ in range(calls)]
    window: deque[int] = deque()
    total, expected = 0, [None]
    for value in values:
        window.append(value)
        total += value
        if len(window) > size:
            total -= window.popleft()
        expected.append(total / len(window))
    return {"args": {"ops": ["MovingAverage"] + ["next"] * calls,
                     "args": [[size]] + [[v] for v in values]},
            "expected": expected}


@generator
def many_co_applicants(count: int, bad: list[int], seed: int) -> Case:
    rng = random.Random(seed)
    people = [{"name": f"person{i}", "age": rng.randint(18, 90)} for i in range(count)]
    for index in bad:
        people[index]["age"] = rng.choice([17, 121, "40", None])
    application = {
        "applicant": {"name": "Ada", "age": 36, "email": "ada@example.com", "income": 85000},
        "loan": {"amount": 250000, "term_months": 60, "purpose": "home"},
        "co_applicants": people, "consent": True}
    return {"args": {"application": application},
            "expected": [f"co_applicants[{i}].age" for i in sorted(bad)]}


@generator
def planted_pair(n: int, seed: int) -> Case:
    """Even numbers and one odd: only the odd one and its partner sum to the odd target."""
    rng = random.Random(seed)
    target = 2 * rng.randint(10**6, 10**7) + 1
    odd = 2 * rng.randint(-10**6, 10**6) + 1
    partner = target - odd
    nums = [2 * rng.randint(-10**8, 10**8) for _ in range(n)]
    nums = [x if x != partner else x + 2 for x in nums]
    i, j = sorted(rng.sample(range(n - 100, n), 2))  # near the end: a double loop scans all
    nums[i], nums[j] = odd, partner
    return {"args": {"nums": nums, "target": target}, "expected": [i, j]}


@generator
def trade_windows(n: int, queries: int, seed: int) -> Case:
    rng = random.Random(seed)
    stamps = sorted(rng.randint(0, 10**7) for _ in range(n))
    windows = []
    for _ in range(queries):
        a, b = rng.randint(-10, 10**7 + 10), rng.randint(-10, 10**7 + 10)
        windows.append([min(a, b), max(a, b)])
    counts = [bisect.bisect_right(stamps, b) - bisect.bisect_left(stamps, a) for a, b in windows]
    return {"args": {"timestamps": stamps, "windows": windows}, "expected": counts}


@generator
def ticker_counts(n: int, distinct: int, k: int, seed: int) -> Case:
    rng = random.Random(seed)
    names = [f"T{i:05d}" for i in range(distinct)]
    weights = [rng.randint(1, 1000) for _ in names]
    trades = rng.choices(names, weights=weights, k=n)
    counts = Counter(trades)
    top = sorted(counts, key=lambda t: (-counts[t], t))[:k]
    return {"args": {"trades": trades, "k": k}, "expected": top}


@generator
def island_grid(rows: int, cols: int, seed: int) -> Case:
    """Square islands on a lattice, never touching: the count is how many were placed."""
    rng = random.Random(seed)
    grid = [[0] * cols for _ in range(rows)]
    placed = 0
    for top in range(0, rows - 3, 4):
        for left in range(0, cols - 3, 4):
            if rng.random() < 0.6:
                size = rng.randint(1, 3)
                for r in range(top, top + size):
                    for c in range(left, left + size):
                        grid[r][c] = 1
                placed += 1
    return {"args": {"grid": grid}, "expected": placed}


@generator
def snake_island(rows: int, cols: int) -> Case:
    """One island that winds through the whole grid: deep for a recursive search."""
    grid = [[0] * cols for _ in range(rows)]
    for r in range(0, rows, 2):
        grid[r] = [1] * cols
        if r + 1 < rows:
            grid[r + 1][cols - 1 if (r // 2) % 2 == 0 else 0] = 1
    return {"args": {"grid": grid}, "expected": 1}


@generator
def layered_graph(layers: int, width: int, seed: int) -> Case:
    """Edges only within a layer or to the next one: the distance is the number of layers."""
    rng = random.Random(seed)
    node = lambda layer, i: 1 + layer * width + i  # noqa: E731 - node 0 is the source
    edges = [[0, node(0, i)] for i in range(width)]
    for layer in range(layers):
        for i in range(width):
            if layer + 1 < layers:
                edges.append([node(layer, i), node(layer + 1, rng.randrange(width))])
            edges.append([node(layer, i), node(layer, rng.randrange(width))])
        if layer + 1 < layers:  # every node of the next layer is reachable
            edges += [[node(layer, rng.randrange(width)), node(layer + 1, i)]
                      for i in range(width)]
    target = node(layers - 1, rng.randrange(width))
    rng.shuffle(edges)
    return {"args": {"n": 1 + layers * width, "edges": edges, "source": 0, "target": target},
            "expected": layers}


@generator
def dependency_chain(n: int, extra: int, cycle: bool, seed: int) -> Case:
    """A long chain plus forward shortcuts (no cycle), or one edge back from the end."""
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)  # task ids are not in chain order
    pairs = [[order[i + 1], order[i]] for i in range(n - 1)]
    for _ in range(extra):
        a, b = sorted(rng.sample(range(n), 2))
        pairs.append([order[b], order[a]])
    if cycle:
        pairs.append([order[0], order[n - 1]])
    rng.shuffle(pairs)
    return {"args": {"num_tasks": n, "prerequisites": pairs}, "expected": not cycle}


@generator
def price_series(n: int, seed: int) -> Case:
    rng = random.Random(seed)
    prices = [rng.randint(1, 10**6) for _ in range(n)]
    best, low = 0, prices[0]
    for price in prices:
        best, low = max(best, price - low), min(low, price)
    return {"args": {"prices": prices}, "expected": best}


def _complete_bst(low: int, high: int) -> list[Any]:
    """Level order of the balanced BST over low..high."""
    order: list[Any] = []
    queue = deque([(low, high)])
    while queue:
        a, b = queue.popleft()
        if a > b:
            order.append(None)
            continue
        mid = (a + b) // 2
        order.append(mid)
        queue.extend(((a, mid - 1), (mid + 1, b)))
    while order and order[-1] is None:
        order.pop()
    return order


@generator
def balanced_bst(depth: int, broken: bool, seed: int) -> Case:
    """A complete BST; when broken, a deep leaf gets a value legal for its parent only."""
    values = _complete_bst(1, 2 ** depth - 1)
    if broken:
        # a left child off the leftmost path: smaller than its parent, as it should be, but
        # smaller than every value too, so it breaks the bound of an ancestor it is right of
        first = 2 ** (depth - 1) - 1
        leaf = random.Random(seed).randrange(first + 2, len(values), 2)
        values[leaf] = -(2 ** depth)
    return {"args": {"root": values}, "expected": not broken}


@generator
def random_matrix(rows: int, cols: int, seed: int) -> Case:
    rng = random.Random(seed)
    matrix = [[round(rng.uniform(-100, 100), 3) for _ in range(cols)] for _ in range(rows)]
    out = [[0.0] * cols for _ in range(rows)]
    for c in range(cols):
        column = [row[c] for row in matrix]
        mean = sum(column) / rows
        std = (sum((x - mean) ** 2 for x in column) / rows) ** 0.5
        for r in range(rows):
            out[r][c] = (matrix[r][c] - mean) / std if std else 0.0
    return {"args": {"matrix": matrix}, "expected": out}


@generator
def transaction_log(n: int, customers: int, seed: int) -> Case:
    rng = random.Random(seed)
    rows, totals = [], {}
    for _ in range(n):
        customer = f"C{rng.randrange(customers):04d}"
        amount = round(rng.uniform(-50, 500), 2)
        status = rng.choice(["settled", "settled", "settled", "declined"])
        rows.append({"customer": customer, "amount": amount, "status": status})
        if status == "settled":
            totals[customer] = totals.get(customer, 0.0) + amount
    return {"args": {"transactions": rows}, "expected": dict(sorted(totals.items()))}


@generator
def lru_operations(capacity: int, ops: int, keys: int, seed: int) -> Case:
    rng = random.Random(seed)
    cache: OrderedDict[int, int] = OrderedDict()
    names, args, expected = ["LRUCache"], [[capacity]], [None]
    for _ in range(ops):
        key = rng.randrange(keys)
        if rng.random() < 0.5:
            value = rng.randint(0, 10**6)
            names.append("put")
            args.append([key, value])
            expected.append(None)
            cache[key] = value
            cache.move_to_end(key)
            if len(cache) > capacity:
                cache.popitem(last=False)
        else:
            names.append("get")
            args.append([key])
            if key in cache:
                cache.move_to_end(key)
            expected.append(cache.get(key, -1))
    return {"args": {"ops": names, "args": args}, "expected": expected}


@generator
def increasing_run(n: int, seed: int) -> Case:
    """Random numbers; the answer by patience sorting, the O(n log n) method."""
    rng = random.Random(seed)
    nums = [rng.randint(-10**6, 10**6) for _ in range(n)]
    tails: list[int] = []
    for x in nums:
        i = bisect.bisect_left(tails, x)
        tails[i:i + 1] = [x]
    return {"args": {"nums": nums}, "expected": len(tails)}
