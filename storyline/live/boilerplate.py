"""The live poller's side of outlet boilerplate: the remembered windows, in the store.

Each polled article is judged against its outlet's window of earlier articles
(:mod:`storyline.clean.outlet_memory`, the batch rule of
:mod:`storyline.clean.boilerplate` over the window plus the article), then remembered
in it. The windows live in the ``outlet_sentences`` table (migration 7): one row per
(outlet, article) with the article's sentence records, pruned to each outlet's newest
:data:`~storyline.clean.outlet_memory.WINDOW`. Rows are keyed by article id and
inserted once, so a poll repeated after a crash never counts an article twice.
"""

from __future__ import annotations

from storyline.clean.boilerplate import outlet_key
from storyline.clean.outlet_memory import (
    WINDOW,
    ArticleRecord,
    OutletMemory,
    cut_remembered_boilerplate,
    record_of,
)
from storyline.live.feedlist import iso, now_utc
from storyline.model import Article
from storyline.store import Store

__all__ = ["cut_and_remember", "load_memory", "save_memory"]


def _window(store: Store, outlet: str) -> list[ArticleRecord]:
    rows = store.db.execute(
        "SELECT article_id, seen_at, units FROM outlet_sentences WHERE outlet = ? "
        "ORDER BY seen_at DESC, article_id DESC LIMIT ?", (outlet, WINDOW)).fetchall()
    return [ArticleRecord.from_json(a, s, u) for a, s, u in reversed(rows)]


def _remember(store: Store, outlet: str, record: ArticleRecord) -> None:
    with store.transaction():
        store.db.execute("INSERT OR IGNORE INTO outlet_sentences (outlet, article_id, seen_at, "
                         "units) VALUES (?,?,?,?)",
                         (outlet, record.article_id, record.seen_at, record.to_json()))
        store.db.execute(
            "DELETE FROM outlet_sentences WHERE outlet = ? AND article_id NOT IN ("
            "SELECT article_id FROM outlet_sentences WHERE outlet = ? "
            "ORDER BY seen_at DESC, article_id DESC LIMIT ?)", (outlet, outlet, WINDOW))


def cut_and_remember(store: Store, articles: list[Article]) -> list[Article]:
    """Cleaned articles without the sentences their outlet's remembered window shows
    to be boilerplate; each is then added to its outlet's window (as printed, before
    the cut). Articles without an outlet (no source, no URL) pass unchanged."""
    out = []
    for article in articles:
        key = outlet_key(article)
        if key is None or not article.text:
            out.append(article)
            continue
        out.append(cut_remembered_boilerplate(article, _window(store, key[0]), key[1]))
        _remember(store, key[0], record_of(article, iso(now_utc())))
    return out


def load_memory(store: Store) -> OutletMemory:
    """Every outlet's window, to serialise or merge with another poller's."""
    memory = OutletMemory()
    for (outlet,) in store.db.execute("SELECT DISTINCT outlet FROM outlet_sentences"):
        for record in _window(store, outlet):
            memory.add(outlet, record)
    return memory


def save_memory(store: Store, memory: OutletMemory) -> None:
    """Merge ``memory`` into the store's windows (union by article id)."""
    for outlet in memory.outlets:
        for record in memory.window(outlet):
            _remember(store, outlet, record)
