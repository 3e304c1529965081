#!/usr/bin/env python3
"""Article extraction on the ScrapingHub benchmark: published extractors vs. ours.

One table, one run: precision, recall and F1 of the article body under the
benchmark's 4-token shingle metric and the plain token metric, for the six
published outputs (``output/*.json``, scored by us) and two live runs on the 181
pages: trafilatura alone (as ``read_html`` calls it) and storyline's HTML path
(``read_html`` then ``clean_article``). Live rows also give pages/s, and the last
line the ratio of storyline's time to trafilatura alone (the price of our cleaning).

    python bench/extraction.py [--data ../shared/data/extraction-benchmark]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storyline.evaluation.extraction import (
    load_ground_truth,
    load_pages,
    published_outputs,
    run_extractor,
    score,
    storyline_html,
    trafilatura_alone,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the benchmark folder (ground-truth.json, html/, output/)")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        print(f"extraction benchmark not found at {args.data}", file=sys.stderr)
        return 2

    truth, pages = load_ground_truth(args.data), load_pages(args.data)
    trafilatura_alone(next(iter(pages.values())))  # warm up: imports, lazy tables
    rows: list[tuple[str, dict[str, str], float | None]] = [
        (f"published: {name}", preds, None)
        for name, preds in published_outputs(args.data).items()
    ]
    times: dict[str, float] = {}
    for name, extractor in (("trafilatura alone", trafilatura_alone),
                            ("storyline (read_html + clean)", storyline_html)):
        preds, seconds = run_extractor(pages, extractor)
        times[name] = seconds
        rows.append((name, preds, len(pages) / seconds))

    header = (f"{'extractor':<32}{'P':>7}{'R':>7}{'F1':>7}   "
              f"{'tok P':>7}{'tok R':>7}{'tok F1':>7}{'pages/s':>10}")
    print(f"{len(truth)} pages, {args.data}")
    print(header)
    print("-" * len(header))
    for name, preds, rate in rows:
        s, t = score(truth, preds), score(truth, preds, n=1)
        speed = f"{rate:10.1f}" if rate is not None else f"{'-':>10}"
        print(f"{name:<32}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}   "
              f"{t.precision:7.3f}{t.recall:7.3f}{t.f1:7.3f}{speed}")
    ratio = times["storyline (read_html + clean)"] / times["trafilatura alone"]
    print(f"\ntime storyline / trafilatura alone: {ratio:.2f}x "
          f"({times['storyline (read_html + clean)']:.1f} s vs {times['trafilatura alone']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
