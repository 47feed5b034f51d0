"""Coding practice: the corpus, the sandboxed runner, hostile solutions, and `prep code`."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from agents.coding import (
    CheckResult,
    Problem,
    ProblemError,
    Sandbox,
    SandboxError,
    TestCase,
    attempt_for,
    check_solution,
    get_problem,
    load_problems,
)
from agents.coding.judge import matches
from agents.coding.problems import load_problem
from agents.history.store import History, now
from ingest.settings import PROJECT_ROOT
from tests.conftest import settles
from ui.cli import main

PROBLEMS = load_problems()
GUIDE_EXAMPLES = ("reverse-linked-list", "k-closest-points", "merge-intervals",
                  "moving-average", "validate-credit-application")
GUIDE_TOPICS = ("sorting", "binary search", "hash maps", "trees", "graphs (BFS/DFS)",
                "dynamic programming", "arrays", "vector operations (NumPy)",
                "vector operations (Pandas)", "linked lists", "streams")


def _modes() -> list[str]:
    """Both isolation levels where bubblewrap works; only the fallback where it does not."""
    return ["bwrap", "process"] if Sandbox.detect().isolation.name == "bwrap" else ["process"]


@pytest.fixture(params=_modes())
def sandbox(request: pytest.FixtureRequest) -> Sandbox:
    return Sandbox.detect(request.param)


@pytest.fixture(scope="module")
def bwrap() -> Sandbox:
    box = Sandbox.detect()
    if box.isolation.name != "bwrap":
        pytest.skip("bubblewrap is not usable here")
    return box


def _echo(visible: int = 3, hidden: int = 2) -> Problem:
    """A tiny problem, solve(x) -> x, for exercising the runner with hostile code."""
    tests = tuple(TestCase(name=f"visible {i}", args={"x": i}, expected=i)
                  for i in range(visible))
    tests += tuple(TestCase(name=f"hidden {i}", args={"x": 10 + i}, expected=10 + i,
                            hidden=True) for i in range(hidden))
    return Problem(id="echo", title="Echo", topic="testing", difficulty="easy",
                   statement="Return x.", signature="def solve(x):\n", entry="solve",
                   kind="function", params=("x",), complexity="O(1)", tests=tests,
                   reference="def solve(x):\n    return x\n")


def _nobody_tasks() -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                count += os.stat(f"/proc/{entry}").st_uid == 65534
    return count



# --- the corpus ---------------------------------------------------------------------------

def test_corpus_covers_the_guide() -> None:
    ids = {p.id for p in PROBLEMS}
    assert len(PROBLEMS) >= 15
    assert set(GUIDE_EXAMPLES) <= ids
    assert set(GUIDE_TOPICS) <= {p.topic for p in PROBLEMS}
    assert any("BFS" in p.tags for p in PROBLEMS) and any("DFS" in p.tags for p in PROBLEMS)


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.id)
def test_every_problem_is_complete(problem: Problem) -> None:
    assert problem.statement and problem.complexity.startswith("O(")
    assert problem.examples and problem.visible and problem.hidden
    assert any(t.large for t in problem.hidden), "a large hidden test checks complexity"
    assert len(problem.hidden) >= 4  # edge cases besides the large input
    assert problem.entry in problem.starter()
    public = problem.to_dict()
    assert problem.reference.strip() not in json.dumps(public)
    assert all(not example["hidden"] for example in public["examples"])


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.id)
def test_reference_solution_passes_every_test(problem: Problem) -> None:
    check = check_solution(problem, problem.reference)
    failures = [(o.name, o.status, o.error) for o in check.outcomes if not o.passed]
    assert failures == []
    assert check.score == 5.0 and check.verdict == "correct and efficient"
    assert check.hint is None and check.error is None


def test_loader_names_the_broken_file(tmp_path: Path) -> None:
    folder = tmp_path / "bad-one"
    folder.mkdir()
    (folder / "solution.py").write_text("def f(x):\n    return x\n")
    base = ("id: bad-one\ntitle: T\ntopic: t\ndifficulty: easy\nstatement: s\n"
            "signature: 'def f(x):'\nentry: f\ncomplexity: O(1)\n")
    (folder / "problem.yaml").write_text(
        base + "tests:\n  visible: [{name: a, args: {y: 1}, expected: 1}]\n"
               "  hidden: [{name: b, args: {x: 1}, expected: 1}]\n")
    with pytest.raises(ProblemError, match=r"bad-one/problem.yaml: test 'a' args must be"):
        load_problem(folder)
    (folder / "problem.yaml").write_text(
        base + "tests:\n  visible: [{name: a, args: {x: 1}, expected: 1}]\n"
               "  hidden: [{name: b, generate: nonsense}]\n")
    with pytest.raises(ProblemError, match="unknown generator 'nonsense'"):
        load_problem(folder)
    (folder / "problem.yaml").write_text(base.replace("entry: f", "entry: g"))
    with pytest.raises(ProblemError, match="no function named 'g'"):
        load_problem(folder)
    with pytest.raises(ProblemError, match="no coding problem 'nope'"):
        get_problem("nope")


def test_comparators() -> None:
    assert matches([[1, 2], [3, 4]], [[3, 4], [1, 2]], "unordered")
    assert not matches([[1, 2]], [[1, 2], [1, 2]], "unordered")
    assert matches([0.1 + 0.2, {"a": 1}], [0.3, {"a": 1.0}], "float")
    assert not matches([0.31], [0.3], "float")
    assert not matches(1, True, "exact") and not matches(True, 1, "exact")
    assert not matches([True], [1], "exact") and not matches([1], [True], "float")
    assert matches([1, [2]], [1, [2]], "exact") and matches((1, 2), [1, 2], "exact")
    assert not matches(frozenset({1, 2}), [1, 2], "exact")
    assert matches(frozenset({1, 2}), [2, 1], "unordered")
    assert not matches(float("nan"), 0.5, "float") and not matches("1", 1, "exact")


# --- scoring ------------------------------------------------------------------------------

def test_naive_solution_is_correct_but_slow() -> None:
    naive = ("def two_sum(nums, target):\n"
             "    for i in range(len(nums)):\n"
             "        for j in range(i + 1, len(nums)):\n"
             "            if nums[i] + nums[j] == target:\n"
             "                return [i, j]\n")
    check = check_solution(get_problem("two-sum"), naive)
    assert all(o.passed for o in check.outcomes if not o.large)
    assert [o.status for o in check.outcomes if o.large] == ["timeout"]
    assert check.score == 3.5 and check.verdict == "correct but too slow"
    assert "too slow on large ones" in (check.hint or "") and "O(n)" in (check.hint or "")
    assert check.to_dict()["hidden"]["failures"] == {"timeout": 1}


def test_recursive_solution_gets_the_recursion_hint() -> None:
    recursive = ("def reverse_list(head):\n"
                 "    if head is None or head.next is None:\n"
                 "        return head\n"
                 "    new = reverse_list(head.next)\n"
                 "    head.next.next = head\n"
                 "    head.next = None\n"
                 "    return new\n")
    check = check_solution(get_problem("reverse-linked-list"), recursive)
    assert [o.status for o in check.outcomes if not o.passed] == ["recursion"]
    assert check.verdict == "fails on large inputs" and "explicit stack" in (check.hint or "")


def test_wrong_answer_shows_visible_details_and_only_counts_hidden() -> None:
    check = check_solution(get_problem("merge-intervals"),
                           "def merge_intervals(intervals):\n    return sorted(intervals)\n")
    report = check.to_dict()
    first = report["results"][0]
    assert first["status"] == "wrong" and first["passed"] is False
    assert first["input"].startswith("intervals=[[1, 3], [2, 6]")
    assert first["expected"] == "[[1, 6], [8, 10], [15, 18]]"
    assert first["actual"] == "[[1, 3], [2, 6], [8, 10], [15, 18]]"
    assert len(report["results"]) == len(get_problem("merge-intervals").visible)
    assert report["hidden"]["total"] == len(get_problem("merge-intervals").hidden)
    assert 0 < check.score < 3.5 and check.verdict == "partly correct"


def test_unordered_answers_pass_in_any_order() -> None:
    reverse_sorted = ("def k_closest(points, k):\n"
                      "    best = sorted(points, key=lambda p: p[0] ** 2 + p[1] ** 2)[:k]\n"
                      "    return best[::-1]\n")
    assert check_solution(get_problem("k-closest-points"), reverse_sorted).failed == 0


def test_attempt_for_records_like_any_answer() -> None:
    check = check_solution(_echo(), "def solve(x):\n    return x if x < 10 else -1\n")
    attempt = attempt_for(check, "code-1", "source", now())
    assert (attempt.topic, attempt.question_id, attempt.answer) == ("coding", "echo", "source")
    assert attempt.score == check.score == 3.0 and attempt.max_score == 5.0
    assert attempt.missing == ["2 hidden tests failed (wrong answer x2)"]
    assert "visible test 'visible 0'" in attempt.covered


# --- hostile and broken solutions ---------------------------------------------------------

def _statuses(check: CheckResult) -> list[str]:
    return [o.status for o in check.outcomes]


def test_runaway_loop_times_out_and_stops(sandbox: Sandbox) -> None:
    check = check_solution(_echo(), "def solve(x):\n    while True:\n        pass\n", sandbox)
    assert _statuses(check) == ["timeout", "timeout", "not_run", "not_run", "not_run"]
    assert check.score == 0.0 and "ran out of time" in check.outcomes[0].describe()


def test_loop_that_swallows_the_alarm_is_killed() -> None:
    stubborn = ("def solve(x):\n"
                "    while True:\n"
                "        try:\n"
                "            while True:\n"
                "                pass\n"
                "        except BaseException:\n"
                "            pass\n")
    check = check_solution(_echo(), stubborn)  # the watchdog kills, a fresh process goes on
    assert _statuses(check)[:2] == ["timeout", "timeout"]
    assert set(_statuses(check)[2:]) == {"not_run"}


def test_memory_bomb_fails_cleanly(sandbox: Sandbox) -> None:
    check = check_solution(_echo(), "def solve(x):\n    return len(bytearray(10**11))\n",
                           sandbox)
    assert set(_statuses(check)) == {"memory"} and check.hint and "memory" in check.hint


def test_fork_bomb_is_contained(sandbox: Sandbox) -> None:
    before = _nobody_tasks()
    bomb = ("import os\n"
            "def solve(x):\n"
            "    while True:\n"
            "        try:\n"
            "            os.fork()\n"
            "        except OSError:\n"
            "            pass\n")
    check = check_solution(_echo(), bomb, sandbox)
    assert check.passed == 0
    assert _statuses(check)[:2] == ["timeout", "timeout"]
    assert settles(lambda: _nobody_tasks() <= before)  # every forked copy is gone
    assert subprocess.run(["true"]).returncode == 0  # and the machine can still fork


def test_fork_bomb_that_gives_up_reports_the_error(sandbox: Sandbox) -> None:
    bomb = "import os\ndef solve(x):\n    while True:\n        os.fork()\n"
    check = check_solution(_echo(), bomb, sandbox)
    assert set(_statuses(check)) == {"error"}
    assert "BlockingIOError" in check.outcomes[0].error


@pytest.mark.parametrize("source, status, words", [
    ("def solve(x:\n    return x\n", "syntax", "syntax error on line 1"),
    ("def solve(a, b):\n    return a\n", "signature", "expected solve(x), found solve(a, b)"),
    ("def answer(x):\n    return x\n", "signature", "no function named solve"),
    ("import nonexistent_module_xyz\n", "error", "ModuleNotFoundError"),
    ("x = bytearray(10**11)\n", "memory", "failed when loaded: it ran out of memory"),
])
def test_code_that_cannot_run(source: str, status: str, words: str) -> None:
    check = check_solution(_echo(), source)
    assert set(_statuses(check)) == {status}
    assert words in (check.error or "") and check.score == 0.0
    assert check.verdict == "does not run"


def test_class_without_a_required_method_is_a_wrong_signature() -> None:
    check = check_solution(get_problem("moving-average"),
                           "class MovingAverage:\n    def __init__(self, size):\n        pass\n")
    assert check.error == "wrong signature: MovingAverage has no method next"
    assert set(_statuses(check)) == {"signature"}


def test_crashes_are_per_test_failures(sandbox: Sandbox) -> None:
    raises = check_solution(_echo(), "def solve(x):\n    return 1 // x\n", sandbox)
    assert _statuses(raises)[:3] == ["error", "passed", "wrong"]
    assert raises.outcomes[0].error == "ZeroDivisionError: integer division or modulo by zero" \
        " (line 2)"
    exits = check_solution(_echo(), "import os\ndef solve(x):\n    os._exit(3)\n", sandbox)
    assert _statuses(exits)[:4] == ["crash"] * 4  # a fresh process for each, up to four
    assert "exited with code 3" in exits.outcomes[0].error
    segfault = check_solution(_echo(), "import ctypes\ndef solve(x):\n"
                                       "    return ctypes.string_at(0)\n", sandbox)
    assert "segmentation fault" in segfault.outcomes[0].error


def test_huge_output_is_cut_off(sandbox: Sandbox) -> None:
    check = check_solution(_echo(), "def solve(x):\n    while True:\n        print('x' * 999)\n",
                           sandbox)
    assert set(_statuses(check)) == {"output"}
    assert len(check.outcomes[0].stdout) <= 2000


def test_files_outside_the_work_folder_are_untouched(bwrap: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "outside.txt"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    tmp_path.chmod(0o777)  # only the sandbox may stop the writes
    project_file = PROJECT_ROOT / "corpus" / "coding" / "two-sum" / "solution.py"
    before = project_file.read_text()
    attack = f"""
