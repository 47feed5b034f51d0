"""A practice plan from a job ad: its requirements, each mapped to skills, bank questions and
note sections, and what the coach has no material for.

Requirements are the list items and sentences under requirement-like headings (not only
"Requirements": qualifications, what you'll bring, about you, the ideal candidate...), plus lines
elsewhere that name a known skill. A requirement maps to skills by the job-ad words each skill
lists in corpus/skills.yaml, then to the bank questions of those skills closest in meaning; a
requirement no skill word names maps by meaning alone, above a bar. Notes are the knowledge
sections retrieved for it above the relevance bar the grader uses. A requirement with neither
is not covered, and the plan says how to add material.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from agents.questions.bank import Question
from agents.questions.requirements import (
    ASK_LABEL,
    BRINGS,
    OFFER_SECTION,
    REQUIREMENT_SECTION,
    is_ask,
    is_item,
    labelled_items,
    lost_its_bullet,
    requirement_lines,
)
from ingest.chunking import chunk_lines
from ingest.cleaning import clean_lines
from ingest.documents import Chunk, Document
from ingest.index import Index
from ingest.lexical import LexicalIndex
from ingest.search import POOL, RRF_K, retrieve
from ingest.skills import mentions, skills, skills_named

QUESTIONS_PER_REQUIREMENT = 3
WORDS_WEIGHT = 1.0  # weight of the shared-words (BM25) ranking against the meaning ranking
# a question that shares only the line's common words ("analysis", "minutes") scores well
# below those that share its subject: below this share of the best score its words say
# nothing, and its place in the ranking would reorder the questions of the skill at random
WORDS_SHARE = 0.5
# Words every ad uses about any skill, which name none: "Solid programming skills in Python"
# must not find the SOLID principles by the word. (Not "deep", "great", "knowledge": deep
# learning, Great Expectations, knowledge distillation.)
AD_FILLER = re.compile(r"\b(?:solid|strong|proven|excellent|hands-on|practical|"
                       r"working|basic|familiarity|experience[ds]?|understanding|"
                       r"ability|skills?|expertise|proficien\w*|comfort(?:able)?|fluen\w*|"
                       r"ideally|plus|bonus|years?)\b", re.IGNORECASE)
NOTES_PER_REQUIREMENT = 2
# cosine of a requirement to a bank question when no skill word links them; below it, the
# nearest question is about something else (e.g. "a degree in a quantitative field")
MEANING_BAR = 0.5
NOTE_BAR = 0.45  # the grader's bar for a passage relevant to a question (RELEVANT_PASSAGE)
# The longest ad of the benchmarks is 4,300 characters, the bundled one 8,600; a document of
# more is a book or a site, and planning it would embed tens of thousands of lines.
MAX_AD_CHARS = 100_000
MIN_AD_REQUIREMENTS = 3  # a document with fewer requirement lines does not read as a job ad
# An ad is mostly its asks; a guide or notes about a role may quote them but say much more.
# Requirement lines per chunk: the bundled ad 2.8 (34 in 12), the bundled guide 1.3 (46 in 35).
AD_DENSITY = 1.5
SHORT_AD_CHUNKS = 8  # a short document with requirement lines is an ad even when sparse
# a sentence ends at . ! or ?, but not after "e.g.", "i.e.", "incl." or "etc."
_SENTENCE = re.compile(r"(?<!\b[a-z]\.[a-z]\.)(?<!\bincl\.)(?<!\betc\.)(?<=[.!?])\s+",
                       re.IGNORECASE)
# A line that offers rather than asks, whatever its heading says ("Why people stay"): pay,
# time off, insurance, budgets, where and when one works, and the verbs that offer them.
OFFERING = re.compile(
    r"\b(?:salary|salaries|compensation|equity|stock options|share options|pension|401\(?k\)?|"
    r"health(?:care| insurance| plan)|dental|insurance|holidays?|vacation|annual leave|"
    r"parental leave|paid (?:leave|time off)|pto|days off|sabbatical|budget|stipend|allowance|"
    r"gym|wellness|lunch(?:es)?|snacks|remote[- ]first|hybrid|flexible (?:hours|working)|"
    r"four-day week|visa sponsorship|relocation (?:support|package)|we (?:offer|provide|pay|"
    r"cover|match)|you(?:'ll| will) (?:get|receive|enjoy))\b", re.IGNORECASE)
# headings ads put their asks under, beyond the word "requirements": "What you'll bring",
# "About you", "Who you are", "Your profile", "The ideal candidate", "Bonus points"...
AD_SECTION = re.compile(
    REQUIREMENT_SECTION.pattern
    + r"|what you(?:'ll| will)? (?:be )?(?:bring|need|have|do|doing|work on|working on)"
    r"|about you|who you are|you (?:have|bring|are)|your (?:profile|background|experience|skills)"
    r"|ideal candidate|bonus|nice to|plus(?:es)?\b|desired|(?:relevant|required|preferred) "
    r"experience|experience (?:you|we)|competenc"
    r"|the role|in this role|you will|what we(?:'re| are)? (?:look|seek)|key skills", re.IGNORECASE)
# Asks about the candidate's background that no interview question practises: a degree or
# enrolment, publications, the right to work, a spoken language, a clearance, relocation.
# (Years of experience are not among them: "five years building Spark pipelines" still asks
# for Spark, and "a degree or three years of experience with SQL" still asks for SQL.) The
# plan lists them, maps them to nothing and leaves them out of its coverage.
BACKGROUND = re.compile(
    r"\b(?:(?:bachelor'?s|master'?s|doctoral|university|college|undergraduate|graduate|"
    r"advanced)\s+degree|degree\s+(?:in|or)\b|bachelor'?s|master'?s|ph\.?d|msc|bsc|doctorate|"
    r"(?<!\d)(?<!\d )(?:b\.?s|m\.?s|b\.?a|b\.?eng|m\.?eng)\.?(?:\s*/\s*\w+\.?)*\s+(?:in|or|degree|"
    r"program(?:me)?)\b|"
    r"enrolled|enrol{1,2}ment|graduat(?:e|ing|ion) (?:in|by|from)|publications?|"
    r"first[- ]author|published (?:research|papers?|work)|peer[- ]reviewed|"
    r"right to work|"
    r"work(?:ing)? authori[sz]ation|authori[sz](?:ed|ation) to work|(?:work|student) visa|"
    r"visa (?:status|sponsorship)|citizenship|security clearance|willing(?:ness)? to relocate|"
    r"(?:fluen\w+|proficien\w+) in (?:english|german|french|spanish|italian|dutch|mandarin|"
    r"japanese|portuguese)|(?:english|german|french|spanish|italian|dutch|mandarin|japanese|"
    r"portuguese)(?: or \w+)? (?:language )?(?:skills|proficiency))\b", re.IGNORECASE)
# Fields of study: "Computer Science, Electrical Engineering, Mathematics, or related fields"
# (a degree's subjects listed under "Enrolled in a PhD or MS program in:"); "NLP, computer
# vision or related fields" names no discipline and still asks for NLP.
_FIELDS_OF_STUDY = re.compile(
    r"\b(?:computer science|(?:electrical|computer|software|mechanical) engineering|"
    r"mathematics|maths?|statistics|physics|economics|operations research)\b.*\b(?:or|and|in)"
    r" (?:an?(?:nother)? |other )?(?:closely )?related (?:\w+ )?(?:fields?|disciplines?|"
    r"subjects?|areas?|majors?)\b", re.IGNORECASE)
# Time served in a role ("three or more years in DevOps or machine learning engineering
# roles"): the skills inside name the role, not an ask. At most eight words of role names.
_TENURE = re.compile(r"\b(?:years?|months?)(?: of (?:\w+ )?experience)? in (?:an? )?"
                     r"(?:[\w/-]+,? (?:or |and )?){1,8}?(?:roles?|positions?)\b", re.IGNORECASE)
# ... unless the line also asks for experience with something a question practises
_ALSO_EXPERIENCE = re.compile(r"\b(?:experience|years?)\b.*", re.IGNORECASE)
BACKGROUND_NOTE = "background: no question practises this; be ready to talk about it"
NO_MATERIAL = ("add a note on it to corpus/knowledge/ (docs/authoring-questions.md) or upload "
               "your own notes in the Library")


class NotAnAd(ValueError):
    """A file the plan cannot read as one job ad; the message says what to pass instead."""


def is_background(text: str) -> bool:
    """An ask about the candidate's background alone: "A master's in machine learning" (the
    field is not an ask) or "three years in data engineering roles", but not "A master's or
    three years of experience with SQL"."""
    tenure = _TENURE.search(text)
    if tenure and not skills_named(text[:tenure.start()] + " " + text[tenure.end():]):
        return True
    found = BACKGROUND.search(text) or _FIELDS_OF_STUDY.search(text)
    if not found:
        return False
    rest = _ALSO_EXPERIENCE.search(text[found.end():])
    return not (rest and skills_named(rest.group(0)))


