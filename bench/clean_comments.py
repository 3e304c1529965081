#!/usr/bin/env python3
"""Reader comment threads cut by cleaning: how many, where, and a sample to read.

Cleans every Timeline17 article and the NeuS articles and reports the
``reader-comments`` cuts (:mod:`storyline.clean.comments`): per T17 topic, the
number of cuts, articles affected and characters cut; on NeuS (reporting
excerpts, no comment threads) there should be none. ``--sample N`` prints N
seeded random cuts (their start, and the text just before it) for a hand check;
``--dump FILE`` writes every cut (JSON lines).

    python bench/clean_comments.py [--data ../shared/data] [--sample 60] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from storyline.clean import clean_article
from storyline.evaluation.timelines import load_topic
from storyline.ingest import read_paths

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
RULE = "reader-comments"


def comment_cuts(articles) -> list[dict]:
    out = []
    for article in articles:
        cleaned = clean_article(article)
        for span in cleaned.removed:
            if span.rule == RULE:
                out.append({"article": article.id, "start": span.start, "end": span.end,
                            "raw_len": len(article.raw_text), "text": span.text,
                            "before": article.raw_text[max(0, span.start - 300):span.start]})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--dump", type=Path, help="write every cut here (JSONL)")
    parser.add_argument("--sample", type=int, default=0, help="print N random cuts")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    t17 = args.data / "t17"
    if not t17.is_dir():
        print(f"Timeline17 not found at {t17}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    every: list[dict] = []
    total_articles = total_chars = raw_chars = 0
    print(f"{'T17 topic':<24}{'articles':>9}{'cuts':>6}{'articles hit':>14}{'chars cut':>11}")
    for path in sorted(p for p in t17.iterdir() if p.is_dir()):
        topic = load_topic(path)
        if topic is None:
            continue
        cuts = comment_cuts(topic.articles)
        for cut in cuts:
            cut["set"] = path.name
        every += cuts
        chars = sum(c["end"] - c["start"] for c in cuts)
        total_articles += len(topic.articles)
        total_chars += chars
        raw_chars += sum(len(a.raw_text) for a in topic.articles)
        print(f"{path.name:<24}{len(topic.articles):>9}{len(cuts):>6}"
              f"{len({c['article'] for c in cuts}):>14}{chars:>11}")
    hit = len({(c["set"], c["article"]) for c in every})
    print(f"{'all T17':<24}{total_articles:>9}{len(every):>6}{hit:>14}{total_chars:>11}"
          f"  ({total_chars / max(raw_chars, 1):.1%} of the raw text; "
          f"{time.perf_counter() - started:.0f} s)")
    for name in ("val", "train"):
        neus = args.data / "neus" / f"{name}.clusters.jsonl"
        if neus.is_file():
            articles = read_paths([neus]).articles
            cuts = comment_cuts(articles)
            print(f"NeuS {name}: {len(articles)} articles, {len(cuts)} reader-comments cuts")
            for cut in cuts:
                print(f"  {cut['article']} {cut['text'][:200]!r}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as f:
            for cut in every:
                f.write(json.dumps(cut) + "\n")
    if args.sample:
        rng = random.Random(args.seed)
        for cut in rng.sample(every, min(args.sample, len(every))):
            print(f"\n--- {cut['set']} {cut['article']} cut {cut['start']}-{cut['end']} "
                  f"of {cut['raw_len']}")
            print(f"  BEFORE: ...{cut['before'][-220:]!r}")
            print(f"  CUT:    {cut['text'][:260]!r} ...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
