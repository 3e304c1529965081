"""The list of feeds a database follows, each with its polling state; OPML in and out.

The list lives in the store (``feeds``, migration 4) so the CLI, the watcher and the
web app read one truth. Each feed keeps what polite polling needs (ETag and
Last-Modified of the last answer), what a person needs to trust it (last checked,
last success, consecutive failures and the last reason, articles found) and when it
is due next. A failing feed backs off exponentially: ``interval * 2**failures``,
capped at :data:`MAX_BACKOFF`, so a dead feed costs one request a day, not one a
poll. Every poll and every failed article page is also logged (``feed_log``, the
last :data:`LOG_KEEP` rows per feed).

OPML is read with listparser (Kurt McKee's OPML subscription-list parser): it walks
nested outlines and category folders, and it parses with lxml's *HTML* parser,
which never loads external entities or expands DTD entities (no XXE, no billion
laughs). We always hand it bytes, never a string: given a string that starts with
``http`` it would fetch it itself, outside our safe client. OPML is written with
ElementTree, which escapes every attribute.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from storyline.errors import StorylineError, require
from storyline.fetch import LIVE_EXTRA
from storyline.store import Store

MAX_BACKOFF = 24 * 3600.0
LOG_KEEP = 50
MAX_OPML_BYTES = 5_000_000


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(t: datetime) -> str:
    return t.astimezone(UTC).replace(microsecond=0).isoformat()


def normalize_url(url: str) -> str:
    """A feed URL as stored: http(s) only, host lower-cased, no fragment."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise StorylineError(f"not an http(s) feed URL: {url!r}")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       parts.query, ""))


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def add_feeds(store: Store, urls: Iterable[str], titles: dict[str, str] | None = None
              ) -> AddResult:
    """Follow these feeds (already followed ones are left as they are); due at once."""
    result = AddResult()
    now = iso(now_utc())
    with store.transaction():
        for raw in urls:
            try:
                url = normalize_url(raw)
            except StorylineError as exc:
                result.problems.append(str(exc))
                continue
            cur = store.db.execute(
                "INSERT OR IGNORE INTO feeds (url, title, added_at, next_due) VALUES (?,?,?,?)",
                (url, (titles or {}).get(raw), now, now))
            (result.added if cur.rowcount else result.existing).append(url)
    return result


def remove_feeds(store: Store, urls: Iterable[str]) -> int:
    with store.transaction():
        return sum(store.db.execute("DELETE FROM feeds WHERE url = ?",
                                    (normalize_url(u),)).rowcount for u in urls)


def read_opml(data: bytes) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(url, title) of every feed in an OPML document, and what could not be read."""
    listparser = require("listparser", "OPML import (listparser)", LIVE_EXTRA)
    if len(data) > MAX_OPML_BYTES:
        return [], [f"OPML file larger than {MAX_OPML_BYTES:,} bytes"]
    parsed = listparser.parse(bytes(data))  # bytes: a str could make it fetch a URL
    problems = []
    if parsed.get("bozo"):
        problems.append(f"malformed OPML ({parsed.get('bozo_exception')}); read what could "
                        "be recovered")
    feeds = [(f["url"], (f.get("title") or "").strip() or None)
             for f in parsed.get("feeds", []) if f.get("url")]
    if not feeds and not problems:
        problems.append("no feeds (outlines with an xmlUrl) found in the OPML file")
    return feeds, problems


def import_opml(store: Store, path: Path) -> AddResult:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StorylineError(f"cannot read {path}: {exc.strerror or exc}") from exc
    feeds, problems = read_opml(data)
    result = add_feeds(store, [u for u, _ in feeds], {u: t for u, t in feeds if t})
    result.problems[:0] = problems
    return result


def export_opml(store: Store) -> str:
    """The followed feeds as an OPML 2.0 document."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "storyline feeds"
    ET.SubElement(head, "dateCreated").text = now_utc().strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(root, "body")
    for row in store.db.execute("SELECT url, title FROM feeds ORDER BY url"):
        attrs = {"type": "rss", "text": row["title"] or row["url"], "xmlUrl": row["url"]}
        if row["title"]:
            attrs["title"] = row["title"]
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


# --- status ------------------------------------------------------------------------


FEED_COLUMNS = ("url, title, added_at, last_checked, last_success, last_status, failures, "
                "last_error, last_error_kind, next_due, etag, last_modified, articles_found")


