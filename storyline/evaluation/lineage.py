"""Lineage evaluation without hand labels: synthetic copies and rewrites of real news.

Real articles from Timeline17 (``t17``: several outlets covering one subject for
months, e.g. the BP oil spill by the BBC, Fox News, the Guardian, Reuters and the
Washington Post) and NeuS (``neus``: one story told by three outlets) are the
*originals*. ``storyline.evaluation.edits`` makes copies (furniture, headline,
dropped paragraphs, truncation) and rewrites (same sentence order, other words) of
them, so the truth is known by construction.

A *pool* is what ``detect_lineage`` sees at once, like the articles of one story:
for a T17 subject, some originals with two copies and two rewrites (``light``,
``heavy``) each, plus independent articles of the same subject, among them articles
published within a day of an original by another outlet (the hardest negatives:
independent reports of the same events); for NeuS, ten stories with each outlet's
excerpt and a copy of it. Two documents of one original are a true pair: ``copy``
when both are the original or copies of it, ``rewrite`` when either is a rewrite.
Two documents of different originals on the same subject (NeuS: the same story) are
a *same-topic independent* pair. No two articles chosen for a pool share more than
15 % of their wording, because Timeline17 holds real duplicates and updates of one
story that would otherwise be unlabelled positives; real rewrites among them are
not filtered, so some "false positives" may be true (``Tally.errors`` lists them).

Pools run through the real pipeline (``prepare``: cleaning; sentences; embeddings)
and ``detect_lineage``, exactly as a brief does. ``python -m
storyline.evaluation.lineage`` prints the full report; tests pin floors on a sample.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from storyline.evaluation.edits import (
    COPY_EDITS,
    Source,
    derive_synonyms,
    make_copy,
    make_rewrite,
    render,
)
from storyline.lineage.shingles import containment, reporting


@dataclass(frozen=True)
class EvalDoc:
    id: str
    topic: str
    family: str  # the id of the original it derives from
    kind: str  # original | copy | rewrite
    edits: tuple[str, ...]
    raw: str
    date: str = ""
    outlet: str = ""


# --- reading the data -----------------------------------------------------------------

_DETOK = [(re.compile(p), r) for p, r in (
    (r"-LRB-", "("), (r"-RRB-", ")"), (r"-LSB-", "["), (r"-RSB-", "]"),
    (r"``\s*", "“"), (r"\s*''", "”"), (r" ([,.;:?!%)\]}])", r"\1"), (r"([(\[{$]) ", r"\1"),
    (r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1"), (r"\\/", "/"), (r"\s+", " "))]


def detokenize(text: str) -> str:
    """Undo Penn-Treebank-style tokenisation ("it 's , `` he said ''" -> "it's, “he said”")."""
    for pattern, repl in _DETOK:
        text = pattern.sub(repl, text)
    return text.strip()


def t17_subjects(root: Path) -> dict[str, list[str]]:
    """Subject -> its topic folders ("bpoil" -> ["bpoil_bbc", "bpoil_foxnews", ...])."""
    out: dict[str, list[str]] = {}
    for path in sorted(root.glob("*/articles.json.gz")):
        out.setdefault(path.parent.name.split("_")[0], []).append(path.parent.name)
    return out


def load_t17(root: Path, topics: Sequence[str]) -> list[Source]:
    """Timeline17 articles of the given topic folders, detokenised (first 8,000
    characters: far more than the 20 sentences an original keeps)."""
    out = []
    for topic in topics:
        subject, outlet = topic.split("_")[0], topic.split("_")[-1]
        for record in json.loads(gzip.decompress((root / topic / "articles.json.gz").read_bytes())):
            text = detokenize((record.get("text") or "")[:8000])
            if len(text.split()) >= 120:
                out.append(Source(f"{topic}-{record['uid']}", subject, text,
                                  str(record.get("dct") or "")[:10], outlet))
    return out


def load_neus(path: Path) -> dict[str, list[Source]]:
    """NeuS stories: each outlet's excerpt (one sentence to a paragraph)."""
    out: dict[str, list[Source]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cluster = json.loads(line)
        for n, a in enumerate(cluster["articles"]):
            text = a.get("text") or ""
            if len(text.split()) >= 30:
                out.setdefault(cluster["id"], []).append(Source(
                    a["id"], cluster["id"], text, outlet=str(n),
                    given_title=(a.get("title") or "").rstrip(".") or "Untitled",
                    paragraph_size=1))
    return out


# --- pools ----------------------------------------------------------------------------


class _Unrelated:
    """Sources accepted one by one, none sharing more than ``max_shared`` of its wording
    with one accepted before."""

    def __init__(self, max_shared: float = 0.15) -> None:
        self.max_shared = max_shared
        self.shingles: list[np.ndarray] = []

    def accept(self, src: Source) -> bool:
        sh = reporting(" ".join(src.sentences)).shingles
        if any(containment(sh, other) > self.max_shared for other in self.shingles):
            return False
        self.shingles.append(sh)
        return True


def _days(a: str, b: str) -> int:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 999


def build_pool(sources: Sequence[Source], rng: random.Random,
               synonyms: dict[str, tuple[str, ...]], *, originals: int, same_day: int = 0,
               extra: int = 0, copies: int = 2, rewrites: Sequence[str] = ("light", "heavy"),
               own_sentences: Sequence[str] = (), min_sentences: int = 6) -> list[EvalDoc]:
    """``originals`` with their copies and rewrites; for each original up to ``same_day``
    independent articles published within a day of it (other outlets first); then
    ``extra`` more independent articles of the subject."""
    order = list(sources)
    rng.shuffle(order)
    gate = _Unrelated()
    picked: list[Source] = []
    for src in order:
        if len(picked) == originals:
            break
        if len(src.sentences) >= min_sentences and gate.accept(src):
            picked.append(src)
    negatives: list[Source] = []
    for src in picked:
        near = sorted((s for s in order if s not in picked and s not in negatives
                       and _days(s.date, src.date) <= 1),
                      key=lambda s: (s.outlet == src.outlet, rng.random()))
        found = 0
        for s in near:
            if found == same_day:
                break
            if len(s.sentences) >= 3 and gate.accept(s):
                negatives.append(s)
                found += 1
    for src in order:
        if len(negatives) >= same_day * len(picked) + extra:
            break
        if src not in picked and src not in negatives and len(src.sentences) >= 3 \
                and gate.accept(src):
            negatives.append(src)
    titles = [s.title for s in picked + negatives]
    docs = []
    for src in picked + negatives:
        docs.append(EvalDoc(src.id, src.topic, src.id, "original", (),
                            render(src.title, src.paragraphs), src.date, src.outlet))
    for src in picked:
        for c in range(copies):
            edits = tuple(sorted(rng.sample(COPY_EDITS[1:], rng.randint(1, 2)))) \
                if rng.random() > 0.15 else ("exact",)
            raw = make_copy(src, edits, rng, [t for t in titles if t != src.title])
            docs.append(EvalDoc(f"{src.id}~copy{c}", src.topic, src.id, "copy", edits, raw,
                                src.date, src.outlet))
        for level in rewrites:
            raw = make_rewrite(src, level, rng, synonyms, own_sentences)
            docs.append(EvalDoc(f"{src.id}~{level}", src.topic, src.id, "rewrite", (level,),
                                raw, src.date, src.outlet))
    return docs


def neus_texts(path: Path) -> list[str]:
    return [a["text"] for line in path.read_text(encoding="utf-8").splitlines()
            for a in json.loads(line)["articles"] if a.get("text")]


def t17_pools(root: Path, *, subjects: Sequence[str] | int, originals: int, same_day: int,
              extra: int, seed: int = 0, synonym_texts: Sequence[str] = (),
              levels: Sequence[str] = ("light", "heavy")) -> list[list[EvalDoc]]:
    """One pool per T17 subject. Synonyms are derived from the loaded articles plus
    ``synonym_texts``; the rewriters' own sentences come from other subjects."""
    rng = random.Random(seed)
    table = t17_subjects(root)
    names = sorted(table)
    chosen = list(subjects) if not isinstance(subjects, int) else \
        rng.sample(names, min(subjects, len(names)))
    spare = [s for s in names if s not in chosen][:1]
    data = {s: load_t17(root, table[s]) for s in [*chosen, *spare]}
    synonyms = derive_synonyms([s.text for v in data.values() for s in v] + list(synonym_texts))
    pools = []
    for subject in chosen:
        others = [s for t, v in data.items() if t != subject for s in v]
        own = [x for s in rng.sample(others, min(30, len(others)))
               for x in s.sentences if len(x.split()) >= 8]
        pools.append(build_pool(data[subject], rng, synonyms, originals=originals,
                                same_day=same_day, extra=extra, rewrites=levels,
                                own_sentences=own))
    return pools


def neus_pools(path: Path, *, stories: int, per_pool: int = 10, seed: int = 0
               ) -> list[list[EvalDoc]]:
    """Pools of ``per_pool`` NeuS stories; each outlet's excerpt is an original with one
    copy. (Rewrites of two-to-four-sentence excerpts are left out: too short to align.)"""
    data = load_neus(path)
    rng = random.Random(seed)
    ids = sorted(k for k, v in data.items() if len(v) >= 2)
    chosen = rng.sample(ids, min(stories, len(ids)))
    pools = []
    for lo in range(0, len(chosen), per_pool):
        docs: list[EvalDoc] = []
        for story in chosen[lo:lo + per_pool]:
            docs += build_pool(data[story], rng, {}, originals=len(data[story]), copies=1,
                               rewrites=(), min_sentences=1)
        pools.append(docs)
    return pools


# --- scoring --------------------------------------------------------------------------


def truth(docs: Sequence[EvalDoc]) -> dict[tuple[str, str], str]:
    """Label of every same-topic pair: copy, rewrite or none (independent)."""
    out = {}
    for n, a in enumerate(docs):
        for b in docs[n + 1:]:
            if a.topic != b.topic:
                continue
            key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if a.family != b.family:
                out[key] = "none"
            else:
                out[key] = "rewrite" if "rewrite" in (a.kind, b.kind) else "copy"
    return out


def predicted(result, ids: Sequence[str]) -> dict[tuple[str, str], str]:  # type: ignore[no-untyped-def]
    """Pairs a ``LineageResult`` puts together: ``copy`` within a copy group,
    ``rewrite`` within one report otherwise."""
    copy_of = {a: g.article_ids[0] for g in result.groups if g.kind == "copy"
               for a in g.article_ids}
    out = {}
    for n, a in enumerate(ids):
        for b in ids[n + 1:]:
            key = (a, b) if a < b else (b, a)
            if a in copy_of and copy_of.get(a) == copy_of.get(b):
                out[key] = "copy"
            elif result.reports.get(a, a) == result.reports.get(b, b):
                out[key] = "rewrite"
    return out


@dataclass
class Tally:
    """Pair counts over pools; precision, recall and false-positive rates from them."""

    tp: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    actual: Counter[str] = field(default_factory=Counter)
    negatives: Counter[str] = field(default_factory=Counter)  # "all", "same day, other outlet"
    false_positives: Counter[str] = field(default_factory=Counter)
    found_by: Counter[str] = field(default_factory=Counter)  # "kind/edit" -> found
    total_by: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def add(self, docs: Sequence[EvalDoc], pred: dict[tuple[str, str], str]) -> None:
        by_id = {d.id: d for d in docs}
        labels = truth(docs)
        for key, label in labels.items():
            got = pred.get(key, "none")
            a, b = by_id[key[0]], by_id[key[1]]
            if label == "none":
                subsets = ["all"]
                if _days(a.date, b.date) <= 1 and a.outlet != b.outlet:
                    subsets.append("same day, other outlet")
                for subset in subsets:
                    self.negatives[subset] += 1
                    self.false_positives[subset] += got != "none"
                if got != "none":
                    self.errors.append(f"false {got}: {key[0]} / {key[1]}")
                continue
            self.actual[label] += 1
            self.tp[label] += got == label
            for d in (a, b):
                for edit in d.edits:
                    self.total_by[f"{label}/{edit}"] += 1
                    self.found_by[f"{label}/{edit}"] += got == label
            if got != label:
                self.errors.append(f"missed {label} (got {got}): {key[0]} / {key[1]}")
        for key, got in pred.items():
            self.predicted[got] += 1
            if key not in labels:
                self.errors.append(f"false {got} across topics: {key[0]} / {key[1]}")

    def precision(self, kind: str) -> float:
        return self.tp[kind] / self.predicted[kind] if self.predicted[kind] else 1.0

    def recall(self, kind: str) -> float:
        return self.tp[kind] / self.actual[kind] if self.actual[kind] else 1.0

    def false_positive_rate(self, subset: str = "all") -> float:
        n = self.negatives[subset]
        return self.false_positives[subset] / n if n else 0.0

    def summary(self) -> str:
        rows = [f"{kind:<8} P {self.precision(kind):.3f}  R {self.recall(kind):.3f}  "
                f"({self.tp[kind]} of {self.actual[kind]} true pairs found, "
                f"{self.predicted[kind]} predicted)" for kind in ("copy", "rewrite")]
        rows += [f"same-topic independent pairs flagged ({subset}): {self.false_positives[subset]}"
                 f" of {n} (FPR {self.false_positive_rate(subset):.4f})"
                 for subset, n in self.negatives.items()]
        rows += [f"  recall {k:<18} {self.found_by[k] / v:.3f} ({v} pairs)"
                 for k, v in sorted(self.total_by.items())]
        return "\n".join(rows)


def run_pools(pools: Sequence[Sequence[EvalDoc]], embedder=None,  # type: ignore[no-untyped-def]
              progress: Callable[[str], None] | None = None) -> Tally:
    """Run each pool through cleaning, sentences, embeddings and ``detect_lineage``.
    Sentence vectors are cached by text: a copy's sentences are embedded once."""
    from storyline.embed import get_embedder
    from storyline.lineage import detect_lineage
    from storyline.model import Article
    from storyline.pipeline import prepare
    from storyline.sentences import split_batch

    embedder = embedder or get_embedder()
    cache: dict[str, np.ndarray] = {}
    tally = Tally()
    for n, docs in enumerate(pools, start=1):
        start = time.perf_counter()
        articles = prepare(Article(d.id, d.raw, d.raw, origin=f"eval:{d.id}",
                                   published=d.date or None) for d in docs)
        sentences = split_batch(articles)
        todo = sorted({s.text for ss in sentences.values() for s in ss} - set(cache))
        for lo in range(0, len(todo), 256):
            batch = todo[lo:lo + 256]
            cache.update(zip(batch, embedder.encode(batch), strict=True))
        vectors = {a: np.array([cache[s.text] for s in ss], dtype=np.float32).reshape(
            len(ss), embedder.dim) for a, ss in sentences.items()}
        result = detect_lineage(articles, sentences, vectors)
        tally.add(docs, predicted(result, [d.id for d in docs]))
        if progress:
            progress(f"pool {n}/{len(pools)}: {len(docs)} documents, {len(todo)} sentences "
                     f"embedded, {time.perf_counter() - start:.1f} s")
    return tally


def wording_kept(docs: Sequence[EvalDoc]) -> dict[str, float]:
    """Mean share of a copy's or rewrite's 5-word shingles found in its original."""
    originals = {d.family: reporting(d.raw).shingles for d in docs if d.kind == "original"}
    kept: dict[str, list[float]] = {}
    for d in docs:
        if d.kind != "original":
            sh = reporting(d.raw).shingles
            key = d.kind if d.kind == "copy" else f"rewrite/{d.edits[0]}"
            kept.setdefault(key, []).append(
                np.intersect1d(sh, originals[d.family]).size / max(len(sh), 1))
    return {k: round(float(np.mean(v)), 3) for k, v in sorted(kept.items())}


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    root = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    parser = argparse.ArgumentParser(description="Lineage quality on synthetic copies and "
                                                 "rewrites of Timeline17 and NeuS articles.")
    parser.add_argument("--data", type=Path, default=root)
    parser.add_argument("--subjects", type=int, default=8)
    parser.add_argument("--originals", type=int, default=8)
    parser.add_argument("--same-day", type=int, default=2)
    parser.add_argument("--extra", type=int, default=6)
    parser.add_argument("--neus-stories", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--levels", default="light,heavy,severe",
                        help="rewrite levels (storyline.evaluation.edits.LEVELS)")
    parser.add_argument("--errors", type=int, default=30, help="error lines to print")
    args = parser.parse_args(argv)
    if not (args.data / "t17").is_dir():
        print(f"research data not found at {args.data}")
        return 2
    start = time.perf_counter()
    neus_file = args.data / "neus" / "train.clusters.jsonl"
    t17 = t17_pools(args.data / "t17", subjects=args.subjects, originals=args.originals,
                    same_day=args.same_day, extra=args.extra, seed=args.seed,
                    synonym_texts=neus_texts(neus_file), levels=args.levels.split(","))
    neus = neus_pools(neus_file, stories=args.neus_stories, seed=args.seed)
    print(f"built {sum(map(len, t17))} T17 documents in {len(t17)} pools and "
          f"{sum(map(len, neus))} NeuS documents in {len(neus)} pools "
          f"({time.perf_counter() - start:.1f} s)")
    print("share of wording kept from the original (5-word shingles):",
          wording_kept([d for p in t17 for d in p]))
    for name, pools in (("t17", t17), ("neus", neus)):
        tally = run_pools(pools, progress=print)
        print(f"== {name}\n{tally.summary()}")
        for line in tally.errors[:args.errors]:
            print("  ", line)
    print(f"total {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
