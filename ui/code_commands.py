"""`prep code`: coding practice whose answers are run against tests in a sandbox."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from agents.grading.calibration import MAX_SCORE
from ui.output import emit_json, fail


def _problems() -> list[Any]:
    from agents.coding import load_problems

    return load_problems()


def _problem(problem_id: str) -> Any:
    from agents.coding import ProblemError, get_problem

    try:
        return get_problem(problem_id)
    except ProblemError as exc:
        fail(str(exc))


def _next_unsolved(problems: list[Any]) -> Any:
    from agents.coding.practice import next_problem
    from agents.history.store import History

    return next_problem(problems, History().attempts())


def _show_list(as_json: bool) -> None:
    from agents.coding.practice import best_scores, progress_mark
    from agents.history.store import History

    best = best_scores(History().attempts())
    rows = [{**p.listing(), "best_score": best.get(p.id),
             "solved": best.get(p.id, 0.0) >= MAX_SCORE} for p in _problems()]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        score = "" if row["best_score"] is None else f"best {row['best_score']:.1f}"
        click.echo(f"{progress_mark(row['best_score'])} {row['id']:32s} {row['difficulty']:7s} "
                   f"{row['topic']:28s} {row['title']}  {score}".rstrip())


def _show_problem(problem: Any, err: bool) -> None:
    from agents.coding.runner import describe_input, show_value

    echo = lambda text="": click.echo(text, err=err)  # noqa: E731
    echo(click.style(f"{problem.title}  [{problem.id}, {problem.difficulty}, {problem.topic}]",
                     bold=True))
    if problem.guide:
        echo(f"From the guide: {problem.guide}")
    echo()
    echo(problem.statement)
    for number, example in enumerate(problem.examples, 1):
        echo(click.style(f"\nExample {number}", bold=True))
        echo(f"  input:  {describe_input(problem, example.args)}")
        echo(f"  output: {show_value(example.expected)}")
        if example.explanation:
            echo(f"  why:    {example.explanation}")
    echo(click.style("\nWrite:", bold=True))
    echo(problem.starter())


def _show_result(check: Any, complexity: str) -> None:
    for outcome in check.visible:
        timing = f" ({outcome.seconds * 1000:.1f} ms)" if outcome.seconds is not None else ""
        if outcome.passed:
            click.echo(click.style("  ✓ ", fg="green") + outcome.name + timing)
            continue
        click.echo(click.style("  ✗ ", fg="red") + f"{outcome.name}: {outcome.describe()}")
        click.echo(f"      input:    {outcome.input}")
        click.echo(f"      expected: {outcome.expected}")
        if outcome.actual:
            click.echo(f"      got:      {outcome.actual}")
        if outcome.stdout.strip():
            click.echo(f"      printed:  {outcome.stdout.strip()[:200]}")
    from agents.coding.results import STATUS_WORDS

    hidden = check.hidden_summary()
    failures = ", ".join(f"{STATUS_WORDS.get(k, k)} x{n}" for k, n in hidden["failures"].items())
    click.echo(f"  hidden tests: {hidden['passed']}/{hidden['total']} passed"
               + (f" ({failures})" if failures else ""))
    if check.error:
        click.echo(click.style(f"  {check.error}", fg="red"))
    click.echo(click.style(f"→ {check.score:.1f} / 5  {check.verdict}", bold=True))
    if check.hint:
        click.echo(f"Hint: {check.hint}")
    click.echo(f"Expected complexity: {complexity}")
    if check.isolation.warning():
        click.echo(click.style(check.isolation.warning(), fg="yellow"), err=True)


def _check_and_record(problem: Any, source: str) -> Any:
    from agents.coding import attempt_for, check_solution
    from agents.history.store import now
    from ui.practice_commands import new_session

    check = check_solution(problem, source)
    history, session_id = new_session("code")
    history.record(attempt_for(check, session_id, source, now()))
    return check


def _report(check: Any, problem: Any, as_json: bool) -> None:
    if as_json:
        emit_json(check.to_dict())
    else:
        _show_result(check, problem.complexity)


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"no such file: {path}")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}")
    return ""


def _edit(source: str) -> str | None:
    """$EDITOR (or $VISUAL) on a temporary .py file; None when closed without saving."""
    return click.edit(source, extension=".py", require_save=True)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()  # looked up per call: click swaps stdin in tests


def _interactive(problem: Any, as_json: bool) -> int:
    piped = not _stdin_is_terminal()
    _show_problem(problem, err=as_json or piped)
    if piped:
        source = sys.stdin.read()
        if not source.strip():
            fail("no solution on stdin; pipe your code in, or run in a terminal to edit it")
        check = _check_and_record(problem, source)
        _report(check, problem, as_json)
        return 0 if check.failed == 0 else 1
    source = problem.starter()
    while True:
        edited = _edit(source)
        if edited is None or not edited.strip():
            click.echo("nothing saved; no solution checked", err=True)
            return 1
        source = edited
        check = _check_and_record(problem, source)
        _report(check, problem, as_json)
        if check.failed == 0 or not click.confirm("Edit and check again?", default=True,
                                                   err=True):
            return 0 if check.failed == 0 else 1


@click.command(name="code")
@click.argument("problem_id", required=False, metavar="[ID]")
@click.option("--list", "show_list", is_flag=True, help="List the coding problems.")
@click.option("--check", "check_id", metavar="ID", help="Check the solution in --file for ID.")
@click.option("--file", "solution", type=click.Path(path_type=Path, dir_okay=False),
              help="The solution file to check.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def code_command(problem_id: str | None, show_list: bool, check_id: str | None,
                 solution: Path | None, as_json: bool) -> None:
    """Coding practice: your code runs against the problem's tests in a sandbox.

    With ID (or without, for the next problem you have not solved), shows the problem and
    opens $EDITOR on its starter code; when stdin is piped, reads the solution from it up to
    end of input. Visible tests show input, expected and actual output; hidden tests only
    counts. The score (0-5) counts correctness and whether the large tests finish in time;
    every check is saved to your history. Exit code 0 when all tests pass, 1 otherwise,
    2 for a bad ID or file.

    \b
    prep code --list
    prep code merge-intervals < my_solution.py
    prep code --check merge-intervals --file my_solution.py --json
    """
    if show_list:
        _show_list(as_json)
        return
    if check_id is None and solution is not None:
        if problem_id is None:
            fail("give the problem to check with --check ID")
        check_id = problem_id
    if check_id is not None:
        if solution is None:
            fail("give the solution to check with --file FILE")
        problem = _problem(check_id)
        source = _read_file(solution)  # type: ignore[arg-type]
        check = _check_and_record(problem, source)
        _report(check, problem, as_json)
        sys.exit(0 if check.failed == 0 else 1)
    problem = _problem(problem_id) if problem_id else _next_unsolved(_problems())
    sys.exit(_interactive(problem, as_json))
