"""The question bank: schema-valid, big enough, balanced, holds every guide example question,
and every source it cites exists in the corpus."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from agents.questions.bank import BankError, load_bank, load_file
from agents.questions.checks import Rarity, check_bank, skills
from ingest.chunking import heading_text
from ingest.topics import TOPICS
from tests.conftest import CORPUS, GUIDE


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_bank_size_topics_and_difficulties(bank) -> None:
    assert len(bank) >= 700
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


def test_notes_cover_the_interview_canon() -> None:
    notes = list((CORPUS / "knowledge").glob("*.md"))
    assert len(notes) >= 90


def test_every_skill_has_questions(bank) -> None:
    used = Counter(q.skill for q in bank)
    assert [s for s in skills() if used[s] < 3] == []


def test_a_job_ad_word_names_one_skill_only() -> None:
    """An alias listed under two skills would silently belong to the later one."""
    owners = Counter(a.lower() for skill in skills().values() for a in skill["aliases"])
    assert [alias for alias, count in owners.items() if count > 1] == []


def test_a_word_ruled_out_beside_a_skill_is_its_own_alias_beside_known_skills() -> None:
    """`not_beside` names a word of the skill's own aliases and skills that exist; a typo
    would silently rule nothing out."""
    for key, skill in skills().items():
        for word, others in skill.get("not_beside", {}).items():
            assert word in [a.lower() for a in skill["aliases"]], (key, word)
            assert others and set(others) <= set(skills()), (key, others)


def test_bank_passes_the_authoring_checks(bank) -> None:
    """Skills known, probes that do not give points away, wrong versions to catch errors,
    no headings or fragments as points, points supported by the cited notes, no model
    answer shared between questions."""
    assert [str(p) for p in check_bank(bank)] == []


def test_a_probe_that_repeats_its_point_is_caught(bank) -> None:
    rarity = Rarity(p for q in bank for p in q.key_points)
    question = next(q for q in bank if q.id == "ml-l1-vs-l2-regularization")
    leaked = rarity.distinctive(question.key_points[1], question.text)
    assert "sparse" in leaked and "weight" not in leaked


def test_a_fragment_or_question_is_not_a_key_point(tmp_path: Path) -> None:
    bad = tmp_path / "frag.yaml"
    bad.write_text(
        "- id: frag-1\n  topic: ml_fundamentals\n  skill: regularization\n  difficulty: easy\n"
        "  text: What is the bias-variance trade-off?\n  key_points:\n"
        "    - point: both high means high bias.\n      probe: What if both errors are high?\n"
        "    - point: What is variance?\n      probe: How would you define it?\n"
        "    - point: Regularization adds bias to cut variance\n"
        "      probe: What does a penalty trade?\n      wrong: [Regularization removes bias]\n"
        "  model_answer: " + "Bias is error from a too simple model; variance is error from "
        "reacting to noise. Regularization trades one for the other.\n"
        "  sources: [{source: knowledge/regularization.md, section: x}]\n", encoding="utf-8")
    found = [str(p) for p in check_bank(load_file(bad))]
    assert any("point 1 reads as a fragment" in f for f in found)
    assert any("point 2 is a question" in f for f in found)


def test_a_bank_question_divides_into_the_asks_a_candidate_types() -> None:
    from agents.questions.bank import asks_of

    assert asks_of("What is the bias-variance trade-off, and how can you tell whether a model "
                   "is overfitting or underfitting?") == [
        "What is the bias-variance trade-off",
        "how can you tell whether a model is overfitting or underfitting?"]
    # an ask that leans on the rest of the question, or names nothing, means nothing alone
    assert asks_of("How does a Gaussian mixture model cluster data, how is it fitted, and how "
                   "does it relate to k-means?") == ["How does a Gaussian mixture model "
                                                     "cluster data"]
    assert asks_of("Why would you use it? Give an example.") == []
    assert asks_of("Your model's accuracy dropped. What would you do?") == []
    assert asks_of("Explain the CAP theorem.") == []  # one ask: the question itself
    # a relative clause is no ask of its own
    assert asks_of("Why does a model of sales, which have grown for years, predict a flat "
                   "line? How would you fix the model?") == [
        "Why does a model of sales, which have grown for years, predict a flat line?",
        "How would you fix the model?"]


def test_readme_states_the_bank_and_notes_as_they_are(bank) -> None:
    """The README tells a new user how much material stands behind the coach; adding
    questions or notes without updating it would tell them wrongly."""
    readme = " ".join((CORPUS.parent / "README.md").read_text(encoding="utf-8").split())
    notes = len(list((CORPUS / "knowledge").glob("*.md")))
    assert f"{notes} knowledge notes" in readme
    assert f"bank of {len(bank)} practice questions" in readme


def test_every_bank_question_typed_as_written_is_graded_against_itself(embedder) -> None:
    """A neighbour within a tie (TIED_QUESTION) whose first sentence asks with the typed words
    never takes the place of the question typed word for word."""
    from agents.grading.glossary import spell_out
    from agents.questions.bank import BankMatcher, default_bank

    bank = default_bank()
    matcher = BankMatcher(bank, embedder.cached)
    strayed = [(q.id, found.question.id if found and found.question else None)
               for q in bank for found in [matcher.close_enough(spell_out(q.text))]
               if found is None or found.question is not q]
    assert strayed == []
