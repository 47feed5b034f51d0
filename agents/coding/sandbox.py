"""Starts untrusted Python in a separate, isolated, limited process and talks to it by lines.

Two modes, picked by `PREP_SANDBOX=auto|bwrap|process`:
- bwrap: bubblewrap gives the process its own pid, network, IPC and mount namespaces, only
  the Python runtime (read-only) and an empty size-capped tmpfs as its working folder.
- process: the process isolates itself (agents/coding/jail.py): the same namespaces and
  private root where the kernel allows them (as root, or in a user namespace); otherwise
  Landlock keeps it to reading the runtime and writing its own folder, and, as root, it runs
  under a user id of its own so every process it starts can be found and killed.
In both, the process runs under CPU, memory, process, file-size and output limits as an
unprivileged user with a scrubbed environment, and everything it started is killed when the
check ends. `Isolation` says exactly what held, for the result and for the candidate.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from agents.coding.values import MAX_RESULT_BYTES

SANDBOX_ENV = "PREP_SANDBOX"
HERE = Path(__file__).parent
HARNESS = HERE / "harness.py"
JAIL = HERE / "jail.py"
MIB = 1024 * 1024
STDERR_CAP = 64 * 1024
SCRIPT_DIR = "/sandbox"
# a user id per run, far above real accounts: its processes can be told apart and killed
RUN_UIDS = (1_000_000_000, 1_100_000_000)
# What the runtime needs besides the interpreter's own prefix; anything missing is skipped.
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc/ld.so.cache",
               "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime")
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")


class SandboxError(RuntimeError):
    """The requested isolation is not available; the message says what to do."""


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 60.0  # the hard cap for one process, whatever the tests need
    cpu_seconds: int = 30
    memory_bytes: int = 768 * MIB  # address space: pandas alone maps about 460 MB
    max_processes: int = 8  # the process itself included; bounds a fork bomb
    max_file_bytes: int = 8 * MIB
    max_open_files: int = 128
    work_bytes: int = 16 * MIB  # size of the private working folder
    max_output_bytes: int = 4 * MAX_RESULT_BYTES  # all a process may send back
    max_line_bytes: int = MAX_RESULT_BYTES + 64 * 1024  # one result: the value and its frame


FULL = ("own pid, mount, network and IPC namespaces", "sees only the Python runtime, read-only",
        "private empty working folder", "unprivileged user",
        "every process it starts is killed at the end",
        "CPU, memory, process, file-size and output limits", "scrubbed environment")


@dataclass(frozen=True)
class Isolation:
    """What held for one run: `held` and `missing` in words, for the result and the user."""

    name: str  # "bwrap" or "process"
    held: tuple[str, ...] = FULL
    missing: tuple[str, ...] = ()
    reason: str = ""  # why bubblewrap was not used

    @property
    def full(self) -> bool:
        return not self.missing

    @property
    def network(self) -> bool:
        """No route out of the sandbox."""
        return not any("network" in m for m in self.missing)

    @property
    def filesystem(self) -> bool:
        """Host files neither readable nor writable."""
        return not any("files" in m or "folders" in m for m in self.missing)

    def describe(self) -> str:
        how = "bubblewrap" if self.name == "bwrap" else "own process"
        text = f"{how}: {'; '.join(self.held)}"
        if self.missing:
            why = f" ({self.reason})" if self.reason else ""
            text += (f". WEAKER ISOLATION: {'; '.join(self.missing)}. Install bubblewrap "
                     f"(apt-get install bubblewrap) for full isolation{why}")
        return text

    def warning(self) -> str:
        """One line for the candidate when isolation was weaker ('' when it was full)."""
        if self.full:
            return ""
        return (f"Warning: your code ran with weaker isolation ({'; '.join(self.missing)}). "
                "Install bubblewrap (apt-get install bubblewrap) for full isolation.")

    def plain_warning(self) -> str:
        """The same, in a candidate's words: what it means for them, no kernel terms."""
        if self.full:
            return ""
        return ("Your code ran in a lighter sandbox on this machine, so it was less walled off "
                "from the rest of the computer; the test results are the same. (The full "
                "sandbox needs the bubblewrap package.)")

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "full": self.full, "held": list(self.held),
                "missing": list(self.missing), "description": self.describe()}

    def with_report(self, report: dict[str, object]) -> Isolation:
        """What the process itself achieved (its first line, written before any candidate
        code ran), which may be less than was planned."""
        if self.name == "bwrap" or report.get("namespaces"):
            return self
        held = ["private empty working folder",
                "CPU, memory, process, file-size and output limits", "scrubbed environment"]
        missing = []
        landlock = [str(h) for h in report.get("landlock") or []]
        held += landlock
        if not landlock:
            missing += ["host files readable, including the problem files",
                        "shared folders such as /tmp writable"]
        if report.get("network"):
            held.append("no network (own network namespace)")
        elif not any("TCP" in h for h in landlock):
            missing.append("network reachable")
        missing.append("Unix sockets of the host reachable")
        if report.get("uid", 0) >= RUN_UIDS[0]:
            held += ["unprivileged user of its own",
                     "every process it starts is killed at the end"]
        else:
            missing.append("a process that starts its own session can outlive the check")
        if not report.get("runtime_readable", True):
            missing.append("only common modules can be imported")
        return Isolation(self.name, tuple(held), tuple(missing),
                         self.reason or str(report.get("namespace_error") or ""))


