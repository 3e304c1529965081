#!/usr/bin/env python3
"""What the cleaning's residue rules cut on Timeline17 and NeuS (docs/cleaning.md,
"Residues after the first passes"), with a seeded sample of cuts to read by hand.

Counts, per T17 topic and on NeuS val/train:

* ``news-links``: BBC's closing "From other news sites" box (storyline/clean/news_box.py);
* ``first-comment``: reader comment threads that start after the post's closing words
  (storyline/clean/comments.py ``POST_END``), i.e. whose first comment is cut too;
* ``dateline-caption``: a ``photo-caption`` cut at the start of a paragraph right before
  a CNN dateline (storyline/clean/dateline_caption.py);
* ``byline-role`` / ``byline-place``: bylines glued to a one-paragraph article whose cut
  took a newsroom role or a dateline place (rules.byline_prefix), and ``author-role``,
  authors that still carry a role (should be 0).

    python bench/clean_residues.py [--data ../shared/data] [--sample 20] [--seed 7]

No baseline: counts and a hand check (every changed article was also compared against
the branch point's cleaning, see docs/cleaning.md). About 60-90 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

from storyline.clean import clean_article, rules
from storyline.clean import comments as rc
from storyline.clean.dateline_caption import DATELINE
from storyline.evaluation.timelines import detokenize
from storyline.model import Article

ROOT = Path(__file__).resolve().parents[1]


def _place(segment: str) -> bool:
    """The last comma segment of a byline cut is a place: no outlet in capitals
    ("CNN", "Special to CNN", "BBC News"), no role."""
    return not re.search(r"\b[A-Z]{2,}\b", segment) and not rules.ROLE.search(segment)


def residues(article: Article) -> list[tuple[str, str]]:
    """``(kind, text)`` of the residue cuts in one cleaned article."""
    out: list[tuple[str, str]] = []
    raw = article.raw_text
    for span in article.removed:
        if span.rule == "news-links":
            out.append(("news-links", span.text))
        elif span.rule == "reader-comments" and rc.POST_END.search(raw[max(0, span.start - 300):
                                                                       span.start + 1]):
            out.append(("first-comment", span.text))
        elif span.rule == "photo-caption" and DATELINE.match(raw, span.end):
            out.append(("dateline-caption", span.text))
        elif span.rule == "byline" and span.start == 0 and rules.long_line(raw):
            if rules.ROLE.search(span.text):
                out.append(("byline-role", span.text))
            if "," in span.text and _place(span.text.rsplit(",", 1)[1]):
                out.append(("byline-place", span.text))
    if article.author and rules.ROLE.search(article.author) and rules.long_line(raw):
        out.append(("author-role", article.author))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    found: list[tuple[str, str, str]] = []  # (where, kind, text)
    per: dict[str, Counter[str]] = {}
    for path in sorted((args.data / "t17").glob("*/articles.json.gz")):
        topic = path.parent.name
        per[topic] = Counter()
        with gzip.open(path) as fh:
            records = json.load(fh)
        for a in records:
            text = detokenize(a["text"])
            for kind, cut in residues(clean_article(Article(a["uid"], text, text))):
                per[topic][kind] += 1
                found.append((topic, kind, cut))
    for split in ("val", "train"):
        name = f"neus-{split}"
        per[name] = Counter()
        with open(args.data / "neus" / f"{split}.clusters.jsonl", encoding="utf-8") as fh:
            records = [a for line in fh for a in json.loads(line)["articles"]]
        for a in records:
            text = a.get("text") or ""
            for kind, cut in residues(clean_article(Article(a["id"], text, text))):
                per[name][kind] += 1
                found.append((name, kind, cut))
    kinds = ["news-links", "first-comment", "dateline-caption", "byline-role",
             "byline-place", "author-role"]
    print(f"{'data':26}" + "".join(f"{k:>17}" for k in kinds))
    for where, counts in per.items():
        if sum(counts.values()):
            print(f"{where:26}" + "".join(f"{counts[k]:>17}" for k in kinds))
    total = Counter(kind for _, kind, _ in found)
    print(f"{'total':26}" + "".join(f"{total[k]:>17}" for k in kinds))
    if args.sample:
        rng = random.Random(args.seed)
        for where, kind, cut in rng.sample(found, min(args.sample, len(found))):
            print(f"\n[{where}] {kind}: {cut[:300]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
