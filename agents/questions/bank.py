"""The question bank: practice questions with their rubrics, loaded from corpus/questions/.

Each YAML file is a list of questions validated against corpus/questions/schema.json. A
question typed by the user is matched to the bank by meaning, not exact text, so a paraphrase
of a bank question is graded against that question's rubric.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.derived_cache import derived
from ingest.embedder import Embed
from ingest.settings import DEFAULT_CORPUS

BANK_DIR = DEFAULT_CORPUS / "questions"
SCHEMA = BANK_DIR / "schema.json"
SAME_QUESTION = 0.86  # cosine at which a typed question is taken to be a bank question
# cosine at which a bank question is close enough to grade against, saying which one it is
CLOSE_QUESTION = 0.75


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


class BankMatcher:
    """Finds the bank question a typed question means (embeddings computed once)."""

    def __init__(self, questions: tuple[Question, ...], embed: Embed) -> None:
        self.questions = questions
        self.embed = embed
        self._vectors: np.ndarray | None = None

    def match(self, text: str) -> Question | None:
        found, similarity = self.nearest(text)
        return found if similarity >= SAME_QUESTION else None

    def nearest(self, text: str) -> tuple[Question | None, float]:
        """The closest bank question and its cosine to the typed question."""
        if not self.questions:
            return None, 0.0
        if self._vectors is None:
            self._vectors = self.embed([q.text for q in self.questions])
        sims = self._vectors @ self.embed([text])[0]
        best = int(np.argmax(sims))
        return self.questions[best], float(sims[best])
