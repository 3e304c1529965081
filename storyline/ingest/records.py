"""JSON and JSONL article records to articles.

A record needs only ``text``; ``id, source, title, published, url, author`` are
used when present (common aliases such as ``body``, ``headline``, ``link`` and
``date`` too). A record with an ``articles`` list (the cluster format of
``../shared/data``) contributes each of its articles. A broken line or record is
reported with its line number and the rest are read.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.files import MAX_ARTICLE_BYTES, UnreadableInput, content_id
from storyline.model import Article, Evidence, Problem

_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "site", "sitename", "publisher"),
    "published": ("published", "date", "published_at", "pubdate", "date_publish", "dct"),
    "url": ("url", "link"),
    "author": ("author", "authors", "byline"),
}


def _field(record: dict[str, Any], name: str) -> Any:
    for key in _ALIASES[name]:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return str(value).strip() or None


def record_to_article(record: Any, *, origin: str) -> Article:
    """One JSON record to an article; raise UnreadableInput with the reason if unusable."""
    if not isinstance(record, dict):
        raise UnreadableInput(f"expected a JSON object, got {type(record).__name__}")
    text = _field(record, "text")
    if not isinstance(text, str) or not text.strip():
        raise UnreadableInput("record has no text")
    text = text.replace("\r\n", "\n").strip()
    title = _as_text(_field(record, "title"))
    source = _as_text(_field(record, "source"))
    published = _as_text(_field(record, "published"))
    article_id = _as_text(record.get("id")) or content_id(title or "", text)
    return Article(
        id=article_id,
        raw_text=text,
        text=text,
        title=title,
        source=source,
        published=published,
        url=_as_text(_field(record, "url")),
        author=_as_text(_field(record, "author")),
        language=_as_text(record.get("language") or record.get("lang")),
        origin=origin,
        format="json",
        source_evidence=Evidence("metadata", "source field of the record") if source else None,
        published_evidence=(
            Evidence("metadata", f"published field of the record: {published}")
            if published else None
        ),
    )


def _expand(record: Any) -> list[Any]:
    """A cluster record (with an ``articles`` list) stands for its articles."""
    if isinstance(record, dict) and isinstance(record.get("articles"), list) \
            and _field(record, "text") is None:
        return list(record["articles"])
    return [record]


def read_jsonl(path: Path, origin: str) -> Iterator[Article | Problem]:
    """Stream a JSONL file (optionally gzipped), one article or problem at a time."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                yield from _read_line(raw, f"{origin}:{lineno}")
    except (OSError, EOFError) as exc:
        yield Problem(origin, f"cannot read: {exc}")


def _read_line(raw: bytes, where: str) -> Iterator[Article | Problem]:
    if not raw.strip():
        return
    if len(raw) > MAX_ARTICLE_BYTES:
        yield Problem(where, f"line too large ({len(raw) / 2**20:.1f} MB)")
        return
    line = raw.decode("utf-8", errors="replace")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        # json's messages for a control character or an open string end in " at"
        msg = exc.msg.removesuffix(" at")
        yield Problem(where, f"broken JSON line ({msg} at column {exc.colno})")
        return
    yield from _records(record, where, invalid_utf8="\ufffd" in line)


def read_json(text: str, origin: str) -> Iterator[Article | Problem]:
    """A JSON file: one record, a list of records, or ``{"articles": [...]}``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Problem(origin, f"broken JSON ({exc.msg} at line {exc.lineno})")
        return
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        yield from _records(record, f"{origin}[{i}]" if len(records) > 1 else origin)


def _records(record: Any, where: str, invalid_utf8: bool = False) -> Iterator[Article | Problem]:
    items = _expand(record)
    for j, item in enumerate(items):
        here = f"{where}/articles[{j}]" if len(items) > 1 or item is not record else where
        try:
            article = record_to_article(item, origin=here)
        except UnreadableInput as exc:
            yield Problem(here, str(exc))
            continue
        if invalid_utf8:
            article = _with_warning(article, "invalid UTF-8; decoded with replacement characters")
        yield article


def _with_warning(article: Article, warning: str) -> Article:
    from dataclasses import replace

    return replace(article, warnings=article.warnings + (warning,))