@dataclass
class Requirement:
    text: str
    skills: list[str] = field(default_factory=list)
    topic: str = "role"
    questions: list[str] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    background: bool = False  # an ask no question practises (a degree, the right to work)

    @property
    def covered(self) -> bool:
        return bool(self.questions or self.notes)

    def to_dict(self) -> dict[str, object]:
        row = asdict(self)
        del row["background"]  # the JSON contract: an unmapped ask with no skills
        return {**row, "covered": self.covered}


@dataclass
class Plan:
    document: str
    requirements: list[Requirement]

    @property
    def practisable(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.background]

    @property
    def coverage(self) -> float:
        """The share of the asks a question could practise that have material."""
        asks = self.practisable
        return round(sum(r.covered for r in asks) / len(asks), 3) if asks else 0.0

    @property
    def summary(self) -> str:
        """"12 requirements, 80% covered", saying which asks the share leaves out."""
        background = len(self.requirements) - len(self.practisable)
        aside = f" ({background} about your background, not counted)" if background else ""
        return f"{len(self.requirements)} requirements{aside}, {self.coverage:.0%} covered"

    def to_dict(self) -> dict[str, object]:
        return {"document": self.document,
                "requirements": [r.to_dict() for r in self.requirements],
                "coverage": self.coverage}


