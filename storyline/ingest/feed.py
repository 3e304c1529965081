"""RSS and Atom feeds to articles, with feedparser.

Each entry becomes an article; its id is a hash of the entry's guid (or link), so
the same entry read again, even with edited text, keeps its id. The feed's title
is the outlet unless the entry names its own source. Entries that hold only a
teaser are kept and flagged; the live mode fetches their pages.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from storyline.ingest.files import content_id
from storyline.model import Article, Evidence, Problem

TEASER_WORDS = 60
_BREAK = "\u2029"
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "tr", "section", "article", "figcaption")


def html_fragment_to_text(fragment: str) -> str:
    """Text of an HTML fragment with one line per block element."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    # Source newlines are just whitespace; only block elements break lines. A
    # paragraph-separator character marks the breaks while whitespace collapses.
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = _BREAK + (el.tail or "")
    blocks = (" ".join(block.split()) for block in root.text_content().split(_BREAK))
    return "\n".join(block for block in blocks if block)


def _iso(struct: time.struct_time | None) -> str | None:
    if not struct:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", struct)


def _entry_text(entry: dict) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    best = max(contents, key=len) if contents else entry.get("summary", "") or ""
    return html_fragment_to_text(best)


def read_feed(data: bytes, origin: str) -> Iterator[Article | Problem]:
    """Parse feed bytes; yield an article per usable entry and a problem per bad one."""
    import feedparser

    yield from read_parsed_feed(feedparser.parse(data), origin)


def read_parsed_feed(parsed: dict, origin: str) -> Iterator[Article | Problem]:
    """``read_feed`` on a feed feedparser has already parsed (the live mode reads the
    parsed entries too, to tell teasers from full texts). Entry ``i`` yields one item
    whose origin ends in ``#i``."""
    entries = parsed.get("entries", [])
    if not entries:
        why = parsed.get("bozo_exception")
        yield Problem(origin, f"not a readable feed ({why})" if why else "feed has no entries")
        return
    if parsed.get("bozo"):
        yield Problem(origin, f"malformed feed ({parsed.get('bozo_exception')}); "
                              "read the entries that could be recovered", skipped=False)
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(entries):
        where = f"{origin}#{i}"
        text = _entry_text(entry)
        if not text:
            yield Problem(where, "feed entry has no text")
            continue
        key = entry.get("id") or entry.get("link")
        entry_source = (entry.get("source") or {}).get("title")
        source = entry_source or feed_title
        published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        warnings = ()
        if len(text.split()) < TEASER_WORDS:
            warnings = (f"feed entry holds only {len(text.split())} words (a teaser?)",)
        yield Article(
            id=content_id(key) if key else content_id(entry.get("title", ""), text),
            raw_text=text,
            text=text,
            title=(entry.get("title") or "").strip() or None,
            source=source,
            published=published,
            url=entry.get("link"),
            author=entry.get("author"),
            origin=where,
            format="feed",
            source_evidence=(
                Evidence("metadata", f"{'entry source' if entry_source else 'feed title'}: "
                                     f"{source!r}") if source else None
            ),
            published_evidence=(
                Evidence("metadata", f"entry date in the feed: {published}") if published else None
            ),
            warnings=warnings,
        )
