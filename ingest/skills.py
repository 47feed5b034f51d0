"""The skill vocabulary (corpus/skills.yaml) and the skill a passage is about.

A skill is finer than a topic (`sql`, `kafka`, `statistics`), and it is what a job ad's
requirements and the bank's questions share. Ingest tags every chunk with the skill its
heading and text name most, so search and the plan can keep to one skill's passages.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache
from typing import Any

import yaml

from ingest.settings import DEFAULT_CORPUS

SKILLS_FILE = DEFAULT_CORPUS / "skills.yaml"
HEADING_WEIGHT = 2  # a heading names what the section is about; its text may digress
RULES_VERSION = 2  # bump when how `mentions` reads the vocabulary changes (re-tags chunks)


@lru_cache(maxsize=1)
def vocabulary_digest() -> str:
    """A digest of the skill vocabulary: chunks are tagged with it at ingest, so a changed
    vocabulary makes stored documents out of date."""
    return hashlib.sha256(SKILLS_FILE.read_bytes() + bytes([RULES_VERSION])).hexdigest()[:12]


@lru_cache(maxsize=1)
def skills() -> dict[str, dict[str, Any]]:
    """The skill vocabulary: key -> {name, topic, aliases}."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(SKILLS_FILE.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506


# A skill word that names people, a team or a lab ("a research intern", "our NLP team", "two
# research scientists") names who someone is, not what the ad asks for. Not "groups" or
# "roles": "consumer groups" and "IAM roles" are the skill.
_ROLE = r"(?!\s+(?:interns?|internships?|teams?|labs?|scientists?|engineers?|researchers?)\b)"


@lru_cache(maxsize=1)
def _aliases() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    """One pattern over every skill's job-ad words, longest first; word -> skill; and the
    words written with a capital, which name their skill only as written ("Go" the language,
    not "when things go wrong"; "REST", not "encryption at rest"). A phrase is read once, as
    its longest known word ("deep learning" is deep learning, not also the behavioral skill
    "learning")."""
    owner = {alias.lower(): key for key, skill in skills().items()
             for alias in skill["aliases"]}
    cased = {alias.lower(): alias for skill in skills().values() for alias in skill["aliases"]
             if alias != alias.lower()}
    words = sorted(owner, key=len, reverse=True)
    # not after a hyphen: "self-supervised learning" is no "supervised learning", nor is
    # "non-relational databases" "relational databases"
    pattern = re.compile(r"(?<![\w+#-])(" + "|".join(re.escape(w) for w in words)
                         + r")(?![\w+#])" + _ROLE, re.IGNORECASE)
    return pattern, owner, cased


def mentions(text: str) -> Counter[str]:
    """How often the text names each skill, in the order it first names them. A word a skill
    lists under `not_beside` names it only when the text names none of the skills given
    there: "clustering" beside Snowflake is the clustering of a table, not k-means."""
    pattern, owner, cased = _aliases()
    said = [word.lower() for word in (m.group(1) for m in pattern.finditer(text))
            if cased.get(word.lower(), word) == word]
    named = {owner[word] for word in said}
    return Counter(owner[word] for word in said
                   if not named & set(skills()[owner[word]].get("not_beside", {}).get(word, ())))


def skills_named(text: str) -> list[str]:
    """Skills whose job-ad words the text uses, most mentions first."""
    return [key for key, _ in mentions(text).most_common()]


def passage_skill(section: str, text: str) -> str:
    """The skill a passage is about: the one its heading and text name most ("" when they
    name none). The heading counts double."""
    counts = mentions(text)
    for key, count in mentions(section).items():
        counts[key] += (HEADING_WEIGHT - 1) * count
    best = counts.most_common(1)
    return best[0][0] if best else ""


def note_skill(section: str, text: str, note: str) -> str:
    """The skill of a section of one of the coach's notes, whose subject is the note's
    (`note`): a section that names none, or only a behavioral one ("learning" in "learning
    rate", "failure" in "failure handling") in a note on something else, is the note's."""
    found = passage_skill(section, text)
    if not found or (_topic(found) == "behavioral" and _topic(note) != "behavioral"):
        return note
    return found


def _topic(skill: str) -> str:
    return str(skills().get(skill, {}).get("topic", ""))


def checked_skill(skill: str | None) -> str | None:
    """A skill as a user typed it, as its key ("SQL" is `sql`), or a ValueError that says
    where the skills are listed."""
    if skill is None:
        return None
    key = skill.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in skills():
        raise ValueError(f"unknown skill {skill!r}; the skills are the keys of "
                         "corpus/skills.yaml (e.g. sql, streaming, statistics)")
    return key