# A sentence that asks something of the candidate: addressed to them ("you've built"), or
# opening the way asks do ("Experience with...", "Strong SQL"), or saying it is wanted.
ASKING = re.compile(
    r"\b(?:you|your|you'(?:ll|ve|re|d))\b|^(?:(?:hands-on |proven |working |deep |solid |"
    r"strong |practical )?(?:" + BRINGS + r")|strong|solid|proven|a track record)\b|"
    r"\b(?:we(?:'d| would)? (?:expect|look for|love)|(?:looking|searching) for|ideally|"
    r"(?:ideal|successful|right) candidates?|candidates? (?:should|must|will)|"
    r"(?:is|are|as) a plus|nice to have|must|required|preferred|"
    r"(?:is|are|will be|would be) (?:valuable|useful|helpful|an advantage|a bonus))\b",
    re.IGNORECASE)
# A sentence that announces the role ("we are looking for an MLOps Engineer to join our
# platform team in Boston") asks nothing by itself: what follows the announcement must name
# a skill ("...to join us and own our Spark pipelines").
_ANNOUNCEMENT = re.compile(
    r"\b(?:looking|searching|hiring)(?: for)? (?:an?|our (?:next|first|new)) "
    r"(?:[\w/&+().-]+ ){0,6}?(?:to join\b|(?:engineer|scientist|analyst|developer|intern|"
    r"researcher|architect|lead|manager)s?\b)", re.IGNORECASE)


def _announces_role(sentence: str) -> bool:
    found = _ANNOUNCEMENT.search(sentence)
    return bool(found) and not skills_named(sentence[found.end():])


# ... unless it says what is not asked ("You don't need a computer science degree")
NOT_ASKED = re.compile(r"\b(?:(?:don't|do not|doesn't|does not|won't|will not) need|"
                       r"not (?:required|necessary|expected)|no need)\b", re.IGNORECASE)
