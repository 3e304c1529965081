"""The agreement map on NeuS: claims per story by status, and samples to check by hand.

Each NeuS cluster (3 articles on one story, from a left, a centre and a right
outlet) is taken as one story, as its editors grouped it, so that the agreement map
is measured apart from story clustering: the articles are cleaned, split, embedded
and briefed with `storyline.pipeline.brief_story`. The script counts the claims of
every story by status and prints a seeded random sample of conflicting and
single-source claims with every source sentence (and, for a single-source claim,
the closest sentence of each other article), for reading: the hand check in
docs/agreement-map.md was done on this output.

    python bench/agreement_neus.py [--data ../shared/data/neus/val.clusters.jsonl]
                                   [--limit N] [--sample 20] [--seed 0] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "neus" / "val.clusters.jsonl"
STATUSES = ("agreed", "partial", "single", "conflict")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="first N clusters only")
    parser.add_argument("--skip", type=int, default=0, help="start after N clusters")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"NeuS not found at {args.data}", file=sys.stderr)
        return 2
    from storyline.cluster import cluster_articles
    from storyline.embed import get_embedder
    from storyline.ingest import read_paths
    from storyline.pipeline import _embed_sentences, as_one_story, brief_story, prepare
    from storyline.sentences import split_batch
    from storyline.textutil import overlap

    clusters: dict[str, list] = defaultdict(list)
    for article in prepare(read_paths([args.data]).articles):
        clusters[article.id.rsplit("-", 1)[0]].append(article)
    names = sorted(clusters, key=lambda c: int(c.rsplit("-", 1)[1]))
    names = names[args.skip:]
    if args.limit:
        names = names[:args.limit]
    embedder = get_embedder()
    started = time.perf_counter()
    stories = []
    for n, name in enumerate(names, 1):
        articles = clusters[name]
        sentences = split_batch(articles)
        vectors = _embed_sentences(sentences, embedder, None)
        found, dated = cluster_articles(articles)  # events by date and words
        # the editors' cluster is one story, whatever the events inside it
        for story in as_one_story(found):
            brief = brief_story(story, {a.id: a for a in dated}, sentences, vectors)
            stories.append({"cluster": name, "articles": len(brief.articles),
                            "sentences": {a: [x.text for x in sentences[a]]
                                          for a in story.article_ids},
                            "claims": [{"text": c.text, "status": c.status,
                                        "supporting": c.supporting, "conflicting": c.conflicting,
                                        "note": c.note,
                                        "sources": [(s.article_id, s.text) for s in c.sources]}
                                       for c in brief.claims]})
        if n % 25 == 0:
            print(f"{n}/{len(names)} clusters", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    multi = [s for s in stories if s["articles"] >= 2]
    print(f"{len(names)} clusters -> {len(stories)} stories ({len(multi)} with 2+ articles), "
          f"{seconds:.0f} s")
    print()
    print("| status | claims | per story (mean) | median | stories with one or more |")
    print("|---|---|---|---|---|")
    for status in STATUSES:
        per = [sum(c["status"] == status for c in s["claims"]) for s in multi]
        print(f"| {status} | {sum(per)} | {statistics.mean(per):.2f} | "
              f"{statistics.median(per):g} | {sum(p > 0 for p in per)} |")
    kinds = Counter(c["note"].split(":")[0] for s in multi for c in s["claims"]
                    if c["status"] == "conflict")
    print(f"\nconflicts by check: {dict(kinds)}")
    rng = random.Random(args.seed)
    for status in ("conflict", "single"):
        pool = [(s["cluster"], c) for s in multi for c in s["claims"] if c["status"] == status]
        picked = rng.sample(pool, min(args.sample, len(pool)))
        print(f"\n## {len(picked)} random {status} claims (of {len(pool)})\n")
        for k, (cluster, c) in enumerate(picked, 1):
            print(f"{k}. [{cluster}] {c['note']}")
            for article_id, text in c["sources"]:
                side = "✗" if article_id in c["conflicting"] else "✓"
                print(f"   {side} {article_id}: {text}")
            if status == "single":  # what the other articles say closest to it, to check by eye
                story = next(s for s in multi if s["cluster"] == cluster)
                for other, texts in story["sentences"].items():
                    if other in c["supporting"] or not texts:
                        continue
                    near = max(texts, key=lambda t: overlap(t, c["text"]))
                    print(f"     nearest in {other} ({overlap(near, c['text']):.2f}): {near}")
    if args.json:
        args.json.write_text(json.dumps({"seconds": seconds, "stories": stories}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
