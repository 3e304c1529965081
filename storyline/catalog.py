"""Read queries over a stored database: what the web pages, the JSON API and the feeds show.

The web app is a thin shell: every page and API endpoint is one call here (or, for
search, in :mod:`storyline.search`), returning plain JSON-shaped dicts, so the HTML page
and the API answer of the same URL can never disagree. Queries use the tables of
``storyline.store`` and the search and history tables of its second migration (kept up
to date by triggers, so any writer maintains them). Inputs are validated here too
(:class:`BadQuery`), so a bad parameter is a 400-class answer, never a crash.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from storyline import story_pages
from storyline.errors import StorylineError
from storyline.store import Store
from storyline.story_pages import list_page

MAX_QUERY_WORDS = 12
MARK_START, MARK_END = "\x02", "\x03"  # snippet highlight markers (escaped, then replaced)
REPRINT_KINDS = ("copy", "rewrite")


class BadQuery(StorylineError):
    """A query parameter a user can fix (bad date, empty search)."""


# --- parameters ----------------------------------------------------------------------


def parse_day(value: str | None, name: str) -> str | None:
    """An ISO day (``YYYY-MM-DD``) or None; anything else is a :class:`BadQuery`."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BadQuery(f"{name} must be a date like 2022-04-11, not {value[:40]!r}") from None


def parse_time(value: str, name: str = "since") -> str:
    """An ISO date or date-time as the store writes times (UTC, seconds, ``+00:00``).

    A time without a zone is taken as UTC; a bare date means its midnight (UTC).
    """
    text = value.strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise BadQuery(f"{name} must be an ISO date or time like 2022-04-11 or "
                       f"2022-04-11T08:00:00Z, not {value[:40]!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat()


def _query_words(text: str) -> list[str]:
    # Accents are dropped as the index drops them (remove_diacritics), so a combining
    # mark never splits a word in two.
    plain = "".join(c for c in unicodedata.normalize("NFKD", text)
                    if unicodedata.category(c) != "Mn")
    return re.findall(r"\w+", plain)[:MAX_QUERY_WORDS]


def snippet(text: str, words: list[str], before: int = 60, after: int = 180) -> str:
    """A window of ``text`` around the first matched word, matches marked.

    Built in Python rather than with FTS5's ``snippet()``, which re-tokenises every
    candidate and cost more than the whole ranked search. Matching mirrors the query:
    whole words, the last one as a prefix, case-insensitive; a word the index matched
    only through accent folding is not marked (the window then starts at the top).
    """
    if not words:
        return text[:before + after]
    alternatives = [re.escape(w) for w in words[:-1]] + [re.escape(words[-1]) + r"\w*"]
    pattern = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - before)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start  # type: ignore[union-attr]
    end = min(len(text), start + before + after)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = " ".join(text[start:end].split())
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", window)
    return ("…" if start else "") + marked + ("…" if end < len(text) else "")


def fts_query(text: str) -> str:
    """A user's words as a safe FTS5 query: every word must match, the last as a prefix.

    Users type free text; FTS5 syntax (quotes, ``NEAR``, ``-``, column filters) would
    turn typos into syntax errors, so each word is quoted and only word characters pass.
    """
    words = _query_words(text)
    if not words:
        raise BadQuery("search needs at least one word (letters or digits)")
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


# --- stories -------------------------------------------------------------------------

_STORY_COLUMNS = """
    s.id, s.title, s.first_date, s.last_date, s.article_count, s.independent_count,
    s.outlets, c.first_seen, c.last_change,
    (SELECT count(*) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
     WHERE sa.story_id = s.id AND a.source IS NULL) AS unknown_outlets
"""


def _story_row(row: Any) -> dict[str, Any]:
    d = dict(row)
    d["outlets"] = json.loads(d["outlets"])
    return d


