"""Sentence splitting of cleaned article bodies, with character offsets.

nupunkt (an abbreviation-aware Punkt implementation with its model inside the
package) splits each paragraph; offsets index ``Article.text`` so a citation can
point at the exact words. Paragraphs never merge: a sentence does not cross a
blank line.

A quotation of several sentences is kept as one sentence when it closes within
the next two and the whole stays short (``QUOTE_MAX_WORDS``): split, its second
half ("Talks have to be held,” Peskov remarked Monday.") opens mid-quote and
reads as a fragment in a summary or a timeline, and its first half has lost its
speaker. About 1 % of NeuS sentences are such halves.

A piece that opens with a closing bracket, a comma or a semicolon continues the
sentence before it: the splitter took the full stop of an abbreviation inside
brackets for a sentence end ("Sen. Joe Manchin (D-W.Va.), another member of the
group, confirmed ..." came out as "... (D-W.Va." and "), another member ...").
46 NeuS sentences opened so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from storyline.model import Article, Sentence

__all__ = ["join_continuations", "join_open_quotes", "paragraph_spans", "sentence_spans",
           "split_batch", "split_sentences"]

QUOTE_MAX_WORDS = 60  # a joined quotation stays a sentence the summary may carry
QUOTE_MAX_PARTS = 3


@lru_cache(maxsize=1)
def _splitter():  # type: ignore[no-untyped-def]
    import nupunkt

    return nupunkt.sent_spans


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank paragraph (blocks between blank lines)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for block in text.split("\n\n"):
        stripped = block.strip()
        if stripped:
            start = pos + block.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(block) + 2
    return spans


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of one paragraph, as the splitter cuts it."""
    return list(_splitter()(paragraph))


def split_sentences(article: Article) -> list[Sentence]:
    """The sentences of an article's cleaned body, in order."""
    out: list[Sentence] = []
    for p, (p_start, p_end) in enumerate(paragraph_spans(article.text)):
        paragraph = article.text[p_start:p_end]
        spans = join_continuations(paragraph, sentence_spans(paragraph))
        for s_start, s_end in join_open_quotes(paragraph, spans):
            raw = paragraph[s_start:s_end]
            text = raw.strip()
            if not text:
                continue
            start = p_start + s_start + (len(raw) - len(raw.lstrip()))
            out.append(Sentence(article.id, len(out), " ".join(text.split()), start,
                                start + len(text), p))
    return out


_CONTINUES = re.compile(r"^\s*[)\]},;]")


def join_continuations(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each piece that cannot open a sentence (a closing bracket, a
    comma or a semicolon first) joined to the piece before it."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and _CONTINUES.match(paragraph[start:end]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _quote_balance(text: str) -> int:
    """+1 when ``text`` leaves a quotation open, -1 when it closes one opened before
    it, 0 otherwise. Curly quotes by count; with straight ones, an odd count opens
    when the last one starts a word and closes when it ends one."""
    opened, closed = text.count("“"), text.count("”")
    if opened != closed:
        return 1 if opened > closed else -1
    if text.count('"') % 2:
        last = text.rindex('"')
        return 1 if last == 0 or text[last - 1] in " (\u2014-" else -1
    return 0


def join_open_quotes(paragraph: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each quotation split across sentences joined into one span."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(spans):
        start, end = spans[k]
        close = _closing_part(paragraph, spans, k) \
            if _quote_balance(paragraph[start:end]) > 0 else None
        if close is None:
            out.append((start, end))
            k += 1
        else:
            out.append((start, spans[close][1]))
            k = close + 1
    return out


def _closing_part(paragraph: str, spans: list[tuple[int, int]], k: int) -> int | None:
    """The sentence after ``k`` that closes the quotation ``k`` opens, if it comes
    soon enough and the whole stays short; None otherwise."""
    start = spans[k][0]
    for j in range(k + 1, min(k + QUOTE_MAX_PARTS, len(spans))):
        if len(paragraph[start:spans[j][1]].split()) > QUOTE_MAX_WORDS:
            return None
        balance = _quote_balance(paragraph[spans[j][0]:spans[j][1]])
        if balance:
            return j if balance < 0 else None
    return None


def split_batch(articles: Iterable[Article]) -> dict[str, list[Sentence]]:
    return {a.id: split_sentences(a) for a in articles}