def _is_root() -> bool:
    return os.geteuid() == 0


def _tasks_of(uid: int) -> int:
    """Threads and processes the user runs now: RLIMIT_NPROC counts them all, host-wide."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry}/task"))
    return count


def _runtime_dirs() -> list[str]:
    """The interpreter's folders; nested ones are covered by their parent."""
    paths = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix, sys.exec_prefix)}
    paths |= {os.path.realpath(p) for p in sys.path if p and os.path.isdir(p)
              and "site-packages" in p}
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path == k or path.startswith(k + "/") for k in kept + ["/usr"]):
            kept.append(path)
    return kept


def _work_dir() -> str:
    """The sandbox's empty working folder: /tmp, unless the Python runtime itself lives under
    /tmp (a project cloned there), which a tmpfs on /tmp would hide."""
    runtime_in_tmp = any(p == "/tmp" or p.startswith("/tmp/") for p in _runtime_dirs())
    return "/sandbox-work" if runtime_in_tmp else "/tmp"


def _bwrap_argv(bwrap: str, limits: Limits) -> list[str]:
    argv = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--new-session", "--die-with-parent"]
    if not _is_root():
        argv.append("--unshare-user")  # unprivileged bubblewrap needs a user namespace
    for path in SYSTEM_DIRS:
        argv += ["--ro-bind-try", path, path]
    made: set[str] = set()
    for path in _runtime_dirs():
        # folders bubblewrap creates on the way are root-only (0700) unless told otherwise,
        # and the solution runs as an unprivileged user that must reach the runtime
        for parent in reversed(Path(path).parents[:-1]):
            if str(parent) not in made:
                argv += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
        argv += ["--ro-bind", path, path]
    argv += ["--ro-bind", str(HERE), SCRIPT_DIR,  # the harness and its helpers
             "--dev", "/dev", "--proc", "/proc",
             "--perms", "1777", "--size", str(limits.work_bytes), "--tmpfs", _work_dir(),
             "--chdir", _work_dir(), "--"]
    return argv


