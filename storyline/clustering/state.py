"""The clusterer's state as plain data, and the merge of two states.

:func:`to_state` turns an :class:`~.incremental.EventClusterer` into JSON-able
data (term centroids, vector sums, names, dates, members, document
frequencies; floats and counters packed as base64 so a large state stays
compact); :func:`from_state` continues from it, which is how ``storyline
ingest --db`` clusters only new articles. The nearest-neighbour index is a
cache, rebuilt from the centroids on load, never stored. :func:`merge` folds
in a state built elsewhere (another shard of a distributed run).
"""

from __future__ import annotations

import base64
import math
from collections import Counter
from typing import Any

import numpy as np

from .features import ArticleFeatures
from .incremental import EventClusterer
from .records import Decision, EventState, add_vector

STATE_VERSION = 1


def to_state(self: EventClusterer) -> dict[str, Any]:
    """Everything needed to continue, as JSON-able data."""
    return {
        "version": STATE_VERSION, "docs": self.docs, "latest_day": self.latest_day,
        "emb_dim": self.emb_dim,
        "df": _pack_counter(self.df),
        "events": [{
            "id": e.id, "story_id": e.story_id, "size": e.size,
            "lex": _pack_floats(e.lex), "lex_sq": e.lex_sq,
            "emb": _pack_vector(e.emb), "text": _pack_vector(e.text),
            "names": _pack_counter(e.names), "first_day": e.first_day,
            "last_day": e.last_day, "script": e.script, "title": e.title,
            "members": [[d.article_id, d.reason, d.probability, d.similarity,
                         d.shared_names, d.gap_days] for d in e.members],
        } for e in self.events if e.size],
    }


def from_state(c: EventClusterer, state: dict[str, Any]) -> EventClusterer:
    """Fill an empty clusterer ``c`` from :func:`to_state`'s data."""
    if state.get("version") != STATE_VERSION:
        raise ValueError(f"unknown clusterer state version {state.get('version')!r}")
    c.docs = int(state["docs"])
    c.latest_day = state["latest_day"]
    c.emb_dim = int(state["emb_dim"])
    c.df = Counter(_unpack_counter(state["df"]))
    for key, s in enumerate(state["events"]):
        e = EventState(key=key, id=s["id"], story_id=s["story_id"], size=s["size"],
                       lex=_unpack_floats(s["lex"]), lex_sq=s["lex_sq"],
                       emb=_unpack_vector(s["emb"]),
                       # (a state saved before text vectors has none: the event is then
                       # compared by TF-IDF alone in the grouping, see .grouping)
                       text=_unpack_vector(s.get("text")),
                       names=Counter(_unpack_counter(s["names"])),
                       first_day=s["first_day"], last_day=s["last_day"],
                       script=s["script"], title=s["title"],
                       members=[Decision(*m) for m in s["members"]])
        c.events.append(e)
        c.story_of_event[e.id] = e.story_id
        c.threads.add(e.story_id, e.lex, e.lex_sq, count=e.size)
        if e.last_day is not None:
            c.story_last_day[e.story_id] = max(c.story_last_day.get(e.story_id, e.last_day),
                                               e.last_day)
        for d in e.members:
            c.event_of_article[d.article_id] = key
    return c


