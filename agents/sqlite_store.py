"""The one way the coach keeps a person's records in SQLite (history, flashcards): WAL mode,
one short connection and transaction per call, and numbered migrations kept in code, with
`PRAGMA user_version` recording how far a database has come."""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RecordsError(RuntimeError):
    """A records file cannot be used (damaged, disk full, busy, unwritable); the message names
    the file and the fix. Nothing already saved in it is changed by the failed call."""


def records_error(path: Path, exc: BaseException) -> RecordsError:
    """One line for the user: which file, what happened, what to do."""
    text = str(exc).lower()
    if "full" in text:
        why = "the disk is full; free some space and retry"
    elif "locked" in text or "busy" in text:
        why = "another process is holding it; retry in a moment"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        why = ("the file is damaged; move it aside (nothing else is touched) and the coach "
               "starts a new one, or restore it from a backup")
    elif "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        why = "it cannot be written; check the permissions of the folder PREP_HOME"
    else:
        why = f"{exc}; check the file and the free disk space"
    return RecordsError(f"{path}: {why}")


class SqliteStore:
    migrations: tuple[str, ...] = ()

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise records_error(self.path, exc) from None
        with self._migration_lock(), self._connect() as db:
            self._migrate(db)

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """First runs started together must not both create the tables: one migrates while
        the others wait, then finds the schema current."""
        try:
            handle = open(self.path.with_name(self.path.name + ".lock"), "a")  # noqa: SIM115
        except OSError as exc:
            raise records_error(self.path, exc) from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as exc:
            raise records_error(self.path, exc) from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            with db:  # one transaction, committed on leaving the block
                if write:  # take the write lock before reading what will be changed
                    db.execute("BEGIN IMMEDIATE")
                yield db
        except sqlite3.IntegrityError:
            raise  # a caller's own constraint (a duplicate), not a problem with the file
        except sqlite3.DatabaseError as exc:  # rolled back: nothing saved before is touched
            raise records_error(self.path, exc) from None
        finally:
            db.close()

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(self.migrations[version:], version + 1):
            db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    @property
    def schema_version(self) -> int:
        with self._connect() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])
