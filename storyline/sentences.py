"""Sentence splitting of cleaned article bodies, with character offsets.

nupunkt (an abbreviation-aware Punkt implementation with its model inside the
package) splits each paragraph; offsets index ``Article.text`` so a citation can
point at the exact words. Paragraphs never merge: a sentence does not cross a
blank line.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from storyline.model import Article, Sentence

__all__ = ["paragraph_spans", "sentence_spans", "split_batch", "split_sentences"]


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
    spans = _splitter()
    out: list[Sentence] = []
    for p, (p_start, p_end) in enumerate(paragraph_spans(article.text)):
        paragraph = article.text[p_start:p_end]
        for s_start, s_end in spans(paragraph):
            raw = paragraph[s_start:s_end]
            text = raw.strip()
            if not text:
                continue
            start = p_start + s_start + (len(raw) - len(raw.lstrip()))
            out.append(Sentence(article.id, len(out), " ".join(text.split()), start,
                                start + len(text), p))
    return out


def split_batch(articles: Iterable[Article]) -> dict[str, list[Sentence]]:
    return {a.id: split_sentences(a) for a in articles}