import os
def solve(x):
    done = {{"empty": os.listdir(".") == []}}
    for name, act in [("write", lambda: open({str(target)!r}, "w").write("pwned")),
                      ("delete", lambda: os.remove({str(victim)!r})),
                      ("project", lambda: open({str(project_file)!r}, "a").write("#")),
                      ("inside", lambda: open("inside.txt", "w").write("ok"))]:
        try:
            act()
            done[name] = "done"
        except OSError as exc:
            done[name] = type(exc).__name__
    return done
"""
    check = check_solution(_echo(1, 1), attack, bwrap)
    actual = json.loads(check.outcomes[0].actual)
    assert actual["empty"] is True and actual["inside"] == "done"
    assert not target.exists() and victim.read_text() == "keep me"
    assert project_file.read_text() == before
    assert actual["project"] != "done" and actual["delete"] != "done"


def test_environment_secrets_do_not_leak(sandbox: Sandbox,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREP_TEST_SECRET", "hunter2-do-not-leak")
    snoop = f"""
import os
def solve(x):
    found = [os.environ.get("PREP_TEST_SECRET", ""), repr(dict(os.environ))]
    for pid in ("1", str(os.getppid()), "{os.getpid()}"):
        try:
            found.append(open("/proc/" + pid + "/environ").read())
        except OSError as exc:
            found.append(type(exc).__name__)
    return " ".join(found)