def _environment(work: str, token: str) -> dict[str, str]:
    """Nothing of the caller's environment: no keys, tokens or paths leak into the solution."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": work, "TMPDIR": work,
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PREP_SANDBOX_RUN": token}
    # one thread each: BLAS thread pools would count against the process limit
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"
    return env


@lru_cache(maxsize=4)
def _bwrap_problem(bwrap: str) -> str:
    """Why bubblewrap cannot run a sandbox here ('' when it can), tried once per process."""
    argv = _bwrap_argv(bwrap, Limits()) + [sys.executable, "-I", "-c", "pass"]
    return _probe(argv, "/", "bwrap")  # bubblewrap changes into the sandbox's folder itself


@lru_cache(maxsize=1)
def _namespaces_problem() -> str:
    """Why the process mode cannot enter namespaces here ('' when it can)."""
    work = tempfile.mkdtemp(prefix="prep-probe-")
    try:
        argv = [sys.executable, "-I", "-B", str(JAIL), json.dumps(_runtime_dirs())]
        return _probe(argv, work, "namespaces")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _probe(argv: list[str], cwd: str, what: str) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, timeout=20, cwd=cwd,
                              env=_environment(_work_dir(), ""), stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{what} could not start: {exc}"
    if done.returncode:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["no message"]
        return f"{what} failed here: {lines[-1]}"
    return ""


class SandboxProcess:
    """One live sandboxed process: send it lines, read its lines under deadlines, then close.

    A read gives up at its deadline, at `limits.wall_seconds` since the start, or when the
    process has written more than `limits.max_output_bytes` (or one line longer than
    `limits.max_line_bytes`); `killed` then says which, and the caller closes the process.
    """

    def __init__(self, argv: list[str], cwd: str, env: dict[str, str], limits: Limits,
                 run_uid: int | None, token: str, cleanup: str | None) -> None:
        self.limits = limits
        self.run_uid = run_uid
        self.token = token
        self.cleanup = cleanup
        self.started = time.monotonic()
        self.killed = ""  # "" | "timeout" | "output"
        self._pending = bytearray()
        self._stderr = bytearray()
        self._received = 0
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, cwd=cwd, env=env,
                                         start_new_session=True, close_fds=True)
        except OSError as exc:
            self._remove_work()
            raise SandboxError(f"could not start the sandbox: {exc}") from exc
        self._selector = selectors.DefaultSelector()
        for stream in (self.proc.stdout, self.proc.stderr):
            os.set_blocking(stream.fileno(), False)  # type: ignore[union-attr]
            self._selector.register(stream, selectors.EVENT_READ)  # type: ignore[arg-type]

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, data: bytes) -> None:
        """Write in the background: a process that stops reading must not block the judge."""
        threading.Thread(target=_feed, args=(self.proc.stdin, data), daemon=True).start()

    def receive(self, seconds: float) -> str | None:
        """The next line, or None when the process ended, the deadline passed or a limit hit."""
        deadline = min(time.monotonic() + seconds, self.started + self.limits.wall_seconds)
        while b"\n" not in self._pending:
            if len(self._pending) > self.limits.max_line_bytes:
                self.killed = "output"
                return None
            left = deadline - time.monotonic()
            if not self._selector.get_map():
                return None
            if left <= 0:
                self.killed = "timeout"
                return None
            for key, _ in self._selector.select(left):
                if not self._read(key):
                    return None
        raw, _, rest = self._pending.partition(b"\n")
        self._pending = bytearray(rest)
        return raw.decode("utf-8", errors="replace")

    def _read(self, key: selectors.SelectorKey) -> bool:
        chunk = os.read(key.fd, 1 << 20)
        if not chunk:
            self._selector.unregister(key.fileobj)
        elif key.fileobj is self.proc.stderr:
            self._stderr += chunk[: max(0, STDERR_CAP - len(self._stderr))]
        else:
            self._received += len(chunk)
            if self._received > self.limits.max_output_bytes:
                self.killed = "output"
                return False
            self._pending += chunk
        return True

    @property
    def stderr(self) -> str:
        return self._stderr.decode(errors="replace")

    def ending(self) -> str:
        """How the process ended, in words a candidate can act on (after close)."""
        if self.killed == "timeout":
            return "ran out of time and was stopped"
        if self.killed == "output":
            return f"wrote more than {self.limits.max_output_bytes // MIB} MB and was stopped"
        code = self.proc.returncode or 0
        number = -code if code < 0 else code - 128 if code > 128 else 0
        if number:
            with contextlib.suppress(ValueError):
                return _SIGNAL_WORDS.get(signal.Signals(number), f"was killed by signal {number}")
        return f"exited with code {code}" if code else "exited"

    def close(self) -> None:
        """Kill the process and everything it started, then remove its folder."""
        with contextlib.suppress(OSError):
            self.proc.stdin.close()  # type: ignore[union-attr]
        if self.proc.poll() is None and not self.killed:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=0.5)  # a harness that is done exits on end of input
        _end(self.proc, self.token, self.run_uid)
        self._selector.close()
        self._remove_work()

    def _remove_work(self) -> None:
        if self.cleanup:
            shutil.rmtree(self.cleanup, ignore_errors=True)


_SIGNAL_WORDS = {
    signal.SIGXCPU: "used up its CPU time and was stopped",
    signal.SIGSEGV: "crashed (segmentation fault; very deep recursion does this)",
    signal.SIGKILL: "was killed (out of memory or a time limit)",
    signal.SIGABRT: "aborted",
    signal.SIGXFSZ: "wrote a file larger than the limit",
}


def _feed(stream: object, payload: bytes) -> None:
    with contextlib.suppress(OSError, ValueError):  # the process may die before reading it all
        stream.write(payload)  # type: ignore[attr-defined]
        stream.flush()  # type: ignore[attr-defined]


@dataclass
class Sandbox:
    """Chooses the isolation once; each `start` is one fresh, limited process."""

    isolation: Isolation
    bwrap: str | None = None
    namespaces: bool = True  # process mode: try namespaces before Landlock

    @classmethod
    def detect(cls, prefer: str | None = None) -> Sandbox:
        """bubblewrap if it works here, else the process mode (`prefer` forces one)."""
        choice = (prefer or os.environ.get(SANDBOX_ENV) or "auto").strip().lower()
        if choice not in ("auto", "bwrap", "process"):
            raise SandboxError(f"{SANDBOX_ENV} must be auto, bwrap or process, not {choice!r}")
        bwrap = shutil.which("bwrap")
        problem = "" if bwrap else "bwrap is not installed"
        if bwrap and choice != "process":
            problem = _bwrap_problem(bwrap)
        if choice == "bwrap" and problem:
            raise SandboxError(f"{problem}; install bubblewrap or set {SANDBOX_ENV}=auto")
        if choice != "process" and not problem:
            return cls(Isolation("bwrap"), bwrap)
        return cls.process(problem if choice == "auto" else "the process mode was asked for")

    @classmethod
    def process(cls, reason: str = "", namespaces: bool = True) -> Sandbox:
        """The process mode; `namespaces=False` skips straight to the weaker fallback."""
        problem = _namespaces_problem() if namespaces else "namespaces were not asked for"
        planned = Isolation("process", reason=reason)
        if problem:  # what Landlock and a user id of its own can do, until a run reports
            planned = planned.with_report({"landlock": [], "network": _is_root(),
                                           "uid": RUN_UIDS[0] if _is_root() else os.getuid(),
                                           "namespace_error": problem})
        return cls(planned, None, namespaces and not problem)

    def _run_uid(self) -> int | None:
        if not _is_root():
            return None
        return random.randrange(*RUN_UIDS)

    def _limits_arg(self, limits: Limits, uid: int | None) -> str:
        nproc = limits.max_processes + (0 if uid is not None else _tasks_of(os.getuid()))
        return json.dumps({
            "mode": "bwrap" if self.bwrap else "namespaces" if self.namespaces else "plain",
            "cpu": limits.cpu_seconds, "memory": limits.memory_bytes,
            "fsize": limits.max_file_bytes, "nofile": limits.max_open_files, "nproc": nproc,
            "uid": uid, "binds": list(SYSTEM_DIRS) + _runtime_dirs(), "work": _work_dir(),
            "work_bytes": limits.work_bytes,
            "readable": list(SYSTEM_DIRS) + _runtime_dirs() + [str(HERE)] + list(DEVICES)})

    def start(self, limits: Limits) -> SandboxProcess:
        """A fresh process running the harness (agents/coding/harness.py)."""
        token, uid = uuid.uuid4().hex, self._run_uid()
        if self.bwrap:
            argv = _bwrap_argv(self.bwrap, limits) + [
                sys.executable, "-I", "-B", f"{SCRIPT_DIR}/{HARNESS.name}",
                self._limits_arg(limits, uid)]
            return SandboxProcess(argv, "/", _environment(_work_dir(), token), limits, uid,
                                  token, None)
        work = tempfile.mkdtemp(prefix="prep-code-")
        if uid is not None:
            os.chown(work, uid, uid)
        argv = [sys.executable, "-I", "-B", str(HARNESS), self._limits_arg(limits, uid)]
        home = _work_dir() if self.namespaces else work
        return SandboxProcess(argv, work, _environment(home, token), limits, uid, token, work)


def _end(proc: subprocess.Popen[bytes], token: str, uid: int | None) -> None:
    """Kill the process group before reaping (so its id cannot have been reused), then
    whatever still carries this run's mark or user id, until nothing does."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for stream in (proc.stdout, proc.stderr):
        with contextlib.suppress(OSError):
            stream.close()  # type: ignore[union-attr]
    for _ in range(200):  # a pid namespace dies asynchronously; wait for it
        if not _kill_strays(token, uid):
            break
        time.sleep(0.01)


def _kill_strays(token: str, uid: int | None) -> int:
    """Kill processes of this run that left its process group: found by the user id it alone
    runs as, or by the mark in their environment. Returns how many."""
    mark = f"PREP_SANDBOX_RUN={token}".encode()
    found = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError):
            with open(f"/proc/{entry}/stat", "rb") as handle:
                if handle.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                    continue  # already dead, waiting for its parent to reap it
            ours = uid is not None and os.stat(f"/proc/{entry}").st_uid == uid
            if not ours:
                with open(f"/proc/{entry}/environ", "rb") as handle:
                    ours = mark in handle.read().split(b"\0")
            if ours:
                os.kill(int(entry), signal.SIGKILL)
                found += 1
    return found
