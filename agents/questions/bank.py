"""The question bank: practice questions with their rubrics, loaded from corpus/questions/.

Each YAML file is a list of questions validated against corpus/questions/schema.json. A
question typed by the user is matched to the bank by meaning, not exact text, so a paraphrase
of a bank question is graded against that question's rubric.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from agents.grading.glossary import expand, notes_glossary, unspell
from agents.grading.subject import rare_words
from agents.grading.text import STOPWORDS, sentences, stem_set
from ingest.derived_cache import derived
from ingest.embedder import Embed
from ingest.settings import DEFAULT_CORPUS

BANK_DIR = DEFAULT_CORPUS / "questions"
SCHEMA = BANK_DIR / "schema.json"
# cosine (to the whole question or one of its asks) at which a typed question is taken to be
# a bank question
SAME_QUESTION = 0.86
# cosine (to the whole question or one of its asks) at which a bank question is close enough
# to grade against, saying which one it is. Chosen on the fit half of bench/data/
# bank_match.jsonl: 0.8% of typed questions graded against a wrong bank question, and 0.05
# above the closest question the bank does not ask (`python -m bench.bank_match`).
CLOSE_QUESTION = 0.70
# Below CLOSE_QUESTION, a bank question this close is still the one meant when it asks with
# the typed question's rare words (`_holds_subject`): "What does a 95% confidence interval
# actually mean?" is the bank's scenario on interpreting one at 0.59. Chosen on the fit halves
# of bench/data/bank_match.jsonl (right matches 0.699 -> 0.743, no more wrong ones, no false
# matches) and bench/data/outside_answers.jsonl; reading abbreviations by their full name and
# one word from the answer took the fit half to 0.775, again with no more wrong ones.
NEAR_QUESTION = 0.55
SUBJECT_WORDS = 2
# Further off still, a bank question is the one meant when the typed question names at least
# SUBJECT_WORDS rare words itself (words, not numbers; an abbreviation and its full name are
# one) and the bank question's first sentence asks with every one of them: short typed
# questions sit far from long bank questions ("token bucket vs leaky bucket" at 0.42 to
# "Compare the main rate limiting algorithms: token bucket, leaky bucket, ..."), but a scene
# ("A family has two children ...", "Several application servers sell limited stock ...") is
# no subject, nor is a later ask ("Explain the bootstrap. How would you use it to put a
# confidence interval on ...?"): questions of other fields share such words. Chosen on the fit
# half of bench/data/bank_match.jsonl (0.40 and 0.35 gave the same figures, 0.45 fewer; the
# nearest few questions instead of the nearest added a wrong match) and a helper's sweep of
# 617 typed questions, mostly of other fields: read in the whole text, 12 of them matched a
# bank question's scene ("What is a flash sale at a store?" the question on overselling
# stock), none in the first sentence.
FAR_QUESTION = 0.40
# An ask matched alone ("What do you check first?", "How can the conflict be resolved?") can
# be any scenario's: the typed question must also come this close to the whole question
# (chosen on the same fit half: the right matches by an ask sit at 0.43-0.70, typed questions
# that name no subject, "What went wrong?", at 0.20-0.43).
WHOLE_FLOOR = 0.45
# Bank questions this close to the nearest are a tie: int8 embeddings round differently on
# another CPU (cosines of the same pair move by up to about 0.03 between machines), and "Explain
# how a DAG is scheduled in Airflow" sat 0.002 closer to the question on slow DAG parsing than
# to the one on run dates. Within a tie, the question whose first sentence asks with every rare
# word of the typed one is the one meant ("Explain the core concepts of Apache Airflow: DAGs,
# tasks, operators, the scheduler and executors").
TIED_QUESTION = 0.03


class BankError(ValueError):
    """A bank file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Source:
    source: str
    section: str


@dataclass(frozen=True)
class KeyPoint:
    """One thing a strong answer says, the probe an interviewer asks when it is missing, and
    the wrong versions of it candidates commonly give."""

    text: str
    probe: str
    wrong: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict) -> KeyPoint:
        return cls(text=data["point"].strip(), probe=data["probe"].strip(),
                   wrong=tuple(w.strip() for w in data.get("wrong") or ()))


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    difficulty: str
    text: str
    points: tuple[KeyPoint, ...]
    model_answer: str
    sources: tuple[Source, ...]
    skill: str = ""
    from_guide: bool = False

    @property
    def key_points(self) -> tuple[str, ...]:
        return tuple(p.text for p in self.points)

    @classmethod
    def from_dict(cls, data: dict) -> Question:
        return cls(id=data["id"], topic=data["topic"], difficulty=data["difficulty"],
                   text=data["text"].strip(),
                   points=tuple(KeyPoint.from_dict(p) for p in data["key_points"]),
                   model_answer=data["model_answer"].strip(),
                   sources=tuple(Source(s["source"], s["section"]) for s in data["sources"]),
                   skill=data["skill"], from_guide=bool(data.get("from_guide", False)))


