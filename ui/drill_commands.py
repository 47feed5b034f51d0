"""`prep drill` and `prep cards`: the daily flashcard drill and the deck behind it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import click

from ingest.topics import TOPICS
from ui.output import emit_json, fail, write_export
from ui.render import show_points
from ui.session_commands import read_answer
from ui.words import plural

RATING_WORDS = "again/hard/good/easy"


def _local_zone() -> tzinfo:
    """Days (today, tomorrow, the daily limit) follow the user's own calendar."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None  # astimezone() always attaches the local zone
    return zone


def _now() -> datetime:
    from agents.history.store import now

    return now()


def _sync(deck: Any) -> Any:
    """Cards for the bank, the notes and every point missed so far; nothing twice."""
    from agents.flashcards.generate import practice_attempts, sync_cards
    from agents.history.store import History
    from agents.questions.bank import default_bank
    from ingest.settings import NOTES_DIR

    return sync_cards(deck, default_bank(), NOTES_DIR, practice_attempts(History()), _now())


def _when(due: datetime, now: datetime) -> str:
    seconds = (due - now).total_seconds()
    if seconds < 3600:
        span = f"in {max(1, round(seconds / 60))} min"
    elif seconds < 86400:
        span = f"in {round(seconds / 3600)} h"
    else:
        span = f"in {plural(round(seconds / 86400), 'day')}"
    return f"{due.astimezone(_local_zone()):%a %d %b %H:%M} ({span})"


# --- the drill ---------------------------------------------------------------------------------
def _ask_rating(suggested: Any, mode: str, stdin: Any) -> Any:
    """The rating to record: the suggestion, or what the user types instead of it."""
    from agents.flashcards.rating import parse_rating, rating_name

    if mode == "accept":
        return suggested
    if stdin.isatty():
        return click.prompt(f"rating [{RATING_WORDS}]", default=rating_name(suggested),
                            value_proc=_rating_value, err=True)
    line = stdin.readline().strip()
    if not line:
        return suggested
    try:
        return parse_rating(line)
    except ValueError as exc:
        click.echo(f"notice: {exc}; kept the suggested rating", err=True)
        return suggested