# Sentences of an ad that are never asks: how to apply, equal opportunity, contact lines.
BOILERPLATE = re.compile(r"equal opportunit|protected characteristic|"
                         r"(?:\bnot|n't|\bnever|\bwithout|\bfree from|\bnon-?)\s*discriminat|"
                         r"discriminat\w* (?:on the basis|based on|of any kind|against)|"
                         r"how to apply|(?:send|submit) (?:us )?(?:your|a) (?:cv|r[eé]sum[eé])|"
                         r"\bapply (?:now|via|at|through|by)\b|\w@\w+\.\w", re.IGNORECASE)
# ... nor are sentences about the interview itself, or interview questions quoted
_INTERVIEW = re.compile(
    r"\b(?:our|the|your|each|every|first|final|technical|onsite|on-site|phone|video|coding|"
    r"behaviou?ral|system design) interviews?\b|\binterviews? (?:process|stages?|rounds?|loop|"
    r"panel)|\binterviewers?\b|\bsuperday\b|\bhiring process\b", re.IGNORECASE)
_QUOTED = re.compile(r"^[\"“'‘].*[\"”'’]$")
INTERVIEW_SECTIONS = 3  # a guide names interviews in at least this many sections
_CLAUSE = re.compile(r"\s*(?:;|\s[—–]\s|:\s)\s*")
# Where a long prose sentence of clauses joined by commas can be cut: before its conjunctions
# ("..., so we expect you to understand event time"; "..., and we'd like you to know...")
_JOINED = re.compile(r",\s+(?=(?:so|and|but|while|whereas|as well as|though)\s)", re.IGNORECASE)
# ... and what one half of "You don't need X, but you do need Y" (or "Some ROS 2 exposure,
# though you won't need to run code on the robots") still asks
_BUT = re.compile(r",\s+(?=(?:but|though|although)\s)", re.IGNORECASE)
_LEADING_JOIN = re.compile(r"^(?:and|so|but|while|whereas|though|although)\s+", re.IGNORECASE)
MIN_WORDS, MAX_WORDS = 5, 45
LONG_SENTENCE = 60  # a sentence of the ad's prose may run this long as one ask
_INNER_END = re.compile(r"[.!?]\s")


def _paragraphs(lines: list[str]) -> list[str]:
    """Prose lines joined into paragraphs (a hard-wrapped sentence runs on while its line does
    not end a sentence); list items, table rows and items that lost their bullets end a
    paragraph and are left out. Lines joined into more than one ask could hold, with no
    sentence end inside, were a list that lost its markers in a copy and paste: they stay
    lines."""
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        joined = " ".join(current)
        long_run = len(joined.split()) > MAX_WORDS and not _INNER_END.search(joined)
        paragraphs.extend(current if long_run else [joined])
        current.clear()

    for above, line in zip([""] + lines, lines):
        if is_item(line) or lost_its_bullet(line.strip(), above.strip()):
            close()
            continue
        current.append(line.strip())
        if line.rstrip().endswith((".", "!", "?", ":")):
            close()
    close()
    return [p for p in paragraphs if p]


def _body(chunk_text: str, section: str) -> list[str]:
    """A chunk's lines below its headings (a chunk repeats its stacked headings on top; one
    with no heading starts with its body)."""
    lines = chunk_text.splitlines()
    if section and section in lines[:8]:
        return lines[lines.index(section) + 1:]
    return lines


def _clauses(sentence: str) -> list[str]:
    """A sentence too long to be one ask, cut at its semicolons, dashes and colons; a part
    still longer than a long sentence, at the commas before its conjunctions, with
    neighbouring pieces joined again while they fit. A long sentence with no such marks stays
    whole: its second half ("...and we'd like you to know how to tune these models") needs
    its first to be understood."""
    if len(sentence.split()) <= MAX_WORDS:
        return [sentence]
    parts = []
    for part in _CLAUSE.split(sentence):
        if len(part.split()) <= LONG_SENTENCE:
            parts.append(part)
            continue
        pieces = _JOINED.split(part)
        merged = [pieces[0]]
        for piece in pieces[1:]:
            joined = f"{merged[-1]}, {piece}"
            if len(joined.split()) <= MAX_WORDS:
                merged[-1] = joined
            else:
                merged.append(_LEADING_JOIN.sub("", piece))
        parts += merged
    return parts


