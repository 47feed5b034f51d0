"""Runs a candidate's solution against tests inside the sandbox and reports JSON lines.

Started by `agents/coding/sandbox.py` as `python -I harness.py LIMITS_JSON` with the payload
(solution source, entry point, tests) on stdin. Standard library only: inside the sandbox the
project is not importable. Trusted work comes first (limits, dropping root, reading the input);
the candidate's code runs only after that. One line of JSON per event goes to the original
stdout: `sandbox`, then `ready` or `setup_error`, then `start`/`result` per test, then `done`.

The sandbox protects the machine, not the score: code running in this process could forge
its own results, which only cheats the person practising.
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


def _load_values() -> Any:
    """values.py from this folder, by path: the harness runs with the project off sys.path,
    and a module found by name could be someone else's."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "values.py")
    spec = importlib.util.spec_from_file_location("prep_harness_values", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]  # as importlib's recipe does
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


_values = _load_values()
COMPARATORS, CONVERT_IN, CONVERT_OUT = _values.COMPARATORS, _values.CONVERT_IN, _values.CONVERT_OUT
HEAVY, ListNode, TreeNode, to_plain = (_values.HEAVY, _values.ListNode, _values.TreeNode,
                                       _values.to_plain)

NOBODY = 65534
PR_SET_CHILD_SUBREAPER = 36
CLONE_NEWNET = 0x40000000
SHOWN_CHARS = 300
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


# --- running ------------------------------------------------------------------------------

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


def shown(value: Any) -> str:
    try:
        text = json.dumps(value, default=repr)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _alarm(signum: int, frame: Any) -> None:
    raise TestTimeout


def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def prepare(limits: dict[str, Any], source: str) -> dict[str, Any]:
    """Limits, subreaper, optional network namespace, imports, then drop root for good."""
    for name, value in (("RLIMIT_CORE", 0), ("RLIMIT_AS", limits["memory"]),
                        ("RLIMIT_FSIZE", limits["fsize"]), ("RLIMIT_NOFILE", limits["nofile"]),
                        ("RLIMIT_NPROC", limits["nproc"])):
        resource.setrlimit(getattr(resource, name), (value, value))
    # soft limit sends SIGXCPU, the hard one a second later SIGKILL
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu"], limits["cpu"] + 1))
    report: dict[str, Any] = {"event": "sandbox", "network": limits.get("network", "shared")}
    with contextlib.suppress(OSError, AttributeError):
        # orphans of a fork bomb are re-parented here, so they can be found and killed
        _libc().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    root = os.geteuid() == 0
    if limits.get("unshare_net") and root and _libc().unshare(CLONE_NEWNET) == 0:
        report["network"] = "namespace"  # without bwrap, root can still cut the network
    for name in STDLIB + tuple(sorted(imported_modules(source))):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    if root:
        # RLIMIT_NPROC does not bind root, so the solution runs as an unprivileged user
        os.setgroups([])
        os.setgid(limits.get("uid", NOBODY))
        os.setuid(limits.get("uid", NOBODY))
        if os.geteuid() == 0 or os.getuid() == 0:
            raise SystemExit("could not drop root")
    runtime = os.path.dirname(os.__file__)
    report.update(uid=os.getuid(), nproc=limits["nproc"],
                  runtime_readable=os.access(runtime, os.R_OK | os.X_OK))
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
    return "error"


class Outcome:
    """What one guarded call did: its value or exception, its time and what it printed."""

    def __init__(self) -> None:
        self.value: Any = None
        self.exc: BaseException | None = None
        self.seconds = 0.0
        self.output = CappedOutput()


