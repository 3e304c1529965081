"""Does a summary sentence say only what its cited sources say? The one verifier.

Both summary modes use it: the extractive summary (whose sentences are source
sentences with safe cuts, so they must always pass: ``storyline eval summaries``
counts any that do not) and the LLM mode (whose sentences are new text and are
dropped or flagged when they fail). A sentence is checked against the source
sentences it cites, four ways, because each alone is fooled:

- **meaning**: the embedding of the sentence must be close to at least one cited
  source sentence (``SIMILARITY``), and each cited article must have a sentence
  at least ``CITATION_SIMILARITY`` close or share content words with it, else that
  citation is reported as not backing the sentence;
- **numbers**: every number in the sentence ("72", "$1.5 billion", "five",
  "40%") must occur in the cited sources; an invented or changed figure is the
  classic failure of generated summaries;
- **dates**: every weekday, month and year it names must occur in the sources;
- **names**: every capitalised name inside the sentence must occur in the sources
  (a name counts as found when any source has a word with the same first five
  letters: "Russian"/"Russia", "Lavrov's"/"Lavrov").

It is deliberately strict and simple: rule checks that a reader can reproduce,
on top of one similarity score. Thresholds: docs/summaries.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storyline.dates import MONTHS, WEEKDAYS
from storyline.model import ClaimSource
from storyline.textutil import STOPWORDS, content_terms

SIMILARITY = 0.55
CITATION_SIMILARITY = 0.40
CITATION_OVERLAP = 0.25

_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?!\w)")
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z'’\-]*[a-zA-Z]")
_NOT_NAMES = frozenset({w.capitalize() for w in STOPWORDS} | {"I", "Mr", "Mrs", "Ms", "Dr"})


@dataclass(frozen=True)
class Verdict:
    """The verifier's finding on one sentence."""

    supported: bool
    similarity: float
    problems: tuple[str, ...] = ()
    weak_citations: tuple[str, ...] = ()  # cited articles whose sentences do not back it

    def as_dict(self) -> dict[str, Any]:
        return {"supported": self.supported, "similarity": round(self.similarity, 3),
                "problems": list(self.problems), "weak_citations": list(self.weak_citations)}


def number_mentions(text: str) -> dict[str, set[float]]:
    """Each number a text states, with the values it may stand for ("1,200" -> 1200;
    "five" -> 5; "$1.5 billion" -> 1.5 or 1.5e9, so either spelling in a source matches)."""
    out: dict[str, set[float]] = {}
    lowered = text.lower()
    for m in _NUMBER.finditer(lowered):
        value = float(m.group(0).replace(",", ""))
        values = out.setdefault(m.group(0).rstrip(",."), set())
        values.add(value)
        after = lowered[m.end():m.end() + 12].split()
        if after and after[0].strip(".,;") in _SCALE:
            values.add(value * _SCALE[after[0].strip(".,;")])
    for word in re.findall(r"[a-z]+", lowered):
        if word in _WORD_NUMBERS:
            out.setdefault(word, set()).add(float(_WORD_NUMBERS[word]))
    return out


def numbers(text: str) -> set[float]:
    """Every value the numbers of a text may stand for (see :func:`number_mentions`)."""
    return set().union(*number_mentions(text).values())


def _source_numbers(text: str) -> set[float]:
    values = numbers(text)
    return values | {v / s for v in values for s in _SCALE.values() if v >= s}


def dates(text: str) -> set[str]:
    """Weekdays, months and years named in a text, normalised ("Feb." -> "month:2")."""
    out = set()
    for word in re.findall(r"[A-Za-z]+|\b(?:19|20)\d\d\b", text):
        low = word.lower()
        if low in WEEKDAYS:
            out.add(f"weekday:{low}")
        elif word[0].isupper() and low in MONTHS and low != "may":
            out.add(f"month:{MONTHS[low]}")
        elif word.isdigit():
            out.add(f"year:{word}")
    return out


_POSSESSIVE = re.compile(r"['’]s?$")


def names(text: str) -> set[str]:
    """Capitalised words inside a sentence (not its first word), months and weekdays aside."""
    out = set()
    for m in _NAME.finditer(text.strip().lstrip("\"“‘'")):
        for part in re.split(r"[-'’]", _POSSESSIVE.sub("", m.group(0))):
            if not part or not part[0].isupper() or part in _NOT_NAMES or \
                    part.lower() in WEEKDAYS or part.lower() in MONTHS:
                continue
            out.add(part)
    return out


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+|\d+", text)}


def _found(name: str, words: set[str]) -> bool:
    """A name is found when a source word shares its first five letters (a short name:
    is a source word)."""
    key = name.lower()
    if len(key) < 4:
        return key in words
    return any(w[:5] == key[:5] for w in words if len(w) >= 4)


def verify(text: str, vector: np.ndarray, sources: Sequence[ClaimSource],
           source_vectors: np.ndarray) -> Verdict:
    """Check ``text`` (embedded as ``vector``) against its cited source sentences."""
    if not sources:
        return Verdict(False, 0.0, ("cites no source",))
    sims = source_vectors @ vector
    best = float(sims.max())
    problems: list[str] = []
    weak = []
    by_article: dict[str, list[int]] = {}
    for k, src in enumerate(sources):
        by_article.setdefault(src.article_id, []).append(k)
    for article_id, ks in by_article.items():
        close = max(float(sims[k]) for k in ks)
        shared = max(_overlap(text, sources[k].text) for k in ks)
        if close < CITATION_SIMILARITY and shared < CITATION_OVERLAP:
            weak.append(article_id)
    if best < SIMILARITY:
        problems.append(f"meaning: closest cited sentence has similarity {best:.2f} "
                        f"(< {SIMILARITY})")
    joined = " ".join(s.text for s in sources)
    found = _source_numbers(joined)
    missing_numbers = [m for m, values in number_mentions(text).items() if not values & found]
    if missing_numbers:
        problems.append("numbers not in the sources: " + ", ".join(missing_numbers))
    missing_dates = dates(text) - dates(joined)
    if missing_dates:
        problems.append("dates not in the sources: " + ", ".join(
            d.split(":")[1] for d in sorted(missing_dates)))
    source_words = _words(joined)
    missing_names = sorted(n for n in names(text) if not _found(n, source_words))
    if missing_names:
        problems.append("names not in the sources: " + ", ".join(missing_names))
    if len(weak) == len(by_article):
        problems.append("no cited article backs the sentence")
    return Verdict(not problems, best, tuple(problems), tuple(weak))


def _overlap(a: str, b: str) -> float:
    ta = content_terms(a)
    return len(ta & content_terms(b)) / len(ta) if ta else 0.0
