"""Incremental event and story clustering with stable ids.

Articles arrive in time order (a batch is sorted by :func:`.features.order_key`).
Each article is compared with a few candidate events found by the
nearest-neighbour index (:mod:`.index`) and either **joins** the most likely
one or **opens** a new event. The likelihood is a logistic model over
similarity features (:mod:`.scoring`): TF-IDF cosine with the event's term
centroid, embedding cosine with its vector centroid, the share of the article's
proper names the event shares, and the margin over the runner-up event. Its
weights and threshold are learned on NeuS train (``bench/train_clusterer.py``).

Time enters as a **window**, not a weight: an article may only join an event
whose dated articles lie within :attr:`ClusterConfig.event_gap_days` of its own
date, and a new event may only join a story thread whose latest event is within
:attr:`ClusterConfig.story_window_days`. When either date is unknown the gate is
open and the membership reason says that time was unknown. A new event joins
a thread it links to (an earlier event of it clears the (lower) story threshold)
that it fits as a whole, the best-fitting one (:mod:`.threads`); otherwise it
starts its own thread.

Every decision is kept as a :class:`Decision` (the reason in words, the
probability, the similarities, shared names and time gap), so a brief can say
why an article is where it is.

**Stable ids.** An event's id hashes the article that opened it, a story's id
hashes the article that opened its first event. Events never merge and never
move between stories, so adding articles never renames an existing story or
event, and the same input in the same order gives the same ids (batches are
sorted, so the same input gives the same order).

**State.** :meth:`EventClusterer.to_state` returns plain JSON-able data (term
centroids, vector sums, names, dates, members, document frequencies; the code
is in :mod:`.state`); :meth:`from_state` continues from it, which is how ``storyline ingest --db``
clusters only the new articles. :meth:`merge` folds in a state built elsewhere
(another shard of a Ray run) by matching its events as if they were articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from storyline.errors import StorylineError

from .features import ArticleFeatures
from .index import SKETCH_DIM, CentroidIndex, key_vector, one_blas_thread, sketch
from .records import Candidate, ClusterConfig, Decision, EventState, add_text, stable_id
from .scoring import ScoringModel, pair_features
from .threads import ThreadCentroids
from .weights import WordWeights


class EventClusterer(WordWeights):
    """The clustering state: events, story threads, document frequencies, index."""

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self.events: list[EventState] = []
        self.story_of_event: dict[str, str] = {}
        self.event_of_article: dict[str, int] = {}
        self.df: Counter[int] = Counter()
        self.docs = 0
        self.latest_day: float | None = None
        self.story_last_day: dict[str, float] = {}
        self.threads = ThreadCentroids()  # derived from the events (.threads)
        self.emb_dim = 0
        self._batch_start = 0
        self._group_of: dict[str, tuple[int, int]] = {}
        self._group_event: dict[int, int] = {}
        # batch group -> (key of the earlier event the grouping put it with, the mean
        # locally scaled similarity), see _batch_groups
        self._group_link: dict[int, tuple[int, float, float]] = {}
        self._linking = False  # earlier events took part in this batch's grouping
        self._group_basis = "TF-IDF similarity"  # what it compared (.grouping_basis)
        self._index: CentroidIndex | None = None
        # caches, exact (the same floats as computing afresh): IDF while ``docs`` is
        # unchanged, and each new article's TF-IDF vector during its batch
        self._idf_cache: dict[int, float] = {}
        self._idf_docs = -1
        self._vec_of: dict[str, dict[int, float]] = {}

    # --- public API -----------------------------------------------------------

    def add(self, batch: Sequence[ArticleFeatures],
            embeddings: Callable[[str], np.ndarray] | None = None) -> list[Decision]:
        """Cluster a batch (any order; it is sorted); returns each new article's decision.

        Articles already clustered (same id) are skipped: re-adding is a no-op.
        ``embeddings`` (article id -> vector), when given, is asked for each
        article's embedding just before it is placed, in placement order, so the
        encoder can run beside the clustering (:mod:`.stream`).
        """
        with one_blas_thread():
            return self._add(batch, embeddings)

    def _add(self, batch: Sequence[ArticleFeatures],
             embeddings: Callable[[str], np.ndarray] | None = None) -> list[Decision]:
        fresh = sorted((f for f in batch if f.article_id not in self.event_of_article),
                       key=lambda f: f.order_key)
        self._batch_start = len(self.events)
        seen: set[str] = set()
        fresh = [f for f in fresh if not (f.article_id in seen or seen.add(f.article_id))]
        self._vec_of = self._batch_vectors(fresh)
        self._group_event, self._group_link, self._linking = {}, {}, False
        self._group_of = self._batch_groups(fresh)
        for i, f in enumerate(fresh):
            if embeddings is not None:
                fresh[i] = f = replace(f, embedding=embeddings(f.article_id))
            self.place(f)
        if self.config.second_look:  # the grouping saw the whole batch: only the others
            self._second_look([f for f in fresh if f.article_id not in self._group_of])
        self._group_of, self._group_event, self._vec_of = {}, {}, {}
        self._group_link, self._linking = {}, False
        return [self.decision_of(f.article_id) for f in fresh]

    def model_for(self, f: ArticleFeatures) -> ScoringModel:
        """The embedding model when the article has an embedding, else the lexical one."""
        return self.config.model if f.embedding is not None else self.config.lexical_model

    def decision_of(self, article_id: str) -> Decision:
        """Why an article is in its event."""
        e = self.events[self.event_of_article[article_id]]
        return next(d for d in e.members if d.article_id == article_id)

    def _second_look(self, batch: Sequence[ArticleFeatures]) -> None:
        """Give each article that opened an event in this batch, and is still alone in
        it, one more chance against the events the rest of the batch formed.

        A single pass decides with what came before: article A opens an event,
        then B and C form one that A would have joined had it come last. Only
        events born in this batch and still single are dissolved, so no id that
        an earlier batch handed out ever changes.
        """
        for f in batch:
            threshold = self.model_for(f).threshold
            key = self.event_of_article[f.article_id]
            e = self.events[key]
            if e.size != 1 or e.members[0].article_id != f.article_id or \
                    e.key < self._batch_start or key not in self.index:
                continue  # (an event already retired from the index keeps its article)
            self.index.remove(key)
            vec = dict(e.lex)
            scored = [c for c in self.score_candidates(f, vec) if c.joinable]
            if not scored or scored[0].probability < threshold:
                self.index.upsert(key, self._event_key_vector(e), e.last_day)
                continue
            opened = e.members[0]
            self.threads.add(e.story_id, e.lex, e.lex_sq, sign=-1.0, count=e.size)
            e.size, e.members, e.lex, e.lex_sq, e.emb, e.sketch = 0, [], {}, 0.0, None, None
            e.text = None
            e.names = Counter()
            d = self._join_decision(f, scored[0])
            d.reason = ""
            self._join(scored[0].event, f, vec, d)
            d.reason += ("; placed on a second look at the end of its batch (on arrival it "
                         f"{opened.reason.split(';')[0].split(': ', 1)[0]})")

    def place(self, f: ArticleFeatures, force: int | None = None) -> Decision:
        """Put one article in its event (``force``: an event key, or -1 for a new one;
        for training)."""
        self._check_dim(f)
        vec = self._vec_of.pop(f.article_id, None) or self._tfidf(f.terms)
        if f.day is not None:
            self._advance(f.day)
        scored = self.score_candidates(f, vec)
        joinable = [s for s in scored if s.joinable]
        if force is not None:
            if force == -1:
                return self._open(f, vec, scored)
            chosen = next((s for s in scored if s.event.key == force), None)
            decision = (self._join_decision(f, chosen) if chosen
                        else Decision(f.article_id, "placed by the caller"))
            self._join(self.events[force], f, vec, decision)
            return decision
        group = self._group_of.get(f.article_id)
        cfg = self.config
        mates = self._group_event.get(group[0]) if group else None
        link = self._group_link.get(group[0]) if group else None
        if link is not None:  # the grouping put its group with an earlier event: score it
            if all(s.event.key != link[0] for s in scored):
                scored = self.score_candidates(f, vec, also=link[0])
                joinable = [s for s in scored if s.joinable]
            if link[2] < cfg.group_link_min_similarity or all(
                    s.event.key != mates or s.probability < cfg.group_link_probability
                    for s in joinable):  # (outside the time window, or too unlikely): the
                del self._group_link[group[0]]  # group is on its own, as if not linked
                del self._group_event[group[0]]
                link = mates = None
        if group is not None and mates is None:
            # alone in its batch, or the first of its batch group to be placed: only events
            # of earlier batches, so that the one-by-one scorer cannot merge two groups the
            # batch grouping kept apart (NeuS train +0.029 B-cubed F1, docs/clustering.md)
            joinable = [s for s in joinable if s.event.key < self._batch_start]
        grouped = next((s for s in joinable if s.event.key == mates), None)
        if grouped is not None and link is not None and grouped.event.key == link[0]:
            decision = self._join_decision(f, grouped)
            self._join(grouped.event, f, vec, decision,
                       f"joined event {grouped.event.id} through the batch grouping (its group "
                       f"of {group[1]} new article{'s' if group[1] > 1 else ''} grouped with the "
                       f"event's articles at locally scaled similarity {link[1]:.2f} "
                       f"({self._group_basis}), mean TF-IDF cosine {link[2]:.2f}; "
                       f"p={decision.probability:.2f} for this event alone")
        elif grouped is not None and group is not None:  # follow its batch group (.grouping)
            decision = self._join_decision(f, grouped)
            self._join(grouped.event, f, vec, decision,
                       f"joined the event of its batch group ({group[1]} new articles grouped "
                       f"by locally scaled {self._group_basis}; p={decision.probability:.2f} "
                       f"for this event alone")
        elif joinable and joinable[0].probability >= self.model_for(f).threshold and not (
                group is not None and mates is None and self._linking):
            # (with earlier events in the grouping, the first article of a group joins one
            # only through it: the one-by-one scorer merged too much, NeuS train in 2 / 4 /
            # 16 random batches 0.758 / 0.706 / 0.693 with it, 0.763 / 0.717 / 0.701 without)
            decision = self._join_decision(f, joinable[0])
            self._join(joinable[0].event, f, vec, decision)
        else:
            decision = self._open(f, vec, scored)
        if group is not None:
            self._group_event.setdefault(group[0], self.event_of_article[f.article_id])
        return decision

    def _batch_groups(self, fresh: Sequence[ArticleFeatures]) -> dict[str, tuple[int, int]]:
        """Article id -> (group label, group size) for the articles of a batch that
        :func:`.grouping.batch_groups` grouped (lone ones get size 1).

        Events of earlier batches near the batch's articles (the index's
        ``group_events`` nearest by wording) take part in the grouping as fixed
        nodes, never two in one group; a group put with one is linked to it
        (``_group_link``) and its articles join it. Without them, reports of one
        event split across two batches had to be joined by the one-by-one scorer,
        which is much weaker than the grouping (docs/clustering.md, "Across batches").
        """
        cfg = self.config
        if not cfg.batch_grouping or not fresh:
            return {}
        from .grouping import batch_groups_with_events, event_node, grouping_basis

        vectors = [self._vec_of[f.article_id] for f in fresh]
        keys: list[int] = []
        near: list[list[int]] = []
        if cfg.group_events and len(self.index):
            position: dict[int, int] = {}
            # by wording alone: the embedding may not be there yet (.stream)
            queries = np.stack([key_vector(None, sketch(v), self.emb_dim) for v in vectors])
            for found in self.index.search_many(queries, cfg.group_events):
                near.append([position.setdefault(k, len(position)) for k in found])
            self._linking = True
            keys = list(position)
        elif len(fresh) < 2:
            return {}
        nodes = [event_node(self.events[k], self.config.group_node_members) for k in keys]
        labels, links = batch_groups_with_events(
            vectors, [f.day for f in fresh], events=nodes, events_of=near,
            neighbours=cfg.group_neighbours, cut=cfg.group_cut, floor=cfg.group_floor,
            gap_days=cfg.event_gap_days, scale_floor=cfg.group_scale_floor,
            floor_min_articles=cfg.group_scale_floor_min_articles,
            texts=[f.text_vector for f in fresh], text_weight=cfg.group_text_weight)
        self._group_basis = grouping_basis(fresh, cfg.group_text_weight)
        self._group_link = {g: (keys[j], sim, raw) for g, (j, sim, raw) in links.items()}
        self._group_event = {g: link[0] for g, link in self._group_link.items()}
        size = Counter(labels)
        return {f.article_id: (g, size[g]) for f, g in zip(fresh, labels, strict=True)
                if g >= 0}

    def score_candidates(self, f: ArticleFeatures, vec: dict[int, float],
                         also: int | None = None) -> list[Candidate]:
        """The nearest events (and event ``also``), scored, most likely first;
        ``joinable`` marks those the time window and script rules allow the article
        to join."""
        cfg = self.config
        self._check_dim(f)
        cands = [self.events[k] for k, _ in self.index.search(self._key_vector(f, vec),
                                                              cfg.candidates)]
        if also is not None and all(e.key != also for e in cands):
            cands.append(self.events[also])
        if not cands:
            return []
        names = {n: self._idf(n) for n in f.names}
        total = sum(names.values())
        feats = [pair_features(f, vec, names, e, total) for e in cands]
        model = self.model_for(f)
        model.add_margins(feats)
        out = []
        for e, x in zip(cands, feats, strict=True):
            script_ok = f.script == e.script or x["emb"] >= cfg.cross_script_similarity
            in_window = self._within(e.first_day, e.last_day, f.day, cfg.event_gap_days)
            out.append(Candidate(e, model.probability(x), x, script_ok and in_window,
                                 script_ok))
        out.sort(key=lambda c: (-c.probability, c.event.key))
        return out

    @property
    def index(self) -> CentroidIndex:
        if self._index is None:
            self._index = CentroidIndex(self._key_dim())
            self._index.rebuild((e.key, self._event_key_vector(e), e.last_day)
                                for e in self.events if self._active(e))
        return self._index

    # --- scoring -------------------------------------------------------------------

    @staticmethod
    def _within(first: float | None, last: float | None, day: float | None,
                gap: float) -> bool:
        if day is None or first is None or last is None:
            return True
        return first - gap <= day <= last + gap

    # --- state changes -------------------------------------------------------------

    @staticmethod
    def _join_decision(f: ArticleFeatures, c: Candidate) -> Decision:
        return Decision(f.article_id, "", round(c.probability, 3), round(c.features["lex"], 3),
                        int(c.features["shared"]))

    def _join(self, e: EventState, f: ArticleFeatures, vec: dict[int, float],
              d: Decision, lead: str | None = None) -> None:
        gap = None
        if f.day is not None and e.last_day is not None:
            gap = f.day - e.last_day if f.day >= e.last_day else (
                e.first_day - f.day if e.first_day is not None and f.day < e.first_day else 0.0)
        d.gap_days = gap
        if not d.reason:
            parts = [f"{lead}; TF-IDF cosine {d.similarity:.2f}" if lead else
                     f"joined the most likely event (p={d.probability:.2f}; "
                     f"TF-IDF cosine {d.similarity:.2f}"]
            if d.shared_names:
                parts.append(f"{d.shared_names} shared name{'s' if d.shared_names > 1 else ''}")
            parts[-1] += ")"
            if f.day is None:
                parts.append("time unknown, content alone")
            elif gap is None:
                parts.append("the event's time is unknown")
            else:
                parts.append(f"{gap:.0f} day{'s' if gap != 1 else ''} from the event, "
                             f"within the {self.config.event_gap_days:.0f}-day window")
            d.reason = "; ".join(parts)
        self._absorb(e, f, vec, d)
        self.index.upsert(e.key, self._event_key_vector(e), e.last_day)

    def _absorb(self, e: EventState, f: ArticleFeatures, vec: dict[int, float],
                d: Decision) -> None:
        if f.script == e.script or not e.script:
            dot = sum(vec[h] * e.lex[h] for h in vec.keys() & e.lex.keys())
            e.lex_sq += 2 * dot + 1.0
            for h, v in vec.items():
                e.lex[h] = e.lex.get(h, 0.0) + v
            if e.sketch is not None:  # the sketch is linear: add the article's
                e.sketch += sketch(vec)
            e.names.update(f.names)
            e.script = e.script or f.script
            self.threads.add(e.story_id, vec, 1.0)
        if f.embedding is not None:
            e.emb = f.embedding.astype(np.float32).copy() if e.emb is None else e.emb + f.embedding
        e.text = add_text(e.text, e.size, f.text_vector)
        if f.day is not None:
            e.first_day = f.day if e.first_day is None else min(e.first_day, f.day)
            e.last_day = f.day if e.last_day is None else max(e.last_day, f.day)
            self.story_last_day[e.story_id] = max(self.story_last_day.get(e.story_id, f.day),
                                                  f.day)
        e.title = e.title or f.title
        e.size += 1
        e.members.append(d)
        self.event_of_article[f.article_id] = e.key

    def _open(self, f: ArticleFeatures, vec: dict[int, float],
              scored: list[Candidate]) -> Decision:
        joinable = [c for c in scored if c.joinable]
        best = joinable[0] if joinable else None
        threshold = self.model_for(f).threshold
        if best is not None and best.probability >= threshold:
            why = (f"opened a new event: the most likely event, {best.event.id} "
                   f"(p={best.probability:.2f} >= {threshold:.2f}), "
                   + self._held_back(best))
        elif best is not None:
            shown = f"{best.probability:.2f}"
            if shown == f"{threshold:.2f}":  # 0.549 is not "0.55 < 0.55"
                shown = f"{best.probability:.3f}"
            why = (f"opened a new event: the most likely event was {best.event.id} "
                   f"(p={shown} < {threshold:.2f})")
        elif any(c.script_ok for c in scored):
            near = next(c for c in scored if c.script_ok)
            why = (f"opened a new event: the most likely event, {near.event.id} "
                   f"(p={near.probability:.2f}), is outside the "
                   f"{self.config.event_gap_days:.0f}-day window")
        elif scored:
            why = "opened a new event: the similar events are written in another script"
        else:
            why = "opened a new event: the first article"
        if f.day is None:
            why += "; time unknown, content alone"
        story, story_why = self._thread_for(f, vec, scored)
        key = len(self.events)
        event = EventState(key=key, id=stable_id("event", f.article_id),
                           story_id=story or stable_id("story", f.article_id))
        self.events.append(event)
        self.story_of_event[event.id] = event.story_id
        d = Decision(f.article_id, f"{why}; {story_why}",
                     round(best.probability, 3) if best else None,
                     round(best.features["lex"], 3) if best else None,
                     int(best.features["shared"]) if best else 0)
        self._absorb(event, f, vec, d)
        self.index.upsert(key, self._event_key_vector(event), event.last_day)
        return d

    def _held_back(self, best: Candidate) -> str:
        """Why a likely enough event was not joined: the batch grouping decides."""
        if best.event.key >= self._batch_start:
            return ("opened earlier in this batch, which the batch grouping kept apart "
                    "from this article's group")
        return "an earlier event the batch grouping did not put this article's group with"

    def _thread_for(self, f: ArticleFeatures, vec: dict[int, float], scored: list[Candidate]
                    ) -> tuple[str | None, str]:
        """The story thread a new event continues, if any, and why (:mod:`.threads`)."""
        from .threads import thread_for

        return thread_for(self, f, vec, scored)

    def _advance(self, day: float) -> None:
        if self.latest_day is None or day > self.latest_day:
            self.latest_day = day
            self.index.retire_before(day - self.config.index_window_days)

    def _active(self, e: EventState) -> bool:
        return e.size > 0 and (e.last_day is None or self.latest_day is None
                or e.last_day >= self.latest_day - self.config.index_window_days)

    # --- key vectors for the index -------------------------------------------------

    def _key_dim(self) -> int:
        return SKETCH_DIM + self.emb_dim

    def _key_vector(self, f: ArticleFeatures, vec: dict[int, float]) -> np.ndarray:
        return key_vector(f.embedding, sketch(vec), self.emb_dim)

    def _event_key_vector(self, e: EventState) -> np.ndarray:
        if e.sketch is None:
            e.sketch = sketch(e.lex)
        return key_vector(e.emb, e.sketch, self.emb_dim)

    def _check_dim(self, f: ArticleFeatures) -> None:
        if f.embedding is None:
            return
        if not self.events:
            if self.emb_dim != int(f.embedding.shape[0]):
                self.emb_dim = int(f.embedding.shape[0])
                self._index = None  # rebuilt with the right width
        elif int(f.embedding.shape[0]) != self.emb_dim:
            raise StorylineError(f"embedding has {f.embedding.shape[0]} dimensions, the clustering "
                             f"state {self.emb_dim}: use the embedder the state was built with")

    # --- state (storyline/clustering/state.py) ---------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Everything needed to continue, as JSON-able data."""
        from .state import to_state

        return to_state(self)

    @classmethod
    def from_state(cls, state: dict[str, Any], config: ClusterConfig | None = None
                   ) -> EventClusterer:
        """A clusterer that continues from :meth:`to_state`'s data."""
        from .state import from_state

        return from_state(cls(config), state)

    def merge(self, other: EventClusterer) -> None:
        """Fold in another state (e.g. another shard): its events join ours as units
        (:func:`.state.merge`)."""
        from .state import merge

        merge(self, other)
