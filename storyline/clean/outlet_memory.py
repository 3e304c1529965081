"""An outlet's boilerplate across polls: the batch rule, fed by a remembered window.

:mod:`storyline.clean.boilerplate` cuts a sentence that an outlet prints verbatim at the
edge of many of its otherwise different articles *in one batch*. The live poller cleans
each new article on its own, so there the batch is one article and the rule never
fires. This module gives it the batch back: per outlet, a window of the outlet's most
recent articles (:data:`WINDOW`, the size of one ``pipeline.prepare`` batch), each
remembered as its sentences' keys only, and a new article is judged by the same rule
(:func:`storyline.clean.boilerplate.outlet_boilerplate_units`, the same thresholds: at least
five distinct articles, 10% of the window's distinct articles, at the edge in 60% of
them, no quotes, copies counted once) over the window plus itself. Only the new
article is cut; each cut records the count, "repeated in 7 articles of BBC".

Why a window of article records, not running sentence counts: the rule's guards need
per-article facts. Copies and versions of one story must count once (two articles
sharing half their sentences), which needs each article's set of sentences; "at the
edge" is a position in each article; and a count that only grows goes stale, while a
promo is up for days and a sentence an outlet once used as a promo can later be
reporting. A window of the last :data:`WINDOW` articles forgets both.

The state is plain data: an :class:`ArticleRecord` per (outlet, article) holds the
paragraph index, a 64-bit hash of the sentence's key (lower case, spaces collapsed:
the batch rule's "verbatim") and whether it may be cut (long enough, not a quote), so
nothing of the text is kept twice. :class:`OutletMemory` serialises to JSON and merges
by union on (outlet, article id), keeping each outlet's newest :data:`WINDOW`: two
pollers' memories merge to what one would have seen. The live store keeps it in the
``outlet_sentences`` table (:mod:`storyline.live.boilerplate`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline.clean.boilerplate import (
    OutletDoc,
    SentenceUnit,
    apply_cuts,
    outlet_boilerplate_units,
    outlet_doc,
    outlet_key,
)
from storyline.model import Article

__all__ = ["WINDOW", "ArticleRecord", "OutletMemory", "cut_remembered_boilerplate",
           "record_of"]

WINDOW = 256  # an outlet's newest articles remembered: what one prepare batch sees


def _hash(key: str) -> str:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class ArticleRecord:
    """One article as the memory keeps it: ``(paragraph, key hash, candidate)`` per
    sentence, in order. ``seen_at`` (ISO time) orders the window."""

    article_id: str
    seen_at: str
    units: tuple[tuple[int, str, bool], ...]

    def to_json(self) -> str:
        return json.dumps([[p, k, int(c)] for p, k, c in self.units], separators=(",", ":"))

    @classmethod
    def from_json(cls, article_id: str, seen_at: str, data: str) -> ArticleRecord:
        return cls(article_id, seen_at, tuple((int(p), str(k), bool(c))
                                              for p, k, c in json.loads(data)))


def record_of(article: Article, seen_at: str) -> ArticleRecord:
    """The record of a cleaned article (before any boilerplate cut: recurrence is
    counted on what the outlet printed)."""
    doc = outlet_doc(0, article)
    return ArticleRecord(article.id, seen_at,
                         tuple((u.para, _hash(u.key), u.candidate) for u in doc.units))


def _doc_of(index: int, record: ArticleRecord) -> OutletDoc:
    units = [SentenceUnit(p, 0, 0, k, c) for p, k, c in record.units]
    return OutletDoc(index, units, [], {u.key for u in units})


def _hashed(doc: OutletDoc) -> OutletDoc:
    units = [SentenceUnit(u.para, u.start, u.end, _hash(u.key), u.candidate) for u in doc.units]
    return OutletDoc(doc.index, units, doc.paras, {u.key for u in units})


def cut_remembered_boilerplate(article: Article, window: Sequence[ArticleRecord],
                               outlet: str | None = None) -> Article:
    """``article`` without the sentences the batch rule would cut if the ``window`` (its
    outlet's earlier articles) were in its batch. ``outlet`` names the outlet in the
    reason (default: the article's own outlet name)."""
    if not article.text or not window:
        return article
    key = outlet_key(article)
    name = outlet or (key[1] if key else "this outlet")
    earlier = [r for r in window if r.article_id != article.id]
    docs = [_doc_of(i, r) for i, r in enumerate(earlier)]
    docs.append(_hashed(outlet_doc(len(earlier), article)))
    cuts, counts = outlet_boilerplate_units(docs)
    units = cuts.get(len(earlier))
    return apply_cuts(article, units, counts, name) if units else article


@dataclass
class OutletMemory:
    """Outlet key -> article id -> record: the windows of every outlet seen.

    Serialisable (:meth:`to_dict`) and mergeable (:meth:`merge`: union by article id,
    then each outlet's newest :data:`WINDOW`).
    """

    outlets: dict[str, dict[str, ArticleRecord]] = field(default_factory=dict)

    def add(self, outlet: str, record: ArticleRecord) -> None:
        self.outlets.setdefault(outlet, {}).setdefault(record.article_id, record)
        self._trim(outlet)

    def window(self, outlet: str) -> list[ArticleRecord]:
        """The outlet's newest :data:`WINDOW` records, oldest first."""
        records = sorted(self.outlets.get(outlet, {}).values(),
                         key=lambda r: (r.seen_at, r.article_id))
        return records[-WINDOW:]

    def _trim(self, outlet: str) -> None:
        records = self.outlets[outlet]
        if len(records) > WINDOW:
            self.outlets[outlet] = {r.article_id: r for r in self.window(outlet)}

    def merge(self, other: OutletMemory) -> OutletMemory:
        out = OutletMemory({o: dict(rs) for o, rs in self.outlets.items()})
        for outlet, records in other.outlets.items():
            for record in records.values():
                out.outlets.setdefault(outlet, {}).setdefault(record.article_id, record)
            out._trim(outlet)
        return out

    def to_dict(self) -> dict[str, list[list[str]]]:
        return {o: [[r.article_id, r.seen_at, r.to_json()] for r in self.window(o)]
                for o in sorted(self.outlets)}

    @classmethod
    def from_dict(cls, data: dict[str, Iterable[Sequence[str]]]) -> OutletMemory:
        return cls({o: {a: ArticleRecord.from_json(a, s, u) for a, s, u in rows}
                    for o, rows in data.items()})
