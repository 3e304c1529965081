"""Which articles report the content of a sentence: cross-source support.

A sentence of article A is *supported* by article B when B has a sentence that
says the same thing: close in embedding space and sharing content words. Both
signals are needed because each alone is fooled: embeddings rate two sentences
on the same topic as close ("talks are stalled" / "Mariupol was shelled"), word
overlap misses paraphrase and translation ("pause" / "respite"). The thresholds
were read off the example story and checked on neus (docs/architecture.md);
support drives summary citations and, later, the agreement map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storyline.model import Sentence
from storyline.textutil import overlap

# (minimum cosine, minimum content-term Jaccard): a pair matching any row matches.
MATCH_RULES: tuple[tuple[float, float], ...] = ((0.85, 0.10), (0.72, 0.18), (0.60, 0.30))


@dataclass(frozen=True)
class SupportIndex:
    """Sentences of one story, their vectors, and the matches between articles."""

    sentences: tuple[Sentence, ...]
    vectors: np.ndarray
    # for sentence i: {article_id: (j, similarity)} of the best matching sentence j
    matches: tuple[dict[str, tuple[int, float]], ...]

    def supporters(self, i: int) -> list[str]:
        """Article ids that report sentence i's content, its own article first."""
        own = self.sentences[i].article_id
        return [own] + sorted(a for a in self.matches[i] if a != own)



def is_match(similarity: float, a: str, b: str) -> bool:
    if similarity < min(rule[0] for rule in MATCH_RULES):
        return False
    jac = overlap(a, b)
    return any(similarity >= s and jac >= o for s, o in MATCH_RULES)


def build_support(sentences: Sequence[Sentence], vectors: np.ndarray) -> SupportIndex:
    sentences = tuple(sentences)
    sim = vectors @ vectors.T if len(sentences) else np.zeros((0, 0))
    floor = min(rule[0] for rule in MATCH_RULES)
    matches: list[dict[str, tuple[int, float]]] = []
    for i, s in enumerate(sentences):
        best: dict[str, tuple[int, float]] = {}
        for j in np.nonzero(sim[i] >= floor)[0]:
            t = sentences[j]
            if t.article_id == s.article_id:
                continue
            value = float(sim[i, j])
            current = best.get(t.article_id)
            if (current is None or value > current[1]) and is_match(value, s.text, t.text):
                best[t.article_id] = (int(j), value)
        matches.append(best)
    return SupportIndex(sentences, vectors, tuple(matches))
