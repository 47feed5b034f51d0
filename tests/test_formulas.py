"""Formulas read as expressions: a changed formula is an error a sentence vector cannot see."""

from __future__ import annotations

import pytest

from agents.grading.formulas import formulas, other_formula, same

PREFIX = "A range sum from i to j inclusive is prefix[j + 1] - prefix[i]"


@pytest.mark.parametrize("a, b, equal", [
    ("TP / (TP + FP)", "TP/(FP+TP)", True),
    ("prefix[j + 1] - prefix[i]", "prefix[1 + j] - prefix[i]", True),
    ("r·(d+k)", "r(d+k)", True),  # a product written as a call
    ("sqrt(SE_A^2 + SE_B^2)", "(SE_A**2 + SE_B**2)**0.5", True),
    ("prefix[j + 1] - prefix[i]", "prefix[j] - prefix[i]", False),
    ("C_FP/(C_FP + C_FN)", "C_FN/(C_FP + C_FN)", False),
    ("x^(x^(x^(x^99)))", "x", None),  # a power no candidate writes is read as nothing
])
def test_two_formulas_are_the_same_when_their_values_are(a: str, b: str,
                                                          equal: bool | None) -> None:
    assert same(a, b) is equal


@pytest.mark.parametrize("unit, stated", [
    ("the flow from day i to day j inclusive is just prefix[j] - prefix[i], O(1).",
     "prefix[j] - prefix[i]"),
    ("the range sum from i to j is prefix[j] - prefix[i + 1]", "prefix[j] - prefix[i + 1]"),
])
def test_another_formula_over_the_points_names_is_found(unit: str, stated: str) -> None:
    assert other_formula(PREFIX, unit) == stated


@pytest.mark.parametrize("point, unit, stated", [
    ("z = (x - mu)/sigma", "so z = (x - mu)/sigma^2", "(x - mu)/sigma^2"),
    ("Kelly: f* = p - q/b", "f* = p - q*b", "p - q*b"),
    ("LoRA trains r*(d + k) parameters", "LoRA trains r*d*k parameters", "r*d*k"),
])
def test_a_formula_said_to_equal_the_same_thing_is_compared(point: str, unit: str,
                                                            stated: str) -> None:
    assert other_formula(point, unit) == stated


@pytest.mark.parametrize("point, unit", [
    (PREFIX, "the sum is prefix[1 + j] - prefix[i]"),
    (PREFIX, "prefix[j+1] - prefix[i], not prefix[j] - prefix[i]"),  # says the point's too
    (PREFIX, "Scanning each range directly would be O(j - i) per query"),  # other names
    # a formula inside a larger one, or one the point itself names
    ("The standard error of a difference is sqrt(SE_A^2 + SE_B^2), smaller than SE_A + SE_B",
     "significance needs it to exceed 1.96·sqrt(SE_A^2 + SE_B^2)."),
    ("The standard error of a difference is sqrt(SE_A^2 + SE_B^2), smaller than SE_A + SE_B",
     "adding them, SE_A + SE_B, overstates it"),
    # a formula said to equal something else is about something else
    ("Var(X + Y) = Var(X) + Var(Y) + 2*Cov(X, Y)", "and Var(X - Y) = Var(X) + Var(Y) - "
                                                  "2*Cov(X, Y)"),
    # implicit products are read as part of a larger expression, so compared with nothing
    ("The per-group sample size is roughly 16 * sigma^2 / delta^2",
     "With the rule of thumb n ≈ 16 sigma^2 / delta^2 per group"),
    ("Log loss is -(1/n) sum[y log p + (1 - y) log(1 - p)]",
     "-(1/n) sum[y log p + (1 - y) log(1 - p)]"),
])
def test_a_formula_that_agrees_or_speaks_of_something_else_is_no_contradiction(
        point: str, unit: str) -> None:
    assert other_formula(point, unit) is None


@pytest.mark.parametrize("point, unit", [
    # prose with one sign between words is no formula
    ("F1 = 2*precision*recall/(precision + recall)", "there is a precision/recall trade-off"),
    ("Precision = TP / (TP + FP)", "it depends on the TP/FP ratio"),
    # a part of the point's formula, or the same up to a constant
    ("The margin of error is 1.96*sigma/sqrt(n)", "the standard error is sigma/sqrt(n), and we "
                                                  "multiply by 1.96"),
    ("F1 = 2*P*R/(P+R)", "F1 = 2 P R / (P + R)"),
    ("F1 = 2*P*R/(P+R)", "F1 = 2⋅P⋅R/(P+R)"),
    ("SE = sigma/sqrt(n)", "SE = sigma * n^-0.5"),
    # another quantity over the same names
    ("Precision = TP/(TP+FP)", "the false discovery rate is FP/(TP+FP), i.e. 1 - precision"),
    ("P(A|B) = P(A, B)/P(B)", "If A and B are independent, P(A, B) = P(A)*P(B)"),
    # identities of functions whose meaning is not known here
    ("Gini = 1 - sum(p_i^2)", "Gini = sum(p_i*(1 - p_i))"),
    ("E[a*X + b] = a*E[X] + b", "E[a*X + b] = E[a*X] + b, and E[a*X] is a times E[X]"),
    # the wrong formula named to set it apart, or another convention stated
    ("The SE of a difference is sqrt(SE_A^2 + SE_B^2)", "A common mistake is to add them: "
                                                       "SE_A + SE_B + 0"),
    (PREFIX, "the half-open range [i, j) sums to prefix[j] - prefix[i]"),
    (PREFIX, "with a 1-indexed prefix array it is prefix[j] - prefix[i - 1]"),
])
def test_what_a_hostile_review_found_is_no_contradiction(point: str, unit: str) -> None:
    assert other_formula(point, unit) is None


@pytest.mark.parametrize("text", [
    "a train-test split, day-to-day, L1-norm and k-means",
    "__import__(os).system(ls) + 1",  # parsed, never run: a call of an unknown name
    "(" * 500 + "a + b" + ")" * 500,
    "x" + " + x" * 5000,
])
def test_hostile_or_wordy_text_gives_no_formula_to_compare_and_runs_nothing(text: str) -> None:
    found = formulas(text)
    assert all(len(f) <= 80 for f in found)
    assert "train-test" not in found and "k-means" not in found
    assert other_formula(PREFIX, text) is None
