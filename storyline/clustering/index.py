"""Approximate nearest-neighbour search over event centroids, with a time window.

Each arriving article is compared in full only with a few candidate events,
found here, so the cost per article stays near constant as the archive grows
(the issue's scaling target). The index holds one key vector per *active*
event; an event whose latest article is older than the window is retired
(removed from the index, kept in the clusterer's state), so the index holds
the news of the last weeks, not of all time. Undated events never retire.

usearch (HNSW, cosine) does the search. Below :data:`EXACT_BELOW` vectors it
searches exactly (a matrix product in numpy): small collections are then
exact and fully reproducible, and HNSW's approximation only starts where it
pays (usearch's graph insertion costs more than a small brute-force
search). The index is a cache: it is rebuilt from the event centroids when a
stored state is loaded, never serialised itself.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from storyline.errors import MissingExtra

EXACT_BELOW = 2048


class CentroidIndex:
    """Keys are event numbers (ints); vectors are L2-normalised float32 rows."""

    def __init__(self, ndim: int) -> None:
        self.ndim = ndim
        self._day: dict[int, float | None] = {}
        # exact mode: rows of a matrix, a key's row in _row, the row's key in _keys
        self._matrix = np.zeros((64, ndim), dtype=np.float32)
        self._row: dict[int, int] = {}
        self._keys: list[int] = []
        self._ann = None  # the usearch index once there are EXACT_BELOW vectors

    def __len__(self) -> int:
        return len(self._day)

    def __contains__(self, key: int) -> bool:
        return key in self._day

    @property
    def approximate(self) -> bool:
        return self._ann is not None

    def upsert(self, key: int, vector: np.ndarray, day: float | None) -> None:
        """Add an event's key vector, or replace it after the event grew."""
        vector = np.asarray(vector, dtype=np.float32)
        self._day[key] = day
        if self._ann is not None:
            if self._ann.contains(key):
                self._ann.remove(key)
            self._ann.add(key, vector, threads=1)
            return
        row = self._row.get(key)
        if row is None:
            row = len(self._keys)
            if row == len(self._matrix):
                self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
            self._row[key] = row
            self._keys.append(key)
        self._matrix[row] = vector
        if len(self._keys) >= EXACT_BELOW:
            self._to_ann()

    def _to_ann(self) -> None:
        try:
            from usearch.index import Index
        except ImportError as exc:  # a core dependency; only a broken install lands here
            raise MissingExtra("the nearest-neighbour index", "usearch") from exc
        # Half precision and modest expansion: the key vectors are 1,000-1,500
        # wide and every growing event is re-inserted, so insertion dominates;
        # the candidates are re-scored exactly anyway.
        self._ann = Index(ndim=self.ndim, metric="cos", dtype="f16", connectivity=16,
                          expansion_add=64, expansion_search=96)
        n = len(self._keys)
        self._ann.add(np.asarray(self._keys, dtype=np.uint64), self._matrix[:n], threads=1)
        self._matrix = np.zeros((0, self.ndim), dtype=np.float32)
        self._row.clear()
        self._keys.clear()

    def search(self, vector: np.ndarray, count: int) -> list[tuple[int, float]]:
        """Up to ``count`` (key, cosine similarity) pairs, most similar first."""
        if not self._day:
            return []
        vector = np.asarray(vector, dtype=np.float32)
        count = min(count, len(self._day))
        if self._ann is not None:
            found = self._ann.search(vector, count, threads=1)
            return [(int(k), 1.0 - float(d))
                    for k, d in zip(found.keys, found.distances, strict=True)
                    if int(k) in self._day]
        n = len(self._keys)
        sims = self._matrix[:n] @ vector
        top = np.argpartition(-sims, count - 1)[:count] if count < n else np.arange(n)
        keys = self._keys
        found = [(keys[r], s) for r, s in zip(top.tolist(), sims[top].tolist(), strict=True)]
        found.sort(key=lambda ks: (-ks[1], ks[0]))
        return found

    def search_many(self, vectors: np.ndarray, count: int) -> list[list[int]]:
        """The keys :meth:`search` would return for each row of ``vectors`` (in one
        matrix product, or one usearch call: a batch's grouping asks for all its
        articles at once)."""
        if not self._day or not len(vectors):
            return [[] for _ in range(len(vectors))]
        vectors = np.asarray(vectors, dtype=np.float32)
        count = min(count, len(self._day))
        if self._ann is not None:
            found = self._ann.search(vectors, count, threads=1)
            return [[int(k) for k in found.keys[i][:found.counts[i]] if int(k) in self._day]
                    for i in range(len(vectors))]
        n = len(self._keys)
        sims = vectors @ self._matrix[:n].T
        keys = np.asarray(self._keys)
        out = []
        for row in sims:
            top = np.argpartition(-row, count - 1)[:count] if count < n else np.arange(n)
            order = np.lexsort((keys[top], -row[top]))
            out.append(keys[top][order].tolist())
        return out

    def retire_before(self, day: float) -> list[int]:
        """Remove events last seen before ``day``; returns their keys."""
        old = [k for k, d in self._day.items() if d is not None and d < day]
        for k in old:
            self.remove(k)
        return old

    def remove(self, key: int) -> None:
        if key in self._day:
            del self._day[key]
            if self._ann is not None:
                self._ann.remove(key)
                return
            row = self._row.pop(key)
            last = len(self._keys) - 1
            if row != last:  # move the last row into the hole
                moved = self._keys[last]
                self._matrix[row] = self._matrix[last]
                self._keys[row] = moved
                self._row[moved] = row
            self._keys.pop()

    def rebuild(self, items: Iterable[tuple[int, np.ndarray, float | None]]) -> None:
        for key, vector, day in items:
            self.upsert(key, vector, day)
