"""Atom feeds out: new and updated stories, and one feed per story with its updates.

Built with the standard library's ElementTree rather than a feed library: Atom needs a
handful of elements, and ElementTree escapes every text and attribute, so titles from
articles can never inject markup into a reader. Entry ids are stable URNs (not URLs),
so a feed reader keeps its read state when the server moves.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00+00:00"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _feed(title: str, feed_id: str, self_url: str, alternate: str, updated: str
          ) -> ET.Element:
    feed = ET.Element("feed", {"xmlns": ATOM})
    _sub(feed, "title", title)
    _sub(feed, "id", feed_id)
    _sub(feed, "updated", updated)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate)
    _sub(_sub(feed, "author"), "name", "storyline")
    _sub(feed, "generator", "storyline")
    return feed


def _bytes(feed: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                     xml_declaration=False)


def story_url(base_url: str, story_id: str) -> str:
    return f"{base_url}/stories/{quote(story_id, safe='')}"


def _facts(row: dict[str, Any]) -> str:
    n, m = row["article_count"], row["independent_count"]
    bits = [f"{n} article{'s' if n != 1 else ''}",
            f"{m} independent report{'s' if m != 1 else ''}"]
    if row.get("first_date"):
        span = row["first_date"]
        if row.get("last_date") and row["last_date"] != span:
            span += f" – {row['last_date']}"
        bits.append(span)
    outlets = list(row.get("outlets") or [])
    if row.get("unknown_outlets"):
        outlets.append(f"{row['unknown_outlets']} unknown")
    if outlets:
        bits.append("outlets: " + ", ".join(outlets))
    return " · ".join(bits)


def stories_feed(rows: Sequence[dict[str, Any]], base_url: str) -> bytes:
    """One entry per story (as listed by ``catalog.recent_stories``), newest change first."""
    updated = max((r["last_change"] or EPOCH for r in rows), default=_now())
    feed = _feed("storyline: new and updated stories", "urn:storyline:stories",
                 f"{base_url}/feed.atom", f"{base_url}/", updated)
    for r in rows:
        entry = _sub(feed, "entry")
        _sub(entry, "title", r["title"])
        _sub(entry, "id", f"urn:storyline:story:{r['id']}")
        _sub(entry, "updated", r["last_change"] or EPOCH)
        if r.get("first_seen"):
            _sub(entry, "published", r["first_seen"])
        _sub(entry, "link", rel="alternate", type="text/html", href=story_url(base_url, r["id"]))
        _sub(entry, "summary", _facts(r))
        if r.get("summary"):  # what the story says, for readers that show entries in full
            _sub(entry, "content", f"{r['summary']}\n\n{_facts(r)}", type="text")
    return _bytes(feed)


def _update_text(update: dict[str, Any]) -> str:
    lines = []
    for a in update["articles"]:
        who = a.get("source") or "unknown outlet"
        lines.append(f"Article: {who}, {a.get('published') or 'date unknown'}: "
                     f"{a.get('title') or a['id']}")
    lines += [f"Claim ({c.get('status', '')}): {c['text']}" for c in update["claims"]]
    return "\n".join(lines)


def story_feed(row: dict[str, Any], updates: Sequence[dict[str, Any]], base_url: str) -> bytes:
    """A story's own feed: one entry per update (articles joined, claims that appeared)."""
    url = story_url(base_url, row["id"])
    feed = _feed(f"storyline: {row['title']}", f"urn:storyline:story:{row['id']}",
                 f"{url}/feed.atom", url, row["last_change"] or EPOCH)
    _sub(feed, "subtitle", _facts(row))
    for i, u in enumerate(updates):
        before = updates[i + 1]["time"] if i + 1 < len(updates) else EPOCH
        n, c = len(u["articles"]), len(u["claims"])
        parts = ([f"{n} article{'s' if n != 1 else ''} added"] if n else []) + \
                ([f"{c} claim{'s' if c != 1 else ''} added"] if c else [])
        entry = _sub(feed, "entry")
        _sub(entry, "title", f"{row['title']}: {', '.join(parts) or 'updated'}")
        _sub(entry, "id", f"urn:storyline:story:{row['id']}:update:{u['time']}")
        _sub(entry, "updated", u["time"])
        _sub(entry, "link", rel="alternate", type="text/html",
             href=f"{url}?since={quote(before, safe='')}#changes")
        _sub(entry, "content", _update_text(u), type="text")
    return _bytes(feed)
