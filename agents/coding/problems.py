"""Coding problems: statement, starter signature, tests and a reference solution, from corpus/.

Each problem is a folder `corpus/coding/<id>/` with `problem.yaml` (everything but the code)
and `solution.py` (the reference solution). Large tests are not stored: a test names a
generator in `agents/coding/generators.py` and its parameters, and the generator builds the
input and the expected answer deterministically.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from agents.coding import generators
from agents.yaml_text import load_yaml
from ingest.settings import DEFAULT_CORPUS

PROBLEMS_DIR = DEFAULT_CORPUS / "coding"
DIFFICULTIES = ("easy", "medium", "hard")
KINDS = ("function", "class")
COMPARATORS = ("exact", "float", "unordered")
ARG_TYPES = ("linked_list", "tree")
RETURN_TYPES = ("linked_list",)
SMALL_LIMIT = 1.0  # seconds for a small test: a right answer takes microseconds
DEFAULT_LARGE_LIMIT = 2.0


class ProblemError(ValueError):
    """A problem is unknown or its files are malformed; the message says which and where."""


@dataclass(frozen=True)
class TestCase:
    name: str
    args: Any = None  # {param: value} for a function, {"ops", "args"} for a class
    expected: Any = None
    hidden: bool = False
    large: bool = False  # checks complexity: a slow solution runs out of time here
    example: bool = False  # shown with the statement
    explanation: str = ""
    generator: str = ""  # builds args and expected when set
    params: dict[str, Any] = field(default_factory=dict)

    __test__ = False  # not a pytest test class

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "hidden": self.hidden, "large": self.large}
        if not self.hidden:
            out.update(args=self.args, expected=self.expected)
        return out


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    topic: str  # the guide's area, e.g. "hash maps", "dynamic programming"
    difficulty: str
    statement: str
    signature: str  # starter code: the function or class to write
    entry: str  # the function or class name tests call
    kind: str
    params: tuple[str, ...]
    complexity: str  # expected time (and space) complexity
    tests: tuple[TestCase, ...]
    reference: str  # source of the reference solution
    comparator: str = "exact"
    arg_types: dict[str, str] = field(default_factory=dict)
    returns: str = ""  # a structure the result is converted from, e.g. linked_list
    time_limit: float = DEFAULT_LARGE_LIMIT  # per large test
    guide: str = ""  # the guide's words this problem practises, if it names it
    tags: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()

    @property
    def examples(self) -> list[TestCase]:
        return [t for t in self.tests if t.example]

    @property
    def visible(self) -> list[TestCase]:
        return [t for t in self.tests if not t.hidden]

    @property
    def hidden(self) -> list[TestCase]:
        return [t for t in self.tests if t.hidden]

    def starter(self) -> str:
        """What the editor opens with: the signature and a body to replace."""
        text = self.signature.rstrip() + "\n"
        return text if self.kind == "class" else text + "    # your code here\n    pass\n"

    def listing(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "topic": self.topic,
                "difficulty": self.difficulty}

    def to_dict(self) -> dict[str, Any]:
        """Everything a candidate may see: no hidden test data, no reference solution."""
        return {**self.listing(), "statement": self.statement, "signature": self.signature,
                "starter": self.starter(), "complexity": self.complexity, "guide": self.guide,
                "tags": list(self.tags), "hints": list(self.hints),
                "examples": [{**t.to_dict(), "explanation": t.explanation}
                             for t in self.examples],
                "visible_tests": len(self.visible), "hidden_tests": len(self.hidden)}


def _require(data: dict[str, Any], key: str, where: str) -> Any:
    if data.get(key) in (None, ""):
        raise ProblemError(f"{where}: missing '{key}'")
    return data[key]


def _entry_params(signature: str, entry: str, kind: str, where: str) -> tuple[str, ...]:
    """The parameter names tests pass, read from the starter signature itself."""
    try:
        tree = ast.parse(signature if kind == "class" else signature.rstrip() + "\n    pass\n")
    except SyntaxError as exc:
        raise ProblemError(f"{where}: the signature is not valid Python: {exc.msg}") from None
    wanted = ast.ClassDef if kind == "class" else ast.FunctionDef
    for node in tree.body:
        if isinstance(node, wanted) and node.name == entry:
            if kind == "class":
                return ()
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            return tuple(names)
    raise ProblemError(f"{where}: the signature defines no {kind} named {entry!r}")


def _test(raw: dict[str, Any], hidden: bool, where: str) -> TestCase:
    if not isinstance(raw, dict):
        raise ProblemError(f"{where}: a test must be a mapping")
    name = _require(raw, "name", where)
    generator = raw.get("generate", "")
    if generator and generator not in generators.GENERATORS:
        raise ProblemError(f"{where}: unknown generator {generator!r}; "
                           f"known: {', '.join(sorted(generators.GENERATORS))}")
    if generator and not hidden:
        raise ProblemError(f"{where}: generated test {name!r} must be hidden (too big to show)")
    if not generator and ("args" not in raw or "expected" not in raw):
        raise ProblemError(f"{where}: test {name!r} needs args and expected (or generate)")
    return TestCase(name=str(name), args=raw.get("args"), expected=raw.get("expected"),
                    hidden=hidden, large=bool(raw.get("large", False)),
                    example=bool(raw.get("example", False)) and not hidden,
                    explanation=str(raw.get("explanation", "")).strip(),
                    generator=generator, params=dict(raw.get("params") or {}))


def _check_args(test: TestCase, problem_kind: str, params: tuple[str, ...], where: str) -> None:
    if test.generator:
        return
    if problem_kind == "function":
        if not isinstance(test.args, dict) or tuple(test.args) != params:
            raise ProblemError(f"{where}: test {test.name!r} args must be {list(params)} "
                               "in that order")
    elif not (isinstance(test.args, dict) and set(test.args) == {"ops", "args"}
              and len(test.args["ops"]) == len(test.args["args"]) == len(test.expected)):
        raise ProblemError(f"{where}: test {test.name!r} needs ops, args and expected "
                           "of the same length")


def load_problem(folder: Path) -> Problem:
    where = f"{folder.name}/problem.yaml"
    try:
        data = load_yaml((folder / "problem.yaml").read_text(encoding="utf-8"))
        reference = (folder / "solution.py").read_text(encoding="utf-8")
    except OSError as exc:
        raise ProblemError(f"{folder.name}: cannot read {exc.filename}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ProblemError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ProblemError(f"{where}: expected a mapping at the top")
    if data.get("id") != folder.name:
        raise ProblemError(f"{where}: id {data.get('id')!r} must match the folder name")
    kind, difficulty = data.get("kind", "function"), _require(data, "difficulty", where)
    comparator = data.get("comparator", "exact")
    for value, allowed, key in ((kind, KINDS, "kind"), (difficulty, DIFFICULTIES, "difficulty"),
                                (comparator, COMPARATORS, "comparator")):
        if value not in allowed:
            raise ProblemError(f"{where}: {key} must be one of {', '.join(allowed)}")
    entry = _require(data, "entry", where)
    signature = _require(data, "signature", where)
    params = _entry_params(signature, entry, kind, where)
    arg_types = dict(data.get("arg_types") or {})
    if any(t not in ARG_TYPES or p not in params for p, t in arg_types.items()):
        raise ProblemError(f"{where}: arg_types maps parameters to {', '.join(ARG_TYPES)}")
    returns = str(data.get("returns") or "")
    if returns and returns not in RETURN_TYPES:
        raise ProblemError(f"{where}: returns must be one of {', '.join(RETURN_TYPES)}")
    raw_tests = data.get("tests") or {}
    tests = [_test(t, False, where) for t in raw_tests.get("visible") or []]
    tests += [_test(t, True, where) for t in raw_tests.get("hidden") or []]
    if not tests or not any(not t.hidden for t in tests) or not any(t.hidden for t in tests):
        raise ProblemError(f"{where}: needs both visible and hidden tests")
    if len({t.name for t in tests}) != len(tests):
        raise ProblemError(f"{where}: test names must be unique")
    for test in tests:
        _check_args(test, kind, params, where)
    return Problem(
        id=folder.name, title=_require(data, "title", where), topic=_require(data, "topic", where),
        difficulty=difficulty, statement=str(_require(data, "statement", where)).strip(),
        signature=signature.rstrip() + "\n", entry=entry, kind=kind, params=params,
        complexity=_require(data, "complexity", where), tests=tuple(tests), reference=reference,
        comparator=comparator, arg_types=arg_types, returns=returns,
        time_limit=float(data.get("time_limit", DEFAULT_LARGE_LIMIT)),
        guide=str(data.get("guide", "")).strip(), tags=tuple(data.get("tags") or ()),
        hints=tuple(data.get("hints") or ()))


@lru_cache(maxsize=4)
def _load_all(root: Path) -> tuple[Problem, ...]:
    if not root.is_dir():
        raise ProblemError(f"no coding problems folder at {root}")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return tuple(load_problem(folder) for folder in folders)


def load_problems(root: Path | None = None) -> list[Problem]:
    """Every problem under corpus/coding/ (or root), sorted by id."""
    return list(_load_all((root or PROBLEMS_DIR).resolve()))


def get_problem(problem_id: str, root: Path | None = None) -> Problem:
    for problem in load_problems(root):
        if problem.id == problem_id:
            return problem
    raise ProblemError(f"no coding problem {problem_id!r}; list them with `prep code --list`")