def feed_status(store: Store) -> list[dict[str, Any]]:
    """Every followed feed with its polling state, failing feeds first."""
    rows = store.db.execute(f"SELECT {FEED_COLUMNS} FROM feeds "
                            "ORDER BY failures > 0 DESC, url").fetchall()
    return [dict(r) for r in rows]


def feed_log(store: Store, url: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The latest polls and failures, newest first (of one feed, or of all)."""
    where, args = ("WHERE feed_url = ?", (url, limit)) if url else ("", (limit,))
    return [dict(r) for r in store.db.execute(
        f"SELECT feed_url, at, url, outcome, kind, reason, new_articles FROM feed_log {where} "
        "ORDER BY id DESC LIMIT ?", args)]


def due_feeds(store: Store, now: datetime, force: bool = False) -> list[dict[str, Any]]:
    """Feeds due for a poll at ``now`` (all of them with ``force``), longest-waiting first."""
    if force:
        rows = store.db.execute(f"SELECT {FEED_COLUMNS} FROM feeds ORDER BY next_due, url")
    else:
        rows = store.db.execute(f"SELECT {FEED_COLUMNS} FROM feeds WHERE next_due <= ? "
                                "ORDER BY next_due, url", (iso(now),))
    return [dict(r) for r in rows]


def next_due_in(store: Store, now: datetime) -> float | None:
    """Seconds until the next feed is due (0 if one is overdue), None without feeds."""
    row = store.db.execute("SELECT min(next_due) FROM feeds").fetchone()
    if not row or row[0] is None:
        return None
    return max(0.0, (datetime.fromisoformat(row[0]) - now).total_seconds())


def backoff(interval: float, failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive failures (0: the plain interval)."""
    return min(interval * (2 ** min(failures, 20)), max(MAX_BACKOFF, interval))


def log_event(store: Store, feed_url: str, outcome: str, *, url: str | None = None,
              kind: str | None = None, reason: str | None = None, new: int = 0) -> None:
    """Append to the feed's log (inside the caller's transaction or its own)."""
    store.db.execute("INSERT INTO feed_log (feed_url, at, url, outcome, kind, reason, "
                     "new_articles) VALUES (?,?,?,?,?,?,?)",
                     (feed_url, iso(now_utc()), url, outcome, kind, reason, new))
    store.db.execute("DELETE FROM feed_log WHERE feed_url = ? AND id <= (SELECT id FROM "
                     "feed_log WHERE feed_url = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                     (feed_url, feed_url, LOG_KEEP))


def record_success(store: Store, url: str, *, status: int, etag: str | None,
                   last_modified: str | None, new: int, interval: float,
                   title: str | None = None) -> None:
    """After the feed's items are stored: remember its validators, schedule the next poll."""
    now = now_utc()
    with store.transaction():
        store.db.execute(
            "UPDATE feeds SET last_checked=?, last_success=?, last_status=?, failures=0, "
            "last_error=NULL, last_error_kind=NULL, next_due=?, etag=coalesce(?, etag), "
            "last_modified=coalesce(?, last_modified), articles_found=articles_found+?, "
            "title=coalesce(title, ?) WHERE url=?",
            (iso(now), iso(now), status, iso(now + timedelta(seconds=interval)), etag,
             last_modified, new, title, url))
        log_event(store, url, "not modified" if status == 304 else "ok", new=new)


def record_failure(store: Store, url: str, *, kind: str, reason: str, status: int | None,
                   interval: float) -> float:
    """Count a failed poll; returns the back-off (seconds) until the next try."""
    now = now_utc()
    with store.transaction():
        row = store.db.execute("SELECT failures FROM feeds WHERE url=?", (url,)).fetchone()
        failures = (row["failures"] if row else 0) + 1
        wait = backoff(interval, failures)
        store.db.execute(
            "UPDATE feeds SET last_checked=?, last_status=?, failures=?, last_error=?, "
            "last_error_kind=?, next_due=? WHERE url=?",
            (iso(now), status, failures, reason, kind, iso(now + timedelta(seconds=wait)), url))
        log_event(store, url, "failed", kind=kind, reason=reason)
    return wait


def feeds_view(store: Store, log_limit: int = 30) -> dict[str, Any]:
    """What the web app's feeds page and ``/api/v1/feeds`` show."""
    feeds = feed_status(store)
    checked = [f["last_checked"] for f in feeds if f["last_checked"]]
    return {"feeds": feeds, "failing": sum(1 for f in feeds if f["failures"]),
            "last_checked": max(checked) if checked else None,
            "log": feed_log(store, limit=log_limit)}
