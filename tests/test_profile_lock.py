"""A protected profile cannot be read or written from the URL or the CLI without its
passphrase; unprotected profiles work as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from ingest.profile_lock import ProfileLockError, is_protected, protect, verify
from ingest.settings import PROJECT_ROOT, load_settings
from ui.cli import main

PHRASE = "correct horse battery"


def test_the_passphrase_is_kept_only_as_a_salted_hash(tmp_path: Path) -> None:
    protect(tmp_path, PHRASE)
    stored = (tmp_path / "passphrase.json").read_text()
    assert PHRASE not in stored and "scrypt" in stored
    assert (tmp_path / "passphrase.json").stat().st_mode & 0o777 == 0o600
    assert verify(tmp_path, PHRASE) and not verify(tmp_path, "wrong one!")
    assert not verify(tmp_path, None) and verify(tmp_path / "other", None)
    with pytest.raises(ProfileLockError, match="at least 8"):
        protect(tmp_path, "short")


def test_the_cli_needs_the_passphrase_of_a_protected_profile(
        prep_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.setenv("PREP_PROFILE", "alice")
    assert runner.invoke(main, ["stats"]).exit_code == 0  # unprotected: as before
    result = runner.invoke(main, ["profile", "protect"], env={"PREP_NEW_PASSPHRASE": PHRASE})
    assert result.exit_code == 0, result.output
    assert is_protected(prep_home / "profiles" / "alice")
    for env, why in (({}, "protected by a passphrase"),
                     ({"PREP_PASSPHRASE": "not it at all"}, "passphrase in PREP_PASSPHRASE "
                                                             "is wrong")):
        for command in (["stats"], ["history"], ["export"], ["cards", "list"]):
            locked = runner.invoke(main, command, env=env)
            assert locked.exit_code != 0 and "Traceback" not in locked.output, command
            assert why in locked.stderr and len(locked.stderr.strip().splitlines()) == 1
    assert runner.invoke(main, ["stats"], env={"PREP_PASSPHRASE": PHRASE}).exit_code == 0
    other = runner.invoke(main, ["stats"], env={"PREP_PROFILE": "bob"})
    assert other.exit_code == 0  # other profiles are not affected
    assert runner.invoke(main, ["profile", "unprotect"]).exit_code != 0
    assert runner.invoke(main, ["profile", "unprotect"],
                         env={"PREP_PASSPHRASE": PHRASE}).exit_code == 0
    assert runner.invoke(main, ["stats"]).exit_code == 0


def test_the_browser_asks_before_showing_a_protected_profile(prep_home: Path) -> None:
    protect(load_settings().user_dir("alice", unlocked=True), PHRASE)
    app = AppTest.from_file(str(PROJECT_ROOT / "ui" / "streamlit_app.py"), default_timeout=120)
    app.query_params["profile"] = "alice"  # a URL is not enough
    app.switch_page("app_pages/progress.py").run()
    assert [t.value for t in app.title] == ["This profile is protected"]
    assert not (prep_home / "profiles" / "alice" / "history.sqlite3").exists()
    passphrase = next(t for t in app.text_input if t.label == "Passphrase")
    passphrase.input("a wrong guess")
    next(b for b in app.button if b.label == "Unlock").click().run()
    assert any("not the passphrase" in e.value for e in app.error)
    next(t for t in app.text_input if t.label == "Passphrase").input(PHRASE)
    next(b for b in app.button if b.label == "Unlock").click().run()
    assert "This profile is protected" not in [t.value for t in app.title]
    assert not app.exception