def _story_rows(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """Listing rows for these story ids, in this order (the details of one page only)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = store.db.execute(f"SELECT {_STORY_COLUMNS} FROM stories s LEFT JOIN story_changes c "
                            f"ON c.story_id = s.id WHERE s.id IN ({marks})", ids)
    by_id = {r["id"]: _story_row(r) for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def _matching_stories_sql() -> str:
    """Ids of stories whose title/summary or any article matches ``:q``.

    CROSS JOIN keeps the full-text match as the outer loop: left to itself the planner
    may scan search_keys and run one FTS query per key (seconds instead of ms).
    """
    return """
        SELECT k.key FROM stories_fts CROSS JOIN search_keys k
        WHERE stories_fts MATCH :q AND k.n = stories_fts.rowid AND k.kind = 'story'
        UNION
        SELECT sa.story_id FROM articles_fts CROSS JOIN search_keys k CROSS JOIN story_articles sa
        WHERE articles_fts MATCH :q AND k.n = articles_fts.rowid AND k.kind = 'article'
          AND sa.article_id = k.key
    """


def list_stories(store: Store, *, q: str | None = None, outlet: str | None = None,
                 date_from: str | None = None, date_to: str | None = None,
                 limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Stories newest first (by their last article's date; undated ones last), filtered
    and paginated.

    ``q`` keeps stories whose title, summary or any article matches; ``outlet`` keeps
    stories with an article from that outlet; ``date_from``/``date_to`` keep stories
    whose time span overlaps the range (undated stories drop out of a date filter).
    """
    where, params = [], {}  # type: ignore[var-annotated]
    date_from, date_to = parse_day(date_from, "from"), parse_day(date_to, "to")
    if date_from and date_to and date_from > date_to:
        raise BadQuery(f"from ({date_from}) is after to ({date_to})")
    if q:
        params["q"] = fts_query(q)
        where.append(f"s.id IN ({_matching_stories_sql()})")
    if outlet:
        params["outlet"] = outlet
        where.append("EXISTS (SELECT 1 FROM json_each(s.outlets) "
                     "WHERE value = :outlet COLLATE NOCASE)")
    if date_from:
        params["date_from"] = date_from
        where.append("s.last_date >= :date_from")
    if date_to:
        params["date_to"] = date_to
        where.append("s.first_date <= :date_to")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = store.db.execute(f"SELECT count(*) FROM stories s {clause}", params).fetchone()[0]
    # The order is the covering index's own (DESC puts undated stories last), so a page
    # walks the index instead of sorting every story; details are fetched for the page.
    ids = [r[0] for r in store.db.execute(
        f"SELECT s.id FROM stories s INDEXED BY stories_order {clause} "
        "ORDER BY s.last_date DESC, s.id DESC "
        "LIMIT :limit OFFSET :offset", {**params, "limit": limit, "offset": offset})]
    return list_page(_story_rows(store, ids), int(total), limit, offset)


def story_summary_row(store: Store, story_id: str) -> dict[str, Any] | None:
    rows = _story_rows(store, [story_id])
    return rows[0] if rows else None


def story_view(store: Store, story_id: str, max_items: int | None = None
               ) -> dict[str, Any] | None:
    """A story's brief with what its page adds: coverage by outlet and its history.

    ``max_items`` cuts each list of the brief to its first N items (the view's
    ``totals`` then give each list's full length; :mod:`storyline.story_pages`).
    """
    if max_items is not None:
        cut = story_pages.trimmed_brief(store, story_id, max_items)
        if cut is None:
            return None
        info = story_summary_row(store, story_id) or {}
        return {"story": cut[0], "coverage": coverage(cut[2]), "totals": cut[1],
                "first_seen": info.get("first_seen"), "last_change": info.get("last_change")}
    row = store.db.execute("SELECT brief FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    brief = json.loads(row["brief"])
    info = story_summary_row(store, story_id) or {}
    return {"story": brief, "coverage": coverage(brief),
            "first_seen": info.get("first_seen"), "last_change": info.get("last_change")}


def story_changes(store: Store, story_id: str, since: str) -> dict[str, Any] | None:
    """Articles that joined the story and claims that appeared in it after ``since``."""
    row = store.db.execute("SELECT brief FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    since = parse_time(since)
    brief = json.loads(row["brief"])
    articles = {a["id"]: a for a in brief["articles"]}
    claims = {c["text"]: c for c in brief.get("claims", [])}
    added = store.db.execute(
        "SELECT article_id, first_seen FROM story_article_seen WHERE story_id = ? "
        "AND first_seen > ? ORDER BY first_seen, article_id", (story_id, since))
    new_claims = store.db.execute(
        "SELECT claim, first_seen FROM story_claim_seen WHERE story_id = ? "
        "AND first_seen > ? ORDER BY first_seen, claim", (story_id, since))
    return {"story_id": story_id, "since": since,
            "articles": [{**articles[r["article_id"]], "first_seen": r["first_seen"]}
                         for r in added if r["article_id"] in articles],
            "claims": [{**claims[r["claim"]], "first_seen": r["first_seen"]}
                       for r in new_claims if r["claim"] in claims]}


def story_updates(store: Store, story_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """The story's history as updates (one per ingest that changed it), newest first."""
    row = store.db.execute("SELECT brief FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return []
    brief = json.loads(row["brief"])
    articles = {a["id"]: a for a in brief["articles"]}
    claims = {c["text"]: c for c in brief.get("claims", [])}
    by_time: dict[str, dict[str, list[Any]]] = defaultdict(lambda: {"articles": [], "claims": []})
    for r in store.db.execute("SELECT article_id, first_seen FROM story_article_seen "
                              "WHERE story_id = ?", (story_id,)):
        if r["article_id"] in articles:
            by_time[r["first_seen"]]["articles"].append(articles[r["article_id"]])
    for r in store.db.execute("SELECT claim, first_seen FROM story_claim_seen "
                              "WHERE story_id = ?", (story_id,)):
        if r["claim"] in claims:
            by_time[r["first_seen"]]["claims"].append(claims[r["claim"]])
    times = sorted(by_time, reverse=True)[:limit]
    return [{"time": t, **by_time[t]} for t in times]


def recent_stories(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """Stories by their last change, newest first: the Atom feed of new and updated stories."""
    ids = [r[0] for r in store.db.execute(
        "SELECT c.story_id FROM story_changes c WHERE EXISTS (SELECT 1 FROM stories "
        "WHERE id = c.story_id) ORDER BY c.last_change DESC, c.story_id DESC LIMIT ?",
        (limit,))]
    rows = _story_rows(store, ids)
    if rows:  # the summary text, as indexed for search: no brief is decoded for the feed
        marks = ",".join("?" * len(rows))
        summaries = dict(store.db.execute(
            f"SELECT k.key, f.summary FROM search_keys k JOIN stories_fts f ON f.rowid = k.n "
            f"WHERE k.kind = 'story' AND k.key IN ({marks})", [r["id"] for r in rows]))
        for r in rows:
            r["summary"] = summaries.get(r["id"]) or ""
    return rows


# --- coverage ------------------------------------------------------------------------


def reprinted_ids(brief: dict[str, Any]) -> set[str]:
    """Articles that lineage marks as copies or rewrites of another article.

    In each copy/rewrite group the original is the group's ``origin`` when it names a
    member, else its earliest-published member; every other member is a reprint.
    Groups of kind ``cites`` (an article naming its source) are not reprints.
    """
    published = {a["id"]: a.get("published") or "9999" for a in brief.get("articles", [])}
    out: set[str] = set()
    for group in brief.get("lineage", []):
        ids = list(group.get("article_ids", []))
        if group.get("kind") not in REPRINT_KINDS or not ids:
            continue
        origin = group.get("origin")
        original = origin if origin in ids else min(ids, key=lambda i: (published.get(i, "9999"),
                                                                       i))
        out.update(i for i in ids if i != original)
    return out


def coverage(brief: dict[str, Any]) -> dict[str, Any]:
    """Which outlet covered which event, and which of its articles were independent.

    Rows are outlets (articles of unknown outlet each get a row of their own, named by
    id, since two unknowns may be different outlets); columns are the story's events.
    """
    reprints = reprinted_ids(brief)
    articles = {a["id"]: a for a in brief.get("articles", [])}
    events = [{"id": e["id"], "date": e.get("date"), "title": e.get("title", "")}
              for e in brief.get("events", [])]
    event_of = {a: e["id"] for e in brief.get("events", []) for a in e.get("article_ids", [])}
    rows: dict[str, dict[str, Any]] = {}
    for a in articles.values():
        name = a.get("source") or f"unknown ({a['id']})"
        row = rows.setdefault(name, {"outlet": name, "known": bool(a.get("source")),
                                     "cells": {e["id"]: {"independent": [], "reprints": []}
                                               for e in events}})
        cell = row["cells"].get(event_of.get(a["id"], ""))
        if cell is not None:
            cell["reprints" if a["id"] in reprints else "independent"].append(a["id"])
    ordered = sorted(rows.values(), key=lambda r: (not r["known"], r["outlet"].lower()))
    return {"events": events,
            "outlets": [{**r, "cells": [{"event_id": e["id"], **r["cells"][e["id"]]}
                                        for e in events]} for r in ordered],
            "lineage_known": bool(brief.get("lineage"))}


# --- articles ------------------------------------------------------------------------


def audit_segments(raw_text: str, removed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The raw text cut into kept and removed pieces, in order, for a struck-out view.

    Removed spans carry offsets into the raw text; spans that overlap an earlier one
    (e.g. a caption removed twice for two reasons) are shown once, with both reasons.
    """
    spans = sorted((r for r in removed if isinstance(r.get("start"), int)
                    and isinstance(r.get("end"), int) and 0 <= r["start"] < r["end"]
                    <= len(raw_text)), key=lambda r: (r["start"], r["end"]))
    out: list[dict[str, Any]] = []
    pos = 0
    for r in spans:
        if r["start"] < pos:  # overlaps the previous removed span: add its reason there
            if out and out[-1]["kind"] == "removed" and r["reason"] not in out[-1]["reasons"]:
                out[-1]["reasons"].append(r["reason"])
            continue
        if r["start"] > pos:
            out.append({"kind": "kept", "text": raw_text[pos:r["start"]], "start": pos,
                        "end": r["start"]})
        out.append({"kind": "removed", "text": raw_text[r["start"]:r["end"]],
                    "start": r["start"], "end": r["end"], "rule": r.get("rule"),
                    "reasons": [r["reason"]], "kept_as": r.get("kept_as")})
        pos = r["end"]
    if pos < len(raw_text):
        out.append({"kind": "kept", "text": raw_text[pos:], "start": pos,
                    "end": len(raw_text)})
    return out


def article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article's metadata with evidence, its cleaned text, and the audit in place.

    The metadata comes from the story brief when the article is in one (clustering may
    have dated it from its neighbours), else from the article as ingested.
    """
    row = store.db.execute("SELECT raw_text, text, data, ingested_at, updated_at FROM articles "
                           "WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    meta = json.loads(row["data"])
    stories = []
    for s in store.db.execute(
            "SELECT s.id, s.title, sa.event_id, "
            "(SELECT value FROM json_each(s.brief, '$.articles') "
            " WHERE json_extract(value, '$.id') = sa.article_id) AS article "
            "FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
            "WHERE sa.article_id = ? ORDER BY s.id", (article_id,)):
        stories.append({"id": s["id"], "title": s["title"], "event_id": s["event_id"]})
        if s["article"]:
            meta = json.loads(s["article"])
    return {"article": meta, "text": row["text"], "raw_text": row["raw_text"],
            "segments": audit_segments(row["raw_text"], meta.get("removed", [])),
            "ingested_at": row["ingested_at"], "updated_at": row["updated_at"],
            "stories": stories}


# --- outlets -------------------------------------------------------------------------


def ratings_columns(store: Store) -> list[str]:
    row = store.db.execute("SELECT columns FROM ratings_imports ORDER BY id DESC LIMIT 1"
                           ).fetchone()
    return json.loads(row["columns"]) if row else []


def outlets(store: Store, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Per outlet: stories covered, articles, reprint share, and user-supplied ratings.

    ``reprint_share`` is the share of the outlet's articles that lineage marks as a copy
    or rewrite (see :func:`reprinted_ids`); it is None while no story has lineage data.
    """
    rows = store.db.execute(
        "SELECT a.source AS outlet, count(DISTINCT a.id) AS articles, "
        "count(DISTINCT sa.story_id) AS stories FROM articles a "
        "LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE a.source IS NOT NULL "
        "GROUP BY a.source ORDER BY stories DESC, articles DESC, a.source").fetchall()
    reprints: set[str] = set()
    lineage_known = False
    for light in story_pages.light_briefs(store):  # not whole briefs: see there
        lineage_known = True
        reprints |= reprinted_ids(light)
    reprint_counts: dict[str, int] = defaultdict(int)
    if reprints:
        marks = ",".join("?" * len(reprints))
        for r in store.db.execute(f"SELECT source, count(*) AS n FROM articles WHERE id IN "
                                  f"({marks}) AND source IS NOT NULL GROUP BY source",
                                  sorted(reprints)):
            reprint_counts[r["source"]] = r["n"]
    ratings = {r["outlet"].casefold(): json.loads(r["data"])
               for r in store.db.execute("SELECT outlet, data FROM outlet_ratings")}
    items = [{"outlet": r["outlet"], "stories": r["stories"], "articles": r["articles"],
              "reprints": reprint_counts[r["outlet"]] if lineage_known else None,
              "reprint_share": (round(reprint_counts[r["outlet"]] / r["articles"], 3)
                                if lineage_known else None),
              "ratings": ratings.get(r["outlet"].casefold())} for r in rows]
    unknown = store.db.execute("SELECT count(*) FROM articles WHERE source IS NULL"
                               ).fetchone()[0]
    page = list_page(items[offset:offset + limit], len(items), limit, offset)
    page.update(ratings_columns=ratings_columns(store), lineage_known=lineage_known,
                unknown_outlet_articles=int(unknown))
    return page


def outlet_names(store: Store) -> list[str]:
    return [r[0] for r in store.db.execute(
        "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source "
        "COLLATE NOCASE")]
