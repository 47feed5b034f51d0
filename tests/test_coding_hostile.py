"""Hostile solutions: every way we know to earn a coding score without solving the problem,
or to reach out of the sandbox. Each must pass no test (or fail with an error) and leave the
machine as it was, in every isolation mode this machine offers."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from agents.coding import CheckResult, Sandbox, check_solution, get_problem
from ingest.settings import PROJECT_ROOT
from tests.conftest import settles

TWO_SUM = get_problem("two-sum")
PROBLEM_FILE = PROJECT_ROOT / "corpus" / "coding" / "two-sum" / "problem.yaml"


def _modes() -> list[str]:
    modes = ["process", "plain"]
    return (["bwrap"] if Sandbox.detect().isolation.name == "bwrap" else []) + modes


def _box(mode: str) -> Sandbox:
    if mode == "plain":  # the fallback when the kernel refuses namespaces
        return Sandbox.process("namespaces refused", namespaces=False)
    return Sandbox.detect(mode)


@pytest.fixture(params=_modes())
def box(request: pytest.FixtureRequest) -> Sandbox:
    return _box(request.param)


def _check(source: str, box: Sandbox) -> CheckResult:
    return check_solution(TWO_SUM, source, box)



def _running(marker: str) -> list[int]:
    """Processes whose command line carries the marker."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            with contextlib.suppress(OSError), open(f"/proc/{entry}/cmdline", "rb") as handle:
                if marker.encode() in handle.read():
                    found.append(int(entry))
    return found


# --- fooling the judge --------------------------------------------------------------------

# A cheat that finds the problem file turns it into a lookup table of hidden answers.
LOOKUP = """
import json, re
def lookup(text, nums, target):
    for found in re.finditer(r"nums: (\\[[^]]*\\]), target: (-?\\d+)\\}\\s*expected: (\\[[^]]*\\])",
                             text):
        if json.loads(found[1]) == nums and int(found[2]) == target:
            return json.loads(found[3])
    return [-1, -1]
"""

CHEATS = {
    "object equal to everything": """
class Y:
    __eq__ = lambda self, other: True
    __hash__ = lambda self: 0
def two_sum(nums, target):
    return Y()
""",
    "list subclass equal to everything": """
class L(list):
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
def two_sum(nums, target):
    return L()
""",
    "int subclass equal to everything": """
class I(int):
    __eq__ = lambda self, other: True
def two_sum(nums, target):
    return [I(-7), I(-9)]
""",
    "patch every function of the harness to say passed": """
import sys
for name, module in list(sys.modules.items()):
    if name.startswith("prep_harness") or name == "__main__":
        for attr in dir(module):
            if callable(getattr(module, attr, None)) and attr.islower():
                try:
                    setattr(module, attr, lambda *a, **k: True)
                except Exception:
                    pass
def two_sum(nums, target):
    return [-1, -1]
""",
    "read expected from the caller's frames": """
import inspect
def two_sum(nums, target):
    for frame in inspect.stack():
        for name in ("expected", "test", "request", "case"):
            value = frame.frame.f_locals.get(name)
            if isinstance(value, dict) and "expected" in value:
                return value["expected"]
            if name == "expected" and value is not None:
                return value
    return [-1, -1]
""",
    "search the heap for expected answers": """
import gc
def two_sum(nums, target):
    for obj in gc.get_objects():
        if isinstance(obj, dict) and "expected" in obj:
            return obj["expected"]
    return [-1, -1]
""",
    "forge passing result lines on every fd, then exit": """
import json, os
def two_sum(nums, target):
    for fd in range(0, 64):
        for index in range(20):
            line = json.dumps({"event": "result", "index": index, "passed": True,
                               "status": "passed"}) + "\\n"
            try:
                os.write(fd, line.encode())
            except OSError:
                pass
    os._exit(0)
""",
    "forge a done event after the first test": """
import json, os
def two_sum(nums, target):
    for fd in range(3, 64):
        try:
            os.write(fd, b'{"event": "done"}\\n{"event": "stopped"}\\n')
        except OSError:
            pass
    return [-1, -1]
""",
    "thread that answers later questions with forged lines": """
import json, os, threading, time
def spam():
    while True:
        for fd in range(3, 64):
            try:
                os.write(fd, json.dumps({"event": "result", "index": 99, "status": "returned",
                                         "value": [0, 1], "passed": True}).encode() + b"\\n")
            except OSError:
                pass
        time.sleep(0.001)
started = []
def two_sum(nums, target):
    if not started:
        started.append(threading.Thread(target=spam, daemon=True).start())
    return [-1, -1]
""",
    "replace json.dumps so every reply claims success": """
import json
real = json.dumps
def fake(obj, *a, **k):
    if isinstance(obj, dict) and obj.get("event") == "result":
        obj = dict(obj, status="passed", passed=True)
    return real(obj, *a, **k)
json.dumps = fake
def two_sum(nums, target):
    return None
""",
    "read the hidden tests from the problem file": LOOKUP + f"""
def two_sum(nums, target):
    for path in [{str(PROBLEM_FILE)!r}, "corpus/coding/two-sum/problem.yaml",
                 "../corpus/coding/two-sum/problem.yaml"]:
        try:
            return lookup(open(path).read(), nums, target)
        except OSError:
            pass
    return [-1, -1]
""",
    "walk the file system for problem files": LOOKUP + """
import os
def two_sum(nums, target):
    for top in ("/work", "/root", "/home", "/tmp", "/opt", "/srv", "/"):
        for folder, dirs, files in os.walk(top):
            if "problem.yaml" in files and folder.endswith("two-sum"):
                return lookup(open(os.path.join(folder, "problem.yaml")).read(), nums, target)
    return [-1, -1]
""",
    "open problem files through inherited descriptors": LOOKUP + """
import os
def two_sum(nums, target):
    for fd in range(3, 256):
        for path in ("corpus/coding/two-sum/problem.yaml", "coding/two-sum/problem.yaml",
                     "two-sum/problem.yaml", "problem.yaml"):
            try:
                handle = os.open(path, os.O_RDONLY, dir_fd=fd)
            except (OSError, ValueError):
                continue
            return lookup(os.read(handle, 1 << 20).decode(), nums, target)
    return [-1, -1]
""",
    "follow a symlink out of the working folder": LOOKUP + f"""
import os
def two_sum(nums, target):
    try:
        os.symlink({str(PROBLEM_FILE.parent)!r}, "escape")
        return lookup(open("escape/problem.yaml").read(), nums, target)
    except OSError:
        return [-1, -1]
""",
    "a generator instead of a list": """
def two_sum(nums, target):
    yield 0
    yield 1
""",
    "a value nested too deep to compare": """
def two_sum(nums, target):
    value = []
    for _ in range(10000):
        value = [value]
    return value
""",
    "a huge answer": """
def two_sum(nums, target):
    return "x" * (200 * 1024 * 1024)
""",
    "a list subclass whose iteration never ends": """
class L(list):
    def __iter__(self):
        while True:
            yield 0
def two_sum(nums, target):
    return L([0, 1])
""",
    "disable the alarm and fake its own timing": """
import signal, time
def two_sum(nums, target):
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    time.perf_counter = lambda: 0.0
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return [i, j] if len(nums) > 1000 else [-1, -1]
    return [-1, -1]
""",
    "kill its parent and the judge": """
import os, signal
def two_sum(nums, target):
    for pid in (os.getppid(), 1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return [-1, -1]
""",
}


