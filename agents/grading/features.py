"""Signals that say how well an answer covers a rubric, computed without any LLM.

The rubric's key points, joined, are the reference text. Signals come at three grains: whole
texts, sentences (one per key point), and word pieces aligned one to one (as in BERTScore).
The question's own words and meaning are demoted throughout: repeating the question earns
nothing. On Mohler, the word-piece recall with the question demoted is the strongest single
signal (r = 0.62 against human grades; whole-text cosine gives 0.49).
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass, fields
from typing import Protocol

import numpy as np

from agents.grading.text import STOPWORDS, content_stems, sentences

COVERED_SIMILARITY = 0.6
QUESTION_PIECE = 0.7  # a reference word piece this close to a question piece is the question's


class GradingEmbed(Protocol):
    def __call__(self, texts: list[str]) -> np.ndarray: ...

    def tokens(self, texts: list[str], skip: frozenset[str] = ...) -> list[np.ndarray]: ...


class Signals:
    """A frozen dataclass of float signals, read in field order as a vector (a model's
    weights are named after the fields)."""

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]  # type: ignore[arg-type]

    def vector(self) -> np.ndarray:
        return np.array(astuple(self), dtype=float)  # type: ignore[call-overload]


@dataclass(frozen=True)
class AnswerFeatures(Signals):
    similarity: float  # answer vs reference, whole texts
    demoted_similarity: float  # the same after removing the question's direction
    point_coverage: float  # mean over key points of the best-matching answer sentence
    points_covered: float  # share of key points whose best match clears COVERED_SIMILARITY
    term_recall: float  # share of the reference's content words (not the question's) used
    term_precision: float  # share of the answer's new content words found in the reference
    novelty: float  # share of the answer's content words that are not the question's
    length: float  # log(1 + content words)
    piece_recall: float  # reference word pieces matched by the answer's (BERTScore recall)
    piece_precision: float  # answer word pieces matched by the reference's
    demoted_piece_recall: float  # piece recall over the reference pieces the question lacks


@dataclass(frozen=True)
class PointMatch:
    """The answer sentence that best covers one key point."""

    point: str
    similarity: float
    evidence: str


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def demote(vector: np.ndarray, question: np.ndarray) -> np.ndarray:
    """Remove the component along the question, so shared topic words stop counting."""
    return _unit(vector - float(vector @ question) * question)


def answer_units(answer: str) -> list[str]:
    """Sentences, plus adjacent pairs: a key point is often spread over two sentences."""
    parts = sentences(answer)
    return parts + [f"{a} {b}" for a, b in zip(parts, parts[1:])]


def match_points(points: list[str], units: list[str], point_vectors: np.ndarray,
                 unit_vectors: np.ndarray) -> list[PointMatch]:
    sims = point_vectors @ unit_vectors.T
    best = sims.argmax(axis=1)
    return [PointMatch(p, float(sims[i, best[i]]), units[best[i]]) for i, p in enumerate(points)]


def _coverage(source: np.ndarray, target: np.ndarray) -> float:
    """Mean over source pieces of the best cosine with any target piece."""
    if len(source) == 0 or len(target) == 0:
        return 0.0
    return float((source @ target.T).max(axis=1).mean())


def piece_features(embed: GradingEmbed, question: str, reference: str,
                   answer: str) -> tuple[float, float, float]:
    q, ref, ans = embed.tokens([question, reference, answer], skip=STOPWORDS)
    own = ref if len(q) == 0 or len(ref) == 0 else ref[(ref @ q.T).max(axis=1) < QUESTION_PIECE]
    return _coverage(ref, ans), _coverage(ans, ref), _coverage(own if len(own) else ref, ans)


def compute_features(embed: GradingEmbed, question: str, points: list[str],
                     answer: str) -> tuple[AnswerFeatures, list[PointMatch]]:
    reference = " ".join(points)
    units = answer_units(answer) or [answer]
    vectors = embed([question, reference, answer, *points, *units])
    q, ref, ans = vectors[0], vectors[1], vectors[2]
    matches = match_points(points, units, vectors[3:3 + len(points)], vectors[3 + len(points):])
    question_terms = set(content_stems(question))
    reference_terms = set(content_stems(reference)) - question_terms
    answer_terms = content_stems(answer)
    new_terms = [t for t in answer_terms if t not in question_terms]
    recall, precision, demoted_recall = piece_features(embed, question, reference, answer)
    features = AnswerFeatures(
        similarity=float(ref @ ans),
        demoted_similarity=float(demote(ref, q) @ demote(ans, q)),
        point_coverage=float(np.mean([m.similarity for m in matches])),
        points_covered=sum(m.similarity >= COVERED_SIMILARITY for m in matches) / len(matches),
        term_recall=(len(reference_terms & set(answer_terms)) / len(reference_terms)
                     if reference_terms else 0.0),
        term_precision=(sum(t in reference_terms for t in new_terms) / len(new_terms)
                        if new_terms else 0.0),
        novelty=len(new_terms) / len(answer_terms) if answer_terms else 0.0,
        length=math.log1p(len(answer_terms)),
        piece_recall=recall, piece_precision=precision, demoted_piece_recall=demoted_recall,
    )
    return features, matches
