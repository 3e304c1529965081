"""What the clusterer knows about one article: the views it compares.

An article is represented, as in streaming news clustering (Miranda et al.,
EMNLP 2018), by several views compared separately and combined by learned
weights rather than by one vector:

* a sentence embedding of its **title** (its lead when untitled; the default
  embedder is multilingual, so a Russian and an English report of one event can
  meet);
* hashed **term counts** of title and body (TF-IDF weights are applied later,
  against the document frequencies the clusterer has seen so far);
* its **proper names** (people, places, organisations; see :mod:`.text`);
* its **publication time** (None when unknown: then time is not used and the
  membership reason says so);
* its **script**, so lexical views only compare articles written alike;
* a **text vector** of its title and lead (:data:`TEXT_CHARS` characters): the
  mean of WordLlama's static token vectors (:class:`storyline.embed.WordLlamaEmbedder`),
  which the batch grouping mixes into its TF-IDF similarity
  (``ClusterConfig.group_text_weight``). It reads the whole lead at a few thousand
  articles a second, where the sentence encoder reads titles; None when the
  ``wordllama`` package is missing (the grouping then compares wording alone).

Which text is embedded is measured, not assumed: on pooled NeuS train, adding
the body to the embedded text improved event B-cubed F1 by less than the
lexical views already gave, at several times the cost (the encoder's cost is
linear in tokens), and the title alone scored as well as the title with the
first :data:`LEAD_CHARS` characters (docs/clustering.md has the numbers).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from storyline.dates import to_date
from storyline.model import Article

from .text import names, script, term_counts, term_hash

LEAD_CHARS = 300
TEXT_CHARS = 600  # of the text, after the title, in the text vector (docs/clustering.md)
BODY_CHARS = 4000  # terms beyond this add little and cost time on long articles
TITLE_WEIGHT = 2  # a title's words count twice: it says what the article is about
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class ArticleFeatures:
    """One article as the clusterer sees it (plain data, picklable)."""

    article_id: str
    order_key: str  # where the article goes in a batch: date, then a hash of the id
    day: float | None  # days since 1970-01-01, None when the date is unknown
    terms: dict[int, int]  # hashed term -> count (title counted TITLE_WEIGHT times)
    names: frozenset[int]  # hashed proper names
    script: str
    embedding: np.ndarray | None  # L2-normalised title+lead vector, or None
    title: str | None = None
    published: str | None = None
    # L2-normalised title + lead vector (TEXT_CHARS) for the batch grouping, or None
    text_vector: np.ndarray | None = None


def embed_text(article: Article) -> str:
    """The title, which says what the article is about; the lead when there is no title.

    Measured (docs/clustering.md): with the model refitted, embedding titles alone
    scores as well as title + lead on NeuS (val B-cubed F1 0.832 either way) and
    links Timeline17 story threads better, at a quarter of the encoder's cost
    (17 tokens a title against 74 for title + 300 characters).
    """
    if article.title:
        return article.title
    lead = article.text[:LEAD_CHARS]
    cut = lead.rfind(" ")
    if len(article.text) > LEAD_CHARS and cut > LEAD_CHARS // 2:
        lead = lead[:cut]
    return lead


def name_hash(name: str) -> int:
    return term_hash("\x00name:" + name)


def article_day(article: Article) -> float | None:
    day = to_date(article.published)
    return float((day - _EPOCH).days) if day else None


def order_key(article: Article) -> str:
    """Dated articles first, by date; then by a hash of the id.

    The hash (not the id itself) orders articles of one day and undated ones,
    so that neither the input order nor id patterns (``cluster-3-0``,
    ``cluster-3-1``) decide which article founds an event.
    """
    digest = hashlib.sha1(article.id.encode("utf-8")).hexdigest()[:12]
    return f"{(article.published or '9999')[:10]}|{digest}|{article.id}"


def vector_text(article: Article) -> str:
    """What the text vector reads: the title and the first :data:`TEXT_CHARS` characters
    of the text (more measured no better on NeuS train, docs/clustering.md)."""
    lead = article.text[:TEXT_CHARS]
    return f"{article.title}. {lead}" if article.title else lead


def text_embedder() -> object | None:
    """The text vectors' encoder (WordLlama), or None when the ``wordllama`` package is
    missing: clustering then goes on with wording alone (the grouping's reasons say so),
    never fails for it."""
    from storyline.embed import get_embedder
    from storyline.errors import MissingExtra

    try:
        return get_embedder("wordllama")
    except MissingExtra:
        return None


def featurize(articles: Sequence[Article], embedder: object | None,
              text_vectors: bool = True) -> list[ArticleFeatures]:
    """Features of a batch; ``embedder`` (``encode(texts)``) may be None (lexical only).
    ``text_vectors``: also each article's text vector for the batch grouping, when the
    ``wordllama`` package is installed (False: none, as with
    ``ClusterConfig.group_text_weight`` 0)."""
    vectors = None
    if embedder is not None and articles:
        vectors = np.asarray(embedder.encode([embed_text(a) for a in articles]),  # type: ignore[attr-defined]
                             dtype=np.float32)
    texts = None
    encoder = text_embedder() if text_vectors and articles else None
    if encoder is not None:
        texts = np.asarray(encoder.encode([vector_text(a) for a in articles]),  # type: ignore[attr-defined]
                           dtype=np.float32)
    out = []
    for i, a in enumerate(articles):
        body = a.text[:BODY_CHARS]
        counts: Counter[int] = term_counts(body)
        if a.title:
            for h, c in term_counts(a.title).items():
                counts[h] += TITLE_WEIGHT * c
        found = names(f"{a.title}.\n{a.text[:1500]}" if a.title else a.text[:1500])
        out.append(ArticleFeatures(
            article_id=a.id, order_key=order_key(a), day=article_day(a), terms=dict(counts),
            names=frozenset(name_hash(n) for n in found),
            script=script(f"{a.title or ''} {a.text[:400]}"),
            embedding=vectors[i] if vectors is not None else None,
            title=a.title, published=a.published,
            text_vector=texts[i] if texts is not None else None))
    return out
