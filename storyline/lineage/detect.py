"""Lineage of a set of articles: copies, rewrites, cited origins, independent reports.

``detect_lineage(articles, sentences, vectors)`` runs the three detectors and turns
their findings into ``LineageGroup``s with evidence, one ``LineageNote`` per article
saying why it is (or is not) grouped, and the partition of the articles into
independent reports:

1. **copies** (``shingles.py``, ``minhash.py``): two articles share at least
   ``COPY_CONTAINMENT`` of the shorter one's own wording (5-word shingles outside
   quotations) and at least ``COPY_MIN_SHARED`` shingles; the sentences both have are
   word for word the same (``COPY_VERBATIM``: otherwise it is a rewrite), and one of
   the shorter one's first ``COPY_LEAD`` sentences is among them (copies keep the
   lead; a shared factbox or closing boilerplate is not a copy). Candidates come from
   all pairs for a few articles and from the MinHash LSH index above
   ``EXACT_LIMIT``; either way the decision is made on the exact shingle sets.
2. **rewrites** (``align.py``): not copies, but their sentences align in order over
   at least ``REWRITE_COVERAGE`` of the shorter article (``REWRITE_MIN_PAIRS`` pairs),
   and (where both dates are known) published at most ``REWRITE_MAX_DAYS`` apart.
3. **cues** (``cues.py``): the origin each article names. A copy or rewrite group
   takes the origin its members name (most members; source cues such as datelines
   before attributions); every origin named also gets a ``cites`` group of the
   articles that name it (those whose own group already names it are not repeated).

Articles too thin to judge (no body, a headline only, a few words, nearly all
quotation) are never grouped on what little they share; their note says why.
Thresholds were measured on the evaluation set of ``storyline.evaluation.lineage``
(docs/lineage.md has the numbers).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyline.lineage import align as _align
from storyline.lineage.align import Alignment, Unit, align_batch
from storyline.lineage.cues import CUE_KINDS, Cue, find_cues
from storyline.lineage.minhash import ShingleIndex
from storyline.lineage.shingles import WORD, Reporting, reporting, shared, shingle_hashes
from storyline.model import Article, LineageEvidence, LineageGroup, LineageNote, Sentence
from storyline.support import is_match
from storyline.unionfind import UnionFind

COPY_CONTAINMENT = 0.5
COPY_VERBATIM = 0.8  # of the shared sentences, the share (by words) copied word for word
COPY_LEAD = 3  # one of the shorter article's first sentences must be copied word for word
COPY_MIN_SHARED = 15
MIN_COPY_SHINGLES = 15  # own-reporting shingles an article needs to be compared for copying
EXACT_LIMIT = 120  # up to this many articles, compare every pair; above, use the LSH index
# Rewrites of one copy appear within days of each other; the same outlet retelling a
# story months later in its usual order (a trial's coverage) is a new report.
REWRITE_MAX_DAYS = 7
MAX_ALIGNED_EVIDENCE = 6  # aligned sentence pairs shown per rewrite edge
_STRENGTH = {"source": 2, "attribution": 1}


@dataclass(frozen=True)
class CopyEdge:
    a: str
    b: str
    shared: int
    containment: float
    jaccard: float
    verbatim: float


@dataclass(frozen=True)
class LineageResult:
    """Groups with evidence, a note per article, and who is whose report."""

    groups: tuple[LineageGroup, ...]
    notes: tuple[LineageNote, ...]
    reports: Mapping[str, str] = field(default_factory=dict)  # article id -> report id
    cues: Mapping[str, tuple[Cue, ...]] = field(default_factory=dict)

    @property
    def independent_count(self) -> int:
        return len(set(self.reports.values()))

    def weigh(self, article_ids: Iterable[str]) -> float:
        """Independent reports among ``article_ids`` (the ``summarize(weigh=...)`` hook)."""
        return float(len({self.reports.get(a, a) for a in article_ids}))


# --- copies ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceProfile:
    """Each sentence of an article as its lower-cased words (punctuation and typography
    ignored) with its word count and 5-word shingles: a copy has the same sentences
    word for word, a rewrite reworded ones."""

    keys: tuple[str, ...]
    words: tuple[int, ...]
    shingles: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, sentences: Sequence[Sentence]) -> SentenceProfile:
        runs = [WORD.findall(s.text.lower()) for s in sentences]
        runs = [r for r in runs if r]
        return cls(tuple(" ".join(r) for r in runs), tuple(len(r) for r in runs),
                   tuple(shingle_hashes([r]) for r in runs))

    @property
    def total(self) -> int:
        return sum(self.words)


def verbatim_share(a: SentenceProfile, b: SentenceProfile) -> float:
    """Of the shorter article's sentences that the other also has (word for word, or
    reworded: at least a third of their shingles in it), the share (by words) that
    it has word for word. 1.0 for any copy, however truncated; low for a rewrite."""
    small, big = (a, b) if a.total <= b.total else (b, a)
    big_keys = set(big.keys)
    big_shingles = np.unique(np.concatenate(big.shingles)) if big.shingles else np.zeros(0)
    verbatim = reworded = 0
    for key, n, sh in zip(small.keys, small.words, small.shingles, strict=True):
        if key in big_keys:
            verbatim += n
        elif len(sh) and np.isin(sh, big_shingles, assume_unique=True).mean() >= 1 / 3:
            reworded += n
    return verbatim / (verbatim + reworded) if verbatim + reworded else 0.0


def lead_shared(a: SentenceProfile, b: SentenceProfile, lead: int = COPY_LEAD) -> bool:
    """Whether one of the shorter article's first ``lead`` sentences is in the other word
    for word. Copies keep the lead (truncation cuts the end, editors drop later
    paragraphs); two reports that share only a factbox or a closing boilerplate
    paragraph do not."""
    small, big = (a, b) if a.total <= b.total else (b, a)
    big_keys = set(big.keys)
    return any(k in big_keys for k in small.keys[:lead])


def _copy_edges(profiles: Mapping[str, Reporting], keys: Mapping[str, SentenceProfile],
                eligible: list[str]) -> tuple[list[CopyEdge], dict[str, tuple[str, float]]]:
    """Copy pairs, and for each article the most similar one compared (for its note)."""
    if len(eligible) <= EXACT_LIMIT:
        pairs = [(a, b) for n, a in enumerate(eligible) for b in eligible[n + 1:]]
    else:
        index = ShingleIndex()
        index.add_batch((a, profiles[a].shingles) for a in eligible)
        pairs = list(index.candidate_pairs())
    edges = []
    closest: dict[str, tuple[str, float]] = {}
    for a, b in pairs:
        sa, sb = profiles[a].shingles, profiles[b].shingles
        common = shared(sa, sb)
        contained = common / min(len(sa), len(sb))
        for x, y in ((a, b), (b, a)):
            if contained > closest.get(x, ("", -1.0))[1]:
                closest[x] = (y, contained)
        if common >= COPY_MIN_SHARED and contained >= COPY_CONTAINMENT:
            verbatim = verbatim_share(keys[a], keys[b])
            if verbatim >= COPY_VERBATIM and lead_shared(keys[a], keys[b]):
                edges.append(CopyEdge(a, b, common, contained,
                                      common / (len(sa) + len(sb) - common), verbatim))
    return edges, closest


def _copy_evidence(edge: CopyEdge, sizes: Mapping[str, int]) -> LineageEvidence:
    small, big = (edge.a, edge.b) if sizes[edge.a] <= sizes[edge.b] else (edge.b, edge.a)
    return LineageEvidence(
        "overlap", small, other_article_id=big, score=round(edge.containment, 3),
        detail=(f"{edge.containment:.0%} of {small}'s own wording ({edge.shared} of "
                f"{sizes[small]} five-word shingles outside quotations) is in {big}; "
                f"{edge.verbatim:.0%} of the sentences both have are word for word the same; "
                f"Jaccard {edge.jaccard:.2f}"))


# --- rewrites -------------------------------------------------------------------------


def _rewrite_evidence(al: Alignment, sentences: Mapping[str, Sequence[Sentence]]
                      ) -> list[LineageEvidence]:
    sa, sb = sentences[al.a], sentences[al.b]
    shorter = min(al.a_sentences, al.b_sentences)
    out = [LineageEvidence(
        "overlap", al.a, other_article_id=al.b, score=round(al.coverage, 3),
        detail=(f"{al.a} and {al.b} follow the same copy: {len(al.pairs)} sentence pairs "
                f"say the same thing in the same order, {al.coverage:.0%} of the shorter "
                f"article's {shorter} sentences ({al.matches} matching pairs in all)"))]
    for p in al.pairs[:MAX_ALIGNED_EVIDENCE]:
        out.append(_aligned(sa[p.i], sb[p.j], p.similarity))
    return out


def _aligned(s: Sentence, t: Sentence, similarity: float) -> LineageEvidence:
    return LineageEvidence(
        "aligned", s.article_id, text=s.text, other_article_id=t.article_id,
        other_text=t.text, sentence_id=s.id, other_sentence_id=t.id,
        score=round(similarity, 3),
        detail=f"{s.id} ≈ {t.id} (cosine {similarity:.2f}): “{_short(s.text)}” / "
               f"“{_short(t.text)}”")


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# --- cues -----------------------------------------------------------------------------


def _cue_evidence(cue: Cue) -> LineageEvidence:
    return LineageEvidence("cue", cue.article_id, text=cue.text, origin=cue.origin, cue=cue.kind,
                           start=cue.start, end=cue.end,
                           detail=f"{cue.article_id} names {cue.origin} ({cue.kind}): "
                                  f"“{cue.text}”")


def _origin(members: Sequence[str], cues: Mapping[str, Sequence[Cue]]) -> str | None:
    """The origin most members name, source cues (dateline, credit) before attributions."""
    votes: Counter[str] = Counter()
    strength: dict[str, int] = defaultdict(int)
    for a in members:
        for origin in {c.origin for c in cues.get(a, ())}:
            votes[origin] += 1
        for c in cues.get(a, ()):
            strength[c.origin] = max(strength[c.origin], _STRENGTH[CUE_KINDS[c.kind]])
    if not votes:
        return None
    return max(votes, key=lambda o: (votes[o], strength[o], o))


def _cue_sentence_pairs(members: Sequence[str], origin: str,
                        sentences: Mapping[str, Sequence[Sentence]],
                        vectors: Mapping[str, np.ndarray]) -> list[LineageEvidence]:
    """Sentences naming ``origin`` in two members that say the same thing (a shared
    passage from the cited origin, such as one quotation 'according to Reuters')."""
    carrying = {}
    for a in members:
        keep = [k for k, s in enumerate(sentences.get(a, ())) if origin_named(s.text, origin)]
        if keep and len(vectors.get(a, ())):
            carrying[a] = keep
    out = []
    ids = list(carrying)
    for n, a in enumerate(ids):
        for b in ids[n + 1:]:
            for i in carrying[a]:
                for j in carrying[b]:
                    s, t = sentences[a][i], sentences[b][j]
                    value = float(vectors[a][i] @ vectors[b][j])
                    if is_match(value, s.text, t.text):
                        out.append(_aligned(s, t, value))
    return out


def origin_named(text: str, origin: str) -> bool:
    probe = Article("probe", text, text)
    return any(c.origin == origin for c in find_cues(probe))


# --- putting it together --------------------------------------------------------------


def days_apart(a: Article, b: Article) -> int:
    """Days between two articles' publication dates (0 when either is unknown)."""
    try:
        return abs((date.fromisoformat((a.published or "")[:10])
                    - date.fromisoformat((b.published or "")[:10])).days)
    except ValueError:
        return 0


