"""Full-text search over a stored database: the stories and articles matching a query.

The search page and ``/api/v1/search`` are one call here (:func:`search`). It sits beside
:mod:`storyline.catalog` (the other read queries, whose query parsing, snippets and story
rows it uses) because ranking has its own costs to manage: BM25 over SQLite's FTS5 index,
a cap on how many matches are ranked, and a single ranked pass shared by the article
list and the story ranking.
"""

from __future__ import annotations

from typing import Any

from storyline.catalog import _query_words, _story_rows, fts_query, snippet
from storyline.store import Store
from storyline.story_pages import list_page

RANKED = 200  # matching articles ranked per search: the article pages and story ranking
RECENT_CANDIDATES = 500  # a query matching more rows ranks only the most recent ones


def search(store: Store, q: str, *, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Stories (best first) and articles (with a highlighted snippet) matching ``q``.

    Ranking is SQLite's BM25, titles weighted four times the body. One ranked pass over
    the best ``RANKED`` matching articles serves both the article page and the story
    ranking (a story ranks by its best article, or by its own title and summary), so a
    word found in half the corpus costs one sort, not three. Snippets are built for the
    shown page only and mark matched words with ``MARK_START``/``MARK_END``, so
    renderers escape first, then mark.
    """
    match = fts_query(q)
    total = int(store.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts "
                                 "MATCH ?", (match,)).fetchone()[0])
    depth = max(RANKED, offset + limit)
    common = total > RECENT_CANDIDATES  # (stories follow their articles' count)
    ranked = _ranked(store, "articles_fts", match, depth, common)
    keys = _keys(store, [n for n, _ in ranked])
    story_hits = _ranked(store, "stories_fts", match, 10, common)
    story_keys = _keys(store, [n for n, _ in story_hits])
    scores = {story_keys[n]: rank * 2 for n, rank in story_hits if n in story_keys}
    story_of = _stories_of(store, list(keys.values()))
    for n, rank in ranked:
        story = story_of.get(keys.get(n, ""))
        if story is not None and rank < scores.get(story, 0.0):
            scores[story] = rank
    best = sorted(scores, key=lambda sid: (scores[sid], sid))[:10]
    page = ranked[offset:offset + limit]
    meta = {}
    ids = [keys[n] for n, _ in page if n in keys]
    if ids:
        marks = ",".join("?" * len(ids))
        meta = {r["id"]: dict(r) for r in store.db.execute(
            f"SELECT id, title, source, published, text FROM articles WHERE id IN ({marks})",
            ids)}
    words = _query_words(q)
    shown = sorted({story_of[i] for i in ids if i in story_of})
    titles = _story_titles(store, shown)
    items = []
    for n, _ in page:
        article = meta.get(keys.get(n, ""))
        if article:
            text = article.pop("text")
            story_id = story_of.get(article["id"])
            items.append({**article, "snippet": snippet(text, words), "story_id": story_id,
                          "story_title": titles.get(story_id) if story_id else None})
    return {"q": q, "stories": _story_rows(store, best),
            "articles": list_page(items, total, limit, offset)}


def _ranked(store: Store, table: str, match: str, depth: int, common: bool
            ) -> list[tuple[int, float]]:
    """(rowid, BM25 rank) of the best ``depth`` matches, best first.

    BM25 is computed for every candidate, which for a word found in thousands of
    articles costs more than everything else a search does. So when a query is
    ``common`` (matches more than ``RECENT_CANDIDATES`` articles), only the most
    recently indexed ones (the
    highest rowids) are ranked: a news search favours recent reporting, and the rest
    are still counted and reachable by paging (pages deeper than that rank them all).
    """
    cutoff = None
    if common and depth <= RECENT_CANDIDATES:
        row = store.db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? "
                               "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                               (match, RECENT_CANDIDATES - 1)).fetchone()
        cutoff = row[0] if row else None
    where = " AND rowid >= ?" if cutoff is not None else ""
    params = (match, cutoff, depth) if cutoff is not None else (match, depth)
    return [(r[0], r[1]) for r in store.db.execute(
        f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? "
        f"AND rank MATCH 'bm25(4.0, 1.0)'{where} ORDER BY rank LIMIT ?", params)]


def _keys(store: Store, rowids: list[int]) -> dict[int, str]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    return {r[0]: r[1] for r in store.db.execute(
        f"SELECT n, key FROM search_keys WHERE n IN ({marks})", rowids)}


def _stories_of(store: Store, article_ids: list[str]) -> dict[str, str]:
    if not article_ids:
        return {}
    marks = ",".join("?" * len(article_ids))
    return {r[0]: r[1] for r in store.db.execute(
        f"SELECT article_id, min(story_id) FROM story_articles WHERE article_id IN ({marks}) "
        "GROUP BY article_id", article_ids)}


def _story_titles(store: Store, story_ids: list[str]) -> dict[str, str]:
    """Titles of these stories: a search hit links to its story by name."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    return {r[0]: r[1] for r in store.db.execute(
        f"SELECT id, title FROM stories WHERE id IN ({marks})", story_ids)}
