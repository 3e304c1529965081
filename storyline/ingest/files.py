"""Finding input files and turning their bytes into text, safely.

Bad input must never stop a batch: every function here either returns a value or
raises :class:`UnreadableInput` with a one-line reason that the caller records as
a :class:`~storyline.model.Problem` before going on with the next file.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Formats we read, by file suffix (a trailing ``.gz`` is looked through).
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
# Suffixes picked up when a folder is scanned. Markdown is left out on purpose: a
# folder of articles often carries a README or notes that are not articles; a
# Markdown file named on the command line is still read.
FOLDER_SUFFIXES = frozenset(SUFFIX_FORMATS) - {".md"}

# One article file is never this big; the cap protects memory and the HTML parser.
# JSONL dumps and feeds hold many articles and get a larger cap.
MAX_ARTICLE_BYTES = 10 * 1024 * 1024
MAX_COLLECTION_BYTES = 2 * 1024 * 1024 * 1024


class UnreadableInput(Exception):
    """An input that cannot be read; the message is the reason shown to users."""


@dataclass(frozen=True)
class Decoded:
    text: str
    warnings: tuple[str, ...] = ()


def iter_input_files(paths: list[Path]) -> Iterator[tuple[Path, bool]]:
    """Yield ``(file, named)`` for every file under ``paths`` in a stable order.

    ``named`` is True for a file given directly (read whatever its suffix), False
    for one found in a folder (read only if its suffix is a known format).
    Hidden files and folders are skipped.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in rel):
                    yield child, False
        else:
            yield path, True


def format_of(path: Path) -> str | None:
    """The reader for a file, from its suffix (``.gz`` looked through)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIX_FORMATS.get(suffixes[-1]) if suffixes else None


def sniff_format(data: bytes) -> str:
    """Guess the format of bytes whose file name says nothing useful."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed" if (b"<rss" in head or b"<feed" in head or b"<rdf" in head) else "html"
    if head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<body" in head:
        return "html"
    if head.startswith(b"{") and b"\n{" in data[:1_000_000]:
        return "jsonl"
    if head.startswith(b"{") or head.startswith(b"["):
        return "json"
    return "text"


def read_bytes(path: Path, limit: int) -> bytes:
    """Read a file (gunzipping ``.gz``) without ever holding more than ``limit`` bytes."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableInput(f"cannot open: {exc.strerror or exc}") from exc
    if path.suffix.lower() != ".gz" and size > limit:
        raise UnreadableInput(
            f"file too large ({size / 2**20:.1f} MB, limit {limit / 2**20:.0f} MB)"
        )
    try:
        if path.suffix.lower() == ".gz":
            with gzip.open(path, "rb") as fh:
                data = fh.read(limit + 1)
        else:
            data = path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        raise UnreadableInput(f"cannot read: {exc}") from exc
    if len(data) > limit:
        raise UnreadableInput(f"file too large (over {limit / 2**20:.0f} MB uncompressed)")
    return data


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NULs or many control characters."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def decode(data: bytes) -> Decoded:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 by BOM, else replace.

    Invalid UTF-8 is decoded with replacement characters and said so, rather than
    guessed into another encoding: a wrong guess silently corrupts every quote.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16", errors="replace"))
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        return Decoded(
            text,
            (f"invalid UTF-8 (first bad byte at offset {exc.start}); "
             f"decoded with {bad} replacement character(s)",),
        )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> Decoded:
    """HTML bytes to text, honouring a declared charset when they are not UTF-8.

    Pages in windows-1251 or latin-1 say so in a ``<meta charset>``; decoding them
    as UTF-8 with replacement would turn every letter into a replacement mark.
    """
    try:
        return Decoded(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace")
        try:
            return Decoded(data.decode(name, errors="replace"),
                           (f"decoded as {name}, the charset the page declares",))
        except LookupError:
            pass
    return decode(data)


def content_id(*parts: str) -> str:
    """A stable id from content, for inputs that carry no id of their own."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]
