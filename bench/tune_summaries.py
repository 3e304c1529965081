#!/usr/bin/env python3
"""Fit the summary's salience weights on NeuS *train* (never val): cache, then sweep.

The expensive part of a summary is upstream of it (cleaning, sentences, sentence
and article embeddings, clustering); the choices being fitted (salience weights,
selection) only need the sentences and their vectors. So:

    python bench/tune_summaries.py cache --data ../shared/data/neus/train.clusters.jsonl \
        --limit 600 --out /tmp/neus-train.pkl
    python bench/tune_summaries.py sweep /tmp/neus-train.pkl

``cache`` runs exactly what ``storyline eval summaries`` runs up to the summary
(``prepare``, ``split_batch``, the embedder, ``cluster_articles`` +
``as_one_story``) and pickles it; ``sweep`` rebuilds the support index and
lineage per cluster, then scores ROUGE-1/2/Lsum at 70 words (``fill="reach"``,
as the evaluation) for the current weights and for each variation listed in
``VARIANTS`` (one signal's weight changed at a time), so a change is kept only
when it helps on train. The numbers reported in docs/summaries.md are those of
``storyline eval summaries`` on val, run once with the weights this chose.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cache(data: Path, out: Path, limit: int | None, offset: int) -> None:
    from storyline.cluster import cluster_articles
    from storyline.embed import get_embedder
    from storyline.evaluation.summaries import read_clusters
    from storyline.ingest.records import record_to_article
    from storyline.pipeline import _embed_sentences, as_one_story, prepare
    from storyline.sentences import split_batch

    clusters = read_clusters(data)[offset:]
    if limit:
        clusters = clusters[:limit]
    embedder = get_embedder()
    rows = []
    start = time.perf_counter()
    for n, cluster in enumerate(clusters, start=1):
        articles = prepare([record_to_article({**rec, "id": rec.get("id") or f"{cluster.id}-{k}"},
                                              origin=cluster.id)
                            for k, rec in enumerate(cluster.articles)])
        sentences = split_batch(articles)
        vectors = _embed_sentences(sentences, embedder, None)
        stories, dated = cluster_articles(articles, embedder=embedder)
        story = as_one_story(stories)[0] if stories else None
        rows.append({"id": cluster.id, "reference": cluster.summary, "story": story,
                     "articles": {a.id: a for a in dated}, "sentences": sentences,
                     "vectors": vectors})
        if n % 50 == 0:
            print(f"{n}/{len(clusters)} {time.perf_counter() - start:.0f} s", flush=True)
    out.write_bytes(pickle.dumps(rows))
    print(f"cached {len(rows)} clusters to {out}")


def prepared(rows: list[dict]) -> list[tuple]:
    """(row, story, articles, index, weigh) per cluster: what summarise_story gets."""
    import numpy as np

    from storyline.lineage import detect_lineage
    from storyline.support import build_support

    out = []
    for r in rows:
        story = r["story"]
        if story is None:
            continue
        ids = story.article_ids
        flat = [s for a in ids for s in r["sentences"].get(a, [])]
        if not flat:
            continue
        matrix = np.vstack([r["vectors"][a] for a in ids if len(r["vectors"][a])])
        index = build_support(flat, matrix)
        lineage = detect_lineage([r["articles"][a] for a in ids], r["sentences"], r["vectors"])
        out.append((r, story, r["articles"], index, lineage.weigh))
    return out


def score(items: list[tuple], weights: dict | None = None, words: int = 70) -> list[float]:
    import storyline.summarize as summarize_module
    from storyline.compress import Compressed

    # upper-case keys are constants of storyline.summarize (MMR_LAMBDA, REDUNDANCY, ...)
    constants = {k: v for k, v in (weights or {}).items() if k.isupper()}
    # "-_name": switch off a step of the selection (to measure what it brings)
    off = {"-_event_leads": ("_event_leads", lambda *a: []),
           "-_representative": ("_representative", lambda i, *a: i),
           "-_atypical": ("_atypical", lambda *a: False),
           "-compress": ("compress", lambda text, before=(): Compressed(text))}
    constants.update(dict(off[k] for k in (weights or {}) if k in off))
    weights = {k: v for k, v in (weights or {}).items() if not k.isupper() and k not in off}
    saved = {k: getattr(summarize_module, k) for k in constants}
    for k, v in constants.items():
        setattr(summarize_module, k, v)
    try:
        return _score(items, weights, words)
    finally:
        for k, v in saved.items():
            setattr(summarize_module, k, v)


def _score(items: list[tuple], weights: dict, words: int) -> list[float]:
    import numpy as np

    from storyline.evaluation.summaries import METRICS, _scorer, rouge_rows
    from storyline.salience import salience
    from storyline.summarize import summarize

    scorer = _scorer(METRICS)
    rows = []
    for r, story, articles, index, weigh in items:
        scores = salience(index, articles, weigh=weigh, weights=weights).score
        summary = summarize(story, articles, index, words=words, weigh=weigh, fill="reach",
                            scores=scores)
        rows.append(rouge_rows(scorer, r["reference"], [s.text for s in summary]))
    return [float(x) for x in np.mean(rows, axis=0) * 100]


VARIANTS: list[dict[str, float]] = [
    {"matched": 0.0}, {"matched": 0.5}, {"lexical": 0.5}, {"lexical": 1.5},
    {"pairs": 0.5}, {"pairs": 1.5}, {"soft": 0.5}, {"soft": 1.5}, {"central": 0.5},
    {"position": 0.15}, {"position": 0.6}, {"title": 0.3}, {"dangling": 0.0},
    {"dangling": -0.6}, {"question": 0.0}, {"loaded": 0.0}, {"loaded": -2.0},
    {"bare_quote": -0.3}, {"bare_quote": -1.0},
    {"MMR_LAMBDA": 0.5}, {"MMR_LAMBDA": 2.0}, {"REDUNDANCY": 0.35}, {"REDUNDANCY": 0.7},
    {"MIN_WORDS": 10}, {"MAX_WORDS": 45},
]


def sweep(path: Path, variants: list[dict[str, float]]) -> None:
    from storyline.salience import WEIGHTS

    rows = pickle.loads(path.read_bytes())
    items = prepared(rows)
    print(f"{len(items)} clusters; current weights {WEIGHTS}")
    base = score(items)
    print(f"{'current':<28} R1 {base[0]:6.2f}  R2 {base[1]:6.2f}  RLsum {base[2]:6.2f}",
          flush=True)
    for v in variants:
        r = score(items, v)
        name = ", ".join(f"{k}={x:g}" for k, x in v.items())
        print(f"{name:<28} R1 {r[0]:6.2f}  R2 {r[1]:6.2f}  RLsum {r[2]:6.2f}  "
              f"(R2 {r[1] - base[1]:+.2f})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cache")
    c.add_argument("--data", type=Path,
                   default=ROOT.parent / "shared" / "data" / "neus" / "train.clusters.jsonl")
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--limit", type=int, default=None)
    c.add_argument("--offset", type=int, default=0)
    s = sub.add_parser("sweep")
    s.add_argument("cache", type=Path)
    s.add_argument("--only", default=None,
                   help="a Python dict literal: score only this variation")
    args = parser.parse_args()
    if args.cmd == "cache":
        cache(args.data, args.out, args.limit, args.offset)
    else:
        import ast

        sweep(args.cache, [ast.literal_eval(args.only)] if args.only else VARIANTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