def _not_denied(sentence: str) -> list[str]:
    """What a sentence asks once what it says is not needed is set aside ("You don't need to
    know the rulebook on day one, but you do need to care about fairness" asks the second).
    A nice-to-have is still asked ("experience with MLflow is useful but not required")."""
    if not _denies(sentence):
        return [sentence]
    return [_LEADING_JOIN.sub("", part) for part in _BUT.split(sentence) if not _denies(part)]


# what an ad would like without requiring it: an ask, with "not required" in it
_SOFT_ASK = re.compile(r"\b(?:useful|helpful|nice to have|nice|a plus|welcome|valuable|"
                       r"desirable|an advantage|a bonus|preferred|appreciated),? but (?:is )?"
                       r"not (?:required|necessary|expected|essential)\b", re.IGNORECASE)


def _denies(text: str) -> bool:
    return bool(NOT_ASKED.search(_SOFT_ASK.sub(" ", text)))


def _sentences(lines: list[str]) -> tuple[list[str], list[str]]:
    """The prose sentences of a chunk's body (list items aside), a long one cut into the
    clauses that can each be one ask; and apart, the items of its inline lists under asking
    labels ("Need: Go, PostgreSQL. Bonus: Kubernetes."), however short."""
    found, listed = [], []
    for paragraph in _paragraphs(lines):
        for sentence in _SENTENCE.split(paragraph):
            items = labelled_items(sentence)
            if items is not None:
                listed += items
                continue
            parts = [c for part in _not_denied(sentence) for c in _clauses(part)]
            found += [p.strip().rstrip(".") for p in parts
                      if MIN_WORDS <= len(p.split()) <= LONG_SENTENCE
                      and not p.rstrip().endswith(":")]  # a lead-in to a list
    return found, listed


def _asks_by_content(sentences: list[str], items: list[str], first: bool) -> bool:
    """A section of asks whatever its heading ("You might be a fit if"): most of its
    sentences ask something; never the ad's opening under its title ("You'll join the
    Growth team...")."""
    if first:
        return False
    lines = [s for s in sentences + items if not OFFERING.search(s)]  # "You'll get..." offers
    return len(lines) >= 2 and sum(bool(ASKING.search(s)) for s in lines) * 2 >= len(lines)


MAX_STACKED_LINES = 30  # headings stack above a chunk's body at most this deep


def _stacked_asks(chunk: Chunk) -> list[str]:
    """Short lines with no bullet under a heading that asks ("Bonus points", then "Databricks
    / Spark"): each reads as a heading of its own, so they stack on top of the next section
    ("What we offer") instead of being its body. Those that name a skill are asks."""
    lines = chunk.text.splitlines()
    stack = (lines[:lines.index(chunk.section) + 1]
             if chunk.section in lines[:MAX_STACKED_LINES] else [])
    asks, asking = [], False
    for line in stack:
        if not skills_named(line):  # a heading: one of a list ("Bonus", "Nice to have")?
            asking = bool(ASK_LABEL.search(line)) and not OFFER_SECTION.search(line)
        elif asking and is_ask(line):
            asks.append(line.strip().rstrip("."))
    return asks


def requirements_of(chunks: Iterable[Chunk]) -> list[str]:
    """Requirement lines of a document's chunks, in order, each once: in a section of asks,
    its list items and the sentences that ask something or name a skill; elsewhere, list
    items that name a skill and sentences that both ask something and name one ("You'll
    spend your days tuning Spark jobs"); never what the employer offers."""
    found: dict[str, None] = {}
    opening = None
    for chunk in chunks:
        opening = chunk.section if opening is None else opening
        for item in _stacked_asks(chunk):
            found.setdefault(" ".join(item.split()), None)
        for section, body in _blocks(chunk):
            for item in _asks_in(section, body, section == opening):
                found.setdefault(" ".join(item.split()), None)
    return list(found)


# A heading inside a chunk's text, in bold on a line of its own ("**Nice to have**"): the
# chunker reads it as text, so the lines under it would otherwise fall under the ad's title.
_INNER_HEADING = re.compile(r"^(?:\*\*|__)([^*_]{2,60}?):?(?:\*\*|__):?$")


