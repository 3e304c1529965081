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
from storyline.termsets import TermSets
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


def matches_rules(similarity: np.ndarray, jaccard: np.ndarray,
                  rules: tuple[tuple[float, float], ...] = MATCH_RULES) -> np.ndarray:
    """``is_match`` over arrays of cosines and content-term overlaps (float64)."""
    out = np.zeros(similarity.shape, dtype=bool)
    for s, o in rules:
        out |= (similarity >= s) & (jaccard >= o)
    return out


def build_support(sentences: Sequence[Sentence], vectors: np.ndarray) -> SupportIndex:
    """For each sentence, the best matching sentence of every other article.

    Computed a block of rows at a time with array operations: cosines, content-word
    overlaps (:class:`storyline.termsets.TermSets`) and the rules, then per row and
    article the most similar match (the earliest on ties), the articles in the
    order they first appear in ``sentences``: what checking every pair one by one
    gives, at a fraction of the cost on stories of a hundred articles and more.
    """
    sentences = tuple(sentences)
    n = len(sentences)
    floor = min(rule[0] for rule in MATCH_RULES)
    article_ids = [s.article_id for s in sentences]
    first: dict[str, int] = {}
    for k, a in enumerate(article_ids):
        first.setdefault(a, k)
    owner = np.array([first[a] for a in article_ids], dtype=np.int64)
    terms = TermSets([s.text for s in sentences]) if n else None
    matches: list[dict[str, tuple[int, float]]] = []
    for lo in range(0, n, BLOCK):
        sim = vectors[lo:lo + BLOCK] @ vectors.T
        hi = lo + sim.shape[0]
        rows, cols = np.nonzero((sim >= floor) & (owner[lo:hi, None] != owner[None, :]))
        value = sim[rows, cols].astype(np.float64)
        jac = terms.jaccard_pairs(rows + lo, cols) if terms is not None else value
        keep = matches_rules(value, jac)
        rows, cols, value = rows[keep], cols[keep], value[keep]
        # per (row, article): the most similar, then the earliest sentence
        order = np.lexsort((cols, -value, owner[cols], rows))
        rows, cols, value = rows[order], cols[order], value[order]
        head = np.ones(len(rows), dtype=bool)
        head[1:] = (rows[1:] != rows[:-1]) | (owner[cols[1:]] != owner[cols[:-1]])
        block: list[dict[str, tuple[int, float]]] = [{} for _ in range(hi - lo)]
        for r, j, v in zip(rows[head].tolist(), cols[head].tolist(), value[head].tolist(),
                           strict=True):
            block[r][article_ids[j]] = (j, v)
        matches.extend(block)
    return SupportIndex(sentences, vectors, tuple(matches))
