"""Settings read from the environment: where state lives, which store and model to use.

Every piece of state (vector store, SQLite, caches) sits under one folder, `PREP_HOME`, so a
test or a second profile can move all of it with one variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
NOTES_DIR = DEFAULT_CORPUS / "knowledge"  # the coach's own notes; the rest is the user's
COLLECTION = "prep_chunks"

# all-MiniLM-L6-v2 reads at most 256 word pieces; chunks stay well under that so the
# section heading that prefixes each chunk never pushes the end of the text out of the window.
CHUNK_TARGET_TOKENS = 160
CHUNK_MAX_TOKENS = 220

DEFAULT_PROFILE = "default"
_PROFILE_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


class SettingsError(ValueError):
    """A setting from the environment cannot be used; the message says how to fix it."""


def _default_home() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "interview-prep"


@dataclass(frozen=True)
class ChromaServer:
    host: str
    port: int
    ssl: bool


@dataclass(frozen=True)
class Settings:
    home: Path
    chroma_server: ChromaServer | None
    embed_model: str | None
    profile: str = DEFAULT_PROFILE

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    def user_dir(self, profile: str | None = None, unlocked: bool = False) -> Path:
        """Where one person's history and cards live; the index is shared by all profiles.
        A passphrase-protected profile needs PREP_PASSPHRASE, unless the caller has checked
        the passphrase itself (`unlocked`, as the browser app does per session)."""
        name = check_profile(profile or self.profile)
        folder = self.home if name == DEFAULT_PROFILE else self.home / "profiles" / name
        if not unlocked:
            from ingest.profile_lock import ProfileLockError, require

            try:
                require(folder, name)
            except ProfileLockError as exc:
                raise SettingsError(str(exc)) from None
        return folder


def check_profile(name: str) -> str:
    """A profile name becomes a folder name, so only plain lowercase names are allowed."""
    cleaned = name.strip().lower()
    if not cleaned or len(cleaned) > 40 or not set(cleaned) <= _PROFILE_CHARS:
        raise SettingsError(
            f"profile {name!r} is not usable; use up to 40 letters, digits, '-' or '_'")
    return cleaned


def parse_chroma_url(url: str) -> ChromaServer:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise SettingsError(
            f"PREP_CHROMA_URL={url!r} is not a server address; use the form http://127.0.0.1:8000"
        )
    ssl = parsed.scheme == "https"
    return ChromaServer(parsed.hostname, parsed.port or (443 if ssl else 8000), ssl)


def load_settings() -> Settings:
    """Read the settings now (not at import time) so tests can change the environment."""
    home = Path(os.environ.get("PREP_HOME") or _default_home()).expanduser()
    url = os.environ.get("PREP_CHROMA_URL", "").strip()
    return Settings(
        home=home,
        chroma_server=parse_chroma_url(url) if url else None,
        embed_model=os.environ.get("PREP_EMBED_MODEL", "").strip() or None,
        profile=check_profile(os.environ.get("PREP_PROFILE", "") or DEFAULT_PROFILE),
    )
