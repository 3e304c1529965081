#!/usr/bin/env python3
"""Near-duplicate detection at scale: MinHash LSH build + query, against exhaustive Jaccard.

One run, two parts:

1. **Throughput** on N synthetic articles (default 100,000) made from the shared data:
   "mosaic" articles (paragraphs of random Timeline17 and NeuS articles of one
   subject, about one word in ten replaced, so every text is new but reads like
   news) and copies of them with the
   controlled edits of the lineage evaluation (furniture lines, another headline,
   dropped paragraphs, truncation). Phases timed separately: shingling
   (``shingles.reporting``), MinHash signatures (datasketch), LSH insertion, and one
   query per article (``ShingleIndex.candidate_pairs``); articles/s and peak RSS.
2. **Recall and speed against the exhaustive baseline** on a 5,000-article sample
   (whole copy families plus unrelated articles): every pair's exact Jaccard from a
   sparse document x shingle matrix product (scipy, exact, the fastest exhaustive
   method we know here) versus the LSH candidates; recall of the pairs with Jaccard
   >= 0.3 and >= 0.5, and the time ratio. A naive pairwise loop on 1,000 articles is
   timed too and extrapolated, to show the quadratic cost LSH avoids.

The machine is shared: the first line prints the load average, and every phase is
reported in wall seconds and in this process's CPU seconds (steadier under
contention; articles per CPU second is the figure to compare across runs).

    python bench/lineage.py [--n 100000] [--sample 5000] [--seed 0]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

from storyline.evaluation.edits import FURNITURE
from storyline.evaluation.lineage import detokenize
from storyline.lineage.minhash import ShingleIndex
from storyline.lineage.shingles import reporting, shared

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds of this process: on a shared machine, steadier than wall time."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), cpu_s()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, cpu_s() - self.cpu


def paragraphs(text: str, words: int = 60) -> list[str]:
    toks = text.split()
    return [" ".join(toks[i:i + words]) for i in range(0, len(toks), words)]


def load_paragraphs(data: Path) -> dict[str, list[str]]:
    """Paragraph-sized chunks of real text, by subject (T17) or one pool (NeuS)."""
    out: dict[str, list[str]] = {}
    for path in sorted((data / "t17").glob("*/articles.json.gz")):
        subject = path.parent.name.split("_")[0]
        for rec in json.loads(gzip.decompress(path.read_bytes())):
            out.setdefault(subject, []).extend(paragraphs(detokenize(rec["text"][:6000])))
    neus = data / "neus" / "train.clusters.jsonl"
    for line in neus.read_text(encoding="utf-8").splitlines():
        for a in json.loads(line)["articles"]:
            if a.get("text"):
                out.setdefault("neus", []).append(a["text"])
    return out


def perturb(paragraph: str, vocab: list[str], rng: random.Random) -> str:
    """About one word in ten replaced by a random corpus word: the real paragraphs are
    reused across mosaics, and without this two mosaics sharing one would share it
    verbatim, which unrelated articles do not."""
    return " ".join(rng.choice(vocab) if rng.random() < 0.1 else w for w in paragraph.split())


def corpus(data: Path, n: int, rng: random.Random) -> tuple[list[str], list[int]]:
    """n texts and their family ids (a family is an original and its copies)."""
    pool = load_paragraphs(data)
    subjects = sorted(pool)
    vocab = [w for p in rng.sample(pool["neus"], 2000) for w in p.split()]
    texts: list[str] = []
    family: list[int] = []
    fam = 0
    while len(texts) < n:
        subject = rng.choice(subjects)
        paras = [perturb(p, vocab, rng) for p in
                 rng.sample(pool[subject], min(len(pool[subject]), rng.randint(3, 10)))]
        texts.append("Headline\n\n" + "\n\n".join(paras))
        family.append(fam)
        for _ in range(rng.choice((0, 0, 0, 1, 2, 4))):  # most articles have no copy
            if len(texts) >= n:
                break
            texts.append(copy_of(paras, rng))
            family.append(fam)
        fam += 1
    return texts, family


def copy_of(paras: list[str], rng: random.Random) -> str:
    edit = rng.choice(("furniture", "headline", "drop", "truncate"))
    body = list(paras)
    if edit == "drop" and len(body) > 2:
        del body[rng.randrange(1, len(body))]
    if edit == "truncate":
        body = body[:max(1, round(len(body) * rng.uniform(0.4, 0.8)))]
    if edit == "furniture":
        for line in rng.sample(FURNITURE, 3):
            body.insert(rng.randint(1, len(body)), line)
    title = "Another headline" if edit == "headline" else "Headline"
    return title + "\n\n" + "\n\n".join(body)


def exhaustive_pairs(sets: list[np.ndarray], threshold: float) -> set[tuple[int, int]]:
    """Every pair with exact Jaccard >= threshold, from a sparse matrix product."""
    from scipy import sparse

    vocab, inverse = np.unique(np.concatenate(sets), return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, inverse)),
                          shape=(len(sets), len(vocab)))
    inter = sparse.triu(m @ m.T, k=1).tocoo()
    sizes = np.array([len(s) for s in sets])
    jac = inter.data / (sizes[inter.row] + sizes[inter.col] - inter.data)
    keep = jac >= threshold
    return set(zip(inter.row[keep].tolist(), inter.col[keep].tolist(), strict=True))


def _sum(clocks) -> Clock:  # type: ignore[no-untyped-def]
    out = Clock()
    out.wall = out.cpu = 0.0
    for c in clocks:
        out.wall += c.wall
        out.cpu += c.cpu
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not (args.data / "t17").is_dir():
        print(f"research data not found at {args.data}", file=sys.stderr)
        return 2
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; N={args.n:,}")
    rng = random.Random(args.seed)
    start = time.perf_counter()
    texts, family = corpus(args.data, args.n, rng)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"corpus: {len(texts):,} articles ({len(set(family)):,} families), "
          f"{words:.0f} words on average, built in {time.perf_counter() - start:.1f} s; "
          f"RSS {rss_mb():.0f} MB")

    # --- part 1: throughput at N -------------------------------------------------------
    import datasketch  # noqa: F401  (import cost is not part of the throughput)

    timings: dict[str, Clock] = {}
    with Clock() as timings["shingling"]:
        shingles = [reporting(x).shingles for x in texts]
    index = ShingleIndex()
    with Clock() as timings["MinHash signatures"]:
        index.add_batch((str(i), s) for i, s in enumerate(shingles))
    with Clock() as timings["LSH insertion"]:
        _ = index.lsh
    with Clock() as timings["query (all articles)"]:
        pairs = list(index.candidate_pairs())
    n = len(texts)
    print(f"\n{'phase':<24}{'wall s':>9}{'CPU s':>9}{'articles/s':>12}{'per CPU s':>11}")
    rows = list(timings.items())
    rows.append(("build (all but query)", _sum(c for k, c in rows if not k.startswith("query"))))
    rows.append(("build + query", _sum(c for _, c in rows[:4])))
    for name, c in rows:
        print(f"{name:<24}{c.wall:>9.1f}{c.cpu:>9.1f}{n / c.wall:>12,.0f}{n / c.cpu:>11,.0f}")
    same = sum(family[int(a)] == family[int(b)] for a, b in pairs)
    print(f"candidate pairs {len(pairs):,} ({same:,} within a copy family); "
          f"index state {len(index.to_bytes()) / 1e6:.1f} MB as .npz; peak RSS {rss_mb():.0f} MB")

    # --- part 2: recall and speed against exhaustive Jaccard on a sample ----------------
    fams: dict[int, list[int]] = {}
    for i, f in enumerate(family):
        fams.setdefault(f, []).append(i)
    multi = [v for v in fams.values() if len(v) > 1]
    rng.shuffle(multi)
    sample: list[int] = []
    for members in multi:
        if len(sample) + len(members) > args.sample // 2:
            break
        sample += members
    singles = [v[0] for v in fams.values() if len(v) == 1]
    sample += rng.sample(singles, min(len(singles), args.sample - len(sample)))
    sets = [shingles[i] for i in sample]
    with Clock() as lsh_clock:
        small = ShingleIndex()
        small.add_batch((str(i), s) for i, s in enumerate(sets))
        lsh_pairs = {tuple(sorted((int(a), int(b)))) for a, b in small.candidate_pairs()}
    with Clock() as exact_clock:
        truth = {0.3: exhaustive_pairs(sets, 0.3)}
    truth[0.5] = {p for p in truth[0.3]
                  if shared(sets[p[0]], sets[p[1]]) / (len(sets[p[0]]) + len(sets[p[1]])
                                                       - shared(sets[p[0]], sets[p[1]])) >= 0.5}
    in_families = sum(len(m) for m in multi if m[0] in set(sample))
    print(f"\nsample of {len(sets):,} articles ({in_families:,} of them in copy families)")
    for th, pairs_t in truth.items():
        found = len(pairs_t & lsh_pairs)
        recall = found / len(pairs_t) if pairs_t else 1.0
        print(f"  pairs with Jaccard >= {th}: {len(pairs_t):,}; found by LSH {found:,} "
              f"(recall {recall:.4f})")
    print(f"  LSH (signatures + insertion + query): {lsh_clock.wall:.2f} s wall, "
          f"{lsh_clock.cpu:.2f} s CPU; exhaustive exact Jaccard (sparse product): "
          f"{exact_clock.wall:.2f} s wall, {exact_clock.cpu:.2f} s CPU; "
          f"ratio exhaustive/LSH (CPU) {exact_clock.cpu / lsh_clock.cpu:.2f}x")
    naive_n = 1000
    with Clock() as naive:
        for i in range(naive_n):
            for j in range(i + 1, naive_n):
                shared(sets[i], sets[j])
    scale = (args.n / naive_n) ** 2
    print(f"  naive pairwise intersections on {naive_n:,}: {naive.cpu:.1f} s CPU "
          f"(x{scale:,.0f} for N={args.n:,}: ~{naive.cpu * scale / 3600:,.0f} CPU hours, "
          f"vs {rows[-1][1].cpu:.0f} CPU s for LSH build + query at N; ratio "
          f"{naive.cpu * scale / rows[-1][1].cpu:,.0f}x)")
    print(f"peak RSS {rss_mb():.0f} MB; load average now {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
