"""A wrong version told apart from its key point by a formula alone ("prefix[j] - prefix[i]"
for "prefix[j + 1] - prefix[i]"): a sentence vector cannot see the difference, so the grader
reads the formulas themselves."""

from __future__ import annotations

import pytest

from agents.grading.formulas import compact, formulas, telling, writes
from agents.grading.grader import Grader
from agents.questions.bank import Question, default_bank
from tests.conftest import corpus_grader


@pytest.fixture(scope="module")
def grader(tmp_path_factory: pytest.TempPathFactory, corpus_home) -> Grader:
    return corpus_grader(corpus_home, tmp_path_factory.mktemp("grader-home"))


def _bank(question_id: str) -> Question:
    return next(q for q in default_bank() if q.id == question_id)


def _point(grade, start: str):
    return next(p for p in grade.points if p.point.startswith(start))


@pytest.mark.parametrize("typed, written", [
    ("Var(X - Y) = Var(X) + Var(Y) - 2 Cov(X, Y)", "var(x-y)=var(x)+var(y)-2 cov(x,y)"),
    ("(X \u2212 Y)\u00b2 / expected", "(x-y)^2/expected"),
    ("P ** 2 . sum", "p^2 . sum"),
    ("sigma   /\n sqrt( n )", "sigma/sqrt(n)"),
])
def test_a_formula_is_written_one_way(typed: str, written: str) -> None:
    assert compact(typed) == written


@pytest.mark.parametrize("text, found", [
    ("The standard error is sigma / sqrt(n) for a mean.", {"sigma/sqrt(n)"}),
    ("Use Beta(a + k, b + n - k) as the posterior.", {"beta(a+k,b+n-k)"}),
    ("Each query is O(1) after O(n) preprocessing.", set()),  # costs: `complexity` reads them
    ("We ship with CI/CD and talk to A/B testing teams.", set()),
    ("Comparing floats with == is unsafe.", set()),  # an operator between plain words
    ("No formula here, only words and 3 numbers: 1/2 and 0.5.", set()),
])
def test_the_formulas_a_text_writes(text: str, found: set[str]) -> None:
    assert formulas(text) == found


def test_a_formula_the_truth_writes_tells_nothing_unless_it_sets_it_apart() -> None:
    wrong = "Var(X + Y) = Var(X) + Var(Y) for any X and Y"
    assert telling(wrong, ["Var(X + Y) = Var(X) + Var(Y) + 2 Cov(X, Y)"]) == set()
    contrasted = ("The standard error of the difference is sqrt(SE_A^2 + SE_B^2), which is "
                  "smaller than SE_A + SE_B")
    assert telling("The standard error of the difference is SE_A + SE_B",
                   [contrasted]) == {"se_a+se_b"}


@pytest.mark.parametrize("text, said", [
    ("the flow is just prefix[j] - prefix[i], O(1).", True),
    ("the flow is prefix[j + 1] - prefix[i].", False),
    ("the error is sigma / n.", True),
    ("the error is sigma / n^2", False),  # part of a longer formula
    ("the error is 2sigma / n", False),
    ("x.sigma/n.y", False),
])
def test_a_formula_is_written_whole_or_not_at_all(text: str, said: bool) -> None:
    wanted = "prefix[j]-prefix[i]" if "prefix" in text else "sigma/n"
    assert writes(wanted, text) is said


@pytest.mark.parametrize("hostile", [" " * 80_000 + "a = b", "(" * 50_000, "a = " * 20_000,
                                     ")" * 10_000 + "x(y)", "\u221a" * 10_000])
def test_hostile_text_is_read_without_error(hostile: str) -> None:
    assert isinstance(formulas(hostile), set)
    assert writes("sigma/n", hostile) is False


