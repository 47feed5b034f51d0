"""Checks a candidate's solution: all tests in one sandboxed process, re-run only after a kill.

Tests run in order small first, large last, so a slow solution shows its correctness before
the large inputs time out. The harness times each test and stops one that overruns; if the
solution holds on past that (a loop that swallows the alarm, a C call that never returns),
the watchdog here kills the whole process, marks the test in progress, and starts a fresh
process for the tests still to run. After two timeouts the rest are not run: a runaway loop
fails quickly instead of costing a second per test.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from agents.coding import generators
from agents.coding.problems import SMALL_LIMIT, Problem, TestCase
from agents.coding.results import CheckResult, TestOutcome
from agents.coding.sandbox import Isolation, Limits, Sandbox, SandboxRun

HARNESS = Path(__file__).with_name("harness.py")
SETUP_LIMIT = 10.0  # loading the solution, imports included (pandas takes about a second)
GRACE = 2.0  # harness work around a test: building inputs, comparing, cleaning up
START_GRACE = 5.0  # starting the sandbox and the interpreter
MAX_TIMEOUTS = 2
MAX_PROCESSES = 4  # fresh processes per check after kills, before giving up
SHOWN_CHARS = 300


@dataclass(frozen=True)
class ResolvedTest:
    """A test ready to send: its JSON for the harness, its time limit, what it calls."""

    index: int  # position in problem.tests
    case: TestCase
    limit: float
    encoded: str  # the test as the harness reads it
    methods: frozenset[str] = frozenset()  # for a class problem, the methods it calls


def _encode(kind: str, order: tuple[str, ...], index: int, args: Any, expected: Any,
            limit: float, show: bool) -> str:
    positional = args if kind == "class" else [args[p] for p in order]
    return json.dumps({"index": index, "args": positional, "expected": expected,
                       "limit": limit, "show": show})


def _methods(kind: str, args: Any) -> frozenset[str]:
    return frozenset(args["ops"][1:]) if kind == "class" else frozenset()


@lru_cache(maxsize=16)
def _generated(generator: str, params: str, kind: str, order: tuple[str, ...], index: int,
               limit: float) -> tuple[str, frozenset[str]]:
    """A large test built once per process and kept only as JSON (a few MB, not the ~10x
    bigger Python objects); later checks of the problem reuse it."""
    built = generators.build(generator, json.loads(params))
    return (_encode(kind, order, index, built["args"], built["expected"], limit, False),
            _methods(kind, built["args"]))


def resolve_tests(problem: Problem) -> list[ResolvedTest]:
    """Every test with its data, in running order: visible, hidden, then large ones."""
    resolved = []
    for index, case in enumerate(problem.tests):
        limit = problem.time_limit if case.large else SMALL_LIMIT
        kind, order = problem.kind, problem.params
        if case.generator:
            params = json.dumps(case.params, sort_keys=True)
            encoded, methods = _generated(case.generator, params, kind, order, index, limit)
        else:
            encoded = _encode(kind, order, index, case.args, case.expected, limit,
                              not case.hidden)
            methods = _methods(kind, case.args)
        resolved.append(ResolvedTest(index, case, limit, encoded, methods))
    return sorted(resolved, key=lambda t: (t.case.large, t.case.hidden, t.index))


def show_value(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def describe_input(problem: Problem, args: Any) -> str:
    if problem.kind == "class":
        calls = [f"{op}({', '.join(json.dumps(a) for a in op_args)})"
                 for op, op_args in zip(args["ops"], args["args"])]
        text = ", ".join(calls)
        return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
    return ", ".join(f"{name}={show_value(args[name])}" for name in problem.params)


class _Watch:
    """Follows the harness's events and sets the watchdog's next deadline from them."""

    def __init__(self, tests: dict[int, ResolvedTest]) -> None:
        self.tests = tests
        self.events: list[dict[str, Any]] = []
        self.current: int | None = None

    def __call__(self, line: str) -> float | None:
        try:
            event = json.loads(line)
        except ValueError:
            return None
        if not isinstance(event, dict):
            return None
        self.events.append(event)
        kind = event.get("event")
        if kind == "start" and event.get("index") in self.tests:
            self.current = event["index"]
            return self.tests[self.current].limit + GRACE  # our limit, not one it claims
        if kind == "result":
            self.current = None
            return GRACE
        if kind == "sandbox":
            return SETUP_LIMIT + GRACE
        return GRACE if kind == "ready" else None

    def find(self, kind: str) -> dict[str, Any] | None:
        return next((e for e in self.events if e.get("event") == kind), None)


class Checker:
    """Runs one solution for one problem; `check_solution` is the usual way in."""

    def __init__(self, problem: Problem, source: str, sandbox: Sandbox) -> None:
        self.problem = problem
        self.source = source
        self.sandbox = sandbox
        self.tests = resolve_tests(problem)
        self.outcomes: dict[int, TestOutcome] = {}
        self.isolation = sandbox.isolation
        self.error: str | None = None

    def _payload(self, tests: list[ResolvedTest], timeouts_left: int) -> bytes:
        entry: dict[str, Any] = {"kind": self.problem.kind, "name": self.problem.entry,
                                 "params": list(self.problem.params),
                                 "arg_types": self.problem.arg_types,
                                 "returns": self.problem.returns}
        if self.problem.kind == "class":
            entry["methods"] = sorted(set().union(*(t.methods for t in tests)))
        head = json.dumps({"source": self.source, "entry": entry,
                           "comparator": self.problem.comparator, "setup_limit": SETUP_LIMIT,
                           "max_timeouts": timeouts_left})
        # the tests are spliced in already encoded: large ones are megabytes of JSON
        return (head[:-1] + ', "tests": [' + ", ".join(t.encoded for t in tests) + "]}").encode()

    def _limits(self, tests: list[ResolvedTest]) -> Limits:
        budget = START_GRACE + SETUP_LIMIT + sum(t.limit + GRACE for t in tests)
        return Limits(wall_seconds=budget, cpu_seconds=math.ceil(budget))

    def _outcome(self, test: ResolvedTest, passed: bool, status: str, error: str = "",
                 seconds: float | None = None, actual: str = "", stdout: str = "") -> TestOutcome:
        case = test.case
        shown = not case.hidden
        if status == "timeout" and not error:
            error = f"ran out of time ({test.limit:g} s limit)"
        return TestOutcome(
            index=test.index, name=case.name, hidden=case.hidden, large=case.large,
            passed=passed, status=status, seconds=seconds, error=error,
            input=describe_input(self.problem, case.args) if shown else "",
            expected=show_value(case.expected) if shown else "",
            actual=actual if shown else "", stdout=stdout if shown else "")

    def _record(self, event: dict[str, Any], by_index: dict[int, ResolvedTest]) -> None:
        test = by_index.get(event.get("index"))  # type: ignore[arg-type]
        if test is None or test.index in self.outcomes:
            return
        self.outcomes[test.index] = self._outcome(
            test, bool(event.get("passed")), str(event.get("status", "error")),
            str(event.get("error") or ""), event.get("seconds"),
            str(event.get("actual", "")), str(event.get("stdout", "")))

    def _fail_rest(self, tests: list[ResolvedTest], status: str, error: str) -> None:
        for test in tests:
            if test.index not in self.outcomes:
                self.outcomes[test.index] = self._outcome(test, False, status, error)

    def _note_sandbox(self, report: dict[str, Any] | None) -> None:
        """Record what the harness actually achieved, which may be less than was asked."""
        if report and self.isolation.name == "process":
            self.isolation = replace(self.isolation,
                                     network=report.get("network") == "namespace",
                                     processes=report.get("uid") != 0,
                                     limited_imports=not report.get("runtime_readable", True))

    def _one_process(self, pending: list[ResolvedTest],
                     timeouts_left: int) -> tuple[SandboxRun, _Watch]:
        by_index = {t.index: t for t in pending}
        watch = _Watch(by_index)
        run = self.sandbox.run(HARNESS, self._payload(pending, timeouts_left),
                               self._limits(pending), watch, START_GRACE + SETUP_LIMIT)
        self._note_sandbox(watch.find("sandbox"))
        for event in watch.events:
            if event.get("event") == "result":
                self._record(event, by_index)
        return run, watch

    def _timeouts(self) -> int:
        return sum(1 for o in self.outcomes.values() if o.status == "timeout")

    def run(self) -> CheckResult:
        started = time.monotonic()
        pending = list(self.tests)
        for _ in range(MAX_PROCESSES):
            run, watch = self._one_process(pending, MAX_TIMEOUTS - self._timeouts())
            if not self._after(run, watch, pending):
                break
            pending = [t for t in pending if t.index not in self.outcomes]
            if self._timeouts() >= MAX_TIMEOUTS:
                self._fail_rest(pending, "not_run", f"not run: stopped after {MAX_TIMEOUTS} "
                                "tests ran out of time")
                break
            if not pending:
                break
        self._fail_rest(self.tests, "not_run", "not run: the solution kept crashing the sandbox")
        ordered = tuple(self.outcomes[t.index] for t in sorted(self.tests, key=lambda t: t.index))
        return CheckResult(self.problem.id, self.problem.title, self.problem.difficulty,
                           self.problem.complexity, ordered, self.isolation.name,
                           self.isolation.describe(), self.error, time.monotonic() - started)

    def _after(self, run: SandboxRun, watch: _Watch, pending: list[ResolvedTest]) -> bool:
        """Make sense of how the process ended; True when a fresh one should continue."""
        setup = watch.find("setup_error")
        if setup is not None:
            self.error = str(setup.get("error", "your code could not be loaded"))
            self._fail_rest(pending, str(setup.get("status", "error")), self.error)
            return False
        if watch.find("sandbox") is None:
            detail = run.stderr.strip().splitlines()[-1:] or [run.ending()]
            self.error = f"the sandbox could not run the solution: {detail[0]}"
            self._fail_rest(pending, "crash", self.error)
            return False
        if watch.find("ready") is None:
            self.error = f"your code stopped the process while loading: it {run.ending()}"
            self._fail_rest(pending, "crash", self.error)
            return False
        if watch.find("stopped") is not None:
            self._fail_rest(pending, "not_run",
                            f"not run: stopped after {MAX_TIMEOUTS} tests ran out of time")
            return False
        harness_error = watch.find("harness_error")
        if harness_error is not None:
            self._fail_rest(pending, "crash", f"the test harness failed: "
                            f"{harness_error.get('error')}")
            return False
        if watch.find("done") is not None:
            return False
        if watch.current is not None:
            test = next(t for t in pending if t.index == watch.current)
            status = "timeout" if run.killed == "timeout" else "crash"
            error = "" if status == "timeout" else f"the process {run.ending()}"
            self.outcomes[test.index] = self._outcome(test, False, status, error)
            return True
        return bool([t for t in pending if t.index not in self.outcomes])


def check_solution(problem: Problem, source: str, sandbox: Sandbox | None = None) -> CheckResult:
    """Run `source` against every test of `problem` in a sandbox and score it."""
    return Checker(problem, source, sandbox or Sandbox.detect()).run()


def isolation_in_use(prefer: str | None = None) -> Isolation:
    return Sandbox.detect(prefer).isolation
