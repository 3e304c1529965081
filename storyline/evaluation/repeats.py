"""A text-only scanner for summaries that say one fact twice (evaluation, not selection).

Two summary sentences *repeat* when the shorter one's facts are contained in the
longer: most of its content words (5-letter stems, numbers whole; at least
``MIN_TERMS`` of them) occur in the longer one, and so do most of the names and
numbers it carries. It reads only the summary's text, no embeddings, so that the
selection's own repeat test (``storyline.repeats``, which needs the sentences to
be close in meaning too) is measured by a rule it does not share: the two share
only the containment measure (``storyline.repeats.containment``), not its
thresholds, the cosine, or the names-and-numbers test here. It finds the
clear repeats (a short "Gov. Pritzker signed the bill into law Tuesday" next to
"Illinois on Tuesday became the 11th state ... after Gov. Pritzker signed a
bill ...") and misses paraphrases with few words in common; on hand-read NeuS
val summaries most pairs it flags are real repeats (docs/summaries.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.repeats import MIN_TERMS, containment
from storyline.textutil import STOPWORDS, content_terms

CONTAINED = 0.6  # share of the shorter sentence's content words found in the longer one
NAMES = 0.5  # share of its names and numbers found there
# a capitalised word not at the start of the sentence, or a number: a fact's anchors
_ANCHOR = re.compile(r"(?<=\s)[A-Z][\w’'.-]*[a-z][\w’'.-]*|\d[\d,.]*")
_TITLES = frozenset("mr mrs ms dr".split())


def anchors(text: str) -> frozenset[str]:
    """Names (capitalised inside the sentence) and numbers, lower-cased."""
    out = set()
    for m in _ANCHOR.findall(text):
        w = re.sub(r"['’]s$", "", m.lower().rstrip(".,"))
        if w and w not in STOPWORDS and w not in _TITLES:
            out.add(w.replace(",", ""))
    return frozenset(out)


def repeat_score(a: str, b: str) -> tuple[float, float]:
    """(content-word containment, name/number containment) of the shorter in the longer."""
    short, long_ = sorted((a, b), key=lambda t: len(content_terms(t)))
    if len(content_terms(short)) < MIN_TERMS:
        return 0.0, 0.0
    ns, nl = anchors(short), anchors(long_)
    return containment(short, long_), (len(ns & nl) / len(ns) if ns else 1.0)


def repeat_pairs(sentences: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of sentences of one summary that repeat one fact."""
    out = []
    for i in range(len(sentences)):
        for j in range(i + 1, len(sentences)):
            words, names = repeat_score(sentences[i], sentences[j])
            if words >= CONTAINED and names >= NAMES:
                out.append((i, j))
    return out
