"""The question bank: schema-valid, big enough, balanced, holds every guide example question,
and every source it cites exists in the corpus."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from agents.questions.bank import BankError, load_bank, load_file
from ingest.chunking import heading_text
from ingest.topics import TOPICS
from tests.conftest import CORPUS, GUIDE


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_bank_size_topics_and_difficulties(bank) -> None:
    assert len(bank) >= 150
    by_topic = Counter(q.topic for q in bank)
    assert set(by_topic) == set(TOPICS) and min(by_topic.values()) >= 20
    for topic in TOPICS:
        levels = {q.difficulty for q in bank if q.topic == topic}
        assert levels == {"easy", "medium", "hard"}, topic


def test_every_guide_example_question_is_in_the_bank(bank) -> None:
    quoted = re.findall(r'^- "(.+)"$', GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(quoted) == 22
    texts = {q.text for q in bank}
    assert [q for q in quoted if q not in texts] == []


def test_every_cited_source_and_section_exists(bank) -> None:
    for question in bank:
        for source in question.sources:
            path = CORPUS / source.source
            assert path.is_file(), (question.id, source.source)
            headings = {heading_text(line) for line in path.read_text(encoding="utf-8")
                        .splitlines()} | {line.strip() for line in
                                          path.read_text(encoding="utf-8").splitlines()}
            assert source.section in headings, (question.id, source.section)


def test_malformed_bank_file_names_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x-1\n  topic: astrology\n  difficulty: easy\n  text: What is it?\n",
                   encoding="utf-8")
    with pytest.raises(BankError, match="bad.yaml"):
        load_file(bad)
