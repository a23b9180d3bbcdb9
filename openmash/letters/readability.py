"""How hard a letter is to read: the Flesch-Kincaid grade, turned into a reading age.

Why this measure (docs/letters.md): it is the one most widely used for public-sector
plain-English checks, it needs only sentence, word and syllable counts (so it is
explainable to a manager in one line and testable), and its US school grade maps to a
UK reading age by adding five years (grade 1 is age 6 to 7). SMOG needs 30 sentences,
too many for a letter; Flesch Reading Ease gives a score, not an age a hub can set.

It is our own small implementation, not a package: the formula is three lines and the
syllable count a common heuristic (vowel groups, less a silent final e), so a
dependency would add more than it saves. Like every readability formula it measures
sentence and word length, not kindness or clarity; the templates and the glossary do
the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    w = word.lower().replace("’", "'").split("'")[0]
    if len(w) <= 3:
        return 1
    count = len(_VOWEL_GROUPS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if w.endswith(("ed", "es")) and not w.endswith(("ted", "ded", "ses", "zes", "ces", "ges", "shes", "ches")):
        count = max(1, count - 1) if count > 1 else count
    return max(1, count)


@dataclass(frozen=True)
class Score:
    sentences: int
    words: int
    syllables: int
    grade: float

    @property
    def reading_age(self) -> float:
        """A UK reading age in years: the US grade plus five, never below 5."""
        return max(5.0, round(self.grade + 5, 1))


def score(text: str) -> Score:
    words = _WORD.findall(text)
    if not words:
        return Score(sentences=0, words=0, syllables=0, grade=0.0)
    pieces = [p for p in _SENTENCE_END.split(text) if _WORD.search(p)]
    sentences = max(1, len(pieces))
    syl = sum(syllables(w) for w in words)
    grade = 0.39 * (len(words) / sentences) + 11.8 * (syl / len(words)) - 15.59
    return Score(sentences=sentences, words=len(words), syllables=syl, grade=round(grade, 1))
