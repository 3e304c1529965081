"""Clustering speed and scaling: storyline's clusterer against the batch baseline.

    python bench/clusters.py [--sizes 1000,10000,100000] [--no-embed] [--baseline-max 10000]
                             [--serial [--serial-max 10000]] [--data ../shared/data/neus]

For each size N a fresh subprocess (so peak memory is per run) clusters N
articles end to end from prepared ``Article`` objects: features (embedding
included unless ``--no-embed``), incremental clustering, one assignment row per
article, through ``cluster_batch`` (the encoder on a worker thread beside the
clustering). ``--serial`` adds a row for the same work done one step after the
other on one thread (``cluster_features(featurize(...))``, the first versions'
path), so a run shows what the overlap buys. The baseline (TF-IDF + average-link
agglomerative, scikit-learn, the evaluation's baseline) runs on the same
articles in the same way, up to
``--baseline-max`` articles (it needs an N x N distance matrix: 100k articles
would be 80 GB).

The articles are pooled NeuS train+val (8,275); larger sizes repeat them as
near-copies (every copy drops a different 15% of the words of its text and of
its title, at least one title word, so nothing is an exact duplicate and every
title is embedded again: the encoder skips identical texts) and give each cluster a
synthetic date, a copy of the corpus taking the next year, so the stream is
dated and old events retire from the index as they would in an archive. The
cleaning and date inference that come before clustering are measured by
``bench/ingest_clean.py`` and are not included (the articles are not cleaned:
NeuS excerpts have no page furniture).

Prints articles/s (wall and CPU), peak RSS, the ratio to the baseline, and the
fitted scaling exponent (slope of log time on log N). The machine's load
average is printed with each row: on a shared machine, rerun when it is idle.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_articles(data: Path, n: int, undated: bool = False):
    from storyline.ingest.records import record_to_article

    clusters = []
    for split in ("train", "val"):
        with (data / f"{split}.clusters.jsonl").open(encoding="utf-8") as fh:
            clusters += [json.loads(line) for line in fh if line.strip()]
    base = []
    for ci, c in enumerate(clusters):
        for a in c["articles"]:
            if a["text"].strip():
                base.append((ci, a))
    out = []
    copy = 0
    start = date(2000, 1, 1)
    while len(out) < n:
        rng = random.Random(copy)
        for ci, a in base:
            if len(out) >= n:
                break
            text, title = a["text"], a["title"]
            if copy:
                words = text.split()
                text = " ".join(w for w in words if rng.random() > 0.15) or text
                title = _drop_words(title, random.Random(f"{copy}:{a['id']}"))
            day = start + timedelta(days=365 * copy + (ci * 7) % 300)
            record = {"id": f"{a['id']}~{copy}", "title": title, "text": text,
                      "published": None if undated else day.isoformat()}
            out.append(record_to_article(record, origin="bench"))
        copy += 1
    # NeuS excerpts are plain text with no page furniture: cleaning would change
    # nothing here and costs about 1 ms an article (bench/ingest_clean.py measures it)
    return out


def _drop_words(title: str | None, rng: random.Random) -> str | None:
    """The title less ~15% of its words (at least one when it has two or more)."""
    words = (title or "").split()
    if len(words) < 2:
        return title
    kept = [w for w in words if rng.random() > 0.15]
    if len(kept) == len(words):
        del kept[rng.randrange(len(kept))]
    return " ".join(kept or words[:1])


def one(method: str, n: int, data: Path, embed: bool, undated: bool = False) -> dict:
    articles = make_articles(data, n, undated)
    embedder = None
    if embed and method.startswith("storyline"):
        from storyline.embed import get_embedder

        embedder = get_embedder()
        embedder.encode(["warm up"])
    t0, c0 = time.perf_counter(), time.process_time()
    if method.startswith("storyline"):
        from storyline.clustering import cluster_batch, cluster_features, featurize
        from storyline.clustering.stories import assignments

        if method == "storyline":
            clusterer = cluster_batch(articles, embedder)
        else:  # serial: every step after the other, on one thread
            clusterer = cluster_features(featurize(articles, embedder))
        rows = assignments(clusterer, articles)
        clusters = len({r["event_id"] for r in rows})
        approximate = clusterer.index.approximate
    else:
        from storyline.evaluation.clusters import tfidf_average_link

        clusters = len(set(tfidf_average_link(articles)))
        approximate = False
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"method": method, "n": len(articles), "wall": wall, "cpu": cpu, "rss_mb": rss,
            "clusters": clusters, "ann": approximate, "load": os.getloadavg()[0]}


def slope(points: list[tuple[int, float]]) -> float:
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / \
        sum((x - mx) ** 2 for x in xs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "neus")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--baseline-max", type=int, default=10000)
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--serial", action="store_true",
                    help="also time the serial path (encode, then cluster, on one thread)")
    ap.add_argument("--serial-max", type=int, default=10000)
    ap.add_argument("--undated", action="store_true",
                    help="no dates: nothing retires, every event stays in the index (the "
                         "worst case for the index; exercises usearch beyond 2,048 events)")
    ap.add_argument("--one", nargs=2, metavar=("METHOD", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not (args.data / "train.clusters.jsonl").exists():
        print(f"no NeuS data under {args.data}", file=sys.stderr)
        return 2
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), args.data, not args.no_embed,
                             args.undated)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    methods = ["storyline"] + ["storyline-serial"] * args.serial + ["baseline"]
    print(f"{'method':<16} {'N':>7} {'wall s':>8} {'cpu s':>8} {'art/s':>8} {'art/cpu-s':>9} "
          f"{'peak MB':>8} {'clusters':>8} {'ANN':>4} {'load':>5}")
    results: dict[str, list[dict]] = {m: [] for m in methods}
    for n in sizes:
        for method in methods:
            if method == "baseline" and n > args.baseline_max:
                print(f"{'baseline':<16} {n:>7}  skipped (N x N distance matrix)")
                continue
            if method == "storyline-serial" and n > args.serial_max:
                continue
            cmd = [sys.executable, __file__, "--data", str(args.data), "--one", method, str(n)]
            cmd += ["--no-embed"] * args.no_embed + ["--undated"] * args.undated
            r = json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                          text=True).stdout.strip().splitlines()[-1])
            results[method].append(r)
            print(f"{method:<16} {r['n']:>7} {r['wall']:8.2f} {r['cpu']:8.2f} "
                  f"{r['n'] / r['wall']:8.0f} {r['n'] / r['cpu']:9.0f} {r['rss_mb']:8.0f} "
                  f"{r['clusters']:8d} {'yes' if r['ann'] else 'no':>4} {r['load']:5.1f}",
                  flush=True)
    for method, rows in results.items():
        if len(rows) >= 2:
            wall = slope([(r["n"], r["wall"]) for r in rows])
            cpu = slope([(r["n"], r["cpu"]) for r in rows])
            print(f"{method}: scaling exponent (wall) {wall:.2f}, (cpu) {cpu:.2f}")
    ours = {r["n"]: r for r in results["storyline"]}
    for other in methods[1:]:
        for r in results[other]:
            if r["n"] in ours:
                mine = ours[r["n"]]
                print(f"N={r['n']}: storyline/{other} time ratio, wall "
                      f"{mine['wall'] / r['wall']:.2f}x, CPU {mine['cpu'] / r['cpu']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