def _blocks(chunk: Chunk) -> list[tuple[str, list[str]]]:
    """The chunk's body cut at the headings inside it, each part with its own heading."""
    blocks: list[tuple[str, list[str]]] = [(chunk.section, [])]
    for line in _body(chunk.text, chunk.section):
        inner = _INNER_HEADING.match(line.strip())
        if inner:
            blocks.append((inner.group(1).strip(), []))
        else:
            blocks[-1][1].append(line)
    return [(section, lines) for section, lines in blocks if any(x.strip() for x in lines)]


def _asks_in(section: str, body: list[str], first: bool) -> list[str]:
    """The asks of one part of a chunk under its heading (see `requirements_of`)."""
    if OFFER_SECTION.search(section):
        return []  # what the employer offers ("a learning budget") is not an ask
    sentences, listed = _sentences(body)
    sentences = [s for s in sentences if not _announces_role(s)]
    items = requirement_lines("\n".join(body)) + [i for i in listed if is_ask(i)]
    if AD_SECTION.search(section):
        items += [s for s in sentences if ASKING.search(s) or skills_named(s)]
    elif _asks_by_content(sentences, items, first):
        items = [i for i in items if not OFFERING.search(i)]
        items += [s for s in sentences
                  if (ASKING.search(s) or skills_named(s)) and not OFFERING.search(s)]
    else:  # under another heading, what reads as an offer is never an ask
        items = [i for i in items if skills_named(i) and not OFFERING.search(i)]
        items += [s for s in sentences
                  if ASKING.search(s) and skills_named(s) and not OFFERING.search(s)]
    return [part for line in items for part in _not_denied(line)
            if not (BOILERPLATE.search(part) or _INTERVIEW.search(part)
                    or _QUOTED.match(part))]


# A language many ads name after the skill they ask for ("SQL against our warehouse and Python
# notebooks"): its questions (the GIL, list complexity) practise the language, so they answer
# such a line only when a language leads it ("Python or R for what SQL can't handle", "Go or
# Python": software engineering is where Go, Java and TypeScript are named).
TOOL_SKILLS = frozenset({"python"})
LANGUAGE_SKILLS = TOOL_SKILLS | {"software_engineering"}


def asked_skills(text: str) -> list[str]:
    """The skills a requirement names, most mentions first, without a general language that
    some other skill precedes."""
    counts = mentions(text)
    first = next(iter(counts), None)  # a Counter keeps the order of first mention
    named = [key for key, _ in counts.most_common()]
    if first in LANGUAGE_SKILLS:
        return named
    return [s for s in named if s not in TOOL_SKILLS] or named


@lru_cache(maxsize=2)
def bank_words(bank: tuple[Question, ...]) -> LexicalIndex:
    """The words of each question and its key points, for the names a vector blurs ("YOLO,
    Mask R-CNN, mAP" is about detection; MiniLM puts it near training bugs); built once per
    bank (the Library page makes a planner on every rerun)."""
    return LexicalIndex.of_texts([q.id for q in bank],
                                 [" ".join([q.text, *q.key_points]) for q in bank])


def practised_vectors(index: Index, bank: tuple[Question, ...]) -> np.ndarray:
    """One vector per question for what it practises: its text and its key points together.
    The text alone reads "Write tests ... keep our CI green" as closest to deployment
    strategies; the key points of the TDD question name tests."""
    both = (index.embedder.cached([q.text for q in bank])
            + index.embedder.cached([" ".join(q.key_points) for q in bank]))
    return both / np.maximum(np.linalg.norm(both, axis=1, keepdims=True), 1e-12)


