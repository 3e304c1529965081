"""Rewrite detection: monotone sentence alignment with embeddings.

A rewrite follows its source copy sentence by sentence in other words: paraphrase,
machine translation, light edits. Two articles on the same subject are also close
in embedding space, sentence by sentence, so similarity alone cannot tell a rewrite
from independent reporting. What tells them apart is *order*: a rewrite matches
many of its sentences to the source's sentences in the same order, an independent
report matches a few (the key fact, a background line) in any order.

So for two articles we find the sentence pairs that say the same thing (embedding
cosine, with content-word overlap below a high cosine: ``ALIGN_RULES``), then the
longest chain of them that is increasing in both articles (a longest increasing
subsequence over the pairs, maximising the summed similarity among chains of equal
length). A rewrite needs a chain of ``REWRITE_MIN_PAIRS`` pairs covering
``REWRITE_COVERAGE`` of the shorter article, holding ``REWRITE_ORDER`` of the
sentences that match at all (shared facts told in another order keep few).

Only sentences of the article's own reporting take part: very short sentences
(datelines, "He declined to comment.") and sentences mostly inside quotation
marks, which independent reports share verbatim, are left out.

``align_batch`` does this for many articles at once: one matrix product per block
of sentences finds every cross-article pair above the cosine floor, so only article
pairs with enough matching sentences are aligned at all.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from storyline.lineage.shingles import QUOTATION, WORD
from storyline.support import matches_rules
from storyline.termsets import TermSets
from storyline.textutil import overlap

# (minimum cosine, minimum content-term Jaccard): a sentence pair matching any row
# says the same thing. Looser than ``storyline.support.MATCH_RULES`` on purpose: a
# machine translation or a paraphrase keeps few words ("did not plan to retaliate" /
# "were not preparing to respond"), and here the order of many pairs carries the
# rest of the evidence. Measured in docs/lineage.md.
ALIGN_RULES: tuple[tuple[float, float], ...] = ((0.80, 0.0), (0.65, 0.12), (0.55, 0.20))
MIN_SENTENCE_WORDS = 6
MAX_QUOTE_SHARE = 0.5
REWRITE_MIN_PAIRS = 3
REWRITE_COVERAGE = 0.5
REWRITE_ORDER = 0.7
BLOCK = 2048


@dataclass(frozen=True)
class AlignedPair:
    """Sentence ``i`` of one article says what sentence ``j`` of the other says."""

    i: int  # sentence index in the first article
    j: int  # sentence index in the second article
    similarity: float


@dataclass(frozen=True)
class Alignment:
    """The monotone alignment of two articles' sentences."""

    a: str
    b: str
    pairs: tuple[AlignedPair, ...]  # the chain, increasing in both i and j
    a_sentences: int  # sentences of each article that took part
    b_sentences: int
    matches: int  # matching sentence pairs, in order or not
    matched: int = 0  # sentences with a match, in whichever article has fewer

    @property
    def coverage(self) -> float:
        """Share of the shorter article's sentences that the chain covers."""
        shorter = min(self.a_sentences, self.b_sentences)
        return len(self.pairs) / shorter if shorter else 0.0

    @property
    def order(self) -> float:
        """Share of the matching sentences that the chain keeps in order: near 1 for a
        rewrite, about 2/sqrt(n) for n shared facts told in an unrelated order."""
        return len(self.pairs) / self.matched if self.matched else 0.0

    @property
    def is_rewrite(self) -> bool:
        return (len(self.pairs) >= REWRITE_MIN_PAIRS and self.coverage >= REWRITE_COVERAGE
                and self.order >= REWRITE_ORDER)


def same_content(similarity: float, a: str, b: str) -> bool:
    """Whether two sentences say the same thing (``ALIGN_RULES``)."""
    if similarity < ALIGN_RULES[-1][0]:
        return False
    jac = overlap(a, b)
    return any(similarity >= s and jac >= o for s, o in ALIGN_RULES)


def quote_share(text: str) -> float:
    words = len(WORD.findall(text))
    quoted = sum(len(WORD.findall(m.group())) for m in QUOTATION.finditer(text))
    return quoted / words if words else 0.0


def takes_part(text: str) -> bool:
    """Whether a sentence is own reporting long enough to be alignment evidence."""
    return len(text.split()) >= MIN_SENTENCE_WORDS and quote_share(text) <= MAX_QUOTE_SHARE


