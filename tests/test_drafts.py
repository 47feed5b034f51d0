"""Drafts of unsent answers: kept inside their folder whatever the session id, and a damaged
drafts file costs the draft, never the page."""

from __future__ import annotations

from pathlib import Path

from agents.practice.drafts import Drafts


def test_a_hostile_session_id_cannot_leave_the_drafts_folder(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "drafts")
    drafts.put("../../etc/passwd", "q1", "my answer")
    written = list((tmp_path / "drafts").iterdir())
    assert len(written) == 1 and written[0].parent == tmp_path / "drafts"
    assert drafts.get("../../etc/passwd", "q1") == "my answer"
    assert not (tmp_path / "etc").exists()


def test_a_damaged_drafts_file_reads_as_no_draft_and_is_replaced(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path)
    drafts.put("s1", "q1", "first")
    next(tmp_path.glob("*.json")).write_text("{not json", encoding="utf-8")
    assert drafts.get("s1", "q1") is None
    drafts.put("s1", "q2", "second")
    assert drafts.get("s1", "q2") == "second"
    drafts.clear("s1", "q2")
    assert list(tmp_path.glob("*.json")) == []  # nothing left once every draft is sent
