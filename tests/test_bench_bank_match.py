"""The bank-matching benchmark's arithmetic and its data."""

from __future__ import annotations

from agents.questions.bank import default_bank
from bench.bank_match import figures, rows


def test_right_wrong_and_false_matches_are_shares_of_their_own_kind() -> None:
    judged = [(["a"], "a"), (["a", "b"], "b"), (["a"], "c"), (["a"], None),
              ([], None), ([], "a")]
    found = figures(judged)
    assert (found["covered"], found["not_in_bank"]) == (4, 2)
    assert found["right"] == 0.5 and found["wrong"] == 0.25 and found["false_match"] == 0.5


def test_every_labelled_bank_id_exists_and_both_halves_hold_both_kinds() -> None:
    ids = {q.id for q in default_bank()}
    data = rows()
    assert all(set(r["means"]) <= ids for r in data)
    for split in ("fit", "heldout"):
        half = [r for r in data if r["split"] == split]
        assert any(r["means"] for r in half) and any(not r["means"] for r in half)
