#!/usr/bin/env python3
"""What the cleaning's page-header step (storyline/clean/page_header.py) cuts.

On every Timeline17 article (detokenised, as users would have plain text): page
stamps cut, the header pieces before them by kind, titles and authors recovered,
per topic; then how many NeuS articles (both splits) and extraction-benchmark
pages have a stamp at all (each one would be a false cut: none of them are wire
pages scraped as one paragraph). ``--sample N`` prints a seeded random sample of
the cut pieces for a hand check, ``--kept`` every kept piece (standfirsts), and
``--dump FILE`` writes every piece as JSONL.

    python bench/page_header.py [--data ../shared/data] [--sample 60 --seed 0] [--kept]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from storyline.clean import clean_article
from storyline.clean.page_header import find_page_header
from storyline.evaluation.timelines import detokenize
from storyline.model import Article

ROOT = Path(__file__).resolve().parents[1]


def t17_texts(root: Path) -> Iterator[tuple[str, dict, str]]:
    """(topic, record, detokenised text) of every Timeline17 article, dated or not
    (``evaluation.timelines.load_t17`` keeps only dated ones; these benches count
    the dates the cleaning recovers). Shared by the header benches."""
    for topic in sorted(p for p in root.iterdir() if (p / "articles.json.gz").exists()):
        with gzip.open(topic / "articles.json.gz", "rt", encoding="utf-8") as fh:
            records = json.load(fh)
        for rec in records:
            yield topic.name, rec, detokenize(rec.get("text") or "")


def t17_pieces(root: Path) -> tuple[list[dict], Counter, Counter]:
    """Every page-header piece on T17, and per-topic counts of stamps and recoveries."""
    pieces: list[dict] = []
    stamps: Counter = Counter()
    recovered: Counter = Counter()
    for topic, rec, text in t17_texts(root):
        header = find_page_header(text) if text.strip() else None
        if header is None:
            continue
        stamps[topic] += 1
        for p in header.pieces:
            pieces.append({"topic": topic, "uid": rec["uid"], "kind": p.kind,
                           "rule": p.rule, "text": text[p.start:p.end]})
        article = clean_article(Article(id=str(rec["uid"]), raw_text=text, text=text))
        for span in article.removed:
            if span.kept_as and span.end <= header.end:
                recovered[span.kept_as] += 1
    return pieces, stamps, recovered


def other_stamps(data: Path) -> dict[str, tuple[int, int]]:
    """(texts, texts with a stamp) on NeuS and the extraction benchmark's pages."""
    return count_on_other_data(data, lambda text: bool(find_page_header(text)),
                               lambda line: bool(find_page_header(line)))


def count_on_other_data(data: Path, in_text: Callable[[str], bool],
                        in_line: Callable[[str], bool]) -> dict[str, tuple[int, int]]:
    """(texts, texts where a cleaning step would fire) on NeuS (``in_text`` on each
    article's text) and the extraction benchmark's pages (``in_line`` on any of their
    paragraphs): data where a header rule should find nothing, so every hit is a false
    cut. Shared by the header benches (this one, cnn_header.py)."""
    out = {}
    for path in sorted((data / "neus").glob("*.clusters.jsonl")):
        texts = [a.get("text") or "" for line in path.open(encoding="utf-8") if line.strip()
                 for a in json.loads(line)["articles"]]
        out[f"neus/{path.name}"] = (len(texts), sum(in_text(t) for t in texts))
    bench = data / "extraction-benchmark"
    if bench.exists():
        from storyline.ingest.html import read_html
        pages = sorted((bench / "html").glob("*.html.gz"))
        found = 0
        for page in pages:
            html = gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace")
            try:
                article = read_html(html, article_id=page.stem, origin=str(page))
            except Exception:  # a page trafilatura cannot read is not a cut
                continue
            # any paragraph, not only the first one the cleaning looks at
            found += any(in_line(line) for line in article.raw_text.split("\n"))
        out["extraction-benchmark"] = (len(pages), found)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kept", action="store_true")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    if not (args.data / "t17").exists():
        print(f"T17 not found under {args.data}", file=sys.stderr)
        return 2
    pieces, stamps, recovered = t17_pieces(args.data / "t17")
    with_prefix = len({(p["topic"], p["uid"]) for p in pieces if p["kind"] != "stamp"})
    print(f"T17: {sum(stamps.values())} page stamps cut, {with_prefix} with a header before it")
    for topic, n in sorted(stamps.items()):
        print(f"  {topic}: {n}")
    kinds = Counter((p["kind"], p["rule"]) for p in pieces)
    print("pieces by kind (rule; None = kept):")
    for (kind, rule), n in kinds.most_common():
        print(f"  {kind:12s} {rule!s:15s} {n}")
    print("kept as metadata:", dict(recovered))
    for name, (n, found) in other_stamps(args.data).items():
        print(f"{name}: {found} stamps in {n} texts")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for p in pieces:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    if args.kept:
        print("\nkept pieces:")
        for p in pieces:
            if p["rule"] is None:
                print(f"  [{p['kind']}] {p['text']}")
    if args.sample:
        cut = [p for p in pieces if p["rule"] and p["kind"] != "stamp"]
        print(f"\nseeded sample ({args.seed}) of {args.sample} of {len(cut)} cut pieces:")
        for i, p in enumerate(random.Random(args.seed).sample(cut, min(args.sample, len(cut)))):
            print(f"{i:3d} [{p['kind']}] {p['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
