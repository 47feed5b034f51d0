"""`prep plan`: what a job ad asks for, and what the coach can practise for each of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ui.output import emit_json, fail, open_index
from ui.words import topic_name


def _plans_for(paths: list[Path], index: Any) -> list[Any]:
    """The plan of each readable ad; each file that cannot be read is one line on stderr and
    the others are still planned (none readable: exit 2)."""
    from agents.questions.bank import default_bank
    from agents.questions.plan import NotAnAd, Planner, indexed_plans
    from ingest.loaders import LoadError, load_document

    if not paths:
        plans = indexed_plans(index, default_bank())
        if not plans:
            fail("no indexed document reads as a job ad; pass one: prep plan PATH")
        return plans
    planner = Planner(index, default_bank())
    plans, problems = [], []
    for path in paths:
        try:
            plans.append(planner.plan_document(load_document(path, path.name)))
        except (LoadError, NotAnAd) as exc:
            problems.append(f"{path}: {exc}")
    for problem in problems[:-1] if not plans else problems:
        click.echo(f"error: {problem}", err=True)
    if not plans:
        fail(problems[-1])
    return plans


def _show(plan: Any) -> None:
    from agents.questions.plan import BACKGROUND_NOTE, NO_MATERIAL

    click.echo(click.style(f"{plan.document}: {plan.summary}", bold=True))
    for requirement in plan.requirements:
        if requirement.background:
            click.echo(f"· {requirement.text}\n    {BACKGROUND_NOTE}")
            continue
        mark = click.style("✓", fg="green") if requirement.covered else click.style("✗", fg="red")
        click.echo(f"{mark} {requirement.text}")
        if requirement.covered:
            details = [topic_name(requirement.topic)]
            if requirement.skills:
                details.append("skills: " + ", ".join(requirement.skills))
            details.append(f"{len(requirement.questions)} questions, "
                           f"{len(requirement.notes)} notes")
            click.echo(f"    {' · '.join(details)}")
    missing = [r for r in plan.practisable if not r.covered]
    if missing:
        click.echo(f"\nNo material yet for {len(missing)}: {NO_MATERIAL}.")
    if not plan.requirements:
        click.echo("No requirements found: the ad has no list of requirements, "
                   "qualifications or responsibilities the coach can read.")


@click.command(name="plan")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def plan_command(paths: tuple[Path, ...], as_json: bool) -> None:
    """The practice plan for a job ad: each requirement with its skills, bank questions and
    notes, and what has no material yet (default: the indexed documents that read as ads)."""
    plans = _plans_for(list(paths), open_index())
    if as_json:
        data = [p.to_dict() for p in plans]
        emit_json(data[0] if len(data) == 1 else data)
        return
    for number, plan in enumerate(plans):
        if number:
            click.echo()
        _show(plan)
