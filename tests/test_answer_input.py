"""Typing answers at a terminal: nothing is sent by accident, nothing typed is lost."""

from __future__ import annotations

import io

from ui.session_commands import read_answer


class Terminal(io.StringIO):
    """A terminal's stdin: each chunk is what one read returns; "" is a Ctrl-D, after which
    the terminal can be read again (unlike a pipe)."""

    def __init__(self, *reads: str) -> None:
        super().__init__()
        self.reads = list(reads)

    def readline(self, size: int = -1) -> str:
        return self.reads.pop(0) if self.reads else ""


def test_piped_answers_end_at_an_empty_line() -> None:
    stream = io.StringIO("first line\nsecond\n\nnext answer\n")
    assert read_answer(stream) == "first line\nsecond"
    assert read_answer(stream) == "next answer"
    assert read_answer(stream) is None


def test_at_a_terminal_an_empty_line_does_not_send() -> None:
    term = Terminal("L1 zeroes weights.\n", "\n", "L2 shrinks them.\n", ".\n")
    assert read_answer(term, interactive=True) == "L1 zeroes weights.\n\nL2 shrinks them."


def test_ctrl_d_after_a_partial_line_asks_and_keeps_the_text() -> None:
    # typed text, Ctrl-D, "n" (keep typing), more text, the end mark
    term = Terminal("half an answer", "", "n\n", " and the rest\n", ".\n")
    assert read_answer(term, interactive=True) == "half an answer\n and the rest"
    # typed text, Ctrl-D, "y": sent as typed
    assert read_answer(Terminal("all of it", "", "y\n"), interactive=True) == "all of it"


def test_ctrl_d_twice_stops_without_grading(capsys) -> None:
    assert read_answer(Terminal("unsent idea", "", ""), interactive=True) is None
    assert "unsent idea" in capsys.readouterr().err  # shown again, not silently dropped


def test_an_empty_answer_asks_before_skipping() -> None:
    term = Terminal(".\n", "n\n", "actually, I know this\n", ".\n")
    assert read_answer(term, interactive=True) == "actually, I know this"
    assert read_answer(Terminal(".\n", "y\n"), interactive=True) == ""
