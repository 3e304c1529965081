"""Step 3 of :mod:`storyline.quotes`: the same quote in each outlet's words.

The same statement in other words (translation, paraphrase) is found by embedding
similarity plus shared content words, as for summary support. Greedy, best pairs
first, never two quotes of one article in a group and never two different named
speakers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storyline.model import Quote, QuoteVariant, Sentence
from storyline.textutil import content_terms, overlap

from .speakers import Found

# (minimum cosine, minimum content-term Jaccard) for two quotes to be one statement.
GROUP_RULES: tuple[tuple[float, float], ...] = ((0.85, 0.10), (0.65, 0.20), (0.55, 0.35))
CONTAINED, CONTAINED_COSINE = 0.8, 0.5  # share of the shorter quote's words in the longer


def _vectors(found: list[Found], sentences: dict[str, list[Sentence]],
             vectors: dict[str, np.ndarray] | None) -> np.ndarray:
    """Mean of the vectors of the sentences each quote is in (computed if missing)."""
    if not found:
        return np.zeros((0, 1), dtype=np.float32)
    rows: list[np.ndarray | None] = []
    for f in found:
        vec = None
        if vectors is not None and f.article_id in vectors:
            index = {s.id: i for i, s in enumerate(sentences.get(f.article_id, []))}
            idx = [index[s] for s in f.sentence_ids if s in index]
            if idx:
                vec = vectors[f.article_id][idx].mean(axis=0)
        rows.append(vec)
    missing = [i for i, r in enumerate(rows) if r is None]
    if missing:
        from storyline.embed import get_embedder

        encoded = get_embedder().encode([found[i].text for i in missing])
        for i, row in zip(missing, encoded, strict=True):
            rows[i] = row
    matrix = np.vstack([np.asarray(r, dtype=np.float32) for r in rows])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)


def _containment(a: str, b: str) -> tuple[float, int]:
    ta, tb = content_terms(a), content_terms(b)
    shared = len(ta & tb)
    return (shared / min(len(ta), len(tb)) if ta and tb else 0.0), shared


def same_statement(similarity: float, a: Found | str, b: Found | str) -> tuple[bool, float]:
    """Do two quotes say the same thing? (also returns their content overlap)

    Either the whole wordings match (:data:`GROUP_RULES`), or one quote's words are
    nearly all inside the other's (an outlet quoting one sentence of two), or the
    words inside the quote marks match although the sentences around them differ
    (two partial quotes of one phrase).
    """
    ta = a.text if isinstance(a, Found) else a
    tb = b.text if isinstance(b, Found) else b
    jac = overlap(ta, tb)
    if any(similarity >= s and jac >= o for s, o in GROUP_RULES):
        return True, jac
    if similarity >= CONTAINED_COSINE:
        contained, shared = _containment(ta, tb)
        if contained >= CONTAINED and shared >= 3:
            return True, jac
    if isinstance(a, Found) and isinstance(b, Found) and (a.partial or b.partial):
        contained, shared = _containment(a.quoted or ta, b.quoted or tb)
        if contained >= CONTAINED and shared >= 3:
            return True, jac
    return False, jac


def group_quotes(found: list[Found], order: Sequence[str], vectors: np.ndarray) -> list[Quote]:
    """One Quote per statement, each outlet's wording a variant (module docstring, 3)."""
    n = len(found)
    sim = vectors @ vectors.T if n else np.zeros((0, 0))
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = found[i], found[j]
            if a.article_id == b.article_id:
                continue
            if a.speaker and b.speaker and a.speaker != b.speaker:
                continue
            ok, jac = same_statement(float(sim[i, j]), a, b)
            if ok:
                pairs.append((float(sim[i, j]) + jac, i, j, float(sim[i, j]), jac))
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    notes: dict[int, list[str]] = {i: [] for i in range(n)}
    for _, i, j, cosine, jac in sorted(pairs, reverse=True):
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        merged = members[gi] + members[gj]
        if len({found[k].article_id for k in merged}) < len(merged):
            continue
        if len({found[k].speaker for k in merged if found[k].speaker}) > 1:
            continue
        for k in members[gj]:
            group[k] = gi
        members[gi] = merged
        notes[gi] += notes.pop(gj) + [f"{found[j].article_id} ~ {found[i].article_id}: cosine "
                                      f"{cosine:.2f}, shared words {jac:.2f}"]
        del members[gj]
    rank = {a: k for k, a in enumerate(order)}
    quotes = []
    for gi, ks in members.items():
        ks = sorted(ks, key=lambda k: (rank.get(found[k].article_id, 1 << 20), found[k].start))
        speakers = [found[k].speaker for k in ks if found[k].speaker]
        speaker = max(set(speakers), key=speakers.count) if speakers else None
        variants = tuple(QuoteVariant(found[k].article_id, found[k].text, found[k].speaker,
                                      found[k].attribution, found[k].partial,
                                      found[k].sentence_ids[0] if found[k].sentence_ids
                                      else None) for k in ks)
        first = found[ks[0]]
        key = (-len(ks), rank.get(first.article_id, 1 << 20), first.start)
        quotes.append((key, Quote(speaker, variants, "; ".join(notes[gi]))))
    quotes.sort(key=lambda kq: kq[0])
    return [q for _, q in quotes]