def _thin_reason(p: Reporting, body_words: int) -> str | None:
    if body_words == 0:
        return "no body text (empty, or a headline only): nothing to compare"
    if len(p.shingles) >= MIN_COPY_SHINGLES:
        return None
    if p.quote_share > 0.5:
        return (f"mostly quotation ({p.quoted_words} of {p.words} words inside quotation "
                "marks): shared quotations alone do not show copying")
    return (f"too short to compare ({body_words} words of body, {len(p.shingles)} five-word "
            f"shingles of own reporting; needs {MIN_COPY_SHINGLES})")


def detect_lineage(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]],
                   vectors: Mapping[str, np.ndarray]) -> LineageResult:
    """Copies, rewrites and cited origins among ``articles`` (see the module docstring).

    ``sentences`` and ``vectors`` are the pipeline's: each article's sentences of its
    cleaned body and their L2-normalised embeddings, row for row.
    """
    ids = [a.id for a in articles]
    by_id = {a.id: a for a in articles}
    profiles = {a.id: reporting(a.text) for a in articles}
    body_words = {a.id: len(a.text.split()) for a in articles}
    thin = {a: r for a in ids if (r := _thin_reason(profiles[a], body_words[a]))}
    eligible = [a for a in ids if a not in thin]
    keys = {a: SentenceProfile.of(sentences.get(a, ())) for a in ids}
    copies, closest = _copy_edges(profiles, keys, eligible)
    copy_uf = UnionFind(ids)
    # evidence is kept for the edges that join groups (a spanning tree): a group of
    # fifty reprints has 1,225 copy pairs, and 49 of them say everything
    copy_tree = [e for e in copies if copy_uf.union(e.a, e.b)]

    units = {a: Unit(tuple(s.text for s in sentences.get(a, ())),
                     vectors.get(a, np.zeros((0, 1), dtype=np.float32)))
             for a in eligible if len(sentences.get(a, ()))}
    alignments = align_batch(units)
    apart = {key: days for key in alignments
             if (days := days_apart(by_id[key[0]], by_id[key[1]])) > REWRITE_MAX_DAYS}
    rewrites = [al for key, al in alignments.items() if al.is_rewrite and key not in apart
                and copy_uf.find(al.a) != copy_uf.find(al.b)]
    lineage_uf = UnionFind(ids)
    for e in copies:
        lineage_uf.union(e.a, e.b)
    rewrite_tree = [al for al in sorted(rewrites, key=lambda x: -x.coverage)
                    if lineage_uf.union(al.a, al.b)]

    cues = {a.id: tuple(find_cues(a)) for a in articles}
    order = {a: (by_id[a].published or "9999", a) for a in ids}
    groups: list[LineageGroup] = []
    origin_of_group: dict[str, str | None] = {}
    sizes = {a: len(p.shingles) for a, p in profiles.items()}

    for members in copy_uf.components():
        if len(members) < 2:
            continue
        members = sorted(members, key=order.__getitem__)
        origin = _origin(members, cues)
        inside = set(members)
        evidence = [_copy_evidence(e, sizes) for e in copy_tree if e.a in inside]
        evidence += [_cue_evidence(c) for a in members for c in cues[a] if c.origin == origin]
        groups.append(LineageGroup(origin, "copy", tuple(members), tuple(evidence)))
        for a in members:
            origin_of_group[a] = origin
    for members in lineage_uf.components():
        inside = set(members)
        edges = [al for al in rewrite_tree if al.a in inside]
        if not edges:
            continue
        members = sorted(members, key=order.__getitem__)
        origin = _origin(members, cues)
        evidence = [ev for al in edges for ev in _rewrite_evidence(al, sentences)]
        evidence += [_cue_evidence(c) for a in members for c in cues[a] if c.origin == origin]
        groups.append(LineageGroup(origin, "rewrite", tuple(members), tuple(evidence)))
        for a in members:
            origin_of_group[a] = origin

    citing: dict[str, list[str]] = defaultdict(list)
    for a in sorted(ids, key=order.__getitem__):
        for origin in dict.fromkeys(c.origin for c in cues[a]):
            if origin_of_group.get(a) != origin:
                citing[origin].append(a)
    for origin, members in sorted(citing.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        evidence = [_cue_evidence(c) for a in members for c in cues[a] if c.origin == origin]
        evidence += _cue_sentence_pairs(members, origin, sentences, vectors)
        groups.append(LineageGroup(origin, "cites", tuple(members), tuple(evidence)))

    reports = {a: lineage_uf.find(a) for a in ids}
    notes = _notes(ids, thin, copies, rewrites, alignments, closest, cues, units, apart)
    return LineageResult(tuple(groups), tuple(notes), reports, cues)


def _notes(ids: list[str], thin: Mapping[str, str], copies: Sequence[CopyEdge],
           rewrites: Sequence[Alignment], alignments: Mapping[tuple[str, str], Alignment],
           closest: Mapping[str, tuple[str, float]], cues: Mapping[str, Sequence[Cue]],
           units: Mapping[str, Unit], apart: Mapping[tuple[str, str], int]
           ) -> list[LineageNote]:
    notes = []
    for a in ids:
        named = sorted({c.origin for c in cues[a]})
        cites = f"; names {', '.join(named)} as a source" if named else ""
        copy_of = [e.b if e.a == a else e.a for e in copies if a in (e.a, e.b)]
        rewrite_of = [al.b if al.a == a else al.a for al in rewrites if a in (al.a, al.b)]
        if copy_of:
            notes.append(LineageNote(a, "copy", f"shares its wording with {', '.join(copy_of)}"
                                                f"{cites}"))
        elif rewrite_of:
            notes.append(LineageNote(a, "rewrite", "follows the same copy sentence by sentence "
                                                   f"as {', '.join(rewrite_of)}{cites}"))
        elif a in thin:
            notes.append(LineageNote(a, "not-compared", thin[a] + cites))
        else:
            notes.append(LineageNote(a, "independent", _closest(a, ids, thin, alignments,
                                                                closest, units, apart) + cites))
    return notes


def _closest(a: str, ids: list[str], thin: Mapping[str, str],
             alignments: Mapping[tuple[str, str], Alignment],
             closest: Mapping[str, tuple[str, float]], units: Mapping[str, Unit],
             apart: Mapping[tuple[str, str], int]) -> str:
    others = sum(1 for b in ids if b != a and b not in thin)
    if not others:
        return "no other article to compare with"
    text = f"no copy or rewrite among {others} other article(s)"
    if a in closest:
        best, share = closest[a]
        text += (f": most shared wording {share:.0%} (with {best}; a copy needs "
                 f"{COPY_CONTAINMENT:.0%})")
    else:  # many articles: the LSH index found no article close in wording
        text += ": none shares much of its wording"
    aligned = [al for key, al in alignments.items() if a in key]
    if aligned:
        al = max(aligned, key=lambda x: (x.coverage, len(x.pairs)))
        other = al.b if al.a == a else al.a
        text += (f"; most sentences aligned in order {len(al.pairs)} ({al.coverage:.0%} of the "
                 f"shorter article, with {other}; a rewrite needs {_align.REWRITE_COVERAGE:.0%}"
                 f" and {_align.REWRITE_MIN_PAIRS})")
        if al.is_rewrite and (al.a, al.b) in apart:
            text += (f", but they were published {apart[(al.a, al.b)]} days apart (rewrites "
                     f"of one copy appear within {REWRITE_MAX_DAYS})")
    usable = len(units[a].usable()) if a in units else 0
    if usable < _align.REWRITE_MIN_PAIRS:
        text += (f"; only {usable} sentence(s) of own reporting, too few to tell a rewrite "
                 "from independent reporting of the same facts")
    return text
