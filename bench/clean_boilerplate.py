#!/usr/bin/env python3
"""Outlet boilerplate (storyline.clean.boilerplate): what the batch step cuts, and its cost.

Cleans every Timeline17 topic article by article (``clean_article``), then runs the
batch step the way ``pipeline.prepare`` does (batches of ``--batch`` articles, 256 by
default; ``--batch 40`` is the size of a typical ``storyline brief`` run), with each
article's outlet taken from the topic's name (``SyrianCrisis_bbc`` -> ``bbc``). Prints
per topic the sentences cut and the articles changed, the distinct cut sentences with
their counts, and the CPU time of the step against the per-article cleaning it follows.
``--sample N --seed S`` prints N random cuts with the text around them for a hand
check. NeuS (no outlet given: the step cannot run) is checked the hard way: all its
articles are given one made-up outlet, so any sentence three outlets share would count.

    python bench/clean_boilerplate.py [--data ../shared/data] [--batch 256] [--sample 40]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from storyline.clean import clean_article
from storyline.clean.boilerplate import RULE, remove_outlet_boilerplate
from storyline.evaluation.timelines import load_topic
from storyline.ingest import read_paths
from storyline.model import Article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def batched(articles: list[Article], size: int) -> tuple[list[Article], float]:
    """The batch step over ``articles`` in batches of ``size``, and its seconds."""
    started = time.process_time()
    out: list[Article] = []
    for lo in range(0, len(articles), size):
        out += remove_outlet_boilerplate(articles[lo:lo + size])
    return out, time.process_time() - started


def context(article: Article, start: int, end: int, width: int = 160) -> str:
    raw = article.raw_text
    return (f"...{raw[max(0, start - width):start]}[[{raw[start:end]}]]"
            f"{raw[end:end + width]}...").replace("\n", " / ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--sample", type=int, default=0, help="print N random cuts in context")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    t17 = args.data / "t17"
    if not t17.is_dir():
        print(f"Timeline17 not found at {t17}", file=sys.stderr)
        return 2
    cuts: list[tuple[str, Article, int, int, str]] = []
    texts: Counter[tuple[str, str]] = Counter()
    clean_s = step_s = 0.0
    total = changed = 0
    print(f"{'T17 topic':<24}{'articles':>9}{'cuts':>6}{'changed':>9}")
    for path in sorted(p for p in t17.iterdir() if p.is_dir()):
        topic = load_topic(path)
        if topic is None:
            continue
        outlet = path.name.rsplit("_", 1)[-1]
        started = time.process_time()
        cleaned = [replace(clean_article(a), source=outlet) for a in topic.articles]
        clean_s += time.process_time() - started
        out, seconds = batched(cleaned, args.batch)
        step_s += seconds
        n = hit = 0
        for before, after in zip(cleaned, out, strict=True):
            new = [s for s in after.removed if s.rule == RULE]
            n += len(new)
            hit += after.text != before.text
            for s in new:
                cuts.append((path.name, after, s.start, s.end, s.reason))
                texts[(path.name, s.text)] += 1
        total += len(cleaned)
        changed += hit
        print(f"{path.name:<24}{len(cleaned):>9}{n:>6}{hit:>9}")
    print(f"{'all':<24}{total:>9}{len(cuts):>6}{changed:>9}")
    print(f"\n{len(texts)} distinct cut sentences (topic, articles, text):")
    for (topic_name, text), n in texts.most_common():
        print(f"  {n:>4}  {topic_name:<22} {text[:110]}")
    print(f"\ntime: per-article cleaning {clean_s:.1f} s, batch step {step_s:.2f} s "
          f"(ratio {(clean_s + step_s) / clean_s:.3f})")

    neus = args.data / "neus"
    for split in ("val", "train"):
        path = neus / f"{split}.clusters.jsonl"
        if not path.is_file():
            continue
        articles = [replace(clean_article(a), source="one outlet")
                    for a in read_paths([path]).articles]
        out, _ = batched(articles, args.batch)
        lost = [s.text for a in out for s in a.removed if s.rule == RULE]
        print(f"NeuS {split}, {len(articles)} articles as one outlet: {len(lost)} cuts"
              + (f" {json.dumps(Counter(lost).most_common(5))}" if lost else ""))

    if args.sample:
        rng = random.Random(args.seed)
        print(f"\n{args.sample} random cuts (seed {args.seed}):")
        for topic_name, article, start, end, reason in rng.sample(cuts, min(args.sample,
                                                                            len(cuts))):
            print(f"- {topic_name} {article.id} ({reason})\n  {context(article, start, end)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
