"""Coding runner benchmark: how long checking a solution takes, per check, in the sandbox.

Checks every problem's reference solution `--repeat` times. The first check of a problem is
"cold": it also builds the large hidden tests, which are then cached for the process (as in
the Streamlit app; each `prep code --check` run is cold). Reports per-check p50/p95/max for
warm and cold checks, whether every reference passed, and which isolation was used.

    python -m bench.coding [--isolation auto|bwrap|process] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import time
from dataclasses import dataclass, field

from agents.coding import Sandbox, check_solution, load_problems


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else 0.0


@dataclass(frozen=True)
class CodingBenchResult:
    isolation: str
    isolation_note: str
    problems: int
    repeat: int
    warm: list[float]
    cold: list[float]
    failures: list[str] = field(default_factory=list)  # references that did not pass
    slowest: tuple[str, float] = ("", 0.0)

    def figures(self) -> dict[str, float]:
        return {"warm_p50": percentile(self.warm, 50), "warm_p95": percentile(self.warm, 95),
                "warm_max": max(self.warm, default=0.0), "cold_p50": percentile(self.cold, 50),
                "cold_p95": percentile(self.cold, 95), "cold_max": max(self.cold, default=0.0)}

    def to_dict(self) -> dict[str, object]:
        return {"isolation": self.isolation, "isolation_note": self.isolation_note,
                "problems": self.problems, "repeat": self.repeat,
                "checks": len(self.warm) + len(self.cold), "all_passed": not self.failures,
                "failures": self.failures, "slowest_problem": self.slowest[0],
                **{k: round(v, 3) for k, v in self.figures().items()}}

    def summary(self) -> str:
        f = self.figures()
        lines = [f"isolation: {self.isolation} ({self.isolation_note})",
                 f"{self.problems} problems x {self.repeat} checks; references "
                 + ("all passed" if not self.failures else f"FAILED: {', '.join(self.failures)}"),
                 f"slowest problem (warm median): {self.slowest[0]} {self.slowest[1]:.2f} s",
                 f"cold (first check, builds large tests): p50={f['cold_p50']:.2f}s "
                 f"p95={f['cold_p95']:.2f}s max={f['cold_max']:.2f}s"]
        lines.append(f"per-check warm p50={f['warm_p50']:.2f}s p95={f['warm_p95']:.2f}s "
                     f"max={f['warm_max']:.2f}s isolation={self.isolation}")
        return "\n".join(lines)


def run(isolation: str | None = None, repeat: int = 3) -> CodingBenchResult:
    sandbox = Sandbox.detect(isolation)
    warm: list[float] = []
    cold: list[float] = []
    failures: list[str] = []
    medians: dict[str, float] = {}
    note = sandbox.isolation.describe()
    problems = load_problems()
    for problem in problems:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            check = check_solution(problem, problem.reference, sandbox)
            times.append(time.perf_counter() - started)
            note = check.isolation.describe()
            if check.failed and problem.id not in failures:
                failures.append(problem.id)
        cold.append(times[0])
        warm.extend(times[1:])
        medians[problem.id] = percentile(times[1:] or times, 50)
    slowest = max(medians.items(), key=lambda item: item[1])
    return CodingBenchResult(sandbox.isolation.name, note, len(problems), repeat, warm, cold,
                             failures, slowest)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--isolation", choices=("auto", "bwrap", "process"), default=None)
    parser.add_argument("--repeat", type=int, default=3, help="checks per problem (>= 2)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    result = run(args.isolation, max(2, args.repeat))
    print(json.dumps(result.to_dict(), indent=2) if args.json else result.summary())


if __name__ == "__main__":
    main()
