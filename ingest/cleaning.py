"""Clean a document's text and drop the site chrome that a copied web page drags along.

A job ad copied from a board comes interleaved with the board's own furniture: a CV-fit widget,
an advert for the board's career agent, testimonials, empty "Skills"/"Location" labels. None of
it is about the job, and a candidate must never be quizzed on it. Two signals find it:

1. Meaning. Every line is embedded and scored by how much nearer it sits to prototypes of
   what job boards insert than to the document's own centroid, relative to the document's
   typical line. Single lines are noisy but chrome comes in runs, so a two-state Viterbi pass
   labels runs: a stretch turns to chrome only when its evidence (score times words) pays
   for switching in and out. Short gaps between two runs join them.
2. Form. A small list of known board boilerplate (widget labels, sign-in and cookie prompts,
   quoted testimonials followed by a "Name, City" attribution, trailing side-panel labels);
   a known boilerplate heading takes the lines under it unless they are clearly on topic.

Short heading-like lines carry little meaning of their own; they follow the block beneath them.
Kept lines are returned verbatim with their offsets, so nothing of the real posting is altered.
The meaning signal runs only where the list has found board furniture (a captured page) and
the document has at least a dozen lines; elsewhere only the list applies, because in an
authored document a section on a side topic would look "off-topic" too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from ingest.documents import Line
from ingest.embedder import Embed

# What job boards put around a posting, one line per kind of furniture, phrased generally.
BOILERPLATE_PROTOTYPES: tuple[str, ...] = (
    "Upload your CV or resume to see how well you match this job.",
    "Our AI career agent chats with you and searches the job market for roles that suit you.",
    "Create an account or sign in to save jobs and get job alerts by email.",
    "A happy user's testimonial praising the website's job suggestions.",
    "Why you're a good match: your degree and experience fit what this employer looks for.",
    "Get help with your application from your own career coach.",
    "Not sure whether to apply for graduate schemes or placements? Career advice for students.",
    "We use cookies to improve your experience on our site.",
    "Share this job, save it for later, or report it. Similar jobs you may like.",
    "Why use our job site: no noise, no endless searching, just the jobs that fit you.",
)

_KNOWN_BOILERPLATE = re.compile(
    r"""^(
        .*\b(upload|add)\s+your\s+(cv|resume)\b.*
      | how\s+your\s+(cv|resume)\s+(stacks\s+up|compares).*
      | \W*\??\s*\d{0,3}\s*%\W*
      | why\s+you(['’]re|\s+are)\s+a\s+(good|great|strong)\s+match.*
      | get\s+help\s+with\s+your\s+application.*
      | reasons\s+to\s+use\s+\w+.*
      | (sign\s+in|log\s+in|sign\s+up|register)\s+to\s+.*
      | .*\bwe\s+use\s+cookies\b.*
      | (accept|reject)\s+(all\s+)?cookies.*
      | (apply\s+now|easy\s+apply|save\s+(this\s+)?job|share\s+(this\s+)?job|report\s+(this\s+)?job
         |similar\s+jobs|people\s+also\s+viewed|back\s+to\s+(search|results)|get\s+job\s+alerts.*)
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Labels of a board's side panels; chrome only when nothing of the posting follows them.
_PANEL_LABELS = re.compile(r"^(skills|location|salary|job\s+type|date\s+posted|employment\s+type"
                           r"|industry|seniority\s+level)\s*:?\s*$", re.IGNORECASE)
_QUOTED = re.compile(r"^\s*[\"“”„«].{30,}[\"“”»]\s*$")
_ATTRIBUTION = re.compile(r"^[-–—]?\s*[A-Z][\w.'’-]+( [A-Z][\w.'’-]+)?,\s*[A-Z][\w .'’-]+$")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


@dataclass(frozen=True)
class CleaningPolicy:
    """Tuning of the meaning signal, chosen on the default job ad, the interview guide and a
    synthetic board page (tests/test_cleaning.py): every chrome line goes, every real one stays."""

    switch_cost: float = 2.0  # evidence (score x words) needed to open or close a chrome run
    max_line_weight: int = 30  # words beyond this add no more evidence
    heading_words: int = 5
    gap_lines: int = 3  # a short run between two chrome runs ...
    gap_floor: float = -0.2  # ... that is not clearly on topic is chrome too
    body_floor: float = -0.1  # a chrome heading takes its body unless that body is on topic
    margin: float = 0.12  # how far above the typical line a line must sit to count as chrome
    min_lines: int = 12  # below this a document has no "whole" to be off-topic against


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text).replace("\u00a0", " ").replace("\t", " ")
    return text


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with offsets into `text`, trailing spaces trimmed."""
    lines: list[Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped)
            lines.append(Line(stripped, start, start + len(stripped)))
        offset += len(raw) + 1
    return lines


def _is_heading_like(line: str, words: int) -> bool:
    return len(line.split()) <= words and not line.rstrip().endswith((".", ",", ";"))


def known_boilerplate(lines: list[str]) -> list[bool]:
    """Lines that match the list of known board boilerplate, with testimonial attributions."""
    flags = [bool(_KNOWN_BOILERPLATE.match(line)) for line in lines]
    for i, line in enumerate(lines):
        # A quotation alone may be content (an example question); with "Name, City" under it,
        # it is a testimonial.
        if _QUOTED.match(line) and i + 1 < len(lines) and _ATTRIBUTION.match(lines[i + 1]):
            flags[i] = flags[i + 1] = True
        if _PANEL_LABELS.match(line) and all(
            _PANEL_LABELS.match(rest) or flags[j] for j, rest in enumerate(lines[i + 1:], i + 1)
        ):
            flags[i] = True  # a trailing run of empty side-panel labels
    return flags


def chrome_scores(vectors: np.ndarray, prototypes: np.ndarray, chrome: list[bool],
                  margin: float) -> np.ndarray:
    """Per line: similarity to the nearest boilerplate prototype minus similarity to the document.

    The document centroid leaves out lines already judged chrome, so a long advert does not
    pull the centroid towards itself.
    """
    keep = ~np.array(chrome) if not all(chrome) else np.ones(len(chrome), bool)
    centroid = vectors[keep].mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    scores = (vectors @ prototypes.T).max(axis=1) - vectors @ centroid
    # Centre on the typical line: how far prototypes and document sit apart varies by page.
    return scores - np.median(scores[keep]) - margin


def chrome_runs(scores: np.ndarray, weights: np.ndarray, switch_cost: float) -> list[bool]:
    """Two-state Viterbi: label lines chrome where the weighted evidence outweighs the cost of
    switching in and out. Chrome comes in runs, so a lone doubtful line stays in the document."""
    n = len(scores)
    cost = np.zeros((n, 2))
    back = np.zeros((n, 2), dtype=int)
    cost[0] = (0.0, switch_cost - weights[0] * scores[0])
    for i in range(1, n):
        for state in (0, 1):
            options = [cost[i - 1, prev] + (switch_cost if prev != state else 0.0)
                       for prev in (0, 1)]
            prev = int(np.argmin(options))
            back[i, state] = prev
            cost[i, state] = options[prev] - (weights[i] * scores[i] if state else 0.0)
    state = int(np.argmin(cost[-1]))
    labels = [False] * n
    for i in range(n - 1, -1, -1):
        labels[i] = bool(state)
        state = back[i, state]
    return labels


def _take_bodies(flags: list[bool], known: list[bool], heading: list[bool],
                 scores: np.ndarray, floor: float) -> None:
    """A known-boilerplate heading takes the lines under it, unless they are on topic."""
    for i in range(len(flags)):
        if known[i] and heading[i]:
            j = i + 1
            while j < len(flags) and not heading[j] and scores[j] > floor:
                flags[j] = True
                j += 1


def _fill_gaps(flags: list[bool], scores: np.ndarray, policy: CleaningPolicy) -> None:
    i = 0
    while i < len(flags):
        j = i
        while j < len(flags) and not flags[j]:
            j += 1
        between = i > 0 and j < len(flags) and j - i <= policy.gap_lines
        if between and all(scores[k] > policy.gap_floor for k in range(i, j)):
            flags[i:j] = [True] * (j - i)
        i = j + 1


def _attach_headings(flags: list[bool], heading: list[bool], known: list[bool]) -> None:
    """A short heading takes the verdict of the body it introduces: the next line that is
    neither a heading nor a known piece of boilerplate."""
    verdict: bool | None = None
    for i in range(len(flags) - 1, -1, -1):
        if not heading[i] and not known[i]:
            verdict = flags[i]
        elif heading[i] and verdict is not None:
            flags[i] = verdict


def find_chrome(lines: list[str], embed: Embed | None,
                policy: CleaningPolicy = CleaningPolicy()) -> list[bool]:
    """Flag each line that is site chrome rather than part of the document."""
    known = known_boilerplate(lines)
    # The meaning signal runs only on pages that show board furniture at all: in a homogeneous
    # authored document (notes, a guide) a section on a side topic would look "off-topic".
    if embed is None or len(lines) < policy.min_lines or not any(known):
        return known
    heading = [_is_heading_like(line, policy.heading_words) and not line.startswith("-")
               for line in lines]
    vectors, prototypes = embed(lines), embed(list(BOILERPLATE_PROTOTYPES))
    weights = np.array([min(len(line.split()), policy.max_line_weight) for line in lines], float)
    flags = list(known)
    for _ in range(2):  # the second pass scores against a centroid free of the first's chrome
        scores = chrome_scores(vectors, prototypes, flags, policy.margin)
        runs = chrome_runs(scores, weights, policy.switch_cost)
        flags = [run or k for run, k in zip(runs, known)]
    _fill_gaps(runs, scores, policy)  # only between runs found by meaning, not by the list
    flags = [run or k for run, k in zip(runs, known)]
    _take_bodies(flags, known, heading, scores, policy.body_floor)
    _attach_headings(flags, heading, known)
    return [flag or k for flag, k in zip(flags, known)]


def clean_lines(text: str, embed: Embed | None,
                policy: CleaningPolicy = CleaningPolicy()) -> list[Line]:
    """The document's lines minus site chrome; pass `embed=None` to use only the known list."""
    lines = split_lines(text)
    normalised = [normalise(line.text) for line in lines]
    chrome = find_chrome(normalised, embed, policy)
    return [Line(norm, line.start, line.end)
            for line, norm, drop in zip(lines, normalised, chrome) if not drop and norm.strip()]
