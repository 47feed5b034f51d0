"""Runs a candidate's solution inside the sandbox and reports only what it returned.

This process holds the candidate's code, so nothing in it is trusted: it never receives an
expected answer, a checker or a hidden test it is not running now, and it judges nothing.
The judge (agents/coding/runner.py) sends one test's input at a time and compares the value
that comes back, decoded as plain data (agents/coding/values.py), in its own process.

Protocol, one JSON document a line:
- argv[1]: the limits and the isolation to set up;
- stdin: first {"source", "entry", "setup_limit"}, then one request a line:
  {"index", "args", "limit", "show"};
- stdout: {"event": "sandbox", ...} saying what isolation held, written before any candidate
  code runs; then {"event": "ready"} or {"event": "setup_error", "status", "error"}; then
  for each request {"event": "result", "index", "status", "value"?, "error"?, "stdout"?}.

Standard library only, loaded with the project off sys.path: values.py and jail.py are read
from this folder by path.
"""

from __future__ import annotations

import ast
import contextlib
import ctypes
import importlib
import importlib.util
import inspect
import io
import json
import os
import resource
import signal
import sys
import time
import traceback
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))


def _load(name: str) -> Any:
    """A module of this folder, by path: a module found by name could be someone else's."""
    spec = importlib.util.spec_from_file_location(f"prep_harness_{name}",
                                                  os.path.join(HERE, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]  # as importlib's recipe does
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


_values = _load("values")
_jail = _load("jail")
CONVERT_IN, CONVERT_OUT = _values.CONVERT_IN, _values.CONVERT_OUT
HEAVY, ListNode, TreeNode = _values.HEAVY, _values.ListNode, _values.TreeNode
encode, Unencodable = _values.encode, _values.Unencodable

NOBODY = 65534
PR_SET_CHILD_SUBREAPER = 36
CLONE_NEWNET = 0x40000000
PRINT_CAP = 64 * 1024
# Pre-imported before dropping root: where Python lives in a folder only root can read (e.g. a
# pyenv under /root), the candidate could not import them afterwards.
STDLIB = ("array", "bisect", "collections", "collections.abc", "copy", "dataclasses",
          "datetime", "decimal", "encodings.idna", "enum", "fractions", "functools", "heapq",
          "itertools", "math", "numbers", "operator", "random", "re", "statistics", "string",
          "typing")
# Standard modules never imported on the solution's behalf: they act when imported.
NO_PREIMPORT = {"antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo"}


class TestTimeout(BaseException):
    """Raised by the alarm; a BaseException so `except Exception` in a solution can't eat it."""


class OutputLimit(BaseException):
    """The solution printed more than PRINT_CAP characters in one test."""


class CappedOutput(io.TextIOBase):
    """Stands in for stdout/stderr during a test: keeps the start, stops a flood."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        if self.size > PRINT_CAP:
            raise OutputLimit
        self.parts.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)[:2000]


def _alarm(signum: int, frame: Any) -> None:
    raise TestTimeout


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


# --- isolation ------------------------------------------------------------------------------

def _enter_namespaces(limits: dict[str, Any]) -> str:
    """'' when the namespaces and private root hold, else why not."""
    try:
        _jail.enter_namespaces(limits["binds"], HERE, limits["work"], limits["work_bytes"])
    except OSError as exc:
        return str(exc)
    return ""


def _set_limits(limits: dict[str, Any]) -> None:
    for name, value in (("RLIMIT_CORE", 0), ("RLIMIT_AS", limits["memory"]),
                        ("RLIMIT_FSIZE", limits["fsize"]), ("RLIMIT_NOFILE", limits["nofile"]),
                        ("RLIMIT_NPROC", limits["nproc"])):
        resource.setrlimit(getattr(resource, name), (value, value))
    # soft limit sends SIGXCPU, the hard one a second later SIGKILL
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu"], limits["cpu"] + 1))
    with contextlib.suppress(OSError, AttributeError):
        # orphans of a fork bomb are re-parented here, so they can be found and killed
        _libc().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _drop_root(uid: int) -> None:
    """RLIMIT_NPROC does not bind root, so the solution runs as an unprivileged user."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if os.geteuid() == 0 or os.getuid() == 0:
        raise SystemExit("could not drop root")


def prepare(limits: dict[str, Any], source: str) -> dict[str, Any]:
    """Isolate, limit, pre-import, drop root for good; returns what held, for the judge."""
    report: dict[str, Any] = {"event": "sandbox", "mode": limits["mode"]}
    if limits["mode"] == "namespaces":
        report["namespace_error"] = _enter_namespaces(limits)
        report["namespaces"] = not report["namespace_error"]
    _set_limits(limits)
    root = os.geteuid() == 0
    network_cut = limits["mode"] == "bwrap" or report.get("namespaces", False)
    if not network_cut and root and _libc().unshare(CLONE_NEWNET) == 0:
        network_cut = True  # without namespaces for the rest, root can still cut the network
    report["network"] = network_cut
    for name in STDLIB + tuple(sorted(imported_modules(source))):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    if root and limits["uid"] is not None:
        _drop_root(limits["uid"])
    report["uid"] = os.getuid()
    if limits["mode"] == "plain" or (limits["mode"] == "namespaces"
                                     and not report["namespaces"]):
        report["landlock"] = _jail.restrict_with_landlock(
            limits["readable"], [os.getcwd(), "/dev/null"])
    report["runtime_readable"] = os.access(os.path.dirname(os.__file__), os.R_OK | os.X_OK)
    return report


def imported_modules(source: str) -> set[str]:
    """Standard (and NumPy/Pandas) modules the source imports, to load before dropping root."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    known = set(sys.stdlib_module_names) | set(HEAVY)
    return {n for n in names if n.split(".")[0] in known - NO_PREIMPORT}


# --- cleaning up after a test -------------------------------------------------------------

def kill_descendants(main_pid: int) -> None:
    """Kill whatever the solution started; as subreaper we inherit its orphans too."""
    if os.getpid() != main_pid:
        os._exit(0)  # a forked copy of this harness must never report results
    for _ in range(100):
        children = _children(main_pid)
        if not children:
            break
        for pid in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        _reap()
    _reap()


def _children(parent: int) -> list[int]:
    try:
        os.waitpid(-1, os.WNOHANG)  # cheap answer to the usual question: no children at all
    except ChildProcessError:
        return []
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
    return found


def _reap() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


# --- running the solution -----------------------------------------------------------------

def _error_text(exc: BaseException) -> str:
    """The exception and the solution's own innermost line, without harness frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "solution.py"]
    where = f" (line {frames[-1].lineno})" if frames else ""
    message = str(exc)
    if len(message) > 200:
        message = message[:200] + "…"
    return f"{type(exc).__name__}: {message}{where}" if message else f"{type(exc).__name__}{where}"


def status_of(exc: BaseException) -> str:
    if isinstance(exc, TestTimeout):
        return "timeout"
    if isinstance(exc, OutputLimit):
        return "output"
    if isinstance(exc, MemoryError):
        return "memory"
    if isinstance(exc, RecursionError):
        return "recursion"
    if isinstance(exc, Unencodable):
        return "unencodable"
    return "error"


class Outcome:
    """What one guarded call did: its value or exception, its time and what it printed."""

    def __init__(self) -> None:
        self.value: Any = None
        self.exc: BaseException | None = None
        self.seconds = 0.0
        self.output = CappedOutput()


class Harness:
    def __init__(self, head: dict[str, Any]) -> None:
        self.source = head["source"]
        self.entry = head["entry"]
        self.setup_limit = head["setup_limit"]
        self.main_pid = os.getpid()
        self.target: Any = None

    def guarded(self, action: Any, limit: float) -> Outcome:
        """Run action under the alarm with its output captured, then kill what it started."""
        outcome = Outcome()
        started = time.perf_counter()
        try:
            with contextlib.redirect_stdout(outcome.output), \
                    contextlib.redirect_stderr(outcome.output):
                signal.setitimer(signal.ITIMER_REAL, limit)
                try:
                    outcome.value = action()
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except BaseException as exc:  # noqa: BLE001 - everything the solution raises is a result
            outcome.exc = exc
        outcome.seconds = time.perf_counter() - started
        kill_descendants(self.main_pid)
        return outcome

    def load(self) -> dict[str, Any]:
        """Compile and run the module, then find the entry point: the 'ready' event or why not."""
        try:
            code = compile(self.source, "solution.py", "exec")
        except (SyntaxError, ValueError) as exc:
            line = getattr(exc, "lineno", None)
            where = f" on line {line}" if line else ""
            return {"event": "setup_error", "status": "syntax",
                    "error": f"syntax error{where}: {getattr(exc, 'msg', exc)}"}
        namespace: dict[str, Any] = {"__name__": "solution", "ListNode": ListNode,
                                     "TreeNode": TreeNode}
        loaded = self.guarded(lambda: exec(code, namespace), self.setup_limit)
        if loaded.exc is not None:
            status = status_of(loaded.exc)
            reason = {"timeout": f"it took longer than {self.setup_limit:g} s",
                      "memory": "it ran out of memory",
                      "output": "it printed too much"}.get(status) or _error_text(loaded.exc)
            return {"event": "setup_error", "status": status,
                    "error": f"your code failed when loaded: {reason}"}
        problem = self._signature_problem(namespace.get(self.entry["name"]))
        if problem:
            return {"event": "setup_error", "status": "signature", "error": problem}
        self.target = namespace[self.entry["name"]]
        return {"event": "ready"}

    def _signature_problem(self, target: Any) -> str:
        name, params = self.entry["name"], self.entry.get("params", [])
        expected = f"{name}({', '.join(params)})"
        if self.entry["kind"] == "class":
            if not inspect.isclass(target):
                return f"wrong signature: no class named {name}"
            missing = [m for m in self.entry.get("methods", []) if not hasattr(target, m)]
            return f"wrong signature: {name} has no method {', '.join(missing)}" if missing else ""
        if not callable(target):
            return f"wrong signature: no function named {name}; expected {expected}"
        try:
            inspect.signature(target).bind(*params)
        except TypeError:
            return f"wrong signature: expected {expected}, found {name}{_sig(target)}"
        except ValueError:
            pass  # builtins without a signature: let the call decide
        return ""

    def call(self, args: Any) -> Any:
        """The solution's answer for one test's arguments."""
        if self.entry["kind"] == "class":
            ops, op_args = args["ops"], args["args"]
            obj = self.target(*op_args[0])
            return [None] + [getattr(obj, op)(*a) for op, a in zip(ops[1:], op_args[1:])]
        types = self.entry.get("arg_types", {})
        values = [CONVERT_IN[types[p]](v) if p in types else v
                  for p, v in zip(self.entry["params"], args)]
        value = self.target(*values)
        returns = self.entry.get("returns")
        return CONVERT_OUT[returns](value) if returns else value

    def run_test(self, request: dict[str, Any]) -> str:
        """One request answered: the result line, with the value as encoded JSON."""
        run = self.guarded(lambda: encode(self.call(request["args"])), request["limit"])
        result: dict[str, Any] = {"event": "result", "index": request["index"],
                                  "seconds": round(run.seconds, 4)}
        if request.get("show"):
            result["stdout"] = run.output.text()
        if run.exc is not None:
            status = status_of(run.exc)
            error = {"error": _error_text(run.exc),
                     "unencodable": run.exc.describe() if isinstance(run.exc, Unencodable)
                     else ""}.get(status, "")
            result.update(status=status, error=error)
            return json.dumps(result)
        result["status"] = "returned"
        return json.dumps(result)[:-1] + ', "value": ' + run.value + "}"


def _sig(target: Any) -> str:
    try:
        return str(inspect.signature(target))
    except (TypeError, ValueError):
        return "(...)"


def main() -> None:
    limits = json.loads(sys.argv[1])
    requests = os.fdopen(os.dup(0), "rb")
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    harness_pid = os.getpid()

    def emit(line: str) -> None:
        if os.getpid() == harness_pid:  # a forked copy never speaks for the harness
            out.write(line + "\n")
            out.flush()

    head = json.loads(requests.readline())
    report = prepare(limits, head["source"])
    harness_pid = os.getpid()  # entering namespaces forks: this process is the harness now
    # the solution's own writes to fd 1 and 2 go nowhere and fd 0 gives it nothing; print()
    # is captured per test
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    signal.signal(signal.SIGALRM, _alarm)
    emit(json.dumps(report))
    harness = Harness(head)
    try:
        loaded = harness.load()
        emit(json.dumps(loaded))
        if loaded["event"] == "ready":
            for line in requests:
                emit(harness.run_test(json.loads(line)))
    except BaseException as exc:  # noqa: BLE001 - report, never hang
        emit(json.dumps({"event": "harness_error", "error": _error_text(exc)}))
    os._exit(0)  # threads the solution left running must not keep the process alive


if __name__ == "__main__":
    main()