def _validated(path: Path) -> list[dict]:
    import jsonschema
    import yaml

    from agents.yaml_text import load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    except yaml.YAMLError as exc:
        raise BankError(f"{path.name}: not valid YAML ({exc.__class__.__name__})") from exc
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        raise BankError(f"{path.name}: {where}: {exc.message}") from exc
    return data


def load_file(path: Path) -> list[Question]:
    """The file's questions; a file that has not changed since it was last validated is
    read from the derived cache instead of parsed and validated again."""
    data = derived("bank-file", [path, SCHEMA], lambda: _validated(path))
    return [Question.from_dict(item) for item in data]


def load_bank(folder: Path = BANK_DIR) -> list[Question]:
    questions = [q for path in sorted(folder.glob("*.yaml")) for q in load_file(path)]
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BankError(f"duplicate question ids: {', '.join(duplicates)}")
    return questions


@lru_cache(maxsize=1)
def default_bank() -> tuple[Question, ...]:
    return tuple(load_bank())


# Where a bank question's text divides into the separate things it asks: after a sentence,
# at a semicolon, or before a clause that opens with a question word ("which", "who",
# "when" and "where" after a bare comma open relative clauses: "..., which have grown").
_QUESTION_WORD = r"(?:how|what|why|when|which|where|who|whether)\b"
_ASK_BREAK = re.compile(rf"(?<=[?.!])\s+|;\s+|,?\s+and\s+(?={_QUESTION_WORD})|,\s+"
                        r"(?=(?:how|what|why|whether)\b)", re.IGNORECASE)
# An ask that leans on the rest of the question ("how does it compare with...") means
# nothing alone.
_REFERS_BACK = re.compile(r"\b(?:it|its|it's|they|them|their|this|these|those|each|such|"
                          r"there)\b", re.IGNORECASE)
_ASKS = re.compile(r"^(?:how|what|what's|why|when|which|where|who|whether|is|are|do|does|can|"
                   r"should|would|explain|describe|compare|define|implement|design|estimate|"
                   r"write|walk|tell|name|list)\b", re.IGNORECASE)
# A sentence that asks wherever its asking word stands ("Beyond SQL injection, explain XSS,
# CSRF and SSRF ..."), not one that sets a scene ("A family has two children ...").
_ASKING_WORD = re.compile(r"\b(?:what|how|why|which|explain|compare|describe|define)\b",
                          re.IGNORECASE)
# Words that name no subject: stop words and the verbs of asking.
_GENERIC = STOPWORDS | {"give", "example", "examples", "explain", "describe", "compare", "walk",
                        "talk", "tell", "say", "mean", "means", "else", "what's", "whether"}


