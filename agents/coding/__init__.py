"""Coding practice: problems from corpus/coding/, checked by running the code in a sandbox.

    from agents.coding import get_problem, check_solution, attempt_for
    check = check_solution(get_problem("merge-intervals"), source)
    check.score, check.passed, check.total, check.isolation, check.summary()
"""

from agents.coding.problems import Problem, ProblemError, TestCase, get_problem, load_problems
from agents.coding.results import CheckResult, TestOutcome, attempt_for
from agents.coding.runner import check_solution, isolation_in_use
from agents.coding.sandbox import Isolation, Limits, Sandbox, SandboxError

__all__ = ["CheckResult", "Isolation", "Limits", "Problem", "ProblemError", "Sandbox",
           "SandboxError", "TestCase", "TestOutcome", "attempt_for", "check_solution",
           "get_problem", "isolation_in_use", "load_problems"]
