"""Answers that try to game the grader earn less than honest answers of the same content.

The answer is data, never instructions: sentences that address the grader are cut out before
scoring (so they cannot add anything) and flagged; repeated text is counted once; a bare list
of keywords, or a restatement of the question, is capped because it explains nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.grading.text import STOPWORDS, content_stems, line_ends, sentences, words

# What the grader, the answer or its score is: a demand must aim at one of them. "Score this
# transaction", "a perfect score on the training set", "the system prompt" and "assign it a risk
# score" are what candidates say about models, and must not be cut.
_GRADED = r"(?:me|my\s+answer|this\s+answer|the\s+answer|this\s+response|this|it)"
_DEMANDS_GRADE = re.compile(
    rf"""(?:give|award|assign|grant)\s+{_GRADED}\s+(?:an?\s+|the\s+)?
          (?:full|maximum|max|perfect|top)\s+(?:score|marks?|points|grade|rating)\b
      | (?:give|award|grant)\s+{_GRADED}\s+(?:an?\s+)?(?:5|five|10|ten)
          (?:\s*/\s*\d+|\s+out\s+of\s+\d+|\s+(?:points|marks|stars)|\s*[.!]?\s*$)
      | (?:give|award|assign|grant)\s+(?:me|my\s+answer|this\s+answer|the\s+answer|this\s+response)
          \s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:score|marks?|points|grade|rating)\b
      | (?:give|award)\s+(?:an?\s+)?(?:full|maximum|max|perfect|top)\s+(?:score|marks)
      | \bfull\s+marks\b
      | \b(?:score|grade|rate|mark)\s+(?:me|my\s+answer|this\s+answer|this\s+response)\b
      | \b(?:score|grade|rate|mark)\s+(?:this|it)\s+(?:as\s+)?(?:an?\s+)?(?:5|five|10|ten|
          full|perfect|maximum|top|highly)\b
      | ^\s*(?:score|grade|rating)\s*[:=]\s*\d
      | \b(?:this|the|my)\s+answer\s+(?:is|should\s+be|must\s+be)\s+(?:graded|scored|rated|
          perfect|correct|excellent)
      | \b(?:this|the|my)\s+answer\s+deserves""",
    re.IGNORECASE | re.VERBOSE,
)
# a perfect rating is a demand only beside the grade or the answer ("5/5 on the smoke tests" is not)
_PERFECT_RATING = re.compile(r"\b(?:10\s*/\s*10|5\s*/\s*5|5\s+out\s+of\s+5|five\s+out\s+of\s+"
                             r"five)\b", re.I)
_GRADE_WORD = re.compile(r"\b(?:score\w*|grad\w+|rat(?:e|ing)|marks?|answer|deserves?|me)\b",
                         re.I)
# Instructions to whoever reads the answer: the grader's role, or the rules it follows.
_INSTRUCTS_GRADER = re.compile(
    r"""\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)?
          (?:previous|prior|above|earlier|system|grading)\s+(?:instructions|rules|prompts?|rubric)
      | \b(?:ignore|disregard|override|replace)\s+(?:the\s+|your\s+)(?:system\s+prompt|rubric)
      | \bas\s+(?:the|an?)\s+(?:grader|examiner|evaluator|ai|language\s+model)\b.*\byou\b
      | \byou\s+are\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:lenient\s+|generous\s+|new\s+)?
          (?:grader|examiner|evaluator|marker)\b
      | \byou\s+are\s+now\s+in\s+\w+\s+mode\b
      | ^\s*(?:system\s+prompt|new\s+instructions|instructions?\s+(?:to|for)\s+the\s+
          (?:grader|ai|model))\s*[:=]""",
    re.IGNORECASE | re.VERBOSE,
)
# a sentence about prompt injection names the attack it defends against
_ABOUT_INJECTION = re.compile(r"\b(?:inject\w*|attack\w*|malicious|adversar\w*|jailbreak\w*|"
                              r"untrusted|hidden|hides?|embedded|defen[cs]e\w*|guardrails?|"
                              r"saniti[sz]\w*|filter\w*)\b", re.I)


def addresses_grader(sentence: str) -> bool:
    """Whether the sentence speaks to the grader: demands a grade, or gives it instructions
    (an answer on prompt injection may quote "ignore previous instructions"; it demands no
    grade)."""
    if _DEMANDS_GRADE.search(sentence) or (_PERFECT_RATING.search(sentence)
                                           and _GRADE_WORD.search(sentence)):
        return True
    return bool(_INSTRUCTS_GRADER.search(sentence)) and not _ABOUT_INJECTION.search(sentence)


KEYWORD_LIST_CAP = 0.6  # share of the score a bare keyword list can keep
RESTATEMENT_NOVELTY = 0.35  # below this share of new words, the answer mostly echoes the question
MAX_ANSWER_WORDS = 600


@dataclass
class Screened:
    """The answer as it will be scored, and what was done to it on the way."""

    text: str
    notices: list[str] = field(default_factory=list)
    addressed_grader: bool = False
    repetition: float = 0.0  # share of sentences that repeat an earlier one
    keyword_list: bool = False
    truncated: bool = False


_LETTER = re.compile(r"[A-Za-z]")


def _said(part: str) -> str:
    """What a part says, to tell repeats: its content words, or for a part of stopwords only
    ("We used" before a wrap) its words; "" for a list marker split off by its stop ("1."),
    which is no part, and whose digits are no value."""
    said = " ".join(content_stems(part))
    return said or (" ".join(words(part)) if _LETTER.search(part) else "")


def _dedupe_sentences(parts: list[str]) -> tuple[list[str], float]:
    seen: set[str] = set()
    kept = []
    for part in parts:
        key = _said(part)
        if key and key not in seen:
            seen.add(key)
            kept.append(part)
    return kept, (1 - len(kept) / len(parts)) if parts else 0.0


def looks_like_keyword_list(text: str) -> bool:
    """Many terms, almost no function words and no sentence of explanation."""
    tokens = words(text)
    if len(tokens) < 4:
        return False
    function_share = sum(t in STOPWORDS for t in tokens) / len(tokens)
    longest = max((len(s.split()) for s in sentences(text)), default=0)
    return function_share < 0.12 or (function_share < 0.2 and longest < 6)


def _closed(part: str, ends: set[str]) -> str:
    """A sentence, with a stop where a line ends a statement (`text.line_ends`): joined to
    the next by a space, a list item typed without one would run into it ("- OLTP serves
    apps" and "- OLAP serves analysis" read as one claim, which says both sides of a pair at
    once)."""
    return f"{part}." if part in ends and part[-1] not in ".!?;:" else part


def screen(answer: str) -> Screened:
    answer = answer.replace("\r\n", "\n").replace("\r", "\n")  # a Windows paste wraps too
    parts = sentences(answer) or [answer.strip()]
    honest = [p for p in parts if not addresses_grader(p)]
    result = Screened(text="")
    if len(honest) < len(parts):
        result.addressed_grader = True
        result.notices.append("Parts of the answer addressed the grader; they were ignored and "
                              "the score was lowered. Answer the question, nothing else.")
    kept, result.repetition = _dedupe_sentences(honest)
    if result.repetition >= 0.2:
        result.notices.append("Repeated sentences were counted once.")
    ends = line_ends(answer)
    text = " ".join(_closed(part, ends) for part in kept)
    tokens = text.split()
    if len(tokens) > MAX_ANSWER_WORDS:
        text = " ".join(tokens[:MAX_ANSWER_WORDS])
        result.truncated = True
        result.notices.append(f"The answer was cut to its first {MAX_ANSWER_WORDS} words for "
                              "grading; interview answers should be shorter.")
    result.text = text
    # lines of stopwords only ("It is so.") make no explanation of a list of terms
    result.keyword_list = looks_like_keyword_list(" ".join(
        part for part in kept if content_stems(part)))
    if result.keyword_list:
        result.notices.append("The answer lists terms without explaining them; say how and why.")
    return result


def adjust(score: float, screened: Screened, novelty: float) -> tuple[float, list[str]]:
    """Apply the caps and penalties; returns the new score and any extra notices."""
    notices = []
    if screened.addressed_grader:
        score -= 1.0
    if screened.repetition > 0:
        score -= min(1.0, 2 * screened.repetition)
    if screened.keyword_list:
        score *= KEYWORD_LIST_CAP
    if novelty < RESTATEMENT_NOVELTY:
        score *= max(novelty, 0.0) / RESTATEMENT_NOVELTY
        notices.append("The answer mostly restates the question; add what you know.")
    return max(0.0, score), notices
