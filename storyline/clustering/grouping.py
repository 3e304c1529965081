"""Batch grouping: which new articles of one batch report the same event.

Placing articles one by one, an article only sees the events formed before
it; the articles that arrive after it in the same batch are invisible, so
three reports of one event often end up in two events (recall, not
precision, is what the incremental clusterer lacks on NeuS). Before placing a
batch, its articles are therefore grouped among themselves by **locally
scaled** TF-IDF similarity with average-link agglomerative clustering:

    L_ij = S_ij / sqrt(m_i * m_j),  m_i = mean of article i's k highest similarities

Local scaling (Zelnik-Manor & Perona 2004) makes a similarity relative to each
article's neighbourhood: on a topic where many events look alike (several
impeachment stories), raw cosines are all high and only the ones that stand
out count. Measured on pooled NeuS with the cut and k chosen on train
(docs/clustering.md): train B-cubed F1 0.813, val 0.896, against 0.766 / 0.832
for the incremental placement alone.

The groups only guide placement (:class:`.incremental.EventClusterer` puts a
group's later articles where its first went), so ids stay what they were:
an event's id hashes the article that opened it, old events never change. Two
guards keep the scaling honest where a neighbourhood is thin (a batch of a few
articles): a pair needs a raw cosine of at least ``floor``, and articles more
than the event window apart are never grouped. An article the grouping left
alone does not join an event born in the same batch either (the grouping saw
the whole batch; the one-by-one placement did not), only an older one. Large
batches are grouped in time-ordered chunks (the cost is quadratic in the chunk).

From the second batch on, the events of earlier batches near the batch's
articles take part as fixed nodes (:func:`batch_groups_with_events`): each is the
mean of its articles' TF-IDF vectors, so its similarity with an article is the
article's mean cosine with the event's articles (what average link would use
had they been in this batch; a unit centroid, closer to everything on its topic
than any member, made events swallow their topic), and no two of them may group
(events never merge, ids stay). NeuS val in 4 random batches: 0.699 -> 0.801.
In the local scaling a node stands for its articles (``EventNode.size``): it counts
once per article in an article's neighbourhood, and its own neighbourhood holds its
articles' mates, as in one batch; scaled as a single thin neighbour, every
similarity with it was inflated (NeuS train in 16 batches 0.702 -> 0.714).

**Text vectors.** The similarity that is scaled and linked mixes in the articles'
text vectors (title and lead, WordLlama's averaged token vectors, see
:mod:`.features`): ``(1 - w) * TF-IDF cosine + w * text cosine``, ``w`` =
``ClusterConfig.group_text_weight``. The two err differently (TF-IDF on shared
topic words, the text vector on paraphrase), and the mix measured better than
either alone (docs/clustering.md, "Text vectors in the grouping"). The ``floor``
guard and the raw similarity reported for a link stay TF-IDF cosines. A pair in
which either side has no text vector (the ``wordllama`` package missing, or an
event of a state saved before text vectors: its sum is None) is compared by
TF-IDF alone, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .features import ArticleFeatures
    from .records import EventState


@dataclass(frozen=True)
class EventNode:
    """An existing event brought into a batch's grouping as a fixed node: the mean of
    its articles' TF-IDF vectors (not a unit centroid, see the module docstring) and
    the span of its dated articles."""

    vector: dict[int, float]
    first_day: float | None
    last_day: float | None
    # its number of articles and their mean pairwise TF-IDF cosine: above 1, the node
    # stands for its articles in the local scaling (see _group_chunk); 1 (the
    # default): one neighbour like any article
    size: int = 1
    cohesion: float = 0.0
    # the mean of its articles' text vectors (None: not known for every article, the
    # node is compared by TF-IDF alone) and their mean pairwise cosine
    text: np.ndarray | None = None
    text_cohesion: float = 0.0


def event_node(e: EventState, as_members: bool) -> EventNode:
    """An earlier event as a fixed node of this batch's grouping; with ``as_members``
    (``ClusterConfig.group_node_members``) it stands for its articles in the local
    scaling."""
    n = e.size or 1
    text = None if e.text is None else (e.text / n).astype(np.float32)
    if not as_members or e.size < 2:
        return EventNode(mean_member(e), e.first_day, e.last_day, text=text)
    # mean pairwise cosine of its (unit) articles, from the squared norm of their sum
    cohesion = (e.lex_sq - e.size) / (e.size * (e.size - 1))
    text_cohesion = 0.0 if e.text is None else \
        (float(e.text @ e.text) - e.size) / (e.size * (e.size - 1))
    return EventNode(mean_member(e), e.first_day, e.last_day, e.size,
                     min(1.0, max(0.0, cohesion)), text, min(1.0, max(0.0, text_cohesion)))


def mean_member(e: EventState) -> dict[int, float]:
    """The mean of the event's (unit) TF-IDF vectors: its dot product with an
    article is the article's mean cosine with the event's articles, which is
    what average link would compare had they been in this batch. (A unit
    centroid is closer to everything on its topic than any of its articles:
    the longer an event, the more it swallowed, NeuS val in 16 batches 0.60.)"""
    n = e.size or 1
    return {h: v / n for h, v in e.lex.items()}


def grouping_basis(batch: Sequence[ArticleFeatures], text_weight: float) -> str:
    """What a batch's grouping compared, in the words of a membership reason: with text
    vectors missing (the ``wordllama`` package is not installed), says so and how to
    install it."""
    if text_weight <= 0:
        return "TF-IDF similarity"
    if any(f.text_vector is not None for f in batch):
        return f"TF-IDF and text-vector similarity, {1 - text_weight:.1f}:{text_weight:.1f}"
    from storyline.embed import WordLlamaEmbedder

    from .features import text_embedder

    if text_embedder() is None:
        return (f"TF-IDF similarity; no text vectors: pip install "
                f"'{WordLlamaEmbedder.requirement}'")
    return "TF-IDF similarity; the articles came without text vectors"


# the scale floor applies to a grouping of at least this many new articles: measured
# ruinous in pools of 3-15 (small pools of NeuS train 0.962 -> 0.748 F1), helpful from
# 57 up (docs/clustering.md, "Thin pools")
FLOOR_MIN_ARTICLES = 50

# the scaled similarity of two event nodes: so low that no average over a merge that
# would put two events in one group ever clears the cut (events never merge)
CANNOT_LINK = -1e12


def batch_groups(vectors: Sequence[dict[int, float]], days: Sequence[float | None], *,
                 neighbours: int = 5, cut: float = 0.95, floor: float = 0.1,
                 gap_days: float = 2.0, dense_max: int = 8000, chunk: int = 2000,
                 scale_floor: float = 0.0, floor_min_articles: int = FLOOR_MIN_ARTICLES,
                 texts: Sequence[np.ndarray | None] = (), text_weight: float = 0.0
                 ) -> list[int]:
    """A group label per article (given in time order); articles with one label
    report one event, a lone article has a label of its own, and -1 marks an
    article that was not grouped at all.

    Up to ``dense_max`` articles are grouped together (memory grows with the
    square: about 0.6 GB at 8,000). A larger batch is grouped in time-ordered
    chunks of ``chunk`` dated articles (an event spans days, so a chunk holds
    most of each event); its undated articles are then not grouped (-1), since
    cutting them into arbitrary chunks measured worse than not grouping them
    (NeuS train B-cubed F1 0.711 in two random halves, 0.766 ungrouped).
    """
    return batch_groups_with_events(vectors, days, neighbours=neighbours, cut=cut, floor=floor,
                                    gap_days=gap_days, dense_max=dense_max, chunk=chunk,
                                    scale_floor=scale_floor,
                                    floor_min_articles=floor_min_articles, texts=texts,
                                    text_weight=text_weight)[0]


def batch_groups_with_events(vectors: Sequence[dict[int, float]],
                             days: Sequence[float | None], *,
                             events: Sequence[EventNode] = (),
                             events_of: Sequence[Sequence[int]] = (),
                             neighbours: int = 5, cut: float = 0.95, floor: float = 0.1,
                             gap_days: float = 2.0, dense_max: int = 8000, chunk: int = 2000,
                             scale_floor: float = 0.0,
                             floor_min_articles: int = FLOOR_MIN_ARTICLES,
                             texts: Sequence[np.ndarray | None] = (),
                             text_weight: float = 0.0
                             ) -> tuple[list[int], dict[int, tuple[int, float, float]]]:
    """:func:`batch_groups` with existing events as fixed nodes.

    ``events_of[i]`` lists the positions in ``events`` of the events near
    article ``i`` (the index's candidates); the events near a chunk's articles
    join its grouping as pseudo-articles (their mean member vectors), compared and
    scaled like articles, with a cannot-link between any two of them. Returns
    the labels and, for each label grouped with an event, that event's position
    in ``events``, its mean locally scaled similarity with the label's articles
    and its mean raw (unscaled) cosine with them: those articles report that
    event. ``scale_floor``: a neighbourhood mean below it counts as it, in a grouping
    of at least ``floor_min_articles`` new articles (see :func:`_group_chunk`; 0: none).
    ``texts[i]``: article ``i``'s text vector (or None; empty: none), mixed into the
    similarity at ``text_weight`` (module docstring; 0: TF-IDF alone).
    """
    n = len(vectors)
    parts = [list(range(n))] if n <= dense_max else []
    if n > dense_max:
        dated = [i for i in range(n) if days[i] is not None]
        parts = [dated[lo:lo + chunk] for lo in range(0, len(dated), chunk)]
    labels = [-1] * n
    links: dict[int, tuple[int, float, float]] = {}
    top = 0
    for part in parts:
        near = sorted({j for i in part for j in (events_of[i] if events_of else ())})
        found, linked = _group_chunk([vectors[i] for i in part], [days[i] for i in part],
                                     neighbours, cut, floor, gap_days,
                                     [events[j] for j in near],
                                     scale_floor if len(part) >= floor_min_articles else 0.0,
                                     [texts[i] for i in part] if texts else (), text_weight)
        for i, g in zip(part, found, strict=True):
            labels[i] = top + g
        for g, (j, s, raw) in linked.items():
            links[top + g] = (near[j], s, raw)
        top += len(part) + len(near)
    return labels, links


def _group_chunk(vectors: Sequence[dict[int, float]], days: Sequence[float | None],
                 neighbours: int, cut: float, floor: float, gap_days: float,
                 fixed: Sequence[EventNode] = (), scale_floor: float = 0.0,
                 texts: Sequence[np.ndarray | None] = (), text_weight: float = 0.0
                 ) -> tuple[list[int], dict[int, tuple[int, float, float]]]:
    """Labels of the articles, and for each label linked to a fixed event node the
    node's position in ``fixed`` and its mean scaled and mean raw (TF-IDF)
    similarity with the label's articles."""
    n, m = len(vectors), len(fixed)
    if n + m < 2 or n == 0:
        return list(range(n)), {}
    sim = _similarities([*vectors, *(node.vector for node in fixed)])
    np.fill_diagonal(sim, 0.0)
    # the floor guard and the reported link similarity stay TF-IDF cosines
    below_floor = sim < floor
    raw_of_nodes = sim[n:].copy()
    cohesions = [node.cohesion for node in fixed]
    if text_weight > 0 and texts:
        sim = mix_text(sim, [*texts, *(node.text for node in fixed)], text_weight)
        cohesions = [(1 - text_weight) * node.cohesion + text_weight * node.text_cohesion
                     if node.text is not None else node.cohesion for node in fixed]
    # mean of the k highest similarities, a missing neighbour (a batch of fewer than
    # k + 1 articles) counting as 0: a thin neighbourhood is a dissimilar one, so
    # in a batch of three reports of one event they still group
    node_members = bool(m) and any(node.size > 1 for node in fixed)
    scale = np.empty(n + m, dtype=sim.dtype)
    # (with nodes standing for their articles, the articles' rows are scaled below)
    rows = slice(n, None) if node_members else slice(None)
    scale[rows] = _top_mean(sim[rows], neighbours)
    if node_members:
        # An event node stands for its articles, as they would have been seen had they
        # been in this batch: in an article's neighbourhood it counts once per article
        # (at its mean cosine), and its own neighbourhood holds its articles' mates
        # (size - 1 of them at the event's mean pairwise cosine). Scaled by the batch
        # alone, a node of three reports looked like one thin neighbour to the batch and
        # had a thin neighbourhood itself, so every similarity with it was inflated and
        # lone first reports linked to their topic's nearest event (docs/clustering.md,
        # "Across batches": NeuS train in 2 / 4 / 16 batches +0.001 / +0.005 / +0.014).
        scale[:n] = _member_weighted_scale(sim, n, [node.size for node in fixed], neighbours)
        for j, node in enumerate(fixed):
            if node.size > 1:
                row = np.concatenate([np.delete(sim[n + j], n + j),
                                      np.full(min(node.size - 1, neighbours), cohesions[j])])
                scale[n + j] = np.sort(row)[-neighbours:].sum() / neighbours
    if scale_floor > 0:
        # A thin neighbourhood (a pool that lacks the article's mates: the first batch of
        # a split archive) makes every similarity of the article look outstanding; a
        # neighbourhood mean below the floor counts as the floor, so a pair of thin
        # articles needs a raw cosine of at least cut x floor (docs/clustering.md, "Thin
        # pools"). The caller leaves it out in a poll of a few articles: there it kept
        # loosely worded reports of one event apart (FLOOR_MIN_ARTICLES).
        np.maximum(scale, scale_floor, out=scale)
    scale[scale <= 0] = 1.0
    scaled = sim / np.sqrt(np.outer(scale, scale))
    scaled[below_floor] = 0.0
    first = np.array([np.nan if d is None else d for d in days]
                     + [np.nan if node.first_day is None else node.first_day for node in fixed],
                     dtype=np.float64)
    last = np.array([np.nan if d is None else d for d in days]
                    + [np.nan if node.last_day is None else node.last_day for node in fixed],
                    dtype=np.float64)
    # days apart from one span to the other (an article's span is its day); False where
    # a date is unknown
    apart = np.maximum(first[:, None] - last[None, :], first[None, :] - last[:, None]) > gap_days
    scaled[apart] = 0.0
    if m:
        scaled[n:, n:] = CANNOT_LINK  # events never merge: two event nodes never group
    labels = _average_link_labels(scaled, cut)
    links: dict[int, tuple[int, float, float]] = {}
    of_article = np.asarray(labels[:n])
    for j in range(m):
        members = np.flatnonzero(of_article == labels[n + j])
        if len(members):
            links[labels[n + j]] = (j, float(scaled[n + j, members].mean()),
                                    float(raw_of_nodes[j, members].mean()))
    return labels[:n], links


def mix_text(sim: np.ndarray, texts: Sequence[np.ndarray | None], weight: float
             ) -> np.ndarray:
    """``(1 - weight) * sim + weight * (text vectors' dot products)`` where both sides of a
    pair have a text vector, ``sim`` unchanged elsewhere; the diagonal stays 0. Works
    in ``sim``'s memory when every side has one (a dense batch holds n x n floats)."""
    has = np.array([t is not None for t in texts], dtype=bool)
    if weight <= 0 or not has.any():
        return sim
    dim = next(t for t in texts if t is not None).shape[0]
    x = np.zeros((len(texts), dim), dtype=np.float32)
    x[has] = np.stack([t for t in texts if t is not None]).astype(np.float32)
    dense = x @ x.T
    if has.all():
        sim *= 1.0 - weight
        dense *= weight
        sim += dense
    else:
        both = has[:, None] & has[None, :]
        sim[both] = (1.0 - weight) * sim[both] + weight * dense[both]
    np.fill_diagonal(sim, 0.0)
    return sim


def _member_weighted_scale(sim: np.ndarray, n: int, sizes: Sequence[int], k: int
                           ) -> np.ndarray:
    """Each article's mean of its k highest similarities (a missing one counting as
    0), an event node counting as its number of articles, each at the node's
    similarity."""
    arts = sim[:n, :n]
    top_a = _top(arts, min(k, max(n - 1, 1))) if n > 1 else np.zeros((n, 0))
    nodes = sim[:n, n:]
    m = nodes.shape[1]
    kk = min(k, m)
    pick = np.argpartition(-nodes, kk - 1, axis=1)[:, :kk] if m > kk else \
        np.broadcast_to(np.arange(m), (n, m))
    vals = np.take_along_axis(nodes, pick, axis=1)
    reps = np.minimum(np.maximum(np.asarray(sizes, dtype=np.int64), 1), k)[pick]
    expanded = np.where(np.arange(k)[None, None, :] < reps[:, :, None], vals[:, :, None],
                        -np.inf).reshape(n, -1)
    both = np.sort(np.concatenate([top_a, expanded], axis=1), axis=1)[:, -k:]
    return np.where(np.isfinite(both), both, 0.0).sum(axis=1) / k


def _top(rows: np.ndarray, k: int) -> np.ndarray:
    """Each row's ``k`` highest values, ascending: ``np.sort(rows)[:, -k:]`` without
    sorting whole rows (the same values in the same order, so the same sums)."""
    width = rows.shape[1]
    if k >= width:
        return np.sort(rows, axis=1)
    return np.sort(np.partition(rows, width - k, axis=1)[:, width - k:], axis=1)


def _top_mean(rows: np.ndarray, k: int) -> np.ndarray:
    """Each row's mean of its ``k`` highest values, a missing one (a row of fewer than
    ``k + 1`` values, the diagonal's 0 left out) counting as 0."""
    return _top(rows, min(k, rows.shape[1] - 1)).sum(axis=1) / k


SMALL = 150  # up to this many articles, average link without scipy (see below)


def _similarities(vectors: Sequence[dict[int, float]]) -> np.ndarray:
    """Cosine similarities of the (L2-normalised, hashed) TF-IDF vectors."""
    n = len(vectors)
    rows = np.fromiter((i for i, v in enumerate(vectors) for _ in v), dtype=np.int64)
    cols = np.fromiter((h for v in vectors for h in v), dtype=np.int64, count=len(rows))
    vals = np.fromiter((x for v in vectors for x in v.values()), dtype=np.float64,
                       count=len(rows))
    _, cols = np.unique(cols, return_inverse=True)  # compact the hashed term space
    width = int(cols.max(initial=0)) + 1
    if n <= SMALL:  # dense is small here, and skips importing scipy (~0.5 s cold)
        x = np.zeros((n, width), dtype=np.float64)
        np.add.at(x, (rows, cols), vals)
        return (x @ x.T).astype(np.float32)
    from scipy.sparse import csr_matrix

    x = csr_matrix((vals, (rows, cols)), shape=(n, width))
    return (x @ x.T).toarray().astype(np.float32)


def _average_link_labels(scaled: np.ndarray, cut: float) -> list[int]:
    """Group labels, numbered in order of first appearance, of average-link
    clustering cut where the average scaled similarity falls below ``cut``.

    A small batch (the usual case: one folder, one poll of a feed) uses the
    plain routine in :func:`storyline.cluster.average_link`, which gives the
    same groups: importing scipy's hierarchy module costs more than a second on
    a cold start, far more than clustering a few dozen articles. Large batches
    use scipy's O(n^2) implementation.
    """
    n = scaled.shape[0]
    if n <= SMALL:
        from storyline.cluster import average_link  # lazy: storyline.cluster imports us

        label = [0] * n
        for g, members in enumerate(sorted(average_link(scaled, cut), key=min)):
            for i in members:
                label[i] = g
        return label
    from scipy.cluster.hierarchy import fcluster, linkage

    top = max(float(scaled.max()), cut) + 1.0
    distance = top - scaled
    tree = linkage(distance[np.triu_indices(n, 1)], method="average")
    found = fcluster(tree, t=top - cut, criterion="distance")
    first: dict[int, int] = {}
    return [first.setdefault(int(g), len(first)) for g in found]
