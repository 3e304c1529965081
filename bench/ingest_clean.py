#!/usr/bin/env python3
"""Throughput of ingest + clean + infer on the pooled NeuS validation articles.

Measures the pipeline's text stages before any model runs:
``storyline.ingest.read_paths`` on ``neus/val.clusters.jsonl`` (921 articles in 307
clusters; read_paths expands cluster records itself) then
``storyline.pipeline.prepare`` (clean + infer). The baseline is the floor any
reader pays: ``json.loads`` on every line and ``record_to_article`` for every
article, no cleaning. Both run in-process; each figure is the median of the
repeats, and the ratio says what cleaning and inference cost over bare parsing.
Peak RSS is the whole process's (``resource.getrusage``), so it includes both.

    python bench/ingest_clean.py [--data ../shared/data/neus/val.clusters.jsonl] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storyline.ingest import read_paths
from storyline.ingest.files import UnreadableInput
from storyline.ingest.records import record_to_article
from storyline.model import Article
from storyline.pipeline import prepare

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "neus" / "val.clusters.jsonl"


def storyline_path(path: Path) -> list[Article]:
    """What the pipeline does before embedding: read, clean, infer."""
    return prepare(read_paths([path]).articles)


def parse_only(path: Path) -> list[Article]:
    """The baseline: parse the JSONL and build raw articles, nothing else."""
    articles = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if line.strip():
                for j, record in enumerate(json.loads(line)["articles"]):
                    try:
                        articles.append(record_to_article(record, origin=f"{path}:{lineno}/{j}"))
                    except UnreadableInput:  # no text: read_paths reports it and goes on
                        continue
    return articles


def time_it(fn: Callable[[Path], list[Article]], path: Path,
            repeats: int) -> tuple[int, list[float]]:
    """Article count and the wall seconds of each repeat (after one warm-up run)."""
    count = len(fn(path))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return count, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="a clusters JSONL file (default: NeuS validation split)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"NeuS clusters file not found at {args.data}", file=sys.stderr)
        return 2

    rows = {}
    for name, fn in (("baseline: json.loads + record_to_article", parse_only),
                     ("storyline: read_paths + prepare", storyline_path)):
        rows[name] = time_it(fn, args.data, args.repeats)
    print(f"{args.data}, median of {args.repeats} repeats in-process")
    for name, (count, times) in rows.items():
        median = statistics.median(times)
        runs = " ".join(f"{t:.3f}" for t in times)
        print(f"{name:<42} {count} articles  {median:7.3f} s  "
              f"{count / median:8.0f} articles/s   runs: {runs}")
    base, ours = (statistics.median(times) for _, times in rows.values())
    print(f"ratio storyline/baseline time: {ours / base:.1f}x")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(f"peak RSS: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
