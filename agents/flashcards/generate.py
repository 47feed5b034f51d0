"""Cards made from what the coach already knows: bank questions, knowledge notes, and the key
points the candidate missed in quizzes and mock interviews.

Every generated card carries a key naming its origin, so generating again is idempotent: the
deck adds only keys it has not seen, and refreshes the text of cards nobody has edited.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from agents.flashcards.cards import CardDraft
from agents.flashcards.store import Deck, SyncReport
from agents.grading.text import STOPWORDS
from agents.history.store import Attempt, History
from agents.questions.bank import Question

PRACTICE_KINDS = ("quiz", "interview")  # where a missed point means a real gap
MIN_SECTION_WORDS = 25  # shorter sections are signposts, not content worth a card
BACK_BULLETS = 4  # a back is read in seconds and graded point by point: keep it to the core
BLANK = "_____"
CLOZE_SHARE = 0.4  # blank this share of a missed point's content words
CLOZE_MAX_BLANKS = 4

_FENCE = re.compile(r"^```.*?^```\s*$", re.M | re.S)
_BULLET = re.compile(r"^\s*[-*]\s+")
_CLOZE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#-]{3,}")


# --- the question bank -------------------------------------------------------------------------
def bank_back(question: Question) -> str:
    points = "\n".join(f"- {point}" for point in question.key_points)
    return f"Key points:\n{points}\n\nModel answer:\n{question.model_answer}"


def bank_cards(bank: Iterable[Question]) -> list[CardDraft]:
    return [CardDraft(front=q.text, back=bank_back(q), topic=q.topic, source="bank",
                      key=f"bank:{q.id}", question_id=q.id) for q in bank]


# --- knowledge notes ---------------------------------------------------------------------------
@dataclass(frozen=True)
class NoteSection:
    file: str
    title: str
    heading: str
    body: str


def note_sections(path: Path) -> list[NoteSection]:
    """The `## ` sections of one markdown note, under its `# ` title."""
    text = path.read_text(encoding="utf-8")
    title_match = re.search(r"^# (.+)$", text, re.M)
    title = title_match.group(1).strip() if title_match else path.stem.replace("-", " ")
    parts = re.split(r"^## +(.+)$", text, flags=re.M)
    return [NoteSection(path.name, title, heading.strip(), body.strip())
            for heading, body in zip(parts[1::2], parts[2::2])]


def section_back(body: str) -> str:
    """The section's opening prose and its first few bullets; code stays in the note, since
    a drill answer is typed prose."""
    lines = [line.rstrip() for line in _FENCE.sub("", body).splitlines() if line.strip()]
    prose = [line for line in lines if not _BULLET.match(line)]
    bullets = [f"- {_BULLET.sub('', line)}" for line in lines if _BULLET.match(line)]
    return "\n".join([" ".join(prose), *bullets[:BACK_BULLETS]]).strip()


def note_topics(bank: Iterable[Question]) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """A note section's topic is the topic of the bank questions that cite it (by section,
    else by file): the bank was written against these notes and says what each is for."""
    by_section: dict[tuple[str, str], Counter[str]] = {}
    by_file: dict[str, Counter[str]] = {}
    for question in bank:
        for source in question.sources:
            name = Path(source.source).name
            by_section.setdefault((name, source.section.lower()), Counter())[question.topic] += 1
            by_file.setdefault(name, Counter())[question.topic] += 1
    return ({k: c.most_common(1)[0][0] for k, c in by_section.items()},
            {k: c.most_common(1)[0][0] for k, c in by_file.items()})


def note_cards(notes_dir: Path, bank: Iterable[Question]) -> list[CardDraft]:
    section_topic, file_topic = note_topics(bank)
    drafts = []
    for path in sorted(notes_dir.glob("*.md")):
        for section in note_sections(path):
            back = section_back(section.body)
            if len(back.split()) < MIN_SECTION_WORDS:
                continue
            topic = section_topic.get((section.file, section.heading.lower()),
                                      file_topic.get(section.file, ""))
            drafts.append(CardDraft(
                front=f"{section.title}: what are the key points of “{section.heading}”?",
                back=back, topic=topic, source="note",
                key=f"note:{section.file}#{_slug(section.heading)}"))
    return drafts


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- missed key points -------------------------------------------------------------------------
def word_rarity(bank: Iterable[Question]) -> Counter[str]:
    """How many bank questions use each word: the fewer, the more specific the word."""
    counts: Counter[str] = Counter()
    for question in bank:
        text = " ".join([question.text, *question.key_points, question.model_answer])
        counts.update({w.lower() for w in _CLOZE_WORD.findall(text)})
    return counts


def cloze(point: str, usage: Counter[str] | None = None) -> str:
    """The point with its most specific content words blanked (rarest in the bank, then
    longest): they carry what an interviewer listens for, and the words left still say
    which point is meant."""
    usage = usage or Counter()
    words = [m for m in _CLOZE_WORD.finditer(point) if m.group().lower() not in STOPWORDS]
    count = min(CLOZE_MAX_BLANKS, max(1, round(len(words) * CLOZE_SHARE)))
    ranked = sorted(words, key=lambda m: (usage[m.group().lower()], -len(m.group()), m.start()))
    out, last = [], 0
    for match in sorted(ranked[:count], key=lambda m: m.start()):
        out += [point[last:match.start()], BLANK]
        last = match.end()
    return "".join([*out, point[last:]])


def missed_key(point: str) -> str:
    normal = " ".join(point.lower().split())
    return "missed:" + hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def missed_cards(attempts: Iterable[Attempt], bank: Iterable[Question] = ()) -> list[CardDraft]:
    """One card per key point missed, however often it was missed: the first time it was
    missed supplies the question it belongs to."""
    usage = word_rarity(bank)
    drafts: dict[str, CardDraft] = {}
    for attempt in attempts:
        for point in attempt.missing:
            key = missed_key(point)
            if point.strip() and key not in drafts:
                front = (f"{attempt.question}\n\nA key point you missed here; state it in full:"
                         f"\n{cloze(point, usage)}")
                drafts[key] = CardDraft(front=front, back=point.strip(), topic=attempt.topic,
                                        source="missed", key=key)
    return list(drafts.values())


def practice_attempts(history: History) -> list[Attempt]:
    """Attempts from quizzes and mock interviews; a one-off `prep grade` is not a drill plan."""
    kinds = {str(s["id"]): str(s["kind"]) for s in history.sessions()}
    return [a for a in history.attempts() if kinds.get(a.session_id) in PRACTICE_KINDS]


# --- all together ------------------------------------------------------------------------------
def sync_cards(deck: Deck, bank: Sequence[Question], notes_dir: Path | None,
               attempts: Iterable[Attempt], now: datetime) -> SyncReport:
    """Make sure the deck holds a card for every bank question, note section and missed
    point; safe to call as often as wanted."""
    drafts = [*missed_cards(attempts, bank), *bank_cards(bank)]
    if notes_dir is not None and notes_dir.is_dir():
        drafts += note_cards(notes_dir, bank)
    return deck.add_generated(drafts, now)
