"""Embedding and clustering at once: the encoder runs beside the clusterer.

With the default encoder, embedding the titles of a batch costs more CPU than
everything else clustering does (10,000 NeuS articles on one core: ~24 s to
encode, ~17 s for the lexical features, the batch grouping and the placement;
docs/clustering.md). Done one after the other, one core idles. But placement
needs an article's vector only when its turn comes, and the lexical features
and the batch grouping need none, so :func:`cluster_batch` starts encoding
the titles on a worker thread, in the order the clusterer will place them,
and computes everything else meanwhile; each article picks up its vector
just before it is placed. The encoder spends its time in numpy matrix
products, which release the GIL, so the two run on two cores. When the
clusterer catches up with the encoder it encodes the next chunk itself
rather than wait, so both cores encode when there is nothing else to do.

The placement is the same code in the same order (:meth:`.EventClusterer.add`
with ``embeddings``); only the encoder's batching changes: vectors of texts
encoded in other micro-batches differ from the one-call ones by float
rounding (at most ~3e-7 a component), measured to leave every assignment on
NeuS and the 10k bench stream unchanged (docs/clustering.md). Identical texts
(wire copies share a headline) are encoded once.

The embedder's ``encode`` is called from two threads at once: the shipped
backends are thread-safe (numpy and onnxruntime); a registered one must be too.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from storyline.model import Article

from .features import embed_text, featurize, order_key
from .incremental import EventClusterer
from .index import one_blas_thread
from .records import ClusterConfig

STREAM_MIN = 64  # below this many new articles, encode inline (a thread buys nothing)
CHUNK = 128  # texts per encode call: small enough that a wait for a chunk is short


class EmbeddingStream:
    """Vectors of texts, encoded in chunks on a worker thread, looked up by key.

    Chunks are encoded in the order given; :meth:`vector` waits for its chunk,
    or encodes a chunk no worker has started (its own, else the next one) on the
    calling thread instead of waiting idle.
    """

    def __init__(self, embedder: object, keys: Sequence[str], texts: Sequence[str], *,
                 chunk: int = CHUNK, workers: int = 1) -> None:
        self._encode = embedder.encode  # type: ignore[attr-defined]
        unique: dict[str, int] = {}
        self._slot = {k: unique.setdefault(t, len(unique)) for k, t in zip(keys, texts,
                                                                          strict=True)}
        ordered = list(unique)
        self._chunk = chunk
        self._jobs = [ordered[lo:lo + chunk] for lo in range(0, len(ordered), chunk)]
        self._done: list[np.ndarray | None] = [None] * len(self._jobs)
        self._next = 0  # no chunk before this one is waiting to be started
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="storyline-embed")
        self._futures: list[Future[np.ndarray]] = [self._pool.submit(self._encode, job)
                                                   for job in self._jobs]

    def vector(self, key: str) -> np.ndarray:
        slot = self._slot[key]
        c = slot // self._chunk
        while self._done[c] is None:
            future = self._futures[c]
            if future.done() or not self._steal(c):
                self._done[c] = np.asarray(future.result(), dtype=np.float32)
        return self._done[c][slot - c * self._chunk]  # type: ignore[index]

    def _steal(self, c: int) -> bool:
        """Encode chunk ``c`` here if no worker has started it, else the first later
        chunk no worker has started; False when every chunk is taken."""
        for k in [c, *range(max(self._next, c + 1), len(self._jobs))]:
            if self._done[k] is None and self._futures[k].cancel():
                self._done[k] = np.asarray(self._encode(self._jobs[k]), dtype=np.float32)
                return True
            if k > c:
                self._next = k + 1
        return False

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def cluster_batch(articles: Sequence[Article], embedder: object | None = None,
                  config: ClusterConfig | None = None, state: EventClusterer | None = None
                  ) -> EventClusterer:
    """Featurize and cluster a batch (continuing ``state`` when given), encoding the
    titles beside the clustering; returns the clusterer. The same clusters as
    ``cluster_features(featurize(articles, embedder))``, in less wall time."""
    clusterer = state or EventClusterer(config)
    fresh = [a for a in articles if a.id not in clusterer.event_of_article]
    text_vectors = clusterer.config.group_text_weight > 0  # the grouping's (.features)
    if embedder is None or len(fresh) < STREAM_MIN:
        clusterer.add(featurize(fresh, embedder, text_vectors))
        return clusterer
    texts: dict[str, str] = {}
    for a in sorted(fresh, key=order_key):  # the order the clusterer places them in
        texts.setdefault(a.id, embed_text(a))
    with one_blas_thread():  # one BLAS setting for both threads (threadpoolctl is global)
        stream = EmbeddingStream(embedder, list(texts), list(texts.values()), chunk=CHUNK)
        try:
            clusterer.add(featurize(fresh, None, text_vectors), embeddings=stream.vector)
        finally:
            stream.close()
    return clusterer