def test_a_fluent_answer_with_the_wrong_formula_is_named_and_scored_down(
        grader: Grader) -> None:
    """The fit set's fluent-but-wrong prefix-sum answer scored 4.9 "strong" with no error:
    it says prefix[j] - prefix[i] for an inclusive range, and a ", but" before that claim
    was read as setting it apart."""
    answer = ("I'd build a cumulative sum array once with np.cumsum, with prefix[0] = 0, which "
              "is O(n). Scanning each range directly would be O(j - i) per query, but with the "
              "prefix array the flow from day i to day j inclusive is just prefix[j] - "
              "prefix[i], O(1). And if a day's flow gets corrected you simply update that "
              "entry of the prefix array in O(1), so there's no need for fancier structures.")
    grade = grader.grade_with(grader.rubric_for_bank(_bank("coding-prefix-sums")), answer)
    range_sum = _point(grade, "A range sum from i to j")
    assert range_sum.status == "missed"
    assert "prefix[j] - prefix[i]" in range_sum.error
    assert grade.score < 3.5 and grade.verdict != "strong"


# each key point typed with the wrong version's formula in place of its own
SWAPPED = [
    ("coding-prefix-sums", "A range sum from i to j inclusive is prefix[",
     "A range sum from i to j inclusive is prefix[j] - prefix[i]."),
    ("st-chi-square-tests", "The chi-square statistic sums",
     "The chi-square statistic sums (observed - expected)^2 / observed over the cells of a "
     "table of counts."),
    ("coding-binary-tree-depth", "Max depth is 0 for an empty tree",
     "Max depth is 0 for an empty tree, else 1 + depth(left) + depth(right)."),
    ("llm-temperature-sampling", "Sampling draws the next token from softmax",
     "Sampling draws the next token from softmax(logits x T), where T is the temperature."),
    ("st-beta-binomial-shrinkage", "A Beta(a, b) prior with k clicks",
     "A Beta(a, b) prior with k clicks in n impressions gives a Beta(a + n, b + k) "
     "posterior."),
]


@pytest.mark.parametrize("question_id, point, swapped", SWAPPED)
def test_a_key_point_with_the_wrong_versions_formula_is_an_error(
        grader: Grader, question_id: str, point: str, swapped: str) -> None:
    question = _bank(question_id)
    others = " ".join(p + "." for p in question.key_points if not p.startswith(point))
    grade = grader.grade_with(grader.rubric_for_bank(question), others + " " + swapped)
    made = _point(grade, point)
    assert made.status == "missed" and made.error, made


@pytest.mark.parametrize("question_id, point, swapped", SWAPPED)
def test_the_key_points_said_with_their_own_formulas_are_no_error(
        grader: Grader, question_id: str, point: str, swapped: str) -> None:
    question = _bank(question_id)
    grade = grader.grade_with(grader.rubric_for_bank(question),
                              " ".join(p + "." for p in question.key_points))
    assert grade.errors == [] and _point(grade, point).status == "covered"


def test_a_clause_on_the_way_to_the_right_formula_is_no_error(grader: Grader) -> None:
    """"each class gets probability 1/C" is the wrong version's 1/C, but its sentence goes on
    to the point's ln(C); before, the clause alone was named an error."""
    answer = ("Check the initial loss: with C balanced classes each gets probability 1/C, so "
              "the loss should be -ln(1/C) = ln(C). Then overfit one small batch with "
              "regularisation off.")
    grade = grader.grade_with(grader.rubric_for_bank(_bank("dl-implement-paper-pytorch")),
                              answer)
    assert grade.errors == []
    assert _point(grade, "Check the loss at initialisation").status != "missed"


@pytest.mark.parametrize("question_id, answer", [
    ("llm-temperature-sampling",
     "Some people think sampling draws the next token from softmax(logits / T), where T is the "
     "temperature, whereas temperature multiplies the logits, so sampling uses "
     "softmax(logits x T)."),
    ("st-causal-propensity-scores",
     "Some people think the propensity score is the probability of receiving treatment given "
     "observed covariates, e(x) = P(T = 1 | X = x), whereas the propensity score is the "
     "probability of the outcome given the covariates."),
])
def test_a_sentence_that_ends_on_the_wrong_version_is_named(grader: Grader, question_id: str,
                                                           answer: str) -> None:
    """The right formula said first and set aside for the wrong one ("Some people think X,
    whereas Y") does not excuse Y: only a sentence that goes on to the right one does."""
    grade = grader.grade_with(grader.rubric_for_bank(_bank(question_id)), answer)
    assert grade.errors