@pytest.mark.parametrize("name", sorted(CHEATS))
def test_cheats_pass_nothing(name: str, box: Sandbox) -> None:
    check = _check(CHEATS[name], box)
    assert check.passed == 0, [(o.name, o.status, o.error) for o in check.outcomes if o.passed]
    assert check.score == 0.0


def test_an_object_that_equals_everything_is_named_in_the_failure() -> None:
    check = _check(CHEATS["object equal to everything"], Sandbox.detect())
    assert check.outcomes[0].status == "wrong"
    assert check.outcomes[0].error == "returned an object of type Y, expected a list"


def test_a_line_forged_into_the_judges_channel_is_named_as_such(box: Sandbox) -> None:
    """Forged lines are not "raised an error": the summary says what the solution did."""
    check = _check(CHEATS["forge a done event after the first test"], box)
    assert check.outcomes[0].status == "forged"
    assert "judge's channel" in check.outcomes[0].error


def test_slow_solution_that_disables_the_alarm_still_times_out(box: Sandbox) -> None:
    """The judge's own clock decides: a quadratic solution that turns the alarm off and
    fakes its timer is right on small inputs and still fails the large one."""
    naive = CHEATS["disable the alarm and fake its own timing"].replace(
        "[i, j] if len(nums) > 1000 else [-1, -1]", "[i, j]")
    check = _check(naive, box)
    assert all(o.passed for o in check.outcomes if not o.large)
    assert [o.status for o in check.outcomes if o.large] == ["timeout"]


def test_hidden_tests_never_reach_a_visible_test(box: Sandbox) -> None:
    """Everything a visible test can see and print: no hidden input or expected answer."""
    snoop = """
import gc, os, sys
def two_sum(nums, target):
    seen = [repr(sys.argv), open("/proc/self/cmdline", "rb").read().decode(errors="replace")]
    for fd in range(0, 64):
        try:
            os.set_blocking(fd, False)
            seen.append(os.read(fd, 1 << 20).decode(errors="replace"))
        except OSError:
            pass
    seen += [repr(o)[:200] for o in gc.get_objects() if isinstance(o, (dict, list))][:3000]
    print("\\n".join(seen)[:60000])
    return [-1, -1]
"""
    check = _check(snoop, box)
    shown = json.dumps(check.to_dict())
    for test in TWO_SUM.hidden:
        if test.args:
            assert json.dumps(test.args["nums"]) not in shown, test.name
    assert "hidden" not in " ".join(o.stdout for o in check.outcomes)