def longest_chain(pairs: Sequence[AlignedPair]) -> tuple[AlignedPair, ...]:
    """The longest chain increasing in both i and j; among those, the most similar.

    Patience sorting on j after sorting by (i, -j) gives the length in O(k log k);
    the similarity tie-break needs the O(k^2) DP, still cheap at tens of pairs.
    """
    if not pairs:
        return ()
    ordered = sorted(pairs, key=lambda p: (p.i, -p.j))
    if len(ordered) > 400:  # long: length only, by patience sorting
        tails: list[int] = []
        tail_idx: list[int] = []
        prev = [-1] * len(ordered)
        for n, p in enumerate(ordered):
            k = bisect_left(tails, p.j)
            if k == len(tails):
                tails.append(p.j)
                tail_idx.append(n)
            else:
                tails[k], tail_idx[k] = p.j, n
            prev[n] = tail_idx[k - 1] if k else -1
        out, n = [], tail_idx[-1]
        while n >= 0:
            out.append(ordered[n])
            n = prev[n]
        return tuple(reversed(out))
    best_len = [1] * len(ordered)
    best_sim = [p.similarity for p in ordered]
    prev = [-1] * len(ordered)
    for n, p in enumerate(ordered):
        for m in range(n):
            q = ordered[m]
            if q.i < p.i and q.j < p.j:
                cand = (best_len[m] + 1, best_sim[m] + p.similarity)
                if cand > (best_len[n], best_sim[n]):
                    best_len[n], best_sim[n], prev[n] = cand[0], cand[1], m
    n = max(range(len(ordered)), key=lambda k: (best_len[k], best_sim[k]))
    out = []
    while n >= 0:
        out.append(ordered[n])
        n = prev[n]
    return tuple(reversed(out))


@dataclass(frozen=True)
class Unit:
    """One article as alignment sees it: its sentences' texts and unit vectors."""

    texts: tuple[str, ...]
    vectors: np.ndarray  # (len(texts), dim), L2-normalised

    def usable(self) -> list[int]:
        return [k for k, t in enumerate(self.texts) if takes_part(t)]


def align_batch(units: Mapping[str, Unit], *, min_pairs: int = REWRITE_MIN_PAIRS,
                allowed: set[tuple[str, str]] | None = None) -> dict[tuple[str, str], Alignment]:
    """Alignments of every article pair with at least ``min_pairs`` matching sentences.

    Keys are ``(a, b)`` in the order of ``units``. ``allowed`` restricts the pairs
    considered (e.g. to articles of one story).
    """
    ids = list(units)
    order = {a: n for n, a in enumerate(ids)}
    rows: list[tuple[str, int]] = []
    usable_count: dict[str, int] = {}
    for a in ids:
        keep = units[a].usable()
        usable_count[a] = len(keep)
        rows += [(a, k) for k in keep]
    if not rows:
        return {}
    dim = next(u.vectors.shape[1] for u in units.values() if len(u.vectors))
    mat = np.zeros((len(rows), dim), dtype=np.float32)
    for n, (a, k) in enumerate(rows):
        mat[n] = units[a].vectors[k]
    owner = np.array([order[a] for a, _ in rows])
    floor = min(rule[0] for rule in ALIGN_RULES)
    found: dict[tuple[str, str], list[AlignedPair]] = defaultdict(list)
    # content-word overlaps of the close pairs at once (one Python call per pair was
    # most of the lineage of a story of a hundred articles)
    terms = TermSets([units[a].texts[k] for a, k in rows])
    for lo in range(0, len(rows), BLOCK):
        sims = mat[lo:lo + BLOCK] @ mat.T
        r, c = np.nonzero(sims >= floor)
        keep = owner[lo + r] < owner[c]  # each article pair once, never within one article
        r, c = r[keep], c[keep]
        values = sims[r, c].astype(np.float64)
        same = matches_rules(values, terms.jaccard_pairs(r + lo, c), ALIGN_RULES)
        for x, y, value in zip(r[same].tolist(), c[same].tolist(), values[same].tolist(),
                               strict=True):
            (a, i), (b, j) = rows[lo + x], rows[y]
            if allowed is not None and (a, b) not in allowed:
                continue
            found[(a, b)].append(AlignedPair(i, j, value))
    out = {}
    for (a, b), pairs in found.items():
        if len(pairs) < min_pairs:
            continue
        matched = min(len({p.i for p in pairs}), len({p.j for p in pairs}))
        out[(a, b)] = Alignment(a, b, longest_chain(pairs), usable_count[a], usable_count[b],
                                len(pairs), matched)
    return out
