"""Lines an outlet repeats verbatim across many of its articles: its own boilerplate.

The per-article rules (:mod:`storyline.clean.rules`, :mod:`storyline.clean.sentence_rules`)
cut furniture by what it looks like. A sidebar promo written as a sentence ("Hopes for
a negotiated settlement in Syria remain alive, despite regional tensions ..., says Jim
Muir.", 229 of Timeline17's 308 SyrianCrisis BBC pages) reads like reporting; only the
batch shows it for what it is: the *same outlet* prints it, word for word, at the edge
of many articles that otherwise have nothing in common.

That is the rule, and each part of it guards reporting that also recurs:

- **Same outlet, verbatim** (up to case and whitespace): an outlet reprinting its standard
  background sentence is the risk, so nothing is compared across outlets (agency
  copies run by several outlets are lineage evidence, not furniture).
- **Otherwise different articles**: copies and updated versions of one article (half
  or more of the smaller one's sentences shared) count once, so a story an outlet ran
  twice never makes its own sentences "repeated".
- **Many of them**: at least :data:`MIN_ARTICLES` such distinct articles, and at least
  :data:`MIN_SHARE` of the outlet's distinct articles in the batch. A standard closing
  line of a running story ("The blast killed 11 workers.", 7 of 286 Fox News pages)
  recurs in a few follow-ups; a sidebar promo in a large share of what the outlet
  published while it was up.
- **At the edge**: only a sentence in the run of such sentences that opens the first
  paragraph or closes the last one, or a paragraph made only of them, is cut (promos
  sit before, after or between the paragraphs of reporting), and only when that is
  where the sentence sits in at least :data:`EDGE_SHARE` of its articles: a background
  sentence that some follow-ups happen to end with ("In February, the Syrian
  government put the death toll at 3,838 ...", at the end of 3 of 7 BBC pages) sits
  inside the reporting in the others, and is kept everywhere.
- **Not a quote**: a sentence with double quotation marks is never cut (a quote
  repeated in follow-ups is reporting), nor one of fewer than :data:`MIN_WORDS` words
  (splitter debris such as "U.S.").
- An article is never emptied: if every sentence would go, none does.

Each cut is a :class:`storyline.model.RemovedSpan` with rule ``outlet-boilerplate`` and
the count in its detail ("repeated in 24 articles of BBC"), at its offsets in the raw
text. A per-batch rule suffices for batch ingest (``storyline brief``/``ingest``): an
outlet's promo recurs in the articles of the same crawl. An article polled alone is
judged against its outlet's remembered window of earlier articles instead
(:mod:`storyline.clean.outlet_memory`, the same rule).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlparse

from storyline.model import Article, RemovedSpan
from storyline.sentences import paragraph_spans
from storyline.unionfind import UnionFind

__all__ = [
    "EDGE_SHARE",
    "MIN_ARTICLES",
    "MIN_SHARE",
    "MIN_WORDS",
    "outlet_key",
    "remove_outlet_boilerplate",
]

RULE = "outlet-boilerplate"
MIN_ARTICLES = 5  # distinct articles of one outlet that print the sentence
MIN_SHARE = 0.1  # ... and this share of the outlet's distinct articles in the batch
EDGE_SHARE = 0.6  # share of those articles where it sits at the edge of the reporting
MIN_WORDS = 4
COPY_OVERLAP = 0.5  # sentences shared / the smaller article's: a copy or a version
_COPY_POSTINGS = 50  # a sentence in more articles than this is no evidence of copying
_DOUBLE_QUOTE = re.compile(r"[\"“”«»]")
# A sentence end: closing punctuation (and quotes or brackets), space, a capital or digit.
_SENTENCE_END = re.compile(r"([.!?…][\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of a paragraph, split at every full stop
    before a capital.

    Not the pipeline's splitter (:func:`storyline.sentences.sentence_spans`, nupunkt):
    finding what recurs needs the same boundaries in every article, not the right
    ones, and nupunkt was two thirds of this step's time. It also joins a promo to
    the sentence before it where this split does not ("... into chaos. Hopes for a
    negotiated settlement ..."); an abbreviation it splits at ("the U.S. State
    Department ...") only makes two pieces that recur together.
    """
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        end = m.start() + len(m.group(1))
        spans.append((start, end))
        start = m.end()
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return spans


