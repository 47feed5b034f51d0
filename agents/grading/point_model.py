"""How sure the judge is that an answer makes a key point: a logistic model over the point's
signals, fitted by `python -m bench.points --fit` on bench/data/points_fit.jsonl only and
shipped as data (point_model.json).

No single signal decides well. Wording (the point's own words stated) is fooled by a fluent
answer that uses the right words for a wrong claim; meaning (cosine) by an answer on the
right subject that never makes the point; and neither sees a behavioral rubric line that
describes the answer ("Describes the situation and each party's goal"), which a specific
story makes in words of its own. The model weighs them together, with the shape of the rubric
line, and says "covered" from a probability.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from agents.grading.features import Signals

MODEL_FILE = Path(__file__).with_name("point_model.json")
# A rubric line about how the answer is told, not a fact: it opens with what the candidate
# does ("Describes the...", "States a measurable result", "Explains how..."). A list of verbs,
# because a plural noun opens many facts ("Queries that skip the partition key...").
_DESCRIBES_ANSWER = re.compile(
    r"^(?:Describes|Explains|States|Shows|Reports|Identifies|Names|Gives|Reflects|Leads|"
    r"Replaces|Proposes|Offers|Defines|Mentions|Quantifies|Quantified|Acknowledges|"
    r"Admits|Owns|Credits|Takes|Frames|Reframes|Connects|Summari[sz]es|Asks|Builds|Delivers|"
    r"Protects|Finds|Helps|Prepares|Writes|Agrees|Communicates|Acts|Follows|Adapts|Critiques|"
    r"Balances|Presents|Measures|Resets|Scopes|Translates|Learns|Investigates|Applies|"
    r"Applied|Flags|Flagged|Triages?|Lays|Says|Illustrates|Addresses|Considers|Makes|Keeps|"
    r"Raises|Avoids|Compares|Chooses|Walks|Tailors|Checks|Uses|Sets|Invites|Seeks|Shares|"
    r"Separates|Prioriti[sz]es|Escalates|Recogni[sz]es|Commits|Closes|Opens|Ends|Starts)\b")


# In a behavioral rubric nearly every line says what the candidate did, in a verb of their
# own ("Parks the current work cleanly...", "Disclosed the error promptly"): no list of verbs
# keeps up, so there a line describes the answer when it opens with a verb in the third person
# or the past, after an opening clause ("Once decided, commits..."). Read by shape alone, a
# plural noun followed by its verb ("Customers value transparency") would pass too; lines of
# that kind do not occur in the bank's behavioral rubrics, and a noun followed by an
# auxiliary ("Interns are...", "Decisions should...") is kept out.
_STORY_LINE = re.compile(
    r"^(?:(?i:once|when|if|after|before|while|without)\b[^,]{0,60},\s*)?"
    r"(?P<verb>[A-Za-z][a-z]+(?:-[a-z]+)?)\s+(?P<next>[\w'-]+)")
_IRREGULAR_PASTS = frozenset({
    "took", "made", "kept", "led", "built", "wrote", "ran", "found", "gave", "sent", "set",
    "met", "told", "chose", "spent", "brought", "began", "drew", "held", "taught", "split",
    "cut", "did", "had", "went", "got", "won", "saw", "knew", "spoke", "understood", "sought",
    "thought", "caught", "felt", "paid", "rebuilt", "drove", "stood", "left", "lost", "put"})
_FOLLOWS_A_SUBJECT = frozenset({
    "are", "were", "is", "was", "be", "should", "can", "could", "must", "will", "would", "may",
    "might", "need", "get", "have", "has", "had", "do", "does", "that", "who", "which",
    "typically", "often", "usually", "tend", "remain"})


def describes_answer(point: str, behavioral: bool = False) -> bool:
    """Whether a rubric line says how the answer is told; `behavioral`: a line of a
    behavioral question's rubric, read by the shape of its opening verb."""
    if _DESCRIBES_ANSWER.match(point):
        return True
    found = _STORY_LINE.match(point.strip()) if behavioral else None
    if found is None:
        return False
    verb, after = found["verb"].lower(), found["next"].lower()
    return ((verb in _IRREGULAR_PASTS or re.search(r"(?:[^s]s|ed)$", verb) is not None)
            and after not in _FOLLOWS_A_SUBJECT)


@dataclass(frozen=True)
class PointSignals(Signals):
    """What the judge measured for one key point against one answer."""

    meaning: float  # best cosine of the point with an answer unit
    wording: float  # best share of the point's own words and numbers a unit states
    strength: float  # best blend of the two in one unit (the judge's evidence)
    meaning_at: float  # the evidence unit's meaning ...
    wording_at: float  # ... and wording
    meaning_second: float  # second-best unit: a point made at length shows twice
    answer_similarity: float  # cosine of the point with the whole answer
    piece_recall: float  # the point's word pieces matched in the answer (BERTScore recall)
    error: float  # 1 when the answer states the point wrongly
    describes: float  # 1 for a rubric line about how the answer is told
    describes_specific: float  # ... times how specific the story is
    describes_part: float  # ... times whether the story has the part it asks for
    describes_meaning: float
    describes_pieces: float
    plain_wording: float  # wording, for a point that states a fact


@dataclass(frozen=True)
class PointModel:
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    covered: float = 0.5  # probability from which a point is covered
    partly: float = 0.35  # ... and partly made
    fitted_on: str = ""

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> PointModel | None:
        if not path.is_file():
            return None
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    def probability(self, signals: PointSignals) -> float:
        names = PointSignals.names()
        z = self.bias + sum(self.weights.get(n, 0.0) * v for n, v in zip(names,
                                                                         signals.vector()))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def status(self, probability: float) -> str:
        return ("covered" if probability >= self.covered
                else "partly" if probability >= self.partly else "missed")


POINT_MODEL = PointModel.load()