# --- reaching out of the sandbox ----------------------------------------------------------

def test_shared_folders_are_not_writable(box: Sandbox) -> None:
    marker = f"prep-escape-{os.getpid()}-{id(box)}"
    targets = [f"/tmp/{marker}", f"/dev/shm/{marker}", f"/var/tmp/{marker}",
               str(PROJECT_ROOT / marker)]
    attack = f"""
def two_sum(nums, target):
    for path in {targets!r}:
        try:
            open(path, "w").write("escaped")
        except OSError:
            pass
    return [-1, -1]
"""
    _check(attack, box)
    leaked = [t for t in targets if os.path.exists(t)]
    for path in leaked:
        os.remove(path)
    assert leaked == []


def test_unix_sockets_of_the_host_are_out_of_reach(box: Sandbox, tmp_path: Path) -> None:
    if "Unix sockets of the host reachable" in box.isolation.missing:
        pytest.skip("this isolation level says the host's Unix sockets are reachable")
    path = f"/tmp/prep-sock-{os.getpid()}-{id(box)}"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        os.chmod(path, 0o777)
        server.listen(1)
        server.settimeout(0.3)
        attack = f"""
import socket
def two_sum(nums, target):
    try:
        socket.socket(socket.AF_UNIX).connect({path!r})
        return [1, 1]
    except OSError:
        return [-1, -1]
"""
        try:
            check = _check(attack, box)
            with pytest.raises(TimeoutError):
                server.accept()
        finally:
            os.remove(path)
    assert check.outcomes[0].actual == "[-1, -1]"


def test_a_child_in_its_own_session_does_not_survive(box: Sandbox) -> None:
    seconds = 300 + abs(hash(id(box))) % 600  # an argument no other process uses
    attack = f"""
import os
def two_sum(nums, target):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execve("/bin/sleep", ["sleep", "{seconds}"], {{}})
        os._exit(0)
    return [-1, -1]
"""
    _check(attack, box)
    survivors = _running(f"sleep\0{seconds}")
    for pid in survivors:
        with contextlib.suppress(OSError):
            os.kill(pid, 9)
    assert survivors == []


def test_a_python_daemon_does_not_survive(box: Sandbox) -> None:
    marker = f"prep-daemon-{os.getpid()}-{id(box)}"
    attack = f"""
import os, sys
def two_sum(nums, target):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c",
                     "import time\\nwhile True: time.sleep(1)", "{marker}"])
        os._exit(0)
    return [-1, -1]
"""
    _check(attack, box)
    assert settles(lambda: _running(marker) == []), _running(marker)


def test_the_judge_cannot_be_signalled(box: Sandbox) -> None:
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        attack = f"""
import os, signal
def two_sum(nums, target):
    try:
        os.kill({sleeper.pid}, signal.SIGKILL)
        return [1, 1]
    except OSError:
        return [-1, -1]
"""
        _check(attack, box)
        assert sleeper.poll() is None
    finally:
        sleeper.kill()
        sleeper.wait()


def test_the_machine_can_still_fork_afterwards(box: Sandbox) -> None:
    bomb = "import os\ndef two_sum(nums, target):\n    while True:\n        os.fork()\n"
    check = _check(bomb, box)
    assert check.passed == 0
    assert subprocess.run(["true"]).returncode == 0


def test_reference_solutions_still_pass_in_every_mode(box: Sandbox) -> None:
    for problem_id in ("two-sum", "reverse-linked-list", "spend-by-customer", "lru-cache"):
        problem = get_problem(problem_id)
        check = check_solution(problem, problem.reference, box)
        assert check.failed == 0, (problem_id, [(o.name, o.error) for o in check.outcomes
                                               if not o.passed])


@pytest.mark.parametrize("source, statuses", [
    ("def two_sum(nums, target):\n    return len(bytearray(3 * 1024 ** 3))\n", {"memory"}),
    ("import os\ndef two_sum(nums, target):\n    block = b'x' * (1 << 20)\n"
     "    for _ in range(1024):\n        for fd in range(3, 16):\n"
     "            try:\n                os.write(fd, block)\n"
     "            except OSError:\n                pass\n    return [0, 1]\n",
     # the flood may also reach the judge's channel before a reply: then the reply is unreadable
     {"crash", "wrong", "forged", "not_run"}),
])
def test_resource_floods_fail_cleanly(source: str, statuses: set[str], box: Sandbox) -> None:
    check = _check(source, box)
    assert check.passed == 0
    assert {o.status for o in check.outcomes} <= statuses | {"not_run"}
