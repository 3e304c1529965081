"""Story clustering as the pipeline calls it: a batch through the incremental clusterer.

The work is done in :mod:`storyline.clustering` (features, nearest-neighbour
index, incremental event clustering with stable ids, story threads); this
module keeps the pipeline's one-call interface, ``cluster_articles``, and the
small average-link routine that the first batch baseline used (still a handy
reference implementation; the evaluation's baseline uses scikit-learn's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from storyline.clustering import ClusterConfig, EventClusterer, cluster_batch, featurize
from storyline.clustering.stories import build_stories
from storyline.model import Article, Story

__all__ = ["average_link", "cluster_articles"]


def cluster_articles(articles: Sequence[Article], vectors: np.ndarray | None = None, *,
                     embedder: object | None = None, config: ClusterConfig | None = None,
                     state: EventClusterer | None = None
                     ) -> tuple[list[Story], list[Article]]:
    """Stories with their events, and the articles (undated ones dated where possible).

    ``vectors`` (one L2-normalised row per article) are used as the articles'
    embeddings when given; otherwise ``embedder`` embeds the title (or lead) (None:
    lexical features only). ``state`` continues an earlier clustering (its
    events and ids are kept; the articles it already holds are not re-placed).
    """
    articles = list(articles)
    if not articles:
        return [], []
    clusterer = state or EventClusterer(config)
    if vectors is None:  # the encoder runs beside the clustering (clustering/stream.py)
        return build_stories(cluster_batch(articles, embedder, state=clusterer), articles)
    fresh = [i for i, a in enumerate(articles) if a.id not in clusterer.event_of_article]
    feats = featurize([articles[i] for i in fresh], None,
                      text_vectors=clusterer.config.group_text_weight > 0)
    feats = [replace(f, embedding=np.asarray(vectors[i], dtype=np.float32))
             for f, i in zip(feats, fresh, strict=True)]
    clusterer.add(feats)
    return build_stories(clusterer, articles)


def average_link(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-link agglomerative clustering on a similarity matrix.

    Merges the most similar pair of clusters while their average similarity is
    at least ``threshold``. O(n^2) memory, O(n^2) per merge in the worst case.
    """
    n = sim.shape[0]
    if n == 0:
        return []
    sums = sim.astype(np.float64).copy()
    np.fill_diagonal(sums, -np.inf)
    sizes = np.ones(n)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    active = np.ones(n, dtype=bool)
    while len(members) > 1:
        avg = sums / np.outer(sizes, sizes)
        avg[~active, :] = -np.inf
        avg[:, ~active] = -np.inf
        i, j = np.unravel_index(np.argmax(avg), avg.shape)
        if avg[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sums[i, i] = -np.inf
        sizes[i] += sizes[j]
        active[j] = False
        members[i].extend(members.pop(j))
    return [sorted(m) for m in members.values()]