"""
    check = check_solution(_echo(1, 1), snoop, sandbox)
    assert check.outcomes[0].status == "wrong"  # it ran, and returned what it found
    assert "hunter2" not in json.dumps(check.to_dict())


def test_network_is_unreachable(sandbox: Sandbox) -> None:
    if not sandbox.isolation.network:
        pytest.skip("this isolation level leaves the network reachable")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        dial = f"""
import socket
def solve(x):
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
        return "connected"
    except OSError as exc:
        return "blocked: " + type(exc).__name__
"""
        check = check_solution(_echo(1, 1), dial, sandbox)
        with pytest.raises(TimeoutError):
            listener.accept()
    assert json.loads(check.outcomes[0].actual).startswith("blocked")


def test_isolation_is_reported(sandbox: Sandbox) -> None:
    check = check_solution(_echo(1, 1), "def solve(x):\n    return x\n", sandbox)
    reported = check.to_dict()["isolation"]
    assert reported["name"] == sandbox.isolation.name
    assert reported["held"] and reported["full"] is (reported["missing"] == [])
    if reported["full"]:
        assert "own pid, mount, network and IPC namespaces" in reported["held"]
        assert check.to_dict()["isolation_warning"] == ""
    else:
        assert check.to_dict()["isolation_warning"].startswith("Warning: your code ran with "
                                                               "weaker isolation")


def test_falls_back_without_bwrap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("agents.coding.sandbox.shutil.which", lambda name: None)
    box = Sandbox.detect()
    assert box.isolation.name == "process" and box.isolation.reason == "bwrap is not installed"
    check = check_solution(_echo(1, 1), "def solve(x):\n    return x\n", box)
    assert check.failed == 0 and check.isolation.name == "process"
    weaker = Sandbox.process(namespaces=False).isolation
    assert not weaker.full and "Install bubblewrap" in weaker.describe()
    with pytest.raises(SandboxError, match="install bubblewrap"):
        Sandbox.detect("bwrap")
    monkeypatch.setenv("PREP_SANDBOX", "chroot")
    with pytest.raises(SandboxError, match="auto, bwrap or process"):
        Sandbox.detect()


# --- the command line ---------------------------------------------------------------------

def test_cli_list_json() -> None:
    result = CliRunner().invoke(main, ["code", "--list", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == len(PROBLEMS)
    assert set(rows[0]) == {"id", "title", "topic", "difficulty", "best_score", "solved"}
    assert {r["id"] for r in rows} >= set(GUIDE_EXAMPLES)
    assert all(r["best_score"] is None and not r["solved"] for r in rows)  # a new user


def test_cli_list_marks_solved_and_attempted_problems(tmp_path: Path) -> None:
    solution = tmp_path / "answer.py"
    solution.write_text(get_problem("two-sum").reference)
    CliRunner().invoke(main, ["code", "--check", "two-sum", "--file", str(solution)])
    solution.write_text("def min_coins(coins, amount):\n    return 0\n")
    CliRunner().invoke(main, ["code", "--check", "coin-change", "--file", str(solution)])
    rows = {r["id"]: r for r in json.loads(
        CliRunner().invoke(main, ["code", "--list", "--json"]).stdout)}
    assert rows["two-sum"]["solved"] and rows["two-sum"]["best_score"] == 5.0
    assert not rows["coin-change"]["solved"] and rows["coin-change"]["best_score"] < 5.0
    lines = CliRunner().invoke(main, ["code", "--list"]).stdout.splitlines()
    assert next(x for x in lines if " two-sum " in x).startswith("✓")
    assert next(x for x in lines if " coin-change " in x).startswith("◐")


def test_cli_check_passes_and_records_history(tmp_path: Path) -> None:
    solution = tmp_path / "answer.py"
    solution.write_text(get_problem("two-sum").reference)
    result = CliRunner().invoke(main, ["code", "--check", "two-sum", "--file", str(solution),
                                       "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"id", "passed", "failed", "total", "results", "isolation", "error"} <= set(report)
    assert report["id"] == "two-sum" and report["failed"] == 0 and report["error"] is None
    assert report["passed"] == report["total"] == len(get_problem("two-sum").tests)
    attempts = History().attempts()
    assert [(a.topic, a.question_id, a.score) for a in attempts] == [("coding", "two-sum", 5.0)]
    assert attempts[0].answer == solution.read_text()


def test_cli_check_failing_solution_exits_1(tmp_path: Path) -> None:
    solution = tmp_path / "answer.py"
    solution.write_text("def two_sum(nums, target):\n    return [0, 1]\n")
    result = CliRunner().invoke(main, ["code", "--check", "two-sum", "--file", str(solution)])
    assert result.exit_code == 1
    assert "wrong answer" in result.stdout and "→" in result.stdout
    assert History().attempts()[0].missing


@pytest.mark.parametrize("args, message", [
    (["code", "--check", "no-such-problem", "--file", "x.py"], "no coding problem"),
    (["code", "--check", "two-sum", "--file", "/nonexistent/answer.py"], "no such file"),
    (["code", "--check", "two-sum"], "--file"),
])
def test_cli_bad_input_is_one_line_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert History().attempts() == []


def test_cli_interactive_reads_a_piped_solution() -> None:
    reference = get_problem("max-profit").reference
    result = CliRunner().invoke(main, ["code", "max-profit", "--json"], input=reference)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["failed"] == 0
    assert "Best single trade" in result.stderr  # the problem is shown on stderr
    assert [a.question_id for a in History().attempts()] == ["max-profit"]


def test_cli_without_id_offers_the_next_unsolved_problem() -> None:
    first = sorted(p.id for p in PROBLEMS)[0]
    result = CliRunner().invoke(main, ["code"], input=get_problem(first).reference)
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["code"], input="")
    assert result.exit_code == 2 and "no solution on stdin" in result.stderr
    second = sorted(p.id for p in PROBLEMS)[1]
    assert get_problem(second).title in result.stderr  # the solved one is not offered again


def test_cli_interactive_opens_the_editor_on_the_starter(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    problem = get_problem("two-sum")
    solution = tmp_path / "typed.py"
    solution.write_text(problem.reference)
    seen = tmp_path / "seen.py"
    # the "editor" keeps a copy of what it was given, then saves the solution over it
    monkeypatch.setenv("VISUAL", f"sh -c 'cp \"$0\" {seen}; cp {solution} \"$0\"'")
    monkeypatch.setattr("ui.code_commands._stdin_is_terminal", lambda: True)
    result = CliRunner().invoke(main, ["code", "two-sum"])
    assert result.exit_code == 0, result.output
    assert seen.read_text() == problem.starter()
    assert "→ 5.0 / 5" in result.stdout
    assert History().attempts()[0].answer == problem.reference