def _subject_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9][a-z0-9\-/']*", text.lower()) if w not in _GENERIC]


def asks_of(text: str) -> list[str]:
    """The separate questions a multi-part bank question asks, each whole on its own: "What is
    the bias-variance trade-off, and how can you tell whether a model is overfitting?" asks
    "What is the bias-variance trade-off". A candidate types one of them as often as the
    whole. The first names the subject; a later one needs two words of its own."""
    pieces = [p.strip(" ,;") for p in _ASK_BREAK.split(text)]
    asks = [p for i, p in enumerate(pieces)
            if p and _ASKS.match(p) and not _REFERS_BACK.search(p)
            and len(_subject_words(p)) >= (1 if i == 0 else 2)]
    return [a for a in asks if a != text.strip()]


@dataclass(frozen=True)
class BankMatch:
    """The bank question a typed question is closest to: `similarity` is its cosine to the
    question or to one of its asks, `whole` to the whole question text."""

    question: Question | None
    similarity: float
    whole: float


class BankMatcher:
    """Finds the bank question a typed question means (embeddings computed once): the
    closest by the whole question text or by one of the separate things it asks."""

    def __init__(self, questions: tuple[Question, ...], embed: Embed) -> None:
        self.questions = questions
        self.embed = embed
        self._vectors: np.ndarray | None = None
        self._owners: np.ndarray = np.zeros(0, dtype=int)

    def match(self, text: str) -> Question | None:
        found = self.nearest(text)
        return found.question if found.similarity >= SAME_QUESTION else None

    def close_enough(self, text: str, bar: float = CLOSE_QUESTION) -> BankMatch | None:
        """The bank question to grade a typed question against, or None: the nearest one,
        when it is within `bar`, or is near and holds every rare word the typed one asks with
        but one, or is further off and its first sentence asks with them all."""
        if not self.questions:
            return None
        closeness, whole = self._closeness(text)
        found = self._untied(text, self._best(closeness, whole), closeness, whole)
        if found.question is None or found.similarity < min(bar, FAR_QUESTION):
            return None
        if (found.similarity >= bar
                or (found.similarity >= NEAR_QUESTION and _holds_subject(text, found.question))
                or _asks_first(text, found.question)):
            return found
        return None

    def nearest(self, text: str) -> BankMatch:
        """The closest bank question, by its whole text or one of its asks (an ask only when
        the whole question is within WHOLE_FLOOR)."""
        if not self.questions:
            return BankMatch(None, 0.0, 0.0)
        return self._best(*self._closeness(text))

    def _best(self, closeness: np.ndarray, whole: np.ndarray) -> BankMatch:
        best = int(np.argmax(closeness))
        return BankMatch(self.questions[best], float(closeness[best]), float(whole[best]))

    def _closeness(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Per bank question: its cosine to the typed text by its whole text or its closest
        ask, and by its whole text alone."""
        if self._vectors is None:
            asks = _distinct_asks(self.questions)
            self._vectors = self.embed([q.text for q in self.questions]
                                       + [ask for _, ask in asks])
            self._owners = np.asarray(list(range(len(self.questions)))
                                      + [owner for owner, _ in asks], dtype=int)
        sims = self._vectors @ self.embed([text])[0]
        n = len(self.questions)
        whole = sims[:n].copy()
        sims[n:][whole[self._owners[n:]] < WHOLE_FLOOR] = -1.0  # an ask of a far-off question
        closeness = whole.copy()
        np.maximum.at(closeness, self._owners[n:], sims[n:])
        return closeness, whole

    def _untied(self, text: str, found: BankMatch, closeness: np.ndarray,
                whole: np.ndarray) -> BankMatch:
        """The nearest bank question, or one within TIED_QUESTION of it whose first sentence
        asks with every rare word of the typed question when the nearest's does not. A bank
        question typed as written (SAME_QUESTION) is never traded for a neighbour."""
        if (found.question is None or found.similarity >= SAME_QUESTION
                or _asks_first(text, found.question)):
            return found
        for i in np.argsort(-closeness):
            if closeness[i] < found.similarity - TIED_QUESTION:
                break
            if _asks_first(text, self.questions[i]):
                return BankMatch(self.questions[i], float(closeness[i]), float(whole[i]))
        return found


def _holds_subject(text: str, question: Question, missing: int = 1, lead: bool = False) -> bool:
    """Whether a bank question asks about what the typed question names its subject by: its
    text holds every rare word of the typed one but `missing`, which its key points or model
    answer hold ("a type 2 SCD for customers in dbt" is the bank's type 2 load, whose answer
    names dbt), and at least SUBJECT_WORDS of them. An abbreviation is held by its full name,
    and the full name the notes give counts only where the bank question's text uses it: "CAP"
    is a cumulative accuracy profile in the notes, not the theorem. COALESCE and NULLIF
    are in the points of the question on NULL logic, which is no rubric for "What do COALESCE
    and NULLIF do?". Hyphens are no part of a word here: "kmeans" is "k-means"."""
    asking = _lead(question.text) if lead else question.text
    asked = _unhyphenated(expand(set(stem_set(asking)), notes_glossary()))
    wanted = _unhyphenated(rare_words(unspell(text))) | (_unhyphenated(rare_words(text)) & asked)
    if len(wanted & asked) < SUBJECT_WORDS or len(wanted - asked) > missing:
        return False
    answered = " ".join([question.model_answer, *question.key_points])
    return wanted <= asked | _unhyphenated(expand(set(stem_set(answered)), notes_glossary()))


def _asks_first(text: str, question: Question) -> bool:
    """Whether a bank question's first sentence asks about every rare word the typed one
    names, and it names SUBJECT_WORDS of them itself: words, not numbers ("What is 100 by
    256?"), and an abbreviation with its full name is one ("Define PII")."""
    named = [w for w in rare_words(unspell(text)) if any(ch.isalpha() for ch in w)]
    return len(named) >= SUBJECT_WORDS and _holds_subject(text, question, missing=0, lead=True)


def _lead(text: str) -> str:
    """A bank question's first sentence when it asks: what the question is about ("" when it
    sets a scene: "A family has two children ..." is no question on families)."""
    parts = sentences(text)
    first = parts[0] if parts else ""
    return first if first.rstrip().endswith("?") or _ASKING_WORD.search(first) else ""


def _unhyphenated(stems: set[str] | frozenset[str]) -> set[str]:
    return {s.replace("-", "") for s in stems}


def _distinct_asks(questions: tuple[Question, ...]) -> list[tuple[int, str]]:
    """(question index, ask) for every ask that only one bank question asks ("What went
    wrong?" is any scenario's)."""
    asks = [(i, ask) for i, q in enumerate(questions) for ask in asks_of(q.text)]
    said = Counter(ask.lower().rstrip("?.! ") for _, ask in asks)
    return [(i, ask) for i, ask in asks if said[ask.lower().rstrip("?.! ")] == 1]
