"""The incremental clusterer's plain records: its configuration, the decision kept for
each article, the state of each event, and a scored candidate event.

Kept apart from :mod:`.incremental` (the algorithm) so that the state serialiser
(:mod:`.state`), story threading and the reports can use them without the clusterer.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .scoring import DEFAULT_MODEL, LEXICAL_MODEL, ScoringModel


def add_vector(total: dict[int, float], total_sq: float, vec: dict[int, float],
               vec_sq: float, sign: float = 1.0) -> float:
    """Add ``vec`` (``sign`` -1: take it away) to the running sum ``total`` in place and
    return the sum's new squared norm, from the old one (``total_sq``) and ``vec``'s
    (``vec_sq``): an event's or a thread's centroid is kept as such a sum, so its cosine
    with an article never needs the sum's norm recounted."""
    dot = sum(v * total.get(h, 0.0) for h, v in vec.items())
    for h, v in vec.items():
        total[h] = total.get(h, 0.0) + sign * v
    return max(0.0, total_sq + (2 * sign * dot + vec_sq))


def add_text(total: np.ndarray | None, size: int, vec: np.ndarray | None
             ) -> np.ndarray | None:
    """An event's text-vector sum after one more article (``size``: its articles before):
    the sum of every article's vector, or None once one of them has none (an event of
    an old state, or an article clustered without the ``wordllama`` package), so a
    sum never stands for only some of the event's articles."""
    if size == 0:
        return None if vec is None else vec.astype(np.float32).copy()
    if total is None or vec is None:
        return None
    return total + vec


@dataclass(frozen=True)
class ClusterConfig:
    """Thresholds and windows; the defaults are measured (docs/clustering.md)."""

    model: ScoringModel = DEFAULT_MODEL
    lexical_model: ScoringModel = LEXICAL_MODEL  # for articles without an embedding
    event_gap_days: float = 2.0
    story_window_days: float = 30.0
    index_window_days: float = 60.0
    candidates: int = 24
    cross_script_similarity: float = 0.80
    # A story link needs content evidence besides the model's probability: a TF-IDF
    # cosine with the earlier event of at least this much (across scripts, where words
    # cannot match, the embedding's cross_script_similarity). See _thread_for.
    story_min_similarity: float = 0.10
    # ... and the thread as a whole is scored, not only its nearest event: among the
    # threads the new event links to, it continues the one whose centroid (all its
    # articles) it is most similar to ("best"; "nearest": the most likely event's, the
    # old single-link rule), and only when that TF-IDF cosine is at least this much.
    # Chosen on Timeline17 (docs/clustering.md, "Threads scored as a whole").
    story_thread_min_similarity: float = 0.10
    story_thread_choice: str = "best"
    # ... and, where the story window cannot be checked because exactly one side is dated
    # ("one_side"; "untimed": either side undated; "always": every link), relative to how
    # well the thread's own articles fit it: at least this share of their typical
    # leave-one-out cosine (ThreadCentroids.typical; 0: no such test), for a thread of at
    # least ``story_thread_relative_min_articles`` articles. Chosen on the mixed store of
    # bench/t17_threads.py (docs/clustering.md, "Undated threads close on content").
    story_thread_relative: float = 0.70
    story_thread_relative_min_articles: int = 2
    story_thread_relative_when: str = "one_side"
    second_look: bool = True
    # Weight a dated article's words by the documents of its day and before, not by the
    # whole batch (EventClusterer._batch_vectors): one batch is weighted as the same
    # articles arriving day by day would be. False: the whole batch (before 2026-11-24).
    idf_as_of_day: bool = True
    # Group each batch's new articles first (.grouping): locally scaled TF-IDF over the
    # ``group_neighbours`` nearest, average link cut at ``group_cut``; pairs below a raw
    # cosine of ``group_floor`` never group. Chosen on NeuS train (docs/clustering.md).
    batch_grouping: bool = True
    group_neighbours: int = 5
    group_cut: float = 0.95
    group_floor: float = 0.10
    # Across batches (docs/clustering.md, "Across batches"): the ``group_events`` events of
    # earlier batches nearest each new article (by wording) join the batch's grouping as
    # fixed nodes (0: off, the one-by-one scorer joins them instead); a group put with one
    # joins it when the scorer gives that event at least ``group_link_probability``.
    group_events: int = 5
    group_link_probability: float = 0.30
    # a group is not linked when its mean raw TF-IDF cosine with the event's articles
    # is below this (0: no such test; 0.30 measured worse on train, docs/clustering.md)
    group_link_min_similarity: float = 0.0
    # an event node stands for its articles in the grouping's local scaling (.grouping)
    group_node_members: bool = True
    # a neighbourhood mean below this counts as this in the grouping's local scaling (0:
    # none): robust to thin pools, at a small cost in a full one (docs/clustering.md,
    # "Thin pools")
    group_scale_floor: float = 0.0
    group_scale_floor_min_articles: int = 50  # (only in a batch of at least this many)
    # the grouping's similarity mixes in the articles' text vectors (title + lead, WordLlama)
    # at this weight: (1 - w) TF-IDF + w text (0: TF-IDF alone, and no text vectors are
    # computed). Chosen on NeuS train (docs/clustering.md, "Text vectors in the grouping").
    group_text_weight: float = 0.2


@dataclass
class Decision:
    """Why an article is in its event: the auditable clustering decision."""

    article_id: str
    reason: str
    probability: float | None = None
    similarity: float | None = None
    shared_names: int = 0
    gap_days: float | None = None


@dataclass
class EventState:
    key: int
    id: str
    story_id: str
    size: int = 0
    lex: dict[int, float] = field(default_factory=dict)  # sum of unit TF-IDF vectors
    lex_sq: float = 0.0  # squared norm of ``lex``
    emb: np.ndarray | None = None  # sum of unit embeddings
    # sum of its articles' text vectors (.features), None unless every article had one
    # (an event of a state saved before text vectors, or clustered without wordllama)
    text: np.ndarray | None = None
    names: Counter[int] = field(default_factory=Counter)
    first_day: float | None = None
    last_day: float | None = None
    script: str = ""
    title: str | None = None
    members: list[Decision] = field(default_factory=list)
    sketch: np.ndarray | None = None  # _sketch(lex), kept up to date (not stored)
    emb_norm: tuple[np.ndarray, float] | None = field(default=None, repr=False, compare=False)


@dataclass
class Candidate:
    """An event an article was compared with, and how likely it is the article's."""

    event: EventState
    probability: float
    features: dict[str, float]
    joinable: bool  # the time window and the script rule allow joining it
    script_ok: bool


def stable_id(prefix: str, article_id: str) -> str:
    return f"{prefix}-{hashlib.sha1(article_id.encode('utf-8')).hexdigest()[:10]}"
