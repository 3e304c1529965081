"""Step 1 of :mod:`storyline.quotes`: where the quotes of a text are.

Straight and curly double quotes and curly single quotes, a quote continuing over a
paragraph break only when the next paragraph opens with a quote mark, and the
pieces of one quote split by an attribution joined (see the package docstring); also
whether quote marks hold a title rather than a quotation, and how pieces are joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z“\"‘]")

DOUBLE_OPEN = "“«"
DOUBLE_CLOSE = "”»"


@dataclass(frozen=True)
class QuoteSpan:
    """One quoted stretch: ``start``/``end`` cover the marks; ``segments`` the words
    inside (more than one when the quote continues over a paragraph break)."""

    start: int
    end: int
    segments: tuple[tuple[int, int], ...]
    direct: bool

    def inner(self, text: str) -> str:
        return " ".join(" ".join(text[s:e].split()) for s, e in self.segments).strip()



def _opening(text: str, i: int) -> str | None:
    """The quote family opened at ``i`` ("double" or "single"), if any."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not nxt or nxt.isspace():
        return None
    prev = text[i - 1] if i else " "
    if ch in DOUBLE_OPEN:
        return "double"
    if ch == '"' and (prev.isspace() or prev in "([{—–-/:"):
        return "double"
    if ch == "‘" and (prev.isspace() or prev in "([{—–-/:\"“"):
        return "single"
    return None


def _closing(text: str, i: int, family: str) -> bool:
    ch = text[i]
    if family == "double":
        return ch in DOUBLE_CLOSE or ch == '"'
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev = text[i - 1] if i else " "
    return ch == "’" and not prev.isspace() and not nxt.isalnum()


def _is_direct(text: str, start: int, inner: str) -> bool:
    """Does the quote stand as its own clause (not a few words inside a sentence)?"""
    before = text[:start].rstrip(" \t")
    if not before or before.endswith("\n"):
        return True
    if before[-1] in ".!?:;,—–-(" or before[-1] in "”’\"»":
        return True
    stripped = inner.rstrip()
    return bool(stripped) and stripped[0].isupper() and stripped[-1] in ".?!,"


_MARKS = re.compile(r"[“”«»\"‘’\n]")


def find_quote_spans(text: str) -> tuple[list[QuoteSpan], int]:
    """The quotes of a text, and how many unbalanced quote marks were dropped.

    A scan over the quote marks and line breaks only (a regex finds them), so its
    cost grows with the number of marks, not characters.
    """
    spans: list[QuoteSpan] = []
    unbalanced = 0
    family: str | None = None
    start = seg_start = 0
    segments: list[tuple[int, int]] = []
    skip_to = -1
    n = len(text)
    for mark in _MARKS.finditer(text):
        i = mark.start()
        if i < skip_to:
            continue
        ch = text[i]
        if family is not None and ch == "\n":
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and _opening(text, j) == family:
                segments.append((seg_start, i))  # continues in the next paragraph
                seg_start = skip_to = j + 1
                continue
            unbalanced += 1
            family = None
        elif family is None:
            opened = _opening(text, i) if ch != "\n" else None
            if opened:
                family, start, seg_start, segments = opened, i, i + 1, []
        elif _closing(text, i, family):
            segments.append((seg_start, i))
            inner = " ".join(text[s:e] for s, e in segments)
            spans.append(QuoteSpan(start, i + 1, tuple(segments), _is_direct(text, start, inner)))
            family = None
        elif family == "double" and ch in DOUBLE_OPEN:
            unbalanced += 1  # a new opening mark before the last one closed
            family, start, seg_start, segments = "double", i, i + 1, []
    if family is not None:
        unbalanced += 1
    return spans, unbalanced


def _units(text: str, spans: list[QuoteSpan]) -> list[list[QuoteSpan]]:
    """Join the pieces of one quote split by an attribution (‘A,’ X said, ‘B.’)."""
    units: list[list[QuoteSpan]] = []
    for span in spans:
        if units:
            last = units[-1][-1]
            gap = text[last.end:span.start]
            if (last.inner(text).rstrip().endswith(",") and span.direct and "\n" not in gap
                    and len(gap.split()) <= 12 and not _SENTENCE_END.search(gap + " A")
                    and gap.strip().endswith((",", ":"))):
                units[-1].append(span)
                continue
        units.append([span])
    return units


def _is_title(inner: str) -> bool:
    """A name in quote marks (a book, a show: “State of the Union”), not a quotation."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", inner) if len(w) >= 4]
    if not words or len(inner.split()) > 10 or re.search(r"[.!?]\s+\S", inner):
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _join(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        out = f"{out} {part}" if out.rstrip().endswith((",", ":", "—")) else f"{out} … {part}"
    return out
