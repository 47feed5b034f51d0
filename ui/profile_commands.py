"""`prep profile protect|unprotect`: a passphrase for one person's history and cards."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ui.output import fail


def ask_passphrase_if_needed() -> None:
    """At a terminal, a protected PREP_PROFILE asks for its passphrase once per command (so
    it is never needed on the command line); piped, PREP_PASSPHRASE must hold it."""
    from ingest.profile_lock import ENV, is_protected
    from ingest.settings import SettingsError, load_settings

    if os.environ.get(ENV) or not sys.stdin.isatty():
        return
    try:
        settings = load_settings()
        folder = settings.user_dir(unlocked=True)
    except SettingsError:
        return  # the command itself reports a bad setting
    if is_protected(folder):
        os.environ[ENV] = click.prompt(f"Passphrase for profile {settings.profile!r}",
                                       hide_input=True, err=True)


@click.group(name="profile")
def profile_group() -> None:
    """Protect a profile's history and cards with a passphrase (PREP_PROFILE picks it)."""


def _folder() -> tuple[str, Path]:
    from ingest.settings import load_settings

    settings = load_settings()
    return settings.profile, settings.user_dir(unlocked=True)


@profile_group.command(name="protect")
def protect_command() -> None:
    """Set or change the passphrase (asked twice; piped: PREP_NEW_PASSPHRASE). Changing it
    needs the current one."""
    from ingest.profile_lock import ProfileLockError, protect, require

    name, folder = _folder()
    require(folder, name)  # changing a passphrase needs the old one
    phrase = os.environ.get("PREP_NEW_PASSPHRASE") or click.prompt(
        "New passphrase", hide_input=True, confirmation_prompt=True, err=True)
    try:
        protect(folder, phrase)
    except ProfileLockError as exc:
        fail(str(exc))
    click.echo(f"profile {name!r} is protected: set PREP_PASSPHRASE to use it from scripts; "
               "the browser asks once per session", err=True)


@profile_group.command(name="unprotect")
def unprotect_command() -> None:
    """Remove the passphrase (needs the current one)."""
    from ingest.profile_lock import require, unprotect

    name, folder = _folder()
    require(folder, name)
    unprotect(folder)
    click.echo(f"profile {name!r} no longer needs a passphrase", err=True)