class Planner:
    """Maps requirements to the bank and the notes (bank vectors from the disk cache)."""

    def __init__(self, index: Index, bank: tuple[Question, ...]) -> None:
        self.index, self.bank = index, bank
        self.vectors = index.embedder.cached([q.text for q in bank]) if bank else None
        self.practised = practised_vectors(index, bank) if bank else None
        self.words = bank_words(bank)
        # questions about the bundled company and its hiring process practise no skill an
        # ad asks for ("MS in Computer Science" is not the MLCOE internship's eligibility)
        self.open = np.array([q.topic != "role" for q in bank], dtype=bool)

    def plan(self, document: str, requirements: list[str]) -> Plan:
        if not requirements:
            return Plan(document, [])
        vectors = self.index.embedder(requirements)
        named = [asked_skills(text) for text in requirements]
        notes = self._notes(vectors, named)
        return Plan(document, [self._one(*row) for row in zip(requirements, vectors, named,
                                                                notes)])

    def plan_document(self, document: Document) -> Plan:
        """The plan of a loaded file: cleaned and chunked as ingest does, then read."""
        if len(document.text) > MAX_AD_CHARS:
            raise NotAnAd(f"{len(document.text):,} characters long, longer than a job ad "
                          f"({MAX_AD_CHARS:,} at most); pass the ad's text alone")
        lines = clean_lines(document.text, self.index.embedder)
        return self.plan(document.source, requirements_of(chunk_lines(lines, document.source)))

    def _one(self, text: str, vector: np.ndarray, named: list[str],
             notes: list[dict[str, str]]) -> Requirement:
        if is_background(text):
            return Requirement(text, background=True)
        questions = self._questions(text, vector, named)
        found_skills = named or list(dict.fromkeys(q.skill for q in questions))
        topics = Counter(skills()[s]["topic"] for s in found_skills if s in skills())
        topics.update(q.topic for q in questions)
        topic = topics.most_common(1)[0][0] if topics else "role"
        return Requirement(text, found_skills, topic, [q.id for q in questions], notes)

    def _questions(self, text: str, vector: np.ndarray, named: list[str]) -> list[Question]:
        """The bank questions of the skills the requirement names, best first by meaning and
        shared words fused by reciprocal rank (preferring the skill named first measured
        worse: Python leads many lines that ask for something else); by meaning alone, above
        a bar, when it names none."""
        if self.vectors is None or self.practised is None:
            return []
        similarity = np.where(self.open, self.practised @ vector, -1.0)
        order = np.argsort(-similarity)
        if not named:
            # the bar is measured on the question's own words: whether any question practises
            # the ask; what it practises (its key points too) orders them
            asked = self.vectors @ vector
            pool = [i for i in order if asked[i] >= MEANING_BAR and self.open[i]]
            return [self.bank[i] for i in pool[:QUESTIONS_PER_REQUIREMENT]]
        fused = np.zeros(len(self.bank))
        fused[order] = 1 / (RRF_K + np.arange(1, len(order) + 1))
        found = self.words.search(AD_FILLER.sub(" ", text), POOL)
        best = found[0][1] if found else 0.0
        for rank, (row, score) in enumerate(found):
            if score >= WORDS_SHARE * best:
                fused[row] += WORDS_WEIGHT / (RRF_K + rank + 1)
        pool = [self.bank[i] for i in np.argsort(-fused)
                if self.bank[i].skill in named and self.open[i]]
        return _spread(pool, named)[:QUESTIONS_PER_REQUIREMENT]

    def _notes(self, vectors: np.ndarray,
               named: list[list[str]]) -> list[list[dict[str, str]]]:
        """The note sections relevant to each requirement, those about a skill it names
        first (chunks carry the skill they are about)."""
        out = []
        for hits, wanted in zip(retrieve(self.index, vectors, 12), named):
            relevant = [h for h in hits if h.metadata.get("kind") == "note"
                        and h.score >= NOTE_BAR]
            relevant.sort(key=lambda h: h.metadata.get("skill") not in wanted)  # stable
            places = dict.fromkeys((str(h.metadata.get("source", "")),
                                    str(h.metadata.get("section", ""))) for h in relevant)
            out.append([{"source": s, "section": sec}
                        for s, sec in list(places)[:NOTES_PER_REQUIREMENT]])
        return out


def _spread(ranked: list[Question], named: list[str]) -> list[Question]:
    """The best question first, then the best of each other skill the requirement names,
    then the rest in rank order: "You know statistics, A/B testing and causal inference"
    practises all three, not two of them. The first question stays the best one:
    preferring the skill named first measured worse."""
    if not ranked:
        return []
    chosen = [ranked[0]]
    for skill in named:
        best = next((q for q in ranked if q.skill == skill), None)
        if best is not None and all(q.skill != skill for q in chosen):
            chosen.append(best)
    return chosen + [q for q in ranked if q not in chosen]


