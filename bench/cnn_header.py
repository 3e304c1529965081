#!/usr/bin/env python3
"""What the cleaning's CNN-header step (storyline/clean/cnn_header.py) cuts.

On every Timeline17 article (detokenised, as users would have plain text): pages
whose text before the first ``(CNN) --`` is cut, the pieces by kind, titles and
authors recovered, per topic; the pages with text before a CNN dateline that are
left alone (``--declined`` prints them); then how many NeuS articles (both splits)
and extraction-benchmark pages have a CNN header at all. ``--sample N`` prints a
seeded random sample of the cut pages (every piece and the kept dateline) for a
hand check.

    python bench/cnn_header.py [--data ../shared/data] [--sample 40 --seed 0] [--declined]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

from page_header import count_on_other_data, t17_texts  # bench/page_header.py, beside this

from storyline.clean import clean_article
from storyline.clean.cnn_header import find_cnn_header
from storyline.model import Article

ROOT = Path(__file__).resolve().parents[1]
_DATELINE = re.compile(r"\(CNN\)\s*(?:--|-|—|–)\s")


def t17_headers(root: Path) -> tuple[list[dict], list[dict], Counter, Counter]:
    """Every cut CNN header and every declined pre-dateline text on T17, with
    per-topic page counts and the metadata recovered."""
    cut: list[dict] = []
    declined: list[dict] = []
    pages: Counter = Counter()
    recovered: Counter = Counter()
    for topic, rec, text in t17_texts(root):
        first = text.split("\n", 1)[0]
        header = find_cnn_header(first) if first.strip() else None
        if header is None:
            m = _DATELINE.search(first[:2500])
            if m and first[:m.start()].strip():
                declined.append({"topic": topic, "uid": rec["uid"],
                                 "before": first[:m.start()].strip()})
            continue
        pages[topic] += 1
        cut.append({"topic": topic, "uid": rec["uid"],
                    "words": len(first[:header.dateline].split()),
                    "pieces": [(p.kind, p.rule, first[p.start:p.end], p.value)
                               for p in header.pieces],
                    "dateline": first[header.dateline:header.dateline + 80]})
        article = clean_article(Article(id=str(rec["uid"]), raw_text=text, text=text))
        for span in article.removed:
            if span.kept_as and span.end <= header.dateline:
                recovered[(topic, span.kept_as)] += 1
    return cut, declined, pages, recovered


def other_headers(data: Path) -> dict[str, tuple[int, int]]:
    """(texts, texts with a CNN header) on NeuS and the extraction benchmark's pages."""
    return count_on_other_data(
        data, lambda text: bool(find_cnn_header(text.split("\n", 1)[0])),
        lambda line: bool(find_cnn_header(line)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--declined", action="store_true")
    args = ap.parse_args(argv)
    t17 = args.data / "t17"
    if not t17.exists():
        print(f"no Timeline17 data at {t17}", file=sys.stderr)
        return 1
    cut, declined, pages, recovered = t17_headers(t17)
    kinds = Counter(k for c in cut for k, *_ in c["pieces"])
    print(f"T17 pages with a CNN header cut: {sum(pages.values())} "
          f"({', '.join(f'{t} {n}' for t, n in sorted(pages.items()))})")
    print("pieces by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("recovered: " + ", ".join(f"{t} {k} {n}" for (t, k), n in sorted(recovered.items())))
    words = sorted(c["words"] for c in cut)
    if words:
        print(f"words before the dateline: median {words[len(words) // 2]}, max {words[-1]}")
    no_place = sum(1 for c in cut if c["dateline"].startswith("(CNN)"))
    print(f"datelines without a place after the cut: {no_place}")
    print(f"declined (text before a CNN dateline, nothing cut): {len(declined)}")
    for name, (n, found) in other_headers(args.data).items():
        print(f"{name}: {found} of {n} texts with a CNN header")
    if args.declined:
        for d in declined:
            print(f"\n- {d['topic']} {d['uid']}: {d['before'][-300:]}")
    if args.sample:
        rng = random.Random(args.seed)
        for c in rng.sample(cut, min(args.sample, len(cut))):
            print(f"\n== {c['topic']} {c['uid']} ({c['words']} words)")
            for kind, rule, text, value in c["pieces"]:
                extra = f"  -> {value!r}" if value else ""
                print(f"   [{kind}/{rule}] {text}{extra}")
            print(f"   KEPT: {c['dateline']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
