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


BLOCK = 1024  # rows of the similarity matrix held at once (memory stays O(BLOCK x n))


def build_support(sentences: Sequence[Sentence], vectors: np.ndarray) -> SupportIndex:
    """For each sentence, the best matching sentence of every other article.

    Linear-ish in practice: the similarity matrix is computed a block of rows at a
    time, and each row's candidates (above the lowest cosine of ``MATCH_RULES``) are
    tried most similar first, so an article is settled by its first match instead
    of every candidate of it being checked for words in common. The result is the
    same as trying all: the most similar matching sentence of each article (the
    earliest on ties), articles in the order they first appear in ``sentences``.
    """
    sentences = tuple(sentences)
    n = len(sentences)
    floor = min(rule[0] for rule in MATCH_RULES)
    article_ids = [s.article_id for s in sentences]
    first: dict[str, int] = {}
    for k, a in enumerate(article_ids):
        first.setdefault(a, k)
    owner = np.array([first[a] for a in article_ids], dtype=np.int64)
    matches: list[dict[str, tuple[int, float]]] = []
    for lo in range(0, n, BLOCK):
        sim = vectors[lo:lo + BLOCK] @ vectors.T
        for r in range(sim.shape[0]):
            i = lo + r
            row = sim[r]
            cand = np.nonzero(row >= floor)[0]
            cand = cand[owner[cand] != owner[i]]
            best: dict[str, tuple[int, float]] = {}
            for j in cand[np.argsort(-row[cand], kind="stable")]:
                other = article_ids[j]
                if other not in best and is_match(float(row[j]), sentences[i].text,
                                                  sentences[j].text):
                    best[other] = (int(j), float(row[j]))
            matches.append(dict(sorted(best.items(), key=lambda kv: first[kv[0]])))
    return SupportIndex(sentences, vectors, tuple(matches))
