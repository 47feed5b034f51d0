"""Checks a candidate's solution: the judge sends one test's input at a time to a sandboxed
process, reads back the value the solution returned, and compares it here.

The sandboxed process never holds an expected answer or a test it is not running now, and
nothing it says is taken on trust: a value is plain data decoded by the judge's own rules,
time is measured here from sending the input to reading the value, and a reply that is not
the answer to the test just sent fails that test. Tests run small first, large last, so a
slow solution shows its correctness before the large inputs time out; a process that dies
or stops answering fails the test in progress and a fresh one takes the rest. After two
timeouts the rest are not run: a runaway loop fails quickly instead of costing a second per
test.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from agents.coding import generators
from agents.coding.judge import kind_of, matches, mismatch
from agents.coding.problems import SMALL_LIMIT, Problem, TestCase
from agents.coding.results import CheckResult, TestOutcome
from agents.coding.sandbox import Isolation, Limits, Sandbox, SandboxProcess
from agents.coding.values import Malformed, from_data

SETUP_LIMIT = 10.0  # loading the solution, imports included (pandas takes about a second)
GRACE = 2.0  # beyond a test's allowance before the process is killed
START_GRACE = 5.0  # starting the sandbox and the interpreter
# Time a test may take beyond its limit, measured by the judge: moving the input in and the
# value out (a few MB of JSON for the largest tests) on top of the solution's own work.
IO_ALLOWANCE = 0.3
IO_SECONDS_PER_MB = 0.05
MAX_TIMEOUTS = 2
MAX_PROCESSES = 4  # fresh processes per check after kills, before giving up
SHOWN_CHARS = 300


@dataclass(frozen=True)
class ResolvedTest:
    """A test ready to send: the request line the sandbox gets, and what only the judge
    keeps (the case, with its expected answer)."""

    index: int  # position in problem.tests
    case: TestCase
    limit: float
    request: bytes  # the input, and nothing else the solution could use
    expected: Any
    methods: frozenset[str] = frozenset()  # for a class problem, the methods it calls

    @property
    def allowance(self) -> float:
        return self.limit + IO_ALLOWANCE + IO_SECONDS_PER_MB * len(self.request) / 2**20


def _request(kind: str, order: tuple[str, ...], index: int, args: Any, limit: float,
             show: bool) -> bytes:
    positional = args if kind == "class" else [args[p] for p in order]
    return (json.dumps({"index": index, "args": positional, "limit": limit, "show": show})
            + "\n").encode()


def _methods(kind: str, args: Any) -> frozenset[str]:
    return frozenset(args["ops"][1:]) if kind == "class" else frozenset()


@lru_cache(maxsize=16)
def _generated(generator: str, params: str, kind: str, order: tuple[str, ...], index: int,
               limit: float) -> tuple[bytes, Any, frozenset[str]]:
    """A large test built once per process and kept as its request bytes (a few MB, not the
    ~10x bigger Python objects); later checks of the problem reuse it."""
    built = generators.build(generator, json.loads(params))
    return (_request(kind, order, index, built["args"], limit, False), built["expected"],
            _methods(kind, built["args"]))


def resolve_tests(problem: Problem) -> list[ResolvedTest]:
    """Every test with its data, in running order: visible, hidden, then large ones."""
    resolved = []
    for index, case in enumerate(problem.tests):
        limit = problem.time_limit if case.large else SMALL_LIMIT
        kind, order = problem.kind, problem.params
        if case.generator:
            params = json.dumps(case.params, sort_keys=True)
            request, expected, methods = _generated(case.generator, params, kind, order, index,
                                                    limit)
        else:
            request = _request(kind, order, index, case.args, limit, not case.hidden)
            expected, methods = case.expected, _methods(kind, case.args)
        resolved.append(ResolvedTest(index, case, limit, request, expected, methods))
    return sorted(resolved, key=lambda t: (t.case.large, t.case.hidden, t.index))


def show_value(value: Any) -> str:
    text = json.dumps(value, default=_shown)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _shown(value: Any) -> Any:
    """Sets and tuples as a candidate reads them in a result table."""
    if isinstance(value, frozenset):
        return sorted(value, key=repr)
    return repr(value)


def describe_input(problem: Problem, args: Any) -> str:
    if problem.kind == "class":
        calls = [f"{op}({', '.join(json.dumps(a) for a in op_args)})"
                 for op, op_args in zip(args["ops"], args["args"])]
        text = ", ".join(calls)
        return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
    return ", ".join(f"{name}={show_value(args[name])}" for name in problem.params)


def _event(line: str | None) -> dict[str, Any]:
    """A line as an event; anything that is not a JSON object is an empty one."""
    if line is None:
        return {}
    try:
        event = json.loads(line)
    except (ValueError, RecursionError):
        return {}
    return event if isinstance(event, dict) else {}


class Checker:
    """Runs one solution for one problem; `check_solution` is the usual way in."""

    def __init__(self, problem: Problem, source: str, sandbox: Sandbox) -> None:
        self.problem = problem
        self.source = source
        self.sandbox = sandbox
        self.tests = resolve_tests(problem)
        self.outcomes: dict[int, TestOutcome] = {}
        self.isolation: Isolation = sandbox.isolation
        self.error: str | None = None

    def _head(self) -> bytes:
        entry: dict[str, Any] = {"kind": self.problem.kind, "name": self.problem.entry,
                                 "params": list(self.problem.params),
                                 "arg_types": self.problem.arg_types,
                                 "returns": self.problem.returns}
        if self.problem.kind == "class":
            entry["methods"] = sorted(set().union(*(t.methods for t in self.tests)))
        return (json.dumps({"source": self.source, "entry": entry,
                            "setup_limit": SETUP_LIMIT}) + "\n").encode()

    def _limits(self, tests: list[ResolvedTest]) -> Limits:
        budget = START_GRACE + SETUP_LIMIT + sum(t.allowance + GRACE for t in tests)
        return Limits(wall_seconds=budget, cpu_seconds=math.ceil(budget))

    def _outcome(self, test: ResolvedTest, passed: bool, status: str, error: str = "",
                 seconds: float | None = None, actual: str = "", stdout: str = "") -> TestOutcome:
        case = test.case
        shown = not case.hidden
        if status == "timeout" and not error:
            error = f"ran out of time ({test.limit:g} s limit)"
        return TestOutcome(
            index=test.index, name=case.name, hidden=case.hidden, large=case.large,
            passed=passed, status=status, seconds=None if seconds is None else round(seconds, 4),
            error=error, input=describe_input(self.problem, case.args) if shown else "",
            expected=show_value(test.expected) if shown else "",
            actual=actual if shown else "", stdout=stdout if shown else "")

    def _fail_rest(self, status: str, error: str) -> None:
        for test in self.tests:
            if test.index not in self.outcomes:
                self.outcomes[test.index] = self._outcome(test, False, status, error)

    def _timeouts(self) -> int:
        return sum(1 for o in self.outcomes.values() if o.status == "timeout")

    def run(self) -> CheckResult:
        started = time.monotonic()
        for _ in range(MAX_PROCESSES):
            pending = [t for t in self.tests if t.index not in self.outcomes]
            if not pending or not self._one_process(pending):
                break
            if self._timeouts() >= MAX_TIMEOUTS:
                self._fail_rest("not_run",
                                f"not run: stopped after {MAX_TIMEOUTS} tests ran out of time")
        self._fail_rest("not_run", "not run: the solution kept crashing the sandbox")
        ordered = tuple(self.outcomes[t.index] for t in sorted(self.tests, key=lambda t: t.index))
        return CheckResult(self.problem.id, self.problem.title, self.problem.difficulty,
                           self.problem.complexity, ordered, self.isolation,
                           self.error, time.monotonic() - started)

    def _one_process(self, pending: list[ResolvedTest]) -> bool:
        """Run tests in one fresh process; True when a fresh one should take the rest."""
        with self.sandbox.start(self._limits(pending)) as process:
            process.send(self._head())
            report = _event(process.receive(START_GRACE + SETUP_LIMIT))
            if report.get("event") != "sandbox":
                return self._broken(process, "the sandbox could not run the solution")
            self.isolation = self.sandbox.isolation.with_report(report)
            loaded = _event(process.receive(SETUP_LIMIT + GRACE))
            if loaded.get("event") == "setup_error":
                self.error = str(loaded.get("error") or "your code could not be loaded")
                self._fail_rest(str(loaded.get("status", "error")), self.error)
                return False
            if loaded.get("event") != "ready":
                process.close()
                self.error = f"your code stopped the process while loading: it {process.ending()}"
                self._fail_rest("crash", self.error)
                return False
            for test in pending:
                if not self._run_one(process, test):
                    return self._timeouts() < MAX_TIMEOUTS
                if self._timeouts() >= MAX_TIMEOUTS:
                    return False
        return False

    def _broken(self, process: SandboxProcess, what: str) -> bool:
        process.close()
        detail = process.stderr.strip().splitlines()[-1:] or [process.ending()]
        self.error = f"{what}: {detail[0]}"
        self._fail_rest("crash", self.error)
        return False

    def _run_one(self, process: SandboxProcess, test: ResolvedTest) -> bool:
        """Send one test, judge its reply; False when the process is gone or was killed."""
        process.send(test.request)
        sent = time.monotonic()
        line = process.receive(test.allowance + GRACE)
        seconds = time.monotonic() - sent
        reply = _event(line)
        if reply.get("event") != "result" or reply.get("index") != test.index:
            process.close()
            if line is not None:  # an answer to some other question: the channel was forged
                error = "the solution wrote into the judge's channel; its answers cannot be read"
                self.outcomes[test.index] = self._outcome(test, False, "forged", error, seconds)
                return False
            status = "timeout" if process.killed == "timeout" else "crash"
            error = "" if status == "timeout" else f"the process {process.ending()}"
            self.outcomes[test.index] = self._outcome(test, False, status, error, seconds)
            return False
        # no '"$' anywhere means no tuple, set or other marker: the JSON is the value itself
        plain = '"$' not in line  # type: ignore[operator]
        self.outcomes[test.index] = self._judge(test, reply, seconds, plain)
        return True

    def _judge(self, test: ResolvedTest, reply: dict[str, Any], seconds: float,
               plain: bool = False) -> TestOutcome:
        status = str(reply.get("status", "error"))
        stdout = str(reply.get("stdout", ""))[:2000]
        if seconds > test.allowance:  # the judge's clock, whatever the process reports
            return self._outcome(test, False, "timeout", seconds=seconds, stdout=stdout)
        if status == "unencodable":
            reason = f"{reply.get('error') or 'returned an object that is not plain data'}, " \
                     f"expected {kind_of(test.expected)}"
            return self._outcome(test, False, "wrong", reason, seconds, stdout=stdout)
        if status != "returned" or "value" not in reply:
            known = status in ("error", "timeout", "memory", "recursion", "output")
            return self._outcome(test, False, status if known else "error",
                                 str(reply.get("error") or "")[:400], seconds, stdout=stdout)
        try:
            actual = reply["value"] if plain else from_data(reply["value"])
        except Malformed as exc:
            return self._outcome(test, False, "error", f"unreadable answer: {exc}", seconds,
                                 stdout=stdout)
        passed = matches(actual, test.expected, self.problem.comparator)
        reason = "" if passed else mismatch(actual, test.expected, self.problem.comparator)
        return self._outcome(test, passed, "passed" if passed else "wrong", reason, seconds,
                             show_value(actual), stdout)


def check_solution(problem: Problem, source: str, sandbox: Sandbox | None = None) -> CheckResult:
    """Run `source` against every test of `problem` in a sandbox and score it."""
    return Checker(problem, source, sandbox or Sandbox.detect()).run()


def isolation_in_use(prefer: str | None = None) -> Isolation:
    return Sandbox.detect(prefer).isolation
