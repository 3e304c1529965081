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
from contextlib import AbstractContextManager, nullcontext

import numpy as np

from storyline.errors import MissingExtra

EXACT_BELOW = 2048
SKETCH_DIM = 1024  # width of the lexical half of a key vector


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


def sketch(vec: dict[int, float]) -> np.ndarray:
    """A signed hashing projection of a sparse vector (a cheap random projection)."""
    out = np.zeros(SKETCH_DIM, dtype=np.float32)
    if vec:
        keys = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
        vals = np.fromiter(vec.values(), dtype=np.float32, count=len(vec))
        signs = np.where((keys >> 12) & 1, 1.0, -1.0).astype(np.float32)
        np.add.at(out, keys % SKETCH_DIM, vals * signs)
    return out


def key_vector(emb: np.ndarray | None, lexical: np.ndarray, emb_dim: int) -> np.ndarray:
    """Embedding and lexical sketch, each unit length, side by side: the index
    finds events close in meaning *or* in wording (either can be missing)."""
    out = np.zeros(emb_dim + SKETCH_DIM, dtype=np.float32)
    if emb is not None and emb_dim:
        emb_n = float(np.linalg.norm(emb))
        if emb_n:
            out[:emb_dim] = emb / emb_n
    sk_n = float(np.linalg.norm(lexical))
    if sk_n:
        out[emb_dim:] = lexical / sk_n
    if not out.any():
        out[-1] = 1.0
    return out


def one_blas_thread() -> AbstractContextManager[object]:
    """Many small matrix-vector products: BLAS threads only add overhead (and thrash
    badly on a busy machine: 11 ms instead of 0.6 ms per search measured here)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return nullcontext()
    return threadpool_limits(1, user_api="blas")
