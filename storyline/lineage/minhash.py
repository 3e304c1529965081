"""Near-duplicate candidates at scale: MinHash signatures and an LSH index (datasketch).

Comparing every pair of articles is quadratic; MinHash LSH finds the pairs whose
shingle sets are similar in roughly linear time. Each article's 5-word shingle set
(``shingles.py``) becomes a 128-value MinHash signature (datasketch ``MinHash``,
``affine32`` scheme); the signature is cut into 64 bands of 2 rows, and articles
that agree on a whole band land in one bucket of datasketch's ``MinHashLSH``. Two
rows per band make the index generous on purpose: a pair with Jaccard 0.3 shares a
band with probability 1 - (1 - 0.3²)^64 = 0.998 (0.25: 0.984), because truncated
copies have a low Jaccard even though all of their text is in the original.
Candidates are then *verified* (exactly where the shingle sets are at hand,
otherwise from the signatures and set sizes), so the generosity costs time, not
precision.

The index state is plain data: keys, shingle-set sizes and the signature matrix
(uint32, n x 128). It serialises to a single ``.npz`` blob (no pickle: loading it
runs no code) and two states built on different partitions of a corpus merge into
the state of the whole (``merge``), so the work can be split across processes or
machines and combined. The LSH buckets are rebuilt from the signatures when needed.

datasketch is imported lazily: it pulls in scipy, which costs about half a second,
and a brief of a few articles compares them exhaustively instead (see ``detect``).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

NUM_PERM = 128
BANDS, ROWS = 64, 2
SEED = 1
SCHEME = "affine32"
CHUNK = 50_000  # shingle hashes permuted at once (x num_perm x 4 bytes of memory)


def _datasketch():  # type: ignore[no-untyped-def]
    import datasketch

    return datasketch


@dataclass
class ShingleIndex:
    """MinHash signatures of many articles and the LSH buckets over them.

    ``add_batch`` hashes shingle sets into signatures; ``candidate_pairs`` lists the
    pairs that share a bucket; ``estimate`` gives Jaccard and containment of a pair
    from signatures and sizes. ``to_bytes``/``from_bytes`` and ``merge`` make the
    state portable and partitionable.
    """

    num_perm: int = NUM_PERM
    bands: int = BANDS
    rows: int = ROWS
    seed: int = SEED
    keys: list[str] = field(default_factory=list)
    sizes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    signatures: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM),
                                                                     dtype=np.uint32))
    _lsh: object | None = field(default=None, repr=False, compare=False)
    _row: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError("bands x rows must not exceed num_perm")
        self._row = {k: i for i, k in enumerate(self.keys)}
        if len(self._row) != len(self.keys):
            raise ValueError("duplicate keys in the index state")

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def params(self) -> tuple[int, int, int, int]:
        return (self.num_perm, self.bands, self.rows, self.seed)

    # --- building -----------------------------------------------------------------

    def signatures_of(self, shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
        """MinHash signatures (n x num_perm, uint32) of uint32 shingle-hash arrays.

        The values are exactly what datasketch's ``MinHash.update_batch`` gives (same
        seed, permutations and pre-mix; a test checks it), computed for a whole batch
        in numpy: calling datasketch once per article costs ten times more.
        """
        ds = _datasketch()
        proto = ds.MinHash(num_perm=self.num_perm, seed=self.seed, scheme=SCHEME,
                           hashfunc=int)
        a, b = (np.asarray(x, dtype=np.uint32) for x in proto.permutations)
        out = np.tile(np.asarray(proto.hashvalues, dtype=np.uint32), (len(shingle_sets), 1))
        sizes = np.array([len(h) for h in shingle_sets], dtype=np.int64)
        doc = 0
        while doc < len(shingle_sets):
            # a chunk of whole articles, about CHUNK hashes (one article may exceed it)
            end = doc + max(1, int(np.searchsorted(np.cumsum(sizes[doc:]), CHUNK)))
            parts = [np.asarray(h, dtype=np.uint32) for h in shingle_sets[doc:end]]
            keep = [k for k, p in enumerate(parts) if len(p)]
            if keep:
                hv = ds.minhash._fmix(np.concatenate([parts[k] for k in keep]), 32)
                phv = hv[:, None] * a + b  # uint32 arithmetic wraps: mod 2^32, as datasketch
                starts = np.cumsum([0] + [len(parts[k]) for k in keep[:-1]])
                out[[doc + k for k in keep]] = np.minimum.reduceat(phv, starts, axis=0)
            doc = end
        return out

    def add_batch(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Add ``(key, shingle hashes)`` pairs; keys must be new."""
        items = list(items)
        for key, _ in items:
            if key in self._row:
                raise ValueError(f"key already in the index: {key}")
            self._row[key] = len(self.keys)
            self.keys.append(key)
        sigs = self.signatures_of([h for _, h in items])
        self.sizes = np.concatenate([self.sizes, np.array([len(h) for _, h in items],
                                                          dtype=np.int32)])
        self.signatures = np.vstack([self.signatures, sigs]) if len(self.signatures) else sigs
        if self._lsh is not None:
            self._insert(range(len(self.keys) - len(items), len(self.keys)))

    def _insert(self, rows: Iterable[int]) -> None:
        ds = _datasketch()
        with self._lsh.insertion_session() as session:  # type: ignore[attr-defined]
            for i in rows:
                if self.sizes[i]:  # an empty set would share every band with every other
                    session.insert(self.keys[i], ds.LeanMinHash(
                        seed=self.seed, hashvalues=self.signatures[i], scheme=SCHEME))

    @property
    def lsh(self):  # type: ignore[no-untyped-def]
        """datasketch's MinHashLSH over the signatures (built on first use)."""
        if self._lsh is None:
            self._lsh = _datasketch().MinHashLSH(num_perm=self.num_perm,
                                                 params=(self.bands, self.rows))
            self._insert(range(len(self.keys)))
        return self._lsh

    # --- querying -----------------------------------------------------------------

    def query(self, key: str) -> list[str]:
        """Keys that share at least one band with ``key`` (itself excluded)."""
        i = self._row[key]
        if not self.sizes[i]:
            return []
        ds = _datasketch()
        found = self.lsh.query(ds.LeanMinHash(seed=self.seed, hashvalues=self.signatures[i],
                                              scheme=SCHEME))
        return sorted(k for k in found if k != key)

    def candidate_pairs(self) -> Iterator[tuple[str, str]]:
        """Every pair sharing a band, once, as ``(key_a, key_b)`` with a < b in index order."""
        seen: set[tuple[int, int]] = set()
        for i, key in enumerate(self.keys):
            for other in self.query(key):
                j = self._row[other]
                pair = (i, j) if i < j else (j, i)
                if pair not in seen:
                    seen.add(pair)
                    yield self.keys[pair[0]], self.keys[pair[1]]

    def estimate(self, a: str, b: str) -> tuple[float, float]:
        """(Jaccard, containment of the smaller set) estimated from the signatures."""
        i, j = self._row[a], self._row[b]
        jac = float(np.mean(self.signatures[i] == self.signatures[j]))
        na, nb = int(self.sizes[i]), int(self.sizes[j])
        if not na or not nb:
            return 0.0, 0.0
        inter = jac * (na + nb) / (1 + jac)
        return jac, min(1.0, inter / min(na, nb))

    # --- state ----------------------------------------------------------------------

    def merge(self, other: ShingleIndex) -> ShingleIndex:
        """The index of both partitions (keys must be disjoint, parameters equal)."""
        if self.params != other.params:
            raise ValueError(f"cannot merge indexes with different parameters: "
                             f"{self.params} vs {other.params}")
        clash = set(self._row) & set(other._row)
        if clash:
            raise ValueError(f"cannot merge: {len(clash)} key(s) in both, e.g. {min(clash)}")
        return ShingleIndex(self.num_perm, self.bands, self.rows, self.seed,
                            self.keys + other.keys,
                            np.concatenate([self.sizes, other.sizes]),
                            np.vstack([self.signatures, other.signatures]))

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        meta = json.dumps({"format": 1, "num_perm": self.num_perm, "bands": self.bands,
                           "rows": self.rows, "seed": self.seed, "scheme": SCHEME})
        np.savez_compressed(buf, meta=np.array(meta), keys=np.array(self.keys, dtype=str),
                            sizes=self.sizes, signatures=self.signatures)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> ShingleIndex:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("format") != 1 or meta.get("scheme") != SCHEME:
                raise ValueError(f"unsupported index state: {meta}")
            return cls(meta["num_perm"], meta["bands"], meta["rows"], meta["seed"],
                       [str(k) for k in z["keys"]], z["sizes"].astype(np.int32),
                       z["signatures"].astype(np.uint32))
