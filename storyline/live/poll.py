"""Poll one feed: fetch it safely, store each new entry once, full text where needed.

Order of work, chosen so that stopping at any moment loses and duplicates nothing:

1. fetch the feed with the stored ETag / Last-Modified (a 304 ends the poll);
2. parse it with feedparser and map entries to articles with the same code as
   ``storyline ingest`` (:func:`storyline.ingest.feed.read_parsed_feed`), whose ids
   hash the entry's guid (else its link): the same entry always gets the same id;
3. skip entries whose article id is already stored (from this feed, another feed, a
   file ingest, or an earlier interrupted poll);
4. for a **teaser** entry (:func:`teaser_reason`) fetch its page, extract it with
   trafilatura (:func:`storyline.ingest.html.read_html`), keep it if it is longer;
5. clean and infer (``pipeline.prepare``), cutting the sentences its outlet's
   remembered window of earlier articles shows to be boilerplate
   (:mod:`storyline.live.boilerplate`; the batch rule, which a lone article never
   triggers), and commit the article in its own transaction; then record which feed
   brought it;
6. only after every entry is stored, save the feed's new validators and schedule
   its next poll. A restart before this point refetches the feed without validators
   and step 3 skips what was already stored.

Clustering and briefs are not done here: :mod:`storyline.live.update` places every
stored article the clusterer has not seen yet, so an interrupted round is completed
by the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.fetch import Fetcher, FetchError
from storyline.ingest.feed import html_fragment_to_text, read_parsed_feed
from storyline.ingest.files import UnreadableInput, decode_html
from storyline.ingest.html import read_html
from storyline.live.boilerplate import cut_and_remember
from storyline.live.feedlist import iso, log_event, now_utc, record_failure, record_success
from storyline.model import Article
from storyline.pipeline import prepare
from storyline.store import Store

# An entry is full text when its text has at least this many words. Teasers and feed
# summaries are one to three sentences (20-80 words). Full news articles are longer:
# only 7 % of Timeline17's 4,352 articles and 9 % of the extraction benchmark's 181
# article bodies have fewer than 150 words (measured; docs/live.md). Those cost one
# page fetch, and the page is kept only when its text is longer than the feed's.
FULL_TEXT_WORDS = 150
TRUNCATION_MARKS = ("…", "...", "[…]", "[...]", "read more", "continue reading",
                    "read the full", "the post ")


def _words(text: str) -> int:
    return len(text.split())


def teaser_reason(entry: dict[str, Any]) -> str | None:
    """Why a feed entry holds only a teaser (so its page is fetched), or None.

    The rule: the entry's text is its longest ``content`` (content:encoded, atom:content),
    else its ``summary``/description. It is a teaser when that text has fewer than
    :data:`FULL_TEXT_WORDS` words, or when there is no content and the summary ends
    with a truncation mark ("…", "[...]", "Read more", "The post ... appeared first").
    """
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    content = html_fragment_to_text(max(contents, key=len)) if contents else ""
    summary = html_fragment_to_text(entry.get("summary", "") or "")
    text = content if _words(content) >= _words(summary) else summary
    words = _words(text)
    if words < FULL_TEXT_WORDS:
        what = "content" if text is content and content else "summary"
        return f"the feed entry's {what} has {words} words (< {FULL_TEXT_WORDS})"
    if not content:
        tail = summary[-80:].lower().rstrip()
        if tail.endswith(TRUNCATION_MARKS[:4]) or any(m in tail for m in TRUNCATION_MARKS[4:]):
            return "the feed entry's summary ends with a truncation mark"
    return None


@dataclass
class PollResult:
    url: str
    status: int | None = None  # HTTP status of the feed (304: not modified)
    new: list[str] = field(default_factory=list)  # ids of the articles stored
    pages: int = 0  # article pages fetched
    page_failures: int = 0
    error: FetchError | None = None
    notes: list[str] = field(default_factory=list)


def poll_feed(store: Store, fetcher: Fetcher, feed: dict[str, Any], *, interval: float,
              fetch_pages: bool = True,
              on_article: Callable[[str], None] | None = None) -> PollResult:
    """Poll one feed row (from ``feedlist.due_feeds``); never raises for a bad feed."""
    import feedparser

    url = feed["url"]
    result = PollResult(url)
    try:
        got = fetcher.get(url, kind="feed", etag=feed.get("etag"),
                          last_modified=feed.get("last_modified"))
    except FetchError as exc:
        result.error = exc
        result.status = exc.status
        record_failure(store, url, kind=exc.kind, reason=exc.reason, status=exc.status,
                       interval=interval)
        return result
    result.status = got.status
    if got.not_modified:
        record_success(store, url, status=304, etag=got.etag, last_modified=got.last_modified,
                       new=0, interval=interval)
        return result
    headers = {"content-location": got.url, "content-type": got.content_type or "text/xml"}
    parsed = feedparser.parse(got.content, response_headers=headers)
    entries = parsed.get("entries", [])
    if not entries:
        why = parsed.get("bozo_exception")
        reason = f"not a readable feed ({why})" if why else "the feed has no entries"
        result.error = FetchError("parse" if why else "empty", reason, url, got.status)
        if why:
            record_failure(store, url, kind="parse", reason=reason, status=got.status,
                           interval=interval)
        else:  # an empty feed is a valid answer: nothing new, not a failure
            record_success(store, url, status=got.status, etag=got.etag,
                           last_modified=got.last_modified, new=0, interval=interval)
        return result
    items = list(read_parsed_feed(parsed, url))
    candidates = [a for a in items if isinstance(a, Article)]
    known = _known_ids(store, [a.id for a in candidates])
    for item in items:
        if not isinstance(item, Article):
            result.notes.append(item.reason)
            with store.transaction():
                log_event(store, url, "note", url=item.origin, kind="entry", reason=item.reason)
            continue
        if item.id in known:
            continue
        known.add(item.id)
        index = int(item.origin.rsplit("#", 1)[1])
        article = item
        why = teaser_reason(entries[index])
        if why and fetch_pages and item.url:
            article = _full_text(store, fetcher, url, item, why, result)
        stored = prepare([article], after_clean=lambda batch: cut_and_remember(store, batch))[0]
        store.upsert_articles([stored])  # one transaction per article
        with store.transaction():
            store.db.execute("INSERT OR IGNORE INTO feed_entries (feed_url, article_id, "
                             "seen_at) VALUES (?,?,?)", (url, stored.id, iso(now_utc())))
        result.new.append(stored.id)
        if on_article:
            on_article(stored.id)
    title = (parsed.get("feed", {}).get("title") or "").strip() or None
    record_success(store, url, status=got.status, etag=got.etag,
                   last_modified=got.last_modified, new=len(result.new), interval=interval,
                   title=title)
    return result


def _known_ids(store: Store, ids: list[str]) -> set[str]:
    known: set[str] = set()
    for lo in range(0, len(ids), 500):
        chunk = ids[lo:lo + 500]
        known.update(r[0] for r in store.db.execute(
            f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return known


def _full_text(store: Store, fetcher: Fetcher, feed_url: str, teaser: Article, why: str,
               result: PollResult) -> Article:
    """The article from its page, or the teaser with a note saying why not."""
    page_url = teaser.url or ""
    result.pages += 1
    try:
        page = fetcher.get(page_url, kind="page")
        decoded = decode_html(page.content)
        full = read_html(decoded.text, article_id=teaser.id, origin=page.url, url=page.url)
    except (FetchError, UnreadableInput) as exc:
        reason = exc.reason if isinstance(exc, FetchError) else str(exc)
        kind = exc.kind if isinstance(exc, FetchError) else "extract"
        result.page_failures += 1
        with store.transaction():
            log_event(store, feed_url, "page failed", url=page_url, kind=kind, reason=reason)
        return replace(teaser, warnings=teaser.warnings + (
            f"{why}; its page could not be read ({reason}), so the teaser is kept",))
    if _words(full.text) <= _words(teaser.text):
        return replace(teaser, warnings=teaser.warnings + (
            f"{why}; its page held no longer text, so the feed's text is kept",))
    return replace(
        full, id=teaser.id, title=teaser.title or full.title,
        source=teaser.source or full.source,
        source_evidence=teaser.source_evidence if teaser.source else full.source_evidence,
        published=teaser.published or full.published,
        published_evidence=(teaser.published_evidence if teaser.published
                            else full.published_evidence),
        author=teaser.author or full.author,
        warnings=full.warnings + decoded.warnings + (
            f"{why}: full text fetched from the article page {page.url}",))
