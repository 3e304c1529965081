"""Content-word overlap of many sentence pairs at once.

Several stages ask, for sentence pairs that are close in embedding space,
whether they also share content words (``storyline.textutil.overlap``, the
Jaccard overlap of ``content_terms``). In a story of a hundred long articles on
one subject there are hundreds of thousands of such pairs, and one Python call
per pair was the largest cost of support, alignment and the agreement map
(bench/large_story.py). :class:`TermSets` keeps every sentence's terms as a row
of a sparse 0/1 matrix, so the overlaps of a block of rows with all rows are
one sparse product: the same numbers as ``overlap`` (integer counts, divided
once), for a fraction of the time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline.textutil import content_terms

DENSE_CELLS = 2_000_000  # up to this many (sentence, term) cells, a dense matrix


class TermSets:
    """The content terms of ``texts``, row for row.

    A small story (a folder of a few articles) keeps them as a dense numpy
    matrix: the products are as fast, and a cold ``storyline brief`` need not
    import scipy (~0.3 s). Larger ones use a scipy sparse matrix."""

    def __init__(self, texts: Sequence[str]) -> None:
        vocab: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        for text in texts:
            indices.extend(vocab.setdefault(t, len(vocab)) for t in content_terms(text))
            indptr.append(len(indices))
        self.sizes = np.diff(np.array(indptr, dtype=np.int64))
        shape = (len(texts), max(len(vocab), 1))
        cols = np.array(indices, dtype=np.int64)
        self.dense = shape[0] * shape[1] <= DENSE_CELLS
        if self.dense:
            self.matrix = np.zeros(shape, dtype=np.float32)
            self.matrix[np.repeat(np.arange(shape[0]), self.sizes), cols] = 1.0
            self._transposed = self.matrix.T
            return
        from scipy import sparse

        self.matrix = sparse.csr_matrix(
            (np.ones(len(indices), dtype=np.int32), cols, np.array(indptr, dtype=np.int64)),
            shape=shape)
        self._transposed = self.matrix.T.tocsr()

    def __len__(self) -> int:
        return len(self.sizes)

    def shared(self, lo: int, hi: int) -> np.ndarray:
        """Terms shared by rows ``lo:hi`` and every row: a dense (hi - lo, n) int array."""
        product = self.matrix[lo:hi] @ self._transposed
        return np.rint(product).astype(np.int64) if self.dense else product.toarray()

    def jaccard(self, lo: int, hi: int) -> np.ndarray:
        """``overlap`` of rows ``lo:hi`` with every row (0 where either has no terms)."""
        inter = self.shared(lo, hi).astype(np.float64)
        union = self.sizes[lo:hi, None] + self.sizes[None, :] - inter
        out = np.zeros_like(inter)
        np.divide(inter, union, out=out, where=(self.sizes[lo:hi, None] > 0)
                  & (self.sizes[None, :] > 0))
        return out

    def shared_pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Terms shared by the pairs ``(rows[k], cols[k])`` (float64 counts)."""
        if not len(rows):
            return np.zeros(0)
        if self.dense:  # in chunks of pairs, so the gathered rows stay small
            step = max(1, DENSE_CELLS // self.matrix.shape[1])
            return np.concatenate([
                (self.matrix[rows[k:k + step]] * self.matrix[cols[k:k + step]])
                .sum(axis=1, dtype=np.float64) for k in range(0, len(rows), step)])
        return np.asarray(self.matrix[rows].multiply(self.matrix[cols]).sum(axis=1),
                          dtype=np.float64).ravel()

    def jaccard_pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """``overlap`` of the pairs ``(rows[k], cols[k])``."""
        if not len(rows):
            return np.zeros(0)
        inter = self.shared_pairs(rows, cols)
        a, b = self.sizes[rows], self.sizes[cols]
        out = np.zeros(len(rows))
        np.divide(inter, a + b - inter, out=out, where=(a > 0) & (b > 0))
        return out
