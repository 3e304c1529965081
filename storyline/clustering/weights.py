"""Word weights of the incremental clusterer: document frequencies and TF-IDF vectors.

Kept apart from the placement logic (:mod:`.incremental`) because it is the part every
other step reads: an article's unit TF-IDF vector is weighted by the documents seen so
far, and a dated batch is counted day by day so that later articles never decide how
distinctive an earlier one's words are. :class:`EventClusterer` inherits it; the
counts (``docs``, ``df``) are part of its saved state (:mod:`.state`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .features import ArticleFeatures
    from .records import ClusterConfig


class WordWeights:
    """Document frequencies and the TF-IDF vectors computed from them (a mixin: the
    clusterer sets ``config``, ``df``, ``docs``, ``_idf_cache`` and ``_idf_docs``)."""

    config: ClusterConfig
    df: Counter[int]
    docs: int
    _idf_cache: dict[int, float]
    _idf_docs: int

    def _batch_vectors(self, fresh: Sequence[ArticleFeatures]) -> dict[str, dict[int, float]]:
        """Each new article's unit TF-IDF vector, counting the batch's document frequencies.

        With ``idf_as_of_day`` (the default), a dated article is weighted by the
        documents of its own day and before (earlier batches, and the batch's
        articles up to that day), as it would be had the batch arrived day by day;
        undated articles by the whole batch, there being no "before" for them.
        Weighting every article by the whole batch let later articles decide how
        distinctive an early article's words are: Timeline17 in one batch had
        Syria's first reports weighted by the 2012 Syria coverage ahead of them,
        and they fitted the concurrent Libya thread (story B3 P 0.874 in one batch
        against 0.939 in 606 daily batches; 0.944 as of the day,
        docs/clustering.md "Does time help?"). Undated batches are unchanged.
        """
        if not self.config.idf_as_of_day:
            self.observe(fresh)
            return {f.article_id: self._tfidf(f.terms) for f in fresh}
        vecs: dict[str, dict[int, float]] = {}
        dated = sorted((f for f in fresh if f.day is not None), key=lambda f: f.day or 0.0)
        for _, day in groupby(dated, key=lambda f: f.day):
            same_day = list(day)
            self.observe(same_day)
            vecs.update((f.article_id, self._tfidf(f.terms)) for f in same_day)
        undated = [f for f in fresh if f.day is None]
        self.observe(undated)
        vecs.update((f.article_id, self._tfidf(f.terms)) for f in undated)
        return vecs

    def observe(self, batch: Iterable[ArticleFeatures]) -> None:
        """Count document frequencies before clustering: an undated batch's first
        articles are weighted by everything in it, not by what came before them (a
        dated batch is counted day by day, :meth:`_batch_vectors`)."""
        for f in batch:
            self.docs += 1
            self.df.update(f.terms.keys())
            self.df.update(f.names)

    def _idfs(self) -> dict[int, float]:
        """The IDF cache, emptied whenever the document count moves (``observe``,
        ``merge``): document frequencies only change with it."""
        if self._idf_docs != self.docs:
            self._idf_cache, self._idf_docs = {}, self.docs
        return self._idf_cache

    def _idf(self, h: int) -> float:
        idf = self._idfs()
        w = idf.get(h)
        if w is None:
            w = idf[h] = math.log((self.docs + 1) / (self.df.get(h, 0) + 1)) + 1.0
        return w

    def _tfidf(self, counts: dict[int, int]) -> dict[int, float]:
        idf = self._idfs()
        vec = {}
        for h, c in counts.items():
            w = idf.get(h)
            if w is None:  # a miss goes through _idf, which fills the cache
                w = self._idf(h)
            vec[h] = (1.0 + math.log(c)) * w
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {h: v / norm for h, v in vec.items()}
