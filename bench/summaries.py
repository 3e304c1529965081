#!/usr/bin/env python3
"""Summary quality and speed on NeuS, against lead round-robin and LexRank, side by side.

1. Quality: ``storyline eval summaries`` on a cluster file (default
   ``../shared/data/neus/val.clusters.jsonl``) at 70 words: ROUGE-1/2/Lsum of
   storyline, lead round-robin and sumy LexRank on the same clusters and budget
   rule, citation and verification rates, headline scores, and the wall time of
   each system in the same run, with the ratio storyline/LexRank.
2. Speed of one story: a 10-article story (the ten earliest articles of Timeline17's
   ``H1N1_bbc`` topic, full-length reports on the swine-flu outbreak; with
   ``--story-from-clusters`` the first articles of the cluster file pooled), warm
   (model loaded, one untimed run first), median of ``--repeats`` runs: the summary
   stage alone (support, salience, selection, verification, headline; sentence
   vectors given), the whole brief of the story (cleaning, sentences, embedding,
   clustering into one story, summary), and LexRank on the same ten articles as
   the named baseline. Target: summary <= 0.5 s.

The machine's load average is printed before and after: on a shared machine the
times are only comparable between runs with similar load. To re-run idle:

    python bench/summaries.py [--data FILE] [--words 70] [--repeats 7] [--skip-eval]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "neus" / "val.clusters.jsonl"
DEFAULT_STORY = ROOT.parent / "shared" / "data" / "t17" / "H1N1_bbc" / "articles.json.gz"
TARGET_S = 0.5


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def _median(fn, repeats: int) -> tuple[float, list[float]]:
    fn()  # warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def story_records(data: Path, story: Path | None) -> list[dict]:
    """Ten articles of one story: from Timeline17 (full articles) or the cluster file."""
    if story is not None and story.is_file():
        import gzip
        import json

        with gzip.open(story, "rt", encoding="utf-8") as fh:
            articles = json.load(fh)
        articles.sort(key=lambda a: (a.get("dct") or "", str(a.get("uid"))))
        return [{"id": f"t17-{a['uid']}", "text": a["text"], "published": a.get("dct")}
                for a in articles[:10]]
    from storyline.evaluation.summaries import read_clusters

    return [a for c in read_clusters(data, 6) for a in c.articles][:10]


def story_speed(records: list[dict], words: int, repeats: int) -> None:
    import numpy as np

    from storyline.cluster import cluster_articles
    from storyline.embed import get_embedder
    from storyline.evaluation.summaries import lexrank
    from storyline.ingest.records import record_to_article
    from storyline.pipeline import _embed_sentences, analyse, as_one_story, prepare
    from storyline.sentences import split_batch
    from storyline.summary_stage import summarise_story
    from storyline.support import build_support

    articles = prepare([record_to_article(r, origin="bench") for r in records])
    embedder = get_embedder()
    sentences = split_batch(articles)
    vectors = _embed_sentences(sentences, embedder, None)
    stories, dated = cluster_articles(articles, embedder=embedder)
    story = as_one_story(stories)[0]
    by_id = {a.id: a for a in dated}
    flat = [s for a in story.article_ids for s in sentences[a]]
    matrix = np.vstack([vectors[a] for a in story.article_ids if len(vectors[a])])

    def summary_stage() -> None:
        index = build_support(flat, matrix)
        summarise_story(story, by_id, index, words=words, embedder=embedder)

    def whole_brief() -> None:
        analyse(prepare([record_to_article(r, origin="bench") for r in records]), words=words,
                embedder=embedder, single_story=True)

    def baseline() -> None:
        lexrank([r["text"] for r in records], words, "under")

    n_sent = len(flat)
    print(f"\n10-article story: {len(articles)} articles, {n_sent} sentences, {words} words, "
          f"median of {repeats} warm runs")
    rows = [("summary stage (vectors given)", summary_stage),
            ("whole brief incl. embedding", whole_brief),
            ("baseline: LexRank (sumy)", baseline)]
    results = {}
    for name, fn in rows:
        med, times = _median(fn, repeats)
        results[name] = med
        print(f"  {name:<32} {med:7.3f} s   runs: {' '.join(f'{t:.3f}' for t in times)}")
    stage = results["summary stage (vectors given)"]
    base = results["baseline: LexRank (sumy)"]
    verdict = "meets" if stage <= TARGET_S else "MISSES"
    print(f"  ratio summary stage/LexRank: {stage / base:.2f}x; whole brief/LexRank: "
          f"{results['whole brief incl. embedding'] / base:.2f}x; target summary <= "
          f"{TARGET_S} s: {verdict} ({stage:.3f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--words", type=int, default=70)
    parser.add_argument("--fill", default="reach", choices=["reach", "under"])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    parser.add_argument("--skip-eval", action="store_true", help="only the one-story timing")
    parser.add_argument("--story-from-clusters", action="store_true",
                        help="time a story pooled from the cluster file instead of t17")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"cluster file not found at {args.data}", file=sys.stderr)
        return 2
    print(_load())
    if not args.skip_eval:
        from storyline.evaluation.summaries import evaluate, format_report

        report = evaluate(args.data, words=args.words, fill=args.fill, limit=args.limit)
        print(format_report(report), end="")
    story = None if args.story_from_clusters else DEFAULT_STORY
    story_speed(story_records(args.data, story), args.words, args.repeats)
    print(_load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
