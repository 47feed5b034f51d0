"""Cleaning keeps every line of a real posting and drops the job board's chrome around it."""

from __future__ import annotations

import pytest

from ingest.cleaning import clean_lines, find_chrome, known_boilerplate, split_lines
from ingest.embedder import Embedder
from tests.conftest import DATA, GUIDE, JOB_AD

# The board's furniture in the default job ad: each line starting with one of these markers
# (everything else is the posting).
JOB_AD_CHROME_MARKERS = tuple(
    (DATA / "job_ad_chrome_markers.txt").read_text(encoding="utf-8").splitlines())


def _is_chrome(line: str) -> bool:
    return any(line.startswith(marker) for marker in JOB_AD_CHROME_MARKERS)


def test_job_ad_loses_all_chrome_and_keeps_every_posting_line(embedder: Embedder) -> None:
    text = JOB_AD.read_text(encoding="utf-8")
    original = [line.text for line in split_lines(text)]
    kept = [line.text for line in clean_lines(text, embedder)]
    chrome = [line for line in original if _is_chrome(line)]
    assert len(chrome) == 26  # 25 markers; "Why you're a good match" appears twice
    assert not [line for line in kept if _is_chrome(line)]
    assert kept == [line for line in original if not _is_chrome(line)]


def test_kept_lines_keep_their_offsets(embedder: Embedder) -> None:
    text = JOB_AD.read_text(encoding="utf-8")
    for line in clean_lines(text, embedder):
        assert text[line.start:line.end] == line.text


def test_interview_guide_loses_nothing(embedder: Embedder) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert clean_lines(text, embedder) == split_lines(text)


def test_synthetic_board_page(embedder: Embedder) -> None:
    """Another board, other chrome: cookie banner, sign-in prompts, an ad, a testimonial."""
    annotated = (DATA / "board_page_annotated.txt").read_text(encoding="utf-8").splitlines()
    lines = [line.removeprefix("@@ ") for line in annotated]
    expected = [line.startswith("@@ ") for line in annotated]
    assert find_chrome(lines, embedder) == expected


def test_known_boilerplate_without_embeddings() -> None:
    lines = ["Skills", "- Python and SQL", "Interview tips",
             "“This site found me a job in a week, highly recommended to everyone!”",
             "Priya, Leeds", "Sign in to save this job", "Location", "Salary"]
    assert known_boilerplate(lines) == [False, False, False, True, True, True, True, True]


@pytest.mark.parametrize("text", ["", "Only one line of text."])
def test_short_documents_are_left_alone(text: str, embedder: Embedder) -> None:
    assert [line.text for line in clean_lines(text, embedder)] == text.split("\n") * bool(text)


def test_a_quotation_without_attribution_is_content() -> None:
    lines = ["Common questions", "“Design a real-time fraud detection system for card payments.”",
             "Think about latency first."]
    assert known_boilerplate(lines) == [False, False, False]


def test_knowledge_notes_lose_nothing(embedder: Embedder) -> None:
    for note in sorted((JOB_AD.parent / "knowledge").glob("*.md")):
        text = note.read_text(encoding="utf-8")
        assert clean_lines(text, embedder) == split_lines(text), note.name