def _rating_value(text: str) -> Any:
    from agents.flashcards.rating import parse_rating

    try:
        return parse_rating(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _grade(grader: Any, card: Any, answer: str, bank: dict[str, Any]) -> tuple[Any, Any]:
    """(grade or None, suggested rating); an empty answer means "I don't know": Again."""
    from agents.flashcards.drill import grade_card
    from agents.flashcards.rating import rating_for

    grade = grade_card(grader, card, answer, bank) if answer.strip() else None
    return grade, rating_for(grade)


def _show_grade(grade: Any, suggested: Any) -> None:
    from agents.flashcards.rating import rating_name

    if grade is None:
        click.echo(click.style("→ no answer", bold=True) + f"  suggests: {rating_name(suggested)}")
    else:
        total = len(grade.covered) + len(grade.missing)
        click.echo(click.style(f"→ {grade.score:.1f} / 5  {grade.verdict}", bold=True)
                   + f"  ({len(grade.covered)} of {total} key points)"
                   + f"  suggests: {rating_name(suggested)}")
        show_points(grade.covered, grade.missing)


def _drill_card(deck: Any, card: Any, grader: Any, bank: dict[str, Any], mode: str,
                stdin: Any) -> Any:
    """Ask one card; returns the review, or None when input ran out before an answer."""
    from agents.flashcards.rating import rating_name

    answer = read_answer(stdin, interactive=stdin.isatty())
    if answer is None:
        return None
    grade, suggested = _grade(grader, card, answer, bank)
    _show_grade(grade, suggested)
    click.echo(click.style("Back:", bold=True))
    click.echo(card.back)
    rating = _ask_rating(suggested, mode, stdin)
    result = deck.review(card.id, rating, _now(), answer=answer,
                         score=grade.score if grade else None, suggested=suggested)
    click.echo(f"rated {rating_name(rating)}; next due {_when(result.due, _now())}\n")
    return result


def _session(deck: Any, queue: list[Any], count: int | None,
             topic: str | None) -> Iterator[tuple[Any, int]]:
    """(card, how many more are queued): today's queue, then any card that fell due again
    meanwhile, as a missed card does after its short relearning step; at most `count`."""
    shown = 0
    while queue and (count is None or shown < count):
        card = queue.pop(0)
        yield card, len(queue)
        shown += 1
        if not queue:
            queue = deck.due_cards(_now(), topic)


@click.command(name="drill")
@click.option("-n", "count", type=click.IntRange(1, 1000), help="At most N cards this time.")
@click.option("--topic", type=click.Choice(TOPICS), help="Only cards on this topic.")
@click.option("--rate", "mode", type=click.Choice(("ask", "accept")),
              help="ask: after each grade, let me choose the rating; accept: always take the "
                   "suggested rating. Default: ask on a terminal, accept when stdin is piped.")
def drill_command(count: int | None, topic: str | None, mode: str | None) -> None:
    """Today's flashcards: due cards first, then new ones up to the daily limit.

    Type each answer and end it with an empty line; an empty answer means "I don't know".
    The answer is graded, the back of the card shown, and the grade suggests a rating
    (again, hard, good, easy) that schedules the card's next review (FSRS). A card you
    miss comes back in the same drill once its relearning step (1-10 minutes) has passed.

    On a terminal you are asked for the rating; Enter accepts the suggestion. With answers
    piped on stdin the suggestion is taken, unless --rate ask is given: then the line after
    each answer's ending empty line is the rating (again/hard/good/easy or 1-4; an empty
    line accepts the suggestion). Every rating is saved at once, so Ctrl-C or the end of
    input keeps all reviews given. Cards come from the question bank, the knowledge notes
    and the key points you missed in quizzes and interviews; see `prep cards`.
    """
    from agents.flashcards.drill import deck_counts, drill_queue
    from agents.flashcards.store import Deck
    from agents.questions.bank import default_bank
    from ui.practice_commands import open_grader

    deck = Deck()
    added = _sync(deck).added
    if added:
        click.echo(f"{added} new cards added to your deck", err=True)
    queue = drill_queue(deck, _now(), count, topic, _local_zone())
    if not queue:
        counts = deck_counts(deck, _now(), _local_zone())
        click.echo(f"Nothing due now. Due by tomorrow: {counts['due_tomorrow']}. "
                   "Raise the daily limit of new cards with `prep cards limit N`.")
        return
    grader, bank = open_grader(), {q.id: q for q in default_bank()}
    stdin = sys.stdin  # click swaps it for the test runner's input
    mode = mode or ("ask" if stdin.isatty() else "accept")
    if stdin.isatty():
        click.echo("Answer, then a line holding only '.'. Ctrl-D or Ctrl-C stops; reviews are "
                   "saved as you go.", err=True)
    reviewed = 0
    try:
        for card, left in _session(deck, queue, count, topic):
            click.echo(click.style(f"Card {reviewed + 1} [{card.topic or 'any'}, {card.state}]"
                                   f"  {left} more", fg="cyan"))
            click.echo(card.front)
            if _drill_card(deck, card, grader, bank, mode, stdin) is None:
                break
            reviewed += 1
    except (KeyboardInterrupt, click.Abort):
        click.echo("\nstopped", err=True)
    counts = deck_counts(deck, _now(), _local_zone())
    click.echo(f"Reviewed {reviewed} cards. Due tomorrow: {counts['due_tomorrow']}.")


# --- the deck ----------------------------------------------------------------------------------
@click.group(name="cards")
def cards_group() -> None:
    """Your flashcard deck: list, add, edit, suspend, delete, import and export cards."""


def _deck() -> Any:
    from agents.flashcards.store import Deck

    return Deck()


def _card_line(card: Any) -> str:
    due = "new" if card.is_new else f"{card.due.astimezone(_local_zone()):%Y-%m-%d}"
    flag = " (suspended)" if card.suspended else ""
    front = " ".join(card.front.split())
    return (f"{card.id:5d}  {due:10s}  {card.topic or '-':15s} {card.source:6s}  "
            f"{front[:70]}{'…' if len(front) > 70 else ''}{flag}")


@cards_group.command(name="list")
@click.option("--topic", type=click.Choice(TOPICS), help="Only cards on this topic.")
@click.option("--due", "only_due", is_flag=True, help="Only cards due now.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def cards_list(topic: str | None, only_due: bool, as_json: bool) -> None:
    """List cards: id, next due date (or new), topic, source and front."""
    deck = _deck()
    cards = deck.due_cards(_now(), topic) if only_due else deck.cards(topic)
    if as_json:
        emit_json([c.to_dict() for c in cards])
        return
    if not cards:
        click.echo("no cards; `prep cards sync` makes them from the bank and the notes")
    for card in cards:
        click.echo(_card_line(card))


@cards_group.command(name="show")
@click.argument("card_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def cards_show(card_id: int, as_json: bool) -> None:
    """One card, front and back, with its schedule and past reviews."""
    deck = _deck()
    card = deck.get(card_id)
    reviews = deck.reviews(card_id=card_id)
    if as_json:
        emit_json({**card.to_dict(), "reviews": [r.to_dict() for r in reviews]})
        return
    click.echo(_card_line(card))
    click.echo(click.style("Front:", bold=True) + f"\n{card.front}")
    click.echo(click.style("Back:", bold=True) + f"\n{card.back}")
    for review in reviews:
        click.echo(f"  {review.reviewed_at.astimezone(_local_zone()):%Y-%m-%d %H:%M}  "
                   f"{review.rating.name.lower()}")


@cards_group.command(name="add")
@click.option("--front", required=True, help="The question side.")
@click.option("--back", required=True, help="The answer side.")
@click.option("--topic", type=click.Choice(TOPICS), help="The card's topic.")
def cards_add(front: str, back: str, topic: str | None) -> None:
    """Add a card of your own; it is shown among today's new cards."""
    from agents.flashcards.cards import CardDraft

    try:
        card = _deck().add(CardDraft(front=front, back=back, topic=topic or ""), _now())
    except ValueError as exc:
        fail(str(exc))
        return
    click.echo(f"added card {card.id}")


@cards_group.command(name="edit")
@click.argument("card_id", type=int)
@click.option("--front", help="New question side.")
@click.option("--back", help="New answer side.")
@click.option("--topic", type=click.Choice(TOPICS), help="New topic.")
def cards_edit(card_id: int, front: str | None, back: str | None, topic: str | None) -> None:
    """Change a card's text or topic; its schedule is kept, and an edited card is no longer
    refreshed from the bank or the notes."""
    if front is None and back is None and topic is None:
        fail("nothing to change; give --front, --back or --topic")
    try:
        card = _deck().edit(card_id, front, back, topic)
    except ValueError as exc:
        fail(str(exc))
        return
    click.echo(f"edited card {card.id}")


@cards_group.command(name="suspend")
@click.argument("card_ids", type=int, nargs=-1, required=True)
@click.option("--undo", is_flag=True, help="Unsuspend instead.")
def cards_suspend(card_ids: tuple[int, ...], undo: bool) -> None:
    """Stop showing cards (their schedule is kept); --undo brings them back."""
    deck = _deck()
    for card_id in card_ids:
        deck.suspend(card_id, not undo)
        click.echo(f"{'unsuspended' if undo else 'suspended'} card {card_id}")


@cards_group.command(name="delete")
@click.argument("card_ids", type=int, nargs=-1, required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def cards_delete(card_ids: tuple[int, ...], yes: bool) -> None:
    """Delete cards and their reviews. A deleted generated card is not made again."""
    deck = _deck()
    for card_id in card_ids:
        deck.get(card_id)
    if not yes and sys.stdin.isatty():
        click.confirm(f"Delete {len(card_ids)} card(s) and their reviews?", abort=True)
    for card_id in card_ids:
        deck.delete(card_id, _now())
        click.echo(f"deleted card {card_id}")


@cards_group.command(name="limit")
@click.argument("limit", type=click.IntRange(0, 1000), required=False)
def cards_limit(limit: int | None) -> None:
    """Show or set how many new cards a day's drills may start (default 10)."""
    deck = _deck()
    if limit is not None:
        deck.set_new_per_day(limit)
    click.echo(f"new cards per day: {deck.new_per_day}")


@cards_group.command(name="sync")
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def cards_sync(as_json: bool) -> None:
    """Make cards for new bank questions, note sections and missed points now (a drill does
    this by itself); cards already made are not made twice."""
    report = _sync(_deck())
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(f"{report.added} cards added, {report.updated} refreshed")


@cards_group.command(name="export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("apkg", "csv")),
              help="Default: from the file's suffix.")
def cards_export(path: Path, fmt: str | None) -> None:
    """Export the deck to Anki (.apkg) or CSV. Exporting again to Anki updates the notes
    imported before instead of duplicating them."""
    from agents.flashcards.exchange import export_apkg, export_csv

    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "apkg")
    deck = _deck()
    def write(target: Path) -> int:
        if fmt == "apkg":
            return export_apkg(deck, target, _now())
        with target.open("w", encoding="utf-8", newline="") as handle:
            return export_csv(deck.cards(), handle)

    count = write_export(path, write)
    click.echo(f"wrote {count} cards to {path}")


@cards_group.command(name="import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def cards_import(path: Path, as_json: bool) -> None:
    """Import cards from CSV: columns front, back, topic (a header row is optional). Bad
    rows are reported one line each and the rest imported; exits 1 when nothing could be."""
    from agents.flashcards.exchange import import_csv

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            report = import_csv(_deck(), handle, _now())
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text; save it as CSV UTF-8 and try again")
        return
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(f"imported {report.added} cards")
        for line in report.skipped:
            click.echo(f"skipped {line}", err=True)
        for line in report.errors:
            click.echo(f"error: {line}", err=True)
    if report.errors and not report.added:
        sys.exit(1)