def indexed_documents(index: Index) -> dict[str, list[Chunk]]:
    """The indexed documents (not the bundled notes) as chunks, in document order."""
    stored = index.store.collection.get(include=["documents", "metadatas"])
    by_source: dict[str, list[tuple[int, Chunk]]] = {}
    for text, meta in zip(stored["documents"] or [], stored["metadatas"] or []):
        source = str(meta.get("source", ""))
        if meta.get("kind") == "note":
            continue
        chunk = Chunk(text=text or "", source=source, section=str(meta.get("section", "")),
                      start=int(meta.get("start", 0)), end=int(meta.get("end", 0)))
        by_source.setdefault(source, []).append((chunk.start, chunk))
    return {s: [c for _, c in sorted(rows, key=lambda r: r[0])]
            for s, rows in sorted(by_source.items())}


def indexed_plans(index: Index, bank: tuple[Question, ...]) -> list[Plan]:
    """The plan of every indexed document that reads as a job ad."""
    ads = job_ads(indexed_documents(index))
    if not ads:
        return []
    planner = Planner(index, bank)
    return [planner.plan(source, lines) for source, lines in ads.items()]


def about_interviews(chunks: list[Chunk]) -> bool:
    """A guide to a role's interviews, which quotes the role's asks throughout but is no ad:
    the hiring process comes up in at least three of its sections and a fifth or more of
    them (the bundled guide: 6 of 19), where an ad has at most its one section on it."""
    sections: dict[str, bool] = {}
    for chunk in chunks:
        sections[chunk.section] = sections.get(chunk.section, False) or bool(
            _INTERVIEW.search(chunk.text))
    named = sum(sections.values())
    return named >= INTERVIEW_SECTIONS and named * 5 >= len(sections)


def job_ads(documents: dict[str, list[Chunk]]) -> dict[str, list[str]]:
    """The documents that read as job ads (no longer than one, dense in requirement lines,
    not about interviewing), with those lines."""
    found = {source: (requirements_of(chunks), len(chunks))
             for source, chunks in documents.items()
             if max((c.end for c in chunks), default=0) <= MAX_AD_CHARS
             and not about_interviews(chunks)}
    return {s: lines for s, (lines, chunks) in found.items()
            if len(lines) >= MIN_AD_REQUIREMENTS
            and (len(lines) >= AD_DENSITY * chunks or chunks <= SHORT_AD_CHUNKS)}


SELF_SHARE = 3  # at most one self-assessment question in this many


@dataclass(frozen=True)
class PlannedQuestion:
    """What a plan-driven session asks: a bank question, or (`question` None) a
    self-assessment of a requirement the coach has no material for."""

    requirement: str
    question: Question | None


def practice_from(plans: list[Plan], bank: tuple[Question, ...], weakness: dict[str, float],
                  count: int, rng: random.Random | None = None) -> list[PlannedQuestion]:
    """Up to `count` questions for the ads' requirements: bank questions weighted by how often
    the ads name their skill and by the candidate's weakness on their topic (0-1, unknown 0.5),
    then, for requirements with no material, self-assessments (at most one in SELF_SHARE)."""
    rng = rng or random.Random()
    by_id = {q.id: q for q in bank}
    requirements = [r for p in plans for r in p.requirements]
    named = Counter(s for r in requirements for s in r.skills)
    weights: dict[str, tuple[float, str]] = {}
    for requirement in requirements:
        for qid in requirement.questions:
            question = by_id.get(qid)
            if question is None or qid in weights:
                continue
            weight = (1 + named[question.skill]) * (0.5 + weakness.get(question.topic, 0.5))
            weights[qid] = (weight * rng.uniform(0.5, 1.5), requirement.text)
    ranked = sorted(weights.items(), key=lambda kv: -kv[1][0])
    uncovered = [r.text for r in requirements if not r.covered and not r.background]
    selves = min(len(uncovered), count // SELF_SHARE if ranked else count)
    chosen = [PlannedQuestion(text, by_id[qid]) for qid, (_, text) in ranked[:count - selves]]
    chosen += [PlannedQuestion(text, None) for text in rng.sample(uncovered, selves)]
    return chosen
