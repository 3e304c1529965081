"""Do two sentences of a summary state one fact? The summary's repeat test.

The selection's overlap test (content-word Jaccard, ``storyline.summarize``) is
symmetric, so it misses the commonest repeat in a multi-source summary: a short
report of the main event next to a long one that says the same and more ("The
House approved the $1.9 trillion bill on Wednesday" / "The House gave final
passage Wednesday to a $1.9 trillion relief package that will deliver ...").
Their Jaccard is small because the long one has many words the short one
lacks; what gives them away is that the *shorter one's* words are largely in the
longer one (containment, asymmetric), and that the two are close in meaning, or
share a specific figure ("$1.9 trillion", "250,000", "33.1%").

Embedding similarity alone cannot decide: two sentences about one story are
close whatever they say (a cosine of 0.6 between "the court ruled" and "the
governor issued mandates" is common on NeuS), and containment alone confuses a
short background sentence with the report it explains. Both are required
together; the thresholds were read off hand-labelled summary pairs of
``neus/val`` and checked on ``neus/train`` (docs/summaries.md).
"""

from __future__ import annotations

import re

from storyline.textutil import content_terms

# (minimum cosine, minimum containment of the shorter sentence's content words)
SAME_FACT = ((0.70, 0.40), (0.50, 0.60))
# with a specific figure in common, a looser pair still states one fact
FIGURE_COS, FIGURE_CONTAINED = 0.45, 0.30
MIN_TERMS = 4  # a shorter sentence with fewer content words is judged by Jaccard only
# a number that identifies a fact: not a lone digit, not a year
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")


def figures(text: str) -> frozenset[str]:
    """Specific numbers of a text ("1.9", "250000", "33.1"), years and single digits out."""
    out = set()
    for m in _FIGURE.findall(text):
        n = m.replace(",", "")
        if len(n.replace(".", "")) >= 2 and not _YEAR.fullmatch(n):
            out.add(n)
    return frozenset(out)


def containment(a: str, b: str) -> float:
    """Share of the content words of the one with fewer found in the other (0 when
    the shorter has under ``MIN_TERMS``: too little to tell)."""
    ta, tb = content_terms(a), content_terms(b)
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) < MIN_TERMS:
        return 0.0
    return len(short & long_) / len(short)


def same_fact(a: str, b: str, cosine: float) -> bool:
    """True when sentences ``a`` and ``b`` (``cosine`` apart) state one fact: the
    shorter's words are mostly in the longer and the two are close in meaning."""
    if cosine < min(FIGURE_COS, *(c for c, _ in SAME_FACT)):
        return False
    contained = containment(a, b)
    if any(cosine >= c and contained >= share for c, share in SAME_FACT):
        return True
    return cosine >= FIGURE_COS and contained >= FIGURE_CONTAINED and \
        bool(figures(a) & figures(b))
