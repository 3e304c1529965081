"""Ingest: files and folders to raw articles, with every bad input counted.

``read_paths`` is the stage's interface. It never raises for bad input: an
unreadable file, a broken JSON line or an empty feed becomes a
:class:`~storyline.model.Problem` with a one-line reason, and reading goes on.
The articles it returns are *raw* (``text == raw_text``); cleaning is the next
stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from storyline.ingest.feed import read_feed
from storyline.ingest.files import (
    FOLDER_SUFFIXES,
    MAX_ARTICLE_BYTES,
    MAX_COLLECTION_BYTES,
    UnreadableInput,
    content_id,
    decode,
    decode_html,
    format_of,
    iter_input_files,
    looks_binary,
    read_bytes,
    sniff_format,
)
from storyline.ingest.html import read_html
from storyline.ingest.records import read_json, read_jsonl
from storyline.model import Article, Problem

__all__ = ["IngestResult", "read_paths", "read_text_article"]


@dataclass
class IngestResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.skipped)


def read_text_article(text: str, *, article_id: str, origin: str,
                      warnings: tuple[str, ...] = ()) -> Article:
    """A plain-text article; the cleaning stage finds its title and metadata lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Article(id=article_id, raw_text=text, text=text, origin=origin,
                   format="text", warnings=warnings)


def read_paths(paths: Iterable[Path | str],
               progress: Callable[[str], None] | None = None) -> IngestResult:
    """Read every article under ``paths`` (files, folders, JSONL dumps, feeds)."""
    result = IngestResult()
    seen: dict[str, str] = {}
    for item in _read_all([Path(p) for p in paths], result, progress):
        if isinstance(item, Problem):
            result.problems.append(item)
            continue
        item = _unique_id(item, seen)
        if item.warnings:
            result.problems.extend(Problem(item.origin, w, skipped=False) for w in item.warnings)
        result.articles.append(item)
    return result


def _unique_id(article: Article, seen: dict[str, str]) -> Article:
    """Keep ids unique in a run: a clash with different text gets a content suffix."""
    fingerprint = content_id(article.raw_text)
    if article.id in seen and seen[article.id] != fingerprint:
        new_id = f"{article.id}-{fingerprint[:8]}"
        article = replace(article, id=new_id, warnings=article.warnings + (
            f"id {article.id!r} already used by another article; renamed {new_id!r}",))
    seen.setdefault(article.id, fingerprint)
    return article


def _read_all(paths: list[Path], result: IngestResult,
              progress: Callable[[str], None] | None) -> Iterator[Article | Problem]:
    for path in paths:
        if not path.exists():
            yield Problem(str(path), "no such file or folder")
    for path, named in iter_input_files([p for p in paths if p.exists()]):
        fmt = format_of(path)
        if not named and (fmt is None or _suffix(path) not in FOLDER_SUFFIXES):
            continue
        result.files += 1
        if progress:
            progress(str(path))
        yield from read_file(path, fmt)


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _stem(path: Path) -> str:
    name = path.name
    for suffix in reversed(path.suffixes):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            if suffix.lower() != ".gz":
                break
    return name


def read_file(path: Path, fmt: str | None = None) -> Iterator[Article | Problem]:
    """Every article in one file, or the problem that stopped it."""
    origin = str(path)
    if fmt == "jsonl":
        yield from read_jsonl(path, origin)
        return
    limit = MAX_COLLECTION_BYTES if fmt in ("json", "feed") else MAX_ARTICLE_BYTES
    try:
        data = read_bytes(path, limit)
        if not data.strip():
            raise UnreadableInput("empty file")
        if looks_binary(data):
            raise UnreadableInput("binary file, not text")
        fmt = fmt or sniff_format(data)
        if fmt == "feed":
            yield from read_feed(data, origin)
            return
        decoded = decode_html(data) if fmt == "html" else decode(data)
        if fmt == "json":
            yield from read_json(decoded.text, origin)
        elif fmt == "html":
            article = read_html(decoded.text, article_id=_stem(path), origin=origin)
            yield replace(article, warnings=article.warnings + decoded.warnings)
        else:
            yield read_text_article(decoded.text, article_id=_stem(path), origin=origin,
                                    warnings=decoded.warnings)
    except UnreadableInput as exc:
        yield Problem(origin, str(exc))
