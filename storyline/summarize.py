"""An extractive, cited multi-document summary of one story.

Sentences are scored by how many articles report their content (support),
how central they are to the story, and how early they come in their article;
then picked greedily with a redundancy penalty (MMR) under a word budget, and
ordered for reading (event date, then position in the article). Each summary
sentence cites every article that reports its content, not only the one it was
taken from, with the matched sentence ids as evidence.

``weigh`` turns a set of supporting article ids into a weight; by default each
article counts once, and the lineage stage passes a function that counts
independent reports (so ten reprints of one wire story weigh as one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from storyline.model import Article, ClaimSource, Story, SummarySentence
from storyline.support import SupportIndex, is_match
from storyline.textutil import word_count

DEFAULT_WORDS = 120
MIN_WORDS, MAX_WORDS = 6, 60
REDUNDANCY = 0.75  # candidates at least this close to a picked sentence are skipped
MMR_LAMBDA = 0.6
W_SUPPORT, W_CENTRAL, W_POSITION = 1.0, 0.5, 0.3


def count_articles(ids: Iterable[str]) -> float:
    return float(len(set(ids)))


@dataclass(frozen=True)
class _Candidate:
    index: int
    score: float
    words: int


# A sentence that opens with a pronoun or a connective leans on the sentence
# before it, which the summary may not carry: it reads as a non sequitur.
DANGLING_START = re.compile(
    r"^[\"“‘']?(?:he|she|they|it|this|that|these|those|his|her|their|its|but|and|also|"
    r"however|meanwhile|still|yet)\b", re.IGNORECASE)
DANGLING_PENALTY = 0.3


def _eligible(text: str) -> bool:
    n = word_count(text)
    return MIN_WORDS <= n <= MAX_WORDS and not text.rstrip().endswith("?")


def _scores(story_ids: list[str], index: SupportIndex, weigh: Callable[[Iterable[str]], float],
            positions: list[float]) -> np.ndarray:
    n = len(index.sentences)
    total = max(weigh(story_ids), 1.0)
    sim = index.vectors @ index.vectors.T
    article_of = np.array([s.article_id for s in index.sentences])
    scores = np.zeros(n)
    for i in range(n):
        support = (weigh(index.supporters(i)) - 1) / max(total - 1, 1.0)
        others = sim[i, article_of != article_of[i]]
        central = float(np.sort(others)[-5:].mean()) if others.size else 0.0
        scores[i] = W_SUPPORT * support + W_CENTRAL * central + W_POSITION * positions[i]
        if DANGLING_START.match(index.sentences[i].text):
            scores[i] -= DANGLING_PENALTY
    return scores


def summarize(story: Story, articles: Mapping[str, Article], index: SupportIndex, *,
              words: int = DEFAULT_WORDS,
              weigh: Callable[[Iterable[str]], float] = count_articles,
              ) -> tuple[SummarySentence, ...]:
    """Summary sentences of ``story``, at most ``words`` words (at least one sentence)."""
    if not index.sentences:
        return ()
    positions = [1.0 / (1 + s.index) for s in index.sentences]
    scores = _scores(list(story.article_ids), index, weigh, positions)
    chosen = _select(index, scores, words, _event_leads(story, index, scores))
    event_date = {a: e.date or "9999" for e in story.events for a in e.article_ids}
    rank = {i: n for n, i in enumerate(chosen)}
    ordered = sorted(chosen, key=lambda i: (event_date.get(index.sentences[i].article_id,
                                                           "9999"), rank[i]))
    return tuple(_cite(i, index) for i in ordered)


def _group(i: int, index: SupportIndex) -> list[int]:
    return [i] + [j for j, _ in index.matches[i].values()]


def _representative(i: int, index: SupportIndex, budget: int) -> int:
    """The most typical wording of sentence i's content among the articles.

    Of several wordings of one fact, the one closest to all the others is the
    plainest; an outlier is often a garbled translation or a loaded paraphrase.
    """
    group = _group(i, index)
    if len(group) < 3:
        return i
    vecs = index.vectors[group]
    typicality = (vecs @ vecs.T).sum(axis=1)
    limit = max(word_count(index.sentences[i].text), min(budget, MAX_WORDS))
    if limit > budget:
        limit = word_count(index.sentences[i].text)
    best = max(range(len(group)), key=lambda k: (
        word_count(index.sentences[group[k]].text) <= limit and
        _eligible(index.sentences[group[k]].text), typicality[k]))
    return group[best]


def _same_content(i: int, j: int, index: SupportIndex) -> bool:
    """True when two sentences report the same content (either's group holds the other)."""
    a, b = index.sentences[i], index.sentences[j]
    if j in _group(i, index) or i in _group(j, index):
        return True
    return is_match(float(index.vectors[i] @ index.vectors[j]), a.text, b.text)


def _event_leads(story: Story, index: SupportIndex, scores: np.ndarray) -> list[int]:
    """The best sentence of each event, largest event first: a story of several
    events is summarised across them, not only by its biggest one."""
    if len(story.events) < 2:
        return []
    leads = []
    for event in sorted(story.events, key=lambda e: -len(e.article_ids)):
        members = set(event.article_ids)
        own = [i for i, s in enumerate(index.sentences)
               if s.article_id in members and _eligible(s.text)]
        if own:
            leads.append(max(own, key=lambda i: scores[i]))
    return leads


def _select(index: SupportIndex, scores: np.ndarray, budget: int,
            seeds: list[int] | None = None) -> list[int]:
    """Greedy MMR under the word budget; ``seeds`` are taken first if they fit."""
    pool = [i for i, s in enumerate(index.sentences) if _eligible(s.text)] or \
        list(range(len(index.sentences)))  # nothing of normal length: use every sentence
    cands = {i: _Candidate(i, float(scores[i]), word_count(index.sentences[i].text))
             for i in pool}
    chosen: list[int] = []
    used = 0

    def take(i: int) -> None:
        nonlocal used
        picked = _representative(i, index, budget - used)
        chosen.append(picked)
        used += word_count(index.sentences[picked].text)
        for c in list(cands):
            if c in (i, picked) or _same_content(c, i, index) or _same_content(c, picked, index):
                del cands[c]

    for seed in seeds or []:
        if seed in cands and used + cands[seed].words <= budget:
            take(seed)
    while cands:
        best = _best_candidate(list(cands.values()), chosen, index.vectors, budget - used)
        if best is None:
            break
        take(best)
    if not chosen and pool:  # the budget is below every sentence: still say the main thing
        take(max(pool, key=lambda i: scores[i]))
    return chosen


def _best_candidate(cands: list[_Candidate], chosen: list[int], vectors: np.ndarray,
                    room: int) -> int | None:
    best, best_value = None, -np.inf
    for c in cands:
        if c.words > room:
            continue
        redundancy = max((float(vectors[c.index] @ vectors[j]) for j in chosen), default=0.0)
        value = MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * redundancy
        if redundancy < REDUNDANCY and value > best_value:
            best, best_value = c.index, value
    return best


def _cite(i: int, index: SupportIndex) -> SummarySentence:
    s = index.sentences[i]
    group = [index.sentences[j] for j in _group(i, index)]
    sources = tuple(ClaimSource(t.article_id, t.id, t.text) for t in group)
    return SummarySentence(s.text, tuple(index.supporters(i)), sources)
