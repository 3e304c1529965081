"""How much each sentence of a story matters: the signals the summary ranks by.

A neutral multi-outlet summary states what the outlets *agree on*. So the main
signal is cross-source support, measured three ways that fail differently:

- **matched support**: independent reports with a sentence that says the same
  thing (``storyline.support``: embedding similarity and shared content words);
- **lexical support**: independent reports that use a quarter, half, three
  quarters of the sentence's content words, and share of its word pairs found in
  the other articles (what a reader would recognise as "the same facts");
- **soft support**: how close the nearest sentence of each other article is.

"Independent" is whatever ``weigh`` says: by default each article counts once;
the lineage stage passes a function under which copies of one report count once.
Then **centrality** (closeness to the story's centroid), **position** (news puts
the main fact first) and **title overlap** (the outlets' own one-line summaries);
minus penalties for sentences that cannot stand alone (a dangling pronoun or
connective, a question) and for loaded wording (``storyline.neutral``).

The weights were fitted on ``neus/train`` only (AllSides round-ups: three outlets
per story and an editor's neutral summary), as the blend that maximised ROUGE-2
of the selected summary; ``neus/val`` was kept for the reported numbers
(docs/summaries.md).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from storyline.model import Article
from storyline.neutral import loadedness
from storyline.support import SupportIndex
from storyline.textutil import content_terms, tokens

Weigh = Callable[[Iterable[str]], float]

WEIGHTS: dict[str, float] = {  # fitted on neus/train (bench/tune_summaries.py)
    "matched": 0.15,
    "lexical": 0.0,
    "pairs": 1.0,
    "soft": 0.1,
    "central": 0.2,
    "position": 0.15,
    "title": 0.55,
    "dangling": -0.05,
    "question": -0.1,
    "bare_quote": -0.1,
    "loaded": -0.1,
}
LEXICAL_SHARES = (0.25, 0.5, 0.75)

# A sentence that opens with a pronoun or a connective leans on the sentence
# before it, which the summary may not carry: it reads as a non sequitur.
DANGLING_START = re.compile(
    r"^[\"“‘']?(?:he|she|they|it|this|that|these|those|his|her|their|its|but|and|also|"
    r"however|meanwhile|still|yet|so|then|there)\b", re.IGNORECASE)


# A sentence that is nothing but a quotation ("“We have already informed them.”")
# does not say who speaks: out of its article it reads as a voice from nowhere.
_LETTER = re.compile(r"[A-Za-z]")


def bare_quote(text: str) -> bool:
    """True when ``text`` opens a quotation and names no speaker after it closes."""
    t = text.strip()
    if not t or t[0] not in "\"“":
        return False
    close = max(t.rfind("\"", 1), t.rfind("”"))
    return close < 0 or not _LETTER.search(t[close + 1:])


def count_articles(ids: Iterable[str]) -> float:
    """Each article is one report (the default until lineage says otherwise)."""
    return float(len(set(ids)))


@dataclass(frozen=True)
class Salience:
    """Per-sentence signals (each an array over ``index.sentences``) and their blend."""

    signals: dict[str, np.ndarray]
    score: np.ndarray


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(pairwise(words))


def salience(index: SupportIndex, articles: Mapping[str, Article] | None = None, *,
             weigh: Weigh = count_articles,
             weights: Mapping[str, float] | None = None) -> Salience:
    """Signals and blended score of every sentence of ``index`` (see module docstring)."""
    weights = {**WEIGHTS, **(weights or {})}
    sents = index.sentences
    n = len(sents)
    if n == 0:
        return Salience({k: np.zeros(0) for k in WEIGHTS}, np.zeros(0))
    article_ids = list(dict.fromkeys(s.article_id for s in sents))
    position = {a: k for k, a in enumerate(article_ids)}
    of_article = np.array([position[s.article_id] for s in sents])
    total = max(weigh(article_ids) - 1.0, 1.0)  # independent reports besides one's own

    terms = [content_terms(s.text) for s in sents]
    words = [[w[:5] for w in tokens(s.text)] for s in sents]
    pairs = [_pairs(w) for w in words]
    art_terms = [frozenset().union(*(terms[i] for i in np.nonzero(of_article == a)[0]))
                 for a in range(len(article_ids))]
    art_pairs = [set().union(*(pairs[i] for i in np.nonzero(of_article == a)[0]))
                 for a in range(len(article_ids))]
    # how many articles use each word pair, and which articles each content term:
    # per-sentence sums over these instead of set intersections with every article
    # (those grew with sentences x articles: most of a 100-article story's brief)
    pair_articles = Counter(p for ps in art_pairs for p in ps)
    term_col = {t: k for k, t in enumerate({t for ts in art_terms for t in ts})}
    term_in = np.zeros((len(term_col), len(article_ids)), dtype=np.int32)
    for a, ts in enumerate(art_terms):
        term_in[[term_col[t] for t in ts], a] = 1
    # closest sentence of each article to each sentence: the columns grouped by
    # article, one maximum per group, a block of rows at a time (no n x n matrix)
    by_article = np.argsort(of_article, kind="stable")
    starts = np.searchsorted(of_article[by_article], np.arange(len(article_ids)))
    nearest = np.empty((n, len(article_ids)), dtype=index.vectors.dtype)
    for lo in range(0, n, 1024):
        block = index.vectors[lo:lo + 1024] @ index.vectors[by_article].T
        nearest[lo:lo + 1024] = np.maximum.reduceat(block, starts, axis=1)
    centroid = index.vectors.mean(axis=0)
    centroid = centroid / (np.linalg.norm(centroid) or 1.0)
    title_terms = frozenset().union(*(content_terms(a.title or "") for a in
                                      (articles or {}).values()))

    sig = {k: np.zeros(n) for k in WEIGHTS}
    for i, s in enumerate(sents):
        own = s.article_id
        others = [a for a in range(len(article_ids)) if a != of_article[i]]
        sig["matched"][i] = (weigh(index.supporters(i)) - 1.0) / total
        if others and terms[i]:
            shared = term_in[[term_col[t] for t in terms[i]]].sum(axis=0)
            shared[of_article[i]] = 0  # (so only other articles reach a share)
            share = shared / len(terms[i])
            sig["lexical"][i] = sum(
                weigh([own, *(article_ids[a] for a in np.nonzero(share >= t)[0])]) - 1.0
                for t in LEXICAL_SHARES) / len(LEXICAL_SHARES) / total
        if others and pairs[i]:  # each pair is in its own article, counted once
            sig["pairs"][i] = sum(pair_articles[p] - 1
                                  for p in pairs[i]) / len(pairs[i]) / len(others)
        if others:
            sig["soft"][i] = float(nearest[i, others].mean())
        sig["central"][i] = float(index.vectors[i] @ centroid)
        sig["position"][i] = 1.0 / (1 + s.index)
        if terms[i] and title_terms:
            sig["title"][i] = len(terms[i] & title_terms) / len(terms[i])
        sig["dangling"][i] = float(bool(DANGLING_START.match(s.text)))
        sig["question"][i] = float(s.text.rstrip().rstrip("\"”’'").endswith("?"))
        sig["bare_quote"][i] = float(bare_quote(s.text))
        sig["loaded"][i] = loadedness(s.text)
    score = sum(weights[k] * sig[k] for k in WEIGHTS)
    return Salience(sig, np.asarray(score, dtype=float))