@dataclass
class SentenceUnit:
    para: int  # paragraph index in the cleaned text
    start: int  # offsets in Article.text
    end: int
    key: str
    candidate: bool  # long enough and not a quote


@dataclass
class OutletDoc:
    index: int  # position in the batch
    units: list[SentenceUnit]
    paras: list[tuple[int, int]]
    keys: set[str]


def outlet_key(article: Article) -> tuple[str, str] | None:
    """``(key, name)`` of the outlet: the given source, else the URL's host."""
    if article.source and article.source.strip():
        name = article.source.strip()
        return name.lower(), name
    if article.url:
        host = urlparse(article.url).netloc.lower()
        host = host[4:] if host.startswith("www.") else host
        if host:
            return host, host
    return None


def outlet_doc(index: int, article: Article) -> OutletDoc:
    units: list[SentenceUnit] = []
    paras = paragraph_spans(article.text)
    for p, (ps, pe) in enumerate(paras):
        para = article.text[ps:pe]
        for s, e in sentence_spans(para):
            text = para[s:e]
            key = " ".join(text.lower().split())  # verbatim up to case and spacing
            if not key:
                continue
            candidate = len(key.split()) >= MIN_WORDS and not _DOUBLE_QUOTE.search(text)
            units.append(SentenceUnit(p, ps + s, ps + e, key, candidate))
    return OutletDoc(index, units, paras, {u.key for u in units})


