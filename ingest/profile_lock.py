"""Passphrase protection for a profile: its history and cards cannot be read or written from
the URL or the CLI without the passphrase. Unprotected profiles (the default single-user
install) work exactly as before.

The passphrase is kept only as a scrypt hash (RFC 7914 parameters N=2^14, r=8, p=1, a random
16-byte salt) in `passphrase.json` inside the profile's folder, readable by its owner only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path

PASSPHRASE_FILE = "passphrase.json"
ENV = "PREP_PASSPHRASE"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_LENGTH = 8


class ProfileLockError(ValueError):
    """A protected profile was used without its passphrase, or a passphrase is unusable."""


def lock_file(user_dir: Path) -> Path:
    return user_dir / PASSPHRASE_FILE


def is_protected(user_dir: Path) -> bool:
    return lock_file(user_dir).is_file()


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def protect(user_dir: Path, passphrase: str) -> None:
    """Set (or change) the profile's passphrase."""
    if len(passphrase) < MIN_LENGTH:
        raise ProfileLockError(f"a passphrase needs at least {MIN_LENGTH} characters")
    salt = secrets.token_bytes(16)
    record = {"scheme": "scrypt", **SCRYPT, "salt": salt.hex(),
              "hash": _derive(passphrase, salt, **SCRYPT).hex()}
    user_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=user_dir, prefix=".passphrase-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(record, out)
    os.chmod(temporary, 0o600)
    os.replace(temporary, lock_file(user_dir))


def unprotect(user_dir: Path) -> None:
    lock_file(user_dir).unlink(missing_ok=True)


def verify(user_dir: Path, passphrase: str | None) -> bool:
    """True for an unprotected profile, or for the right passphrase."""
    if not is_protected(user_dir):
        return True
    if not passphrase:
        return False
    try:
        record = json.loads(lock_file(user_dir).read_text(encoding="utf-8"))
        expected = bytes.fromhex(record["hash"])
        derived = _derive(passphrase, bytes.fromhex(record["salt"]), int(record["n"]),
                          int(record["r"]), int(record["p"]))
    except (OSError, ValueError, KeyError, TypeError):
        return False  # an unreadable lock file keeps the profile locked
    return hmac.compare_digest(derived, expected)


def require(user_dir: Path, profile: str) -> None:
    """For command-line use: the profile must be unprotected or PREP_PASSPHRASE must match."""
    if not verify(user_dir, os.environ.get(ENV)):
        why = "the passphrase in PREP_PASSPHRASE is wrong" if os.environ.get(ENV) else \
            "it is protected by a passphrase"
        raise ProfileLockError(f"profile {profile!r}: {why}; set PREP_PASSPHRASE (or run at a "
                               "terminal to be asked)")
