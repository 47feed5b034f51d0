"""What a check found: per-test outcomes, the score, a hint, and the attempt it leaves in history.

Visible tests report their input, expected and actual output; hidden tests only count, so a
candidate learns which kinds of case failed (a timeout on a large input) without the data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agents.coding.sandbox import Isolation
    from agents.history.store import Attempt

MAX_SCORE = 5.0
# Correctness on ordinary tests earns most of the score; passing the large tests in time
# earns the rest, so a naive O(n^2) solution that is right but slow scores 3.5.
CORRECTNESS_POINTS = 3.5
EFFICIENCY_POINTS = 1.5
GRADER = "coding-runner"

STATUS_WORDS = {
    "passed": "passed",
    "wrong": "wrong answer",
    "error": "raised an error",
    "timeout": "ran out of time",
    "memory": "ran out of memory",
    "recursion": "recursion too deep (Python stops at about 1,000 nested calls)",
    "output": "printed more than 64 KB",
    "crash": "crashed the process",
    "forged": "wrote into the judge's channel",
    "not_run": "not run",
}


@dataclass(frozen=True)
class TestOutcome:
    index: int
    name: str
    hidden: bool
    large: bool
    passed: bool
    status: str  # a key of STATUS_WORDS, or syntax/signature for code that cannot run
    seconds: float | None = None
    error: str = ""
    input: str = ""  # shown for visible tests only
    expected: str = ""
    actual: str = ""
    stdout: str = ""

    __test__ = False  # not a pytest test class

    def describe(self) -> str:
        """The failure in a few words: the error itself when there is one."""
        if self.passed:
            return "passed"
        return self.error or STATUS_WORDS.get(self.status, self.status)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "status": self.status,
                "seconds": self.seconds, "input": self.input, "expected": self.expected,
                "actual": self.actual, "error": self.error or None, "stdout": self.stdout}


def _rate(outcomes: list[TestOutcome]) -> float:
    return sum(o.passed for o in outcomes) / len(outcomes) if outcomes else 1.0


@dataclass(frozen=True)
class CheckResult:
    problem_id: str
    title: str
    difficulty: str
    complexity: str
    outcomes: tuple[TestOutcome, ...]
    isolation: Isolation  # what held while the code ran
    error: str | None = None  # the code could not run at all (syntax, signature, load)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return self.total - self.passed

    @property
    def visible(self) -> list[TestOutcome]:
        return [o for o in self.outcomes if not o.hidden]

    @property
    def hidden(self) -> list[TestOutcome]:
        return [o for o in self.outcomes if o.hidden]

    @property
    def score(self) -> float:
        if self.error or not self.outcomes:
            return 0.0
        small = [o for o in self.outcomes if not o.large]
        large = [o for o in self.outcomes if o.large]
        if not large:
            return round(MAX_SCORE * _rate(small), 1)
        return round(CORRECTNESS_POINTS * _rate(small) + EFFICIENCY_POINTS * _rate(large), 1)

    @property
    def slow(self) -> bool:
        """A large test ran out of time: the complexity, not the logic, needs work."""
        return any(o.large and o.status == "timeout" for o in self.outcomes)

    @property
    def verdict(self) -> str:
        small_ok = all(o.passed for o in self.outcomes if not o.large)
        if self.error:
            return "does not run"
        if self.failed == 0:
            return "correct and efficient"
        if small_ok:
            return "correct but too slow" if self.slow else "fails on large inputs"
        return "incorrect" if self.passed == 0 else "partly correct"

    @property
    def hint(self) -> str | None:
        hints = []
        if self.slow:
            small_ok = all(o.passed for o in self.outcomes if not o.large)
            lead = ("Correct on small inputs but too slow on large ones"
                    if small_ok else "Some large tests ran out of time")
            hints.append(f"{lead}: aim for {self.complexity}.")
        statuses = {o.status for o in self.outcomes}
        if "recursion" in statuses:
            hints.append("Recursion went deeper than Python allows (about 1,000 calls): "
                         "use a loop with an explicit stack or queue.")
        if "memory" in statuses:
            hints.append("The solution ran out of memory: avoid building huge lists or "
                         "copies of the input.")
        return " ".join(hints) or None

    def hidden_summary(self) -> dict[str, Any]:
        failures = Counter(o.status for o in self.hidden if not o.passed)
        return {"passed": sum(o.passed for o in self.hidden), "total": len(self.hidden),
                "failures": dict(failures)}

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.problem_id, "passed": self.passed, "failed": self.failed,
                "total": self.total, "score": self.score, "max_score": MAX_SCORE,
                "verdict": self.verdict, "results": [o.to_dict() for o in self.visible],
                "hidden": self.hidden_summary(), "hint": self.hint,
                "complexity": self.complexity, "isolation": self.isolation.to_dict(),
                "isolation_note": self.isolation.describe(),
                "isolation_warning": self.isolation.warning(),
                "isolation_plain": self.isolation.plain_warning(), "error": self.error,
                "seconds": round(self.seconds, 3)}

    def summary(self) -> str:
        hidden = self.hidden_summary()
        visible = self.visible
        text = (f"{self.problem_id}: {self.passed}/{self.total} tests passed (visible "
                f"{sum(o.passed for o in visible)}/{len(visible)}, hidden "
                f"{hidden['passed']}/{hidden['total']}); score {self.score:.1f}/5, "
                f"{self.verdict}.")
        if self.error:
            text += f" {self.error}."
        if self.hint:
            text += f" {self.hint}"
        return text

    def covered(self) -> list[str]:
        hidden = self.hidden_summary()
        out = [f"visible test '{o.name}'" for o in self.visible if o.passed]
        if hidden["passed"]:
            out.append(f"{hidden['passed']}/{hidden['total']} hidden tests")
        return out

    def missing(self) -> list[str]:
        if self.error:
            return [self.error]
        out = [f"visible test '{o.name}': {o.describe()}" for o in self.visible if not o.passed]
        failures = self.hidden_summary()["failures"]
        if failures:
            kinds = ", ".join(f"{STATUS_WORDS.get(k, k)} x{n}" for k, n in failures.items())
            count = sum(failures.values())
            out.append(f"{count} hidden test{'s' if count > 1 else ''} failed ({kinds})")
        if self.slow:
            out.append(f"efficiency: aim for {self.complexity}")
        return out


def attempt_for(check: CheckResult, session_id: str, source: str, at: datetime) -> Attempt:
    """The history record of one check, like any graded answer (topic "coding")."""
    from agents.history.store import Attempt

    return Attempt(session_id=session_id, at=at, question=check.title, answer=source,
                   score=check.score, max_score=MAX_SCORE, verdict=check.verdict,
                   grader=f"{GRADER} ({check.isolation.name})", question_id=check.problem_id,
                   topic="coding", difficulty=check.difficulty, covered=check.covered(),
                   missing=check.missing())