def _copy_groups(docs: Sequence[OutletDoc]) -> tuple[list[str], dict[str, list[int]]]:
    """Each document's group (copies and versions of one article are one group, joined
    in a :class:`~storyline.unionfind.UnionFind` over the documents' positions) and, per
    sentence key, the positions of the documents that print it."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        for k in d.keys:
            postings[k].append(i)
    groups = UnionFind(str(i) for i in range(len(docs)))
    for i, d in enumerate(docs):
        shared: dict[int, int] = defaultdict(int)
        for k in d.keys:
            plist = postings[k]
            if len(plist) > _COPY_POSTINGS:
                continue
            for j in plist:
                if j > i:
                    shared[j] += 1
        for j, n in shared.items():
            # two shared sentences at least: a one-line article is no one's copy
            if n >= max(2, COPY_OVERLAP * min(len(d.keys), len(docs[j].keys))):
                groups.union(str(i), str(j))
    return [groups.find(str(i)) for i in range(len(docs))], postings


def _edge_units(doc: OutletDoc, boiler: set[str]) -> list[SentenceUnit]:
    """The units in ``boiler`` at the edge: the run opening the first paragraph, the
    run closing the last one, and paragraphs made only of them."""
    if not doc.units:
        return []
    marked = [u.candidate and u.key in boiler for u in doc.units]
    out: set[int] = set()
    first, last = doc.units[0].para, doc.units[-1].para
    i = 0
    while i < len(marked) and marked[i] and doc.units[i].para == first:
        out.add(i)
        i += 1
    i = len(marked) - 1
    while i >= 0 and marked[i] and doc.units[i].para == last:
        out.add(i)
        i -= 1
    by_para: dict[int, list[int]] = defaultdict(list)
    for i, u in enumerate(doc.units):
        by_para[u.para].append(i)
    for idx in by_para.values():
        if all(marked[i] for i in idx):
            out.update(idx)
    return [doc.units[i] for i in sorted(out)]


def outlet_boilerplate_units(docs: Sequence[OutletDoc]
                             ) -> tuple[dict[int, list[SentenceUnit]], dict[str, int]]:
    """Per document, the units to cut; and per cut sentence, how many articles print it."""
    roots, postings = _copy_groups(docs)
    total = len(set(roots))
    need = max(MIN_ARTICLES, MIN_SHARE * total)
    eligible = {u.key for d in docs for u in d.units if u.candidate}
    boiler = {k for k in eligible
              if len({roots[i] for i in postings[k]}) >= need}
    while boiler:
        at_edge: dict[str, set[int]] = defaultdict(set)
        for i, d in enumerate(docs):
            for u in _edge_units(d, boiler):
                at_edge[u.key].add(roots[i])
        keep = set()
        for k in boiler:
            carriers = {roots[i] for i in postings[k]}
            if len(at_edge[k]) >= EDGE_SHARE * len(carriers) and len(at_edge[k]) >= need:
                keep.add(k)
        if keep == boiler:
            break
        boiler = keep
    cuts = {}
    for i, d in enumerate(docs):
        units = _edge_units(d, boiler)
        if units and len(units) < len(d.units):  # never empty an article
            cuts[i] = units
    counts = {k: len(postings[k]) for k in boiler}
    return cuts, counts


def _raw_span(article: Article, text: str, after: int) -> tuple[int, int] | None:
    """Where ``text`` (a sentence of the cleaned body) sits in the raw text, at or after
    ``after`` and outside the spans already removed; None if it cannot be told."""
    raw = article.raw_text
    pattern = re.compile(r"\s+".join(re.escape(w) for w in text.split()))
    removed = [(s.start, s.end) for s in article.removed]
    pos = after
    while True:
        m = pattern.search(raw, pos)
        if m is None:
            return None if after == 0 else _raw_span(article, text, 0)
        if not any(s < m.end() and m.start() < e for s, e in removed):
            return m.start(), m.end()
        pos = m.start() + 1


def apply_cuts(article: Article, units: list[SentenceUnit], counts: dict[str, int],
           name: str) -> Article:
    text = article.text
    spans: list[RemovedSpan] = []
    cut: list[SentenceUnit] = []
    after = 0
    for u in units:
        sentence = text[u.start:u.end]
        found = _raw_span(article, sentence, after)
        if found is None:  # cannot record where it was: keep it
            continue
        start, end = found
        after = end
        n = counts[u.key]
        spans.append(RemovedSpan(article.raw_text[start:end], RULE, start, end, None,
                                 f"repeated in {n} articles of {name}"))
        cut.append(u)
    if not cut:
        return article
    paras = paragraph_spans(text)
    by_para: dict[int, list[SentenceUnit]] = defaultdict(list)
    for u in cut:
        by_para[u.para].append(u)
    out = []
    for p, (ps, pe) in enumerate(paras):
        pieces, pos = [], ps
        for u in by_para.get(p, []):
            pieces.append(text[pos:u.start].strip())
            pos = u.end
        pieces.append(text[pos:pe].strip())
        rest = " ".join(x for x in pieces if x)
        if rest:
            out.append(rest)
    removed = tuple(sorted(article.removed + tuple(spans), key=lambda s: s.start))
    return replace(article, text="\n\n".join(out), removed=removed)


def remove_outlet_boilerplate(articles: Sequence[Article]) -> list[Article]:
    """The cleaned articles of one batch without the sentences their outlet repeats
    as furniture (see the module docstring); articles without a known outlet, and
    outlets with fewer than :data:`MIN_ARTICLES` articles here, are left as they are."""
    by_outlet: dict[str, list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for i, a in enumerate(articles):
        key = outlet_key(a)
        if key is not None and a.text:
            by_outlet[key[0]].append(i)
            names.setdefault(key[0], key[1])
    out = list(articles)
    for key, idx in by_outlet.items():
        if len(idx) < MIN_ARTICLES:
            continue
        docs = [outlet_doc(i, articles[i]) for i in idx]
        cuts, counts = outlet_boilerplate_units(docs)
        for j, units in cuts.items():
            i = docs[j].index
            out[i] = apply_cuts(articles[i], units, counts, names[key])
    return out
