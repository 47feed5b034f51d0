"""Runs untrusted Python in a separate, limited process: bubblewrap where it works, else rlimits.

With bubblewrap the process gets its own pid, network, IPC and UTS namespaces, sees only the
Python runtime (read-only) and an empty size-capped tmpfs as its working folder, and is killed
with its whole pid namespace on timeout. Without it, the process still runs with a scrubbed
environment in an empty temporary folder under CPU, memory, file-size and process limits, and
the result says the isolation was weaker.

The script run here (agents/coding/harness.py) receives its limits as JSON in argv[1] and
applies them to itself before reading any untrusted input: rlimits, then dropping root to an
unprivileged uid (the kernel does not apply RLIMIT_NPROC to root, so only that drop stops a
fork bomb), then the work. `PREP_SANDBOX=auto|bwrap|process` forces a choice.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SANDBOX_ENV = "PREP_SANDBOX"
NOBODY = 65534
MIB = 1024 * 1024
STDERR_CAP = 64 * 1024
SCRIPT_DIR = "/sandbox"
# What the runtime needs besides the interpreter's own prefix; anything missing is skipped.
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc/ld.so.cache",
               "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime")

# Called with each line the process prints; returns seconds until the next deadline, or None
# to keep the current one.
LineWatcher = Callable[[str], "float | None"]


class SandboxError(RuntimeError):
    """The requested isolation is not available; the message says what to do."""


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 60.0  # the hard cap for one process, whatever the watcher says
    cpu_seconds: int = 30
    memory_bytes: int = 768 * MIB  # address space: pandas alone maps about 460 MB
    max_processes: int = 8  # the process itself included; bounds a fork bomb
    max_file_bytes: int = 8 * MIB
    max_open_files: int = 128
    work_bytes: int = 16 * MIB  # size of the tmpfs working folder under bubblewrap
    max_output_bytes: int = 4 * MIB  # what is read back from the process


@dataclass(frozen=True)
class Isolation:
    name: str  # "bwrap" or "process"
    network: bool  # no route out of the sandbox
    filesystem: bool  # host files neither readable nor writable
    processes: bool  # the process-count limit binds (not root)
    reason: str = ""  # why bubblewrap was not used
    # Python's folder is unreadable by the unprivileged user (e.g. a pyenv under /root), so
    # only modules loaded before dropping root can be imported
    limited_imports: bool = False

    def describe(self) -> str:
        if self.name == "bwrap":
            return ("bubblewrap: own pid, network and IPC namespaces, read-only Python runtime "
                    "and nothing else of the host, empty tmpfs working folder, unprivileged "
                    "uid, CPU/memory/process/file-size limits")
        held = ["CPU/memory/file-size limits", "scrubbed environment", "empty temp folder"]
        held += ["process limit"] if self.processes else []
        held += ["no network"] if self.network else []
        open_ = ["host files readable"] + ([] if self.network else ["network reachable"])
        why = f" ({self.reason})" if self.reason else ""
        imports = ("; only common modules can be imported, as Python's folder is not readable "
                   "by the unprivileged user" if self.limited_imports else "")
        return (f"weaker isolation, separate process only: {', '.join(held)}; "
                f"{' and '.join(open_)}{imports}. Install bubblewrap for full isolation{why}")

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "network": self.network, "filesystem": self.filesystem,
                "processes": self.processes, "description": self.describe()}


@dataclass(frozen=True)
class SandboxRun:
    lines: list[str]
    returncode: int | None
    killed: str  # "" | "timeout" | "output"
    stderr: str
    seconds: float
    isolation: Isolation

    def ending(self) -> str:
        """How the process ended, in words a candidate can act on."""
        if self.killed == "timeout":
            return "ran out of time and was stopped"
        if self.killed == "output":
            return f"wrote more than {Limits().max_output_bytes // MIB} MB and was stopped"
        code = self.returncode or 0
        number = -code if code < 0 else code - 128 if code > 128 else 0
        if number:
            with contextlib.suppress(ValueError):
                return _SIGNAL_WORDS.get(signal.Signals(number), f"was killed by signal {number}")
        return f"exited with code {code}" if code else "exited"


_SIGNAL_WORDS = {
    signal.SIGXCPU: "used up its CPU time and was stopped",
    signal.SIGSEGV: "crashed (segmentation fault; very deep recursion does this)",
    signal.SIGKILL: "was killed (out of memory or a time limit)",
    signal.SIGABRT: "aborted",
    signal.SIGXFSZ: "wrote a file larger than the limit",
}


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


def _bwrap_argv(bwrap: str, script: Path, limits: Limits) -> list[str]:
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
        parents = Path(path).parents
        for parent in reversed(parents[:-1]):
            if str(parent) not in made:
                argv += ["--perms", "0755", "--dir", str(parent)]
                made.add(str(parent))
        argv += ["--ro-bind", path, path]
    argv += ["--ro-bind", str(script.parent), SCRIPT_DIR,  # the script and its helpers
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
    probe = Path(__file__)
    argv = _bwrap_argv(bwrap, probe, Limits()) + [sys.executable, "-I", "-c", "pass"]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=20,
                              env=_environment(_work_dir(), ""), stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not start: {exc}"
    if done.returncode:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["no message"]
        return f"bwrap failed here: {lines[-1]}"
    return ""


def _feed(stream: object, payload: bytes) -> None:
    with contextlib.suppress(OSError):  # the process may die before reading it all
        stream.write(payload)  # type: ignore[attr-defined]
    with contextlib.suppress(OSError):
        stream.close()  # type: ignore[attr-defined]


class Sandbox:
    """Chooses the isolation once; each `run` is one fresh, limited process."""

    def __init__(self, isolation: Isolation, bwrap: str | None = None) -> None:
        self.isolation = isolation
        self.bwrap = bwrap

    @classmethod
    def detect(cls, prefer: str | None = None) -> Sandbox:
        """bubblewrap if it works here, else a plain limited process (`prefer` forces one)."""
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
            return cls(Isolation("bwrap", network=True, filesystem=True, processes=True), bwrap)
        reason = problem if choice == "auto" else "the process level was asked for"
        return cls(Isolation("process", network=_is_root(), filesystem=False, processes=True,
                             reason=reason))

    def _limits_arg(self, limits: Limits) -> str:
        uid = NOBODY if _is_root() else os.getuid()
        return json.dumps({
            "cpu": limits.cpu_seconds, "memory": limits.memory_bytes,
            "fsize": limits.max_file_bytes, "nofile": limits.max_open_files,
            "nproc": _tasks_of(uid) + limits.max_processes, "uid": uid,
            "network": "namespace" if self.bwrap else "shared",
            "unshare_net": self.bwrap is None})

    def run(self, script: Path, payload: bytes, limits: Limits, watch: LineWatcher,
            first_deadline: float) -> SandboxRun:
        """Run `python -I -B script LIMITS` with payload on stdin, reading its lines as they come.

        Under bubblewrap the script's folder is visible, read-only, as /sandbox.

        The process is killed when a deadline passes (the first after `first_deadline`
        seconds, later ones as `watch` sets them), at `limits.wall_seconds`, or when it
        prints more than `limits.max_output_bytes`.
        """
        token = uuid.uuid4().hex
        work = None
        if self.bwrap:
            argv = _bwrap_argv(self.bwrap, script, limits) + [
                sys.executable, "-I", "-B", f"{SCRIPT_DIR}/{script.name}",
                self._limits_arg(limits)]
            cwd, env = "/", _environment(_work_dir(), token)
        else:
            work = tempfile.mkdtemp(prefix="prep-code-")
            if _is_root():
                os.chown(work, NOBODY, NOBODY)
            argv = [sys.executable, "-I", "-B", str(script), self._limits_arg(limits)]
            cwd, env = work, _environment(work, token)
        started = time.monotonic()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, cwd=cwd, env=env,
                                    start_new_session=True, close_fds=True)
        except OSError as exc:
            if work:
                shutil.rmtree(work, ignore_errors=True)
            raise SandboxError(f"could not start the sandbox: {exc}") from exc
        threading.Thread(target=_feed, args=(proc.stdin, payload), daemon=True).start()
        try:
            lines, stderr, killed = _pump(proc, limits, watch, started + first_deadline)
        finally:
            _end(proc, token)
            if work:
                shutil.rmtree(work, ignore_errors=True)
        return SandboxRun(lines, proc.returncode, killed, stderr.decode(errors="replace"),
                          time.monotonic() - started, self.isolation)


def _pump(proc: subprocess.Popen[bytes], limits: Limits, watch: LineWatcher,
          deadline: float) -> tuple[list[str], bytes, str]:
    """Read stdout lines and capped stderr until both close or a limit is hit."""
    hard = time.monotonic() + limits.wall_seconds
    selector = selectors.DefaultSelector()
    for stream in (proc.stdout, proc.stderr):
        os.set_blocking(stream.fileno(), False)  # type: ignore[union-attr]
        selector.register(stream, selectors.EVENT_READ)  # type: ignore[arg-type]
    lines: list[str] = []
    pending, stderr, total = bytearray(), bytearray(), 0
    with selector:
        while selector.get_map():
            left = min(hard, deadline) - time.monotonic()
            if left <= 0:
                return lines, bytes(stderr), "timeout"
            for key, _ in selector.select(left):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                elif key.fileobj is proc.stderr:
                    stderr += chunk[: max(0, STDERR_CAP - len(stderr))]
                else:
                    total += len(chunk)
                    if total > limits.max_output_bytes:
                        return lines, bytes(stderr), "output"
                    pending += chunk
                    while b"\n" in pending:
                        raw, _, rest = pending.partition(b"\n")
                        pending = bytearray(rest)
                        lines.append(raw.decode("utf-8", errors="replace"))
                        extra = watch(lines[-1])
                        if extra is not None:
                            deadline = time.monotonic() + extra
    return lines, bytes(stderr), ""


def _end(proc: subprocess.Popen[bytes], token: str) -> None:
    """Kill the process group before reaping (so its id cannot have been reused), then
    whatever still carries this run's mark, until nothing does."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for stream in (proc.stdout, proc.stderr):
        with contextlib.suppress(OSError):
            stream.close()  # type: ignore[union-attr]
    for _ in range(100):  # a pid namespace dies asynchronously; wait for it
        if not _kill_marked(token):
            break
        time.sleep(0.01)


def _kill_marked(token: str) -> int:
    """Kill processes started for this run, found by the mark in their environment: without
    a pid namespace this catches any that left the process group. Returns how many."""
    mark = f"PREP_SANDBOX_RUN={token}".encode()
    found = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/environ", "rb") as handle:
                if mark in handle.read().split(b"\0"):
                    os.kill(int(entry), signal.SIGKILL)
                    found += 1
    return found
