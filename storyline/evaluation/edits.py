"""Controlled edits of real articles: copies with furniture, rewrites in other words.

The lineage evaluation (``storyline.evaluation.lineage``) needs copies and rewrites
whose ground truth is known by construction. This module makes them from a real
article (a ``Source``):

- ``make_copy``: the same sentences verbatim, with ``furniture`` added (share
  buttons, promos, a read-more line, a made-up outlet's copyright line), the
  ``headline`` changed, paragraphs dropped (``drop``) or only the first 40-80 % of the
  sentences kept (``truncate``);
- ``make_rewrite``: the same sentences in the same order, in other words. About
  ``words`` of the words are edited: a derived synonym (``derive_synonyms``: words used
  in the same contexts in the corpus itself), a general paraphrase of a frequent news
  word or phrase (``PARAPHRASES``, hand-written), or, where a word has neither, a filler
  word put before it. Clauses are reordered ("X, he said." -> "He said that x."),
  sentences split and merged, some dropped, and a few sentences of the rewriter's own
  (from an article outside the pool) inserted. ``light``, ``heavy`` and ``severe``
  differ in how much of each.

No model is downloaded; everything is derived from the data or written here.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from storyline.lineage.shingles import WORD
from storyline.textutil import STOPWORDS

COPY_EDITS = ("exact", "furniture", "headline", "drop", "truncate")
LEVELS: dict[str, dict[str, float]] = {
    # share of words edited, of sentences reordered, split or merged, dropped; sentences
    # of the rewriter's own inserted
    "light": {"words": 0.15, "reorder": 0.3, "split": 0.1, "drop": 0.1, "insert": 1},
    "heavy": {"words": 0.35, "reorder": 0.5, "split": 0.25, "drop": 0.2, "insert": 2},
    # a stress level, beyond the gate: half the words, most sentences restructured
    "severe": {"words": 0.5, "reorder": 0.7, "split": 0.4, "drop": 0.3, "insert": 3},
}
FURNITURE = ("Advertisement", "Share this article", "Share on Facebook", "Tweet this",
             "Sign up for our daily newsletter", "Follow us on Twitter @dailycourier",
             "Click here to read more from The Daily Courier",
             "Copyright 2011 The Daily Courier. All rights reserved.", "Related Topics",
             "Leave a Reply")


@dataclass(frozen=True)
class Source:
    """A real article: its (detokenised) text, where and when it appeared."""

    id: str
    topic: str
    text: str
    date: str = ""
    outlet: str = ""
    given_title: str = ""
    paragraph_size: int = 2  # sentences to a paragraph (the data has no paragraphs)
    max_sentences: int = 20

    @property
    def paragraphs(self) -> tuple[tuple[str, ...], ...]:
        return _paragraphs(self.text, self.paragraph_size, self.max_sentences)

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p]

    @property
    def title(self) -> str:
        if self.given_title:
            return self.given_title
        sents = self.sentences
        if not sents:
            return "Untitled"
        words = re.sub(r"^[A-Z ,.()|-]*\(\w+\)\s*-+\s*", "", sents[0]).split()[:10]
        return " ".join(words).rstrip(",.;:!?\"”’") or "Untitled"


def split_sentences(text: str) -> list[str]:
    import nupunkt

    return [" ".join(text[s:e].split()) for s, e in nupunkt.sent_spans(text) if text[s:e].strip()]


@lru_cache(maxsize=4096)
def _paragraphs(text: str, size: int, limit: int) -> tuple[tuple[str, ...], ...]:
    sents = split_sentences(text)[:limit]
    return tuple(tuple(sents[i:i + size]) for i in range(0, len(sents), size))


# --- a synonym vocabulary derived from the corpus -------------------------------------

def _shape(word: str) -> str:
    for suffix in ("ing", "ed", "ly", "s"):
        if word.endswith(suffix):
            return suffix
    return ""


# Words whose replacement by a distributional neighbour changes a fact rather than the
# wording (million/billion, northern/southern, earlier/later): never substituted.
FACT_WORDS = frozenset("""
hundred hundreds thousand thousands million millions billion billions trillion percent
first second third fourth fifth sixth seventh eighth ninth tenth last next previous
northern southern eastern western north south east west northeast northwest southeast
southwest earlier later early late before after morning evening night afternoon today
yesterday tomorrow week weeks month months year years days hours minutes dozen dozens
male female more less most least many few several higher lower increase decrease rise fall
rose fell rising falling risen fallen one two three four five six seven eight nine ten
eleven twelve twenty thirty forty fifty sixty seventy eighty ninety dozen
""".split())


def derive_synonyms(texts: Iterable[str], *, min_count: int = 8, targets: int = 4000,
                    contexts: int = 1000, neighbours: int = 3, min_similarity: float = 0.25
                    ) -> dict[str, tuple[str, ...]]:
    """Words used in the same contexts, as replacement candidates for each word.

    Each frequent lower-case content word (proper nouns, which are mostly written
    capitalised, are left out) is described by the words at offsets -2..+2 around it
    (positive pointwise mutual information); its replacements are its nearest
    neighbours by cosine that have the same ending (-s, -ed, -ing, -ly) and different
    first four letters (so that the replacement really changes the wording).
    """
    from scipy import sparse

    raw = [WORD.findall(t) for t in texts]
    cased = Counter(w for doc in raw for w in doc)
    tokens = [[w.lower() for w in doc] for doc in raw]
    counts = Counter(w for doc in tokens for w in doc)
    vocab = [w for w, c in counts.most_common() if c >= min_count and w.isalpha()
             and len(w) >= 4 and w not in STOPWORDS and w not in FACT_WORDS
             and cased[w] >= 0.7 * c][:targets]
    ctx = [w for w, _ in counts.most_common(contexts)]
    t_id, c_id = {w: i for i, w in enumerate(vocab)}, {w: i for i, w in enumerate(ctx)}
    offsets = (-2, -1, 1, 2)
    rows, cols = [], []
    for doc in tokens:
        ids_t = np.array([t_id.get(w, -1) for w in doc])
        ids_c = np.array([c_id.get(w, -1) for w in doc])
        for k, off in enumerate(offsets):
            n = len(doc) - abs(off)
            if n <= 0:
                continue
            t = ids_t[max(0, -off):max(0, -off) + n]
            c = ids_c[max(0, off):max(0, off) + n]
            ok = (t >= 0) & (c >= 0)
            rows.append(t[ok])
            cols.append(k * len(ctx) + c[ok])
    if not rows or not vocab:
        return {}
    r, c = np.concatenate(rows), np.concatenate(cols)
    mat = sparse.coo_matrix((np.ones(len(r), dtype=np.float32), (r, c)),
                            shape=(len(vocab), len(offsets) * len(ctx))).tocsr()
    mat.sum_duplicates()
    total = mat.sum()
    row_sum = np.asarray(mat.sum(axis=1)).ravel()
    col_sum = np.asarray(mat.sum(axis=0)).ravel()
    coo = mat.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])),
                             shape=mat.shape)
    norms = np.sqrt(np.asarray(ppmi.multiply(ppmi).sum(axis=1)).ravel())
    ppmi = sparse.diags(1 / np.maximum(norms, 1e-9)) @ ppmi
    sims = (ppmi @ ppmi.T).toarray()
    out: dict[str, tuple[str, ...]] = {}
    for i, w in enumerate(vocab):
        picks = []
        for j in np.argsort(-sims[i])[:30]:
            v = vocab[j]
            if sims[i, j] < min_similarity:
                break
            if v[:4] != w[:4] and _shape(v) == _shape(w):
                picks.append(v)
            if len(picks) == neighbours:
                break
        if picks:
            out[w] = tuple(picks)
    return out


# General English paraphrases of frequent news words and phrases (hand-written, not
# derived: the distributional vocabulary leaves out function words and verbs of
# saying, which every rewrite changes).
PARAPHRASES: dict[str, tuple[str, ...]] = {
    "said": ("stated", "noted", "remarked"), "says": ("states", "notes"),
    "told": ("informed",), "added": ("continued", "went on to say"),
    "also": ("additionally", "as well"), "however": ("but", "nonetheless"),
    "because": ("since", "as"), "about": ("around", "roughly"), "more than": ("over",),
    "at least": ("no fewer than",), "announced": ("declared", "revealed"),
    "according to": ("as reported by",), "people": ("individuals", "persons"),
    "killed": ("slain",), "government": ("administration",), "officials": ("authorities",),
    "country": ("nation",), "help": ("assist",), "began": ("started",), "begin": ("start",),
    "try": ("attempt",), "tried": ("attempted",), "need": ("require",), "needed": ("required",),
    "show": ("indicate",), "showed": ("indicated",), "use": ("employ",), "used": ("employed",),
    "big": ("large",), "large": ("big", "major"), "important": ("significant", "key"),
    "many": ("numerous", "a lot of"), "including": ("among them",), "but": ("yet",),
    "while": ("whereas",), "after": ("following",), "before": ("prior to",),
    "during": ("throughout",), "despite": ("in spite of",), "expected": ("anticipated",),
    "continue": ("carry on",), "warned": ("cautioned",), "asked": ("requested",),
    "called for": ("urged",), "get": ("obtain",), "make": ("create",), "made": ("created",),
    "think": ("believe",), "believe": ("think",), "now": ("currently",), "still": ("yet",),
    "want": ("wish",), "wanted": ("wished",), "plan": ("intend",), "planned": ("intended",),
    "went": ("headed",), "came": ("arrived",), "took": ("seized",), "gave": ("offered",),
    "seen": ("regarded",), "saw": ("witnessed",), "hit": ("struck",), "left": ("departed",),
    "the government": ("the authorities",), "in order to": ("to",), "so far": ("to date",),
    "as well as": ("along with",), "a number of": ("several",),
    "on the other hand": ("by contrast",), "due to": ("owing to",), "whether": ("if",),
    "despite the": ("notwithstanding the",),
}
_PHRASE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(
    PARAPHRASES, key=len, reverse=True)) + r")\b")


# --- making copies and rewrites -------------------------------------------------------


def render(title: str, paragraphs: Sequence[Sequence[str]]) -> str:
    return title + "\n\n" + "\n\n".join(" ".join(p) for p in paragraphs if p) + "\n"


def make_copy(src: Source, edits: Sequence[str], rng: random.Random,
              other_titles: Sequence[str]) -> str:
    title, paragraphs = src.title, [list(p) for p in src.paragraphs]
    if "headline" in edits:
        other = rng.choice(other_titles) if other_titles else "Latest news"
        title = rng.choice([f"UPDATE 2-{title}", f"{title} - live", other])
    if "drop" in edits and len(paragraphs) > 2:
        k = rng.randint(1, max(1, len(paragraphs) // 3))
        for n in sorted(rng.sample(range(1, len(paragraphs)), k), reverse=True):
            del paragraphs[n]
    if "truncate" in edits:
        sents = [s for p in paragraphs for s in p]
        keep = max(2, round(len(sents) * rng.uniform(0.4, 0.8)))
        paragraphs, count = [], 0
        for p in [list(p) for p in src.paragraphs if any(s in sents for s in p)]:
            p = [s for s in p if s in sents][:keep - count]
            if p:
                paragraphs.append(p)
            count += len(p)
            if count >= keep:
                break
    text = render(title, paragraphs)
    if "furniture" in edits:
        blocks = text.split("\n\n")
        for line in rng.sample(FURNITURE, 3):
            blocks.insert(rng.randint(2, len(blocks)), line)
        if other_titles:
            blocks.insert(rng.randint(2, len(blocks)),
                          "READ MORE: " + rng.choice(other_titles).upper())
        text = "\n\n".join(b.strip() for b in blocks) + "\n"
    return text


_SAID = re.compile(r"^(?P<x>[^\"“”]{25,}), (?P<s>(?:he|she|they|it|[A-Z][\w.'’-]*(?: [\w.'’-]+)"
                   r"{0,5})) (?P<v>said|says|added|told [\w ]{2,30}?|explained|stated)\.$")
_ACCORDING = re.compile(r"^(?P<x>[^\"“”]{25,}), (?P<a>according to [^,]{3,60})\.$")
_SUBORDINATE = re.compile(r"^(?P<a>[^,\"“”]{20,}) (?P<c>because|after|when|while|although|"
                          r"before|since|as) (?P<b>[^,\"“”]{15,})\.$")
_SPLIT = re.compile(r"^(?P<a>.{30,}?)(?:, and |; |, but )(?P<b>.{25,})$")


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if text[:2].istitle() and text[:2] != "I " else text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _reorder(s: str) -> str:
    if m := _SAID.match(s):
        return f"{_upper_first(m['s'])} {m['v']} that {_lower_first(m['x'])}."
    if m := _ACCORDING.match(s):
        return f"{_upper_first(m['a'])}, {_lower_first(m['x'])}."
    if m := _SUBORDINATE.match(s):
        return f"{_upper_first(m['c'])} {m['b']}, {_lower_first(m['a'])}."
    return s


FILLERS = ("also", "now", "then", "indeed", "reportedly", "still", "in fact", "just", "even")


def _substitute(s: str, synonyms: dict[str, tuple[str, ...]], rate: float,
                rng: random.Random) -> str:
    """Edit about ``rate`` of the words: a phrase paraphrase, a derived synonym, or,
    where the word has neither, a filler word put before it (as rewriters and
    machine translation do), so every part of the sentence can change."""

    def paraphrase(m: re.Match[str]) -> str:
        return rng.choice(PARAPHRASES[m.group()]) if rng.random() < rate else m.group()

    out = []
    for token in _PHRASE.sub(paraphrase, s).split(" "):
        core = token.strip(".,;:!?\"“”‘’()")
        if core and rng.random() < rate:
            if core in synonyms:
                token = token.replace(core, rng.choice(synonyms[core]), 1)
            elif core.isalpha() and core.islower() and rng.random() < 0.5:
                token = f"{rng.choice(FILLERS)} {token}"
        out.append(token)
    return " ".join(out)


def make_rewrite(src: Source, level: str, rng: random.Random,
                 synonyms: dict[str, tuple[str, ...]], own_sentences: Sequence[str]) -> str:
    p = LEVELS[level]
    paragraphs: list[list[str]] = []
    for n, para in enumerate(src.paragraphs):
        out: list[str] = []
        for k, s in enumerate(para):
            if (n, k) != (0, 0) and rng.random() < p["drop"]:
                continue
            if rng.random() < p["reorder"]:
                s = _reorder(s)
            s = _substitute(s, synonyms, p["words"], rng)
            if rng.random() < p["split"] and (m := _SPLIT.match(s)):
                out += [m["a"].rstrip(",;") + ".", _upper_first(m["b"])]
            elif rng.random() < p["split"] and out and len(out[-1].split()) < 18:
                out[-1] = out[-1].rstrip(".") + "; " + _lower_first(s)
            else:
                out.append(s)
        if out:
            paragraphs.append(out)
    for s in rng.sample(list(own_sentences), min(int(p["insert"]), len(own_sentences))):
        paragraphs.insert(rng.randint(1, len(paragraphs)), [s])
    title = _substitute(src.title, synonyms, p["words"], rng)
    return render(title, paragraphs)