class Harness:
    def __init__(self, payload: dict[str, Any], emit: Any) -> None:
        self.payload = payload
        self.emit = emit
        self.entry = payload["entry"]
        self.compare = COMPARATORS[payload["comparator"]]
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

    def load(self) -> bool:
        """Compile and run the module, then find the entry point; False with an event if not."""
        try:
            code = compile(self.payload["source"], "solution.py", "exec")
        except (SyntaxError, ValueError) as exc:
            line = getattr(exc, "lineno", None)
            where = f" on line {line}" if line else ""
            self.emit({"event": "setup_error", "status": "syntax",
                       "error": f"syntax error{where}: {getattr(exc, 'msg', exc)}"})
            return False
        namespace: dict[str, Any] = {"__name__": "solution", "ListNode": ListNode,
                                     "TreeNode": TreeNode}
        limit = self.payload["setup_limit"]
        loaded = self.guarded(lambda: exec(code, namespace), limit)
        if loaded.exc is not None:
            status = status_of(loaded.exc)
            reason = {"timeout": f"it took longer than {limit:g} s",
                      "memory": "it ran out of memory",
                      "output": "it printed too much"}.get(status) or _error_text(loaded.exc)
            self.emit({"event": "setup_error", "status": status,
                       "error": f"your code failed when loaded: {reason}"})
            return False
        problem = self._signature_problem(namespace.get(self.entry["name"]))
        if problem:
            self.emit({"event": "setup_error", "status": "signature", "error": problem})
            return False
        self.target = namespace[self.entry["name"]]
        return True

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

    def call(self, test: dict[str, Any]) -> Any:
        if self.entry["kind"] == "class":
            ops, args = test["args"]["ops"], test["args"]["args"]
            obj = self.target(*args[0])
            return [None] + [to_plain(getattr(obj, op)(*a)) for op, a in zip(ops[1:], args[1:])]
        types = self.entry.get("arg_types", {})
        args = [CONVERT_IN[types[p]](v) if p in types else v
                for p, v in zip(self.entry["params"], test["args"])]
        value = self.target(*args)
        returns = self.entry.get("returns")
        return CONVERT_OUT[returns](value) if returns else to_plain(value)

    def run_test(self, test: dict[str, Any]) -> dict[str, Any]:
        run = self.guarded(lambda: self.call(test), test["limit"])
        result: dict[str, Any] = {"event": "result", "index": test["index"],
                                  "seconds": round(run.seconds, 4)}
        if run.exc is not None:
            status = status_of(run.exc)
            result.update(passed=False, status=status,
                          error=_error_text(run.exc) if status == "error" else "")
        else:
            try:
                passed = bool(self.compare(run.value, test["expected"]))
            except Exception:  # noqa: BLE001 - an odd result type is a wrong answer
                passed = False
            result.update(passed=passed, status="passed" if passed else "wrong")
            if test.get("show"):
                result["actual"] = shown(run.value)
        if test.get("show"):
            result["stdout"] = run.output.text()
        return result

    def run(self) -> None:
        if not self.load():
            return
        self.emit({"event": "ready"})
        timeouts, allowed = 0, self.payload.get("max_timeouts", 2)
        for test in self.payload["tests"]:
            self.emit({"event": "start", "index": test["index"]})
            result = self.run_test(test)
            self.emit(result)
            timeouts += result["status"] == "timeout"
            if timeouts >= allowed:
                self.emit({"event": "stopped", "reason": "timeouts"})
                return
        self.emit({"event": "done"})


def _sig(target: Any) -> str:
    try:
        return str(inspect.signature(target))
    except (TypeError, ValueError):
        return "(...)"


def main() -> None:
    limits = json.loads(sys.argv[1])
    payload = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    harness_pid = os.getpid()

    def emit(event: dict[str, Any]) -> None:
        if os.getpid() == harness_pid:  # a forked copy never speaks for the harness
            out.write(json.dumps(event) + "\n")
            out.flush()

    report = prepare(limits, payload["source"])
    # the solution's own writes to fd 1 and 2 go nowhere; print() is captured per test
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    signal.signal(signal.SIGALRM, _alarm)
    emit(report)
    try:
        Harness(payload, emit).run()
    except BaseException as exc:  # noqa: BLE001 - report, never hang
        emit({"event": "harness_error", "error": _error_text(exc)})
    out.flush()
    os._exit(0)  # threads the solution left running must not keep the process alive


if __name__ == "__main__":
    main()