def merge(self: EventClusterer, other: EventClusterer) -> None:
    """Fold in another state (e.g. another shard): its events join ours as units.

    Each of the other's events, oldest first, is matched like an article
    (its centroid against our events); a match absorbs it (our ids win),
    otherwise it is added with its own ids. Document frequencies add up.
    """
    self.docs += other.docs
    self.df.update(other.df)
    for oe in other.events:
        if not oe.size or any(d.article_id in self.event_of_article for d in oe.members):
            continue
        probe = ArticleFeatures(oe.id, "", oe.last_day, {}, frozenset(oe.names),
                                oe.script, None if oe.emb is None else
                                oe.emb / (np.linalg.norm(oe.emb) or 1.0), oe.title)
        norm = math.sqrt(oe.lex_sq) or 1.0
        vec = {h: v / norm for h, v in oe.lex.items()}
        scored = [c for c in self.score_candidates(probe, vec) if c.joinable]
        if scored and scored[0].probability >= self.model_for(probe).threshold:
            target = scored[0].event
            self.threads.add(target.story_id, oe.lex, oe.lex_sq, count=oe.size)
            target.lex_sq = add_vector(target.lex, target.lex_sq, oe.lex, oe.lex_sq)
            target.sketch = None
            target.names.update(oe.names)
            if oe.emb is not None:
                target.emb = oe.emb.copy() if target.emb is None else target.emb + oe.emb
            # (a sum stands for all of an event's articles or is None, .records.add_text)
            target.text = None if target.text is None or oe.text is None else \
                target.text + oe.text
            for day in (oe.first_day, oe.last_day):
                if day is not None:
                    target.first_day = day if target.first_day is None else min(
                        target.first_day, day)
                    target.last_day = day if target.last_day is None else max(
                        target.last_day, day)
            if target.last_day is not None:
                self.story_last_day[target.story_id] = max(
                    self.story_last_day.get(target.story_id, target.last_day), target.last_day)
            target.size += oe.size
            for d in oe.members:
                target.members.append(Decision(d.article_id, f"{d.reason}; merged from "
                                               f"{oe.id} into {target.id}", d.probability,
                                               d.similarity, d.shared_names, d.gap_days))
                self.event_of_article[d.article_id] = target.key
            self.index.upsert(target.key, self._event_key_vector(target), target.last_day)
            continue
        e = EventState(key=len(self.events), id=oe.id, story_id=oe.story_id, size=oe.size,
                       lex=dict(oe.lex), lex_sq=oe.lex_sq,
                       emb=None if oe.emb is None else oe.emb.copy(),
                       text=None if oe.text is None else oe.text.copy(), names=Counter(oe.names),
                       first_day=oe.first_day, last_day=oe.last_day, script=oe.script,
                       title=oe.title, members=list(oe.members))
        self.events.append(e)
        self.story_of_event[e.id] = e.story_id
        self.threads.add(e.story_id, e.lex, e.lex_sq, count=e.size)
        if e.last_day is not None:
            self.story_last_day[e.story_id] = max(
                self.story_last_day.get(e.story_id, e.last_day), e.last_day)
        for d in e.members:
            self.event_of_article[d.article_id] = e.key
        if self._active(e):
            self.index.upsert(e.key, self._event_key_vector(e), e.last_day)
    days = [d for d in (self.latest_day, other.latest_day) if d is not None]
    self.latest_day = max(days) if days else None


def _pack_vector(v: np.ndarray | None) -> str | None:
    return None if v is None else base64.b64encode(v.astype(np.float32).tobytes()).decode("ascii")


def _unpack_vector(s: str | None) -> np.ndarray | None:
    return None if s is None else np.frombuffer(base64.b64decode(s), dtype=np.float32).copy()


def _pack_counter(c: Counter[int] | dict[int, int]) -> str:
    items = sorted(c.items())
    arr = np.array(items, dtype=np.int64).reshape(-1, 2)
    return base64.b64encode(arr.tobytes()).decode("ascii")


def _unpack_counter(s: str) -> dict[int, int]:
    arr = np.frombuffer(base64.b64decode(s), dtype=np.int64).reshape(-1, 2)
    return {int(k): int(v) for k, v in arr}


def _pack_floats(d: dict[int, float]) -> list[str]:
    keys = np.array(sorted(d), dtype=np.int64)
    vals = np.array([d[k] for k in keys.tolist()], dtype=np.float64)
    return [base64.b64encode(keys.tobytes()).decode("ascii"),
            base64.b64encode(vals.tobytes()).decode("ascii")]


def _unpack_floats(packed: list[str]) -> dict[int, float]:
    keys = np.frombuffer(base64.b64decode(packed[0]), dtype=np.int64)
    vals = np.frombuffer(base64.b64decode(packed[1]), dtype=np.float64)
    return dict(zip(keys.tolist(), vals.tolist(), strict=True))
