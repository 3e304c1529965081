#!/usr/bin/env python3
"""Outlet boilerplate on the live path (storyline.clean.outlet_memory) against the batch step.

Every Timeline17 topic is cleaned article by article (``clean_article``, outlet from the
topic's name), then "polled" one article at a time in publication order (ties by id):
each article is cut against its outlet's remembered window of earlier articles, then
added to it, as ``storyline.live.boilerplate.cut_and_remember`` does (here with an
in-memory :class:`OutletMemory`, no SQLite). The same articles also go through the batch
step in batches of 256 (as ``pipeline.prepare``), the baseline. Prints per topic the cuts
of each, the cuts both make, and the CPU time per polled article; ``--sample N --seed S``
prints N random live cuts in context for a hand check.

    python bench/live_boilerplate.py [--data ../shared/data] [--sample 20] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from storyline.clean import clean_article
from storyline.clean.boilerplate import RULE, remove_outlet_boilerplate
from storyline.clean.outlet_memory import OutletMemory, cut_remembered_boilerplate, record_of
from storyline.evaluation.timelines import load_topic

ROOT = Path(__file__).resolve().parents[1]


def _spans(article):
    return {(s.start, s.end) for s in article.removed if s.rule == RULE}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    t17 = args.data / "t17"
    if not t17.is_dir():
        print(f"Timeline17 not found at {t17}", file=sys.stderr)
        return 2
    live_cuts: list[tuple[str, object, object]] = []
    texts: Counter[tuple[str, str]] = Counter()
    live_s = batch_s = 0.0
    polled = 0
    totals = Counter()
    print(f"{'T17 topic':<24}{'articles':>9}{'batch':>7}{'live':>6}{'both':>6}")
    for path in sorted(p for p in t17.iterdir() if p.is_dir()):
        topic = load_topic(path)
        if topic is None:
            continue
        outlet = path.name.rsplit("_", 1)[-1]
        cleaned = sorted((replace(clean_article(a), source=outlet) for a in topic.articles),
                         key=lambda a: (a.published or "", a.id))
        started = time.process_time()
        batch = []
        for lo in range(0, len(cleaned), 256):
            batch += remove_outlet_boilerplate(cleaned[lo:lo + 256])
        batch_s += time.process_time() - started
        memory = OutletMemory()
        started = time.process_time()
        live = []
        for n, article in enumerate(cleaned):
            live.append(cut_remembered_boilerplate(article, memory.window(outlet)))
            memory.add(outlet, record_of(article, f"{article.published}T{n:06d}"))
        live_s += time.process_time() - started
        polled += len(cleaned)
        b = sum(len(_spans(a)) for a in batch)
        v = sum(len(_spans(a)) for a in live)
        both = sum(len(_spans(x) & _spans(y)) for x, y in zip(batch, live, strict=True))
        totals.update(articles=len(cleaned), batch=b, live=v, both=both)
        for a in live:
            for s in a.removed:
                if s.rule == RULE:
                    live_cuts.append((path.name, a, s))
                    texts[(path.name, s.text)] += 1
        print(f"{path.name:<24}{len(cleaned):>9}{b:>7}{v:>6}{both:>6}")
    print(f"{'all':<24}{totals['articles']:>9}{totals['batch']:>7}{totals['live']:>6}"
          f"{totals['both']:>6}")
    print(f"\n{len(texts)} distinct sentences cut live (topic, articles, text):")
    for (name, text), n in texts.most_common():
        print(f"  {n:>4}  {name:<22} {text[:110]}")
    print(f"\ntime: live {live_s:.1f} CPU s for {polled} polled articles "
          f"({1000 * live_s / polled:.1f} ms each); batch step {batch_s:.2f} s "
          f"(ratio live/batch {live_s / batch_s:.1f})")
    if args.sample:
        rng = random.Random(args.seed)
        print(f"\n{args.sample} random live cuts (seed {args.seed}):")
        for name, a, s in rng.sample(live_cuts, min(args.sample, len(live_cuts))):
            raw = a.raw_text
            ctx = (f"...{raw[max(0, s.start - 120):s.start]}[[{raw[s.start:s.end]}]]"
                   f"{raw[s.end:s.end + 120]}...").replace("\n", " / ")
            print(f"- {name} {a.id} ({s.reason})\n  {ctx}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
