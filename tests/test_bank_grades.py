"""Every bank question graded on its own model answer and on its key points joined: the coach
never accuses its own answers of an error, and the verdict never contradicts the counts.
(About five minutes: 1,768 grades.)"""

from __future__ import annotations

import pytest

from agents.grading.grader import Grader
from agents.questions.bank import default_bank
from tests.conftest import corpus_grader


@pytest.fixture(scope="module")
def grader(tmp_path_factory: pytest.TempPathFactory, corpus_home) -> Grader:
    return corpus_grader(corpus_home, tmp_path_factory.mktemp("bank-grades-home"))


def _consistent(verdict: str, covered: int, points: int, errors: int, partly: int = 0) -> bool:
    share = covered / points
    if verdict == "strong":  # a point made in part counts half, as in the score
        return (covered + partly / 2) / points >= 0.75 and not errors
    if covered == points and not errors:
        return False  # every point made without an error is strong
    return verdict != "weak" or share < 0.5 or errors > 0


def test_the_bank_grades_its_own_answers_without_errors_or_contradictions(
        grader: Grader) -> None:
    accused, contradicted, low = [], [], []
    for question in default_bank():
        rubric = grader.rubric_for_bank(question)
        joined = "\n".join(f"- {p}." for p in question.key_points)
        for kind, answer in (("model answer", question.model_answer), ("points", joined)):
            grade = grader.grade_with(rubric, answer)
            covered = sum(p.status == "covered" for p in grade.points)
            partly = sum(p.status == "partly" for p in grade.points)
            if grade.errors:
                accused.append(f"{question.id} ({kind}): {grade.errors[0][:120]}")
            if not _consistent(grade.verdict, covered, len(grade.points), len(grade.errors),
                               partly):
                contradicted.append(f"{question.id} ({kind}): {grade.verdict} with "
                                    f"{covered}/{len(grade.points)}")
            # a story's points describe it, so a model story may be judged partial; a
            # technical model answer states its points and must grade strong
            if question.topic != "behavioral" and grade.score < 3.5:
                low.append(f"{question.id} ({kind}): {grade.score}")
    assert accused == [] and contradicted == [] and low == []
