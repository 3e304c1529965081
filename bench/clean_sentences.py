#!/usr/bin/env python3
"""Furniture sentences cut out of paragraphs: how many, where, and which.

Cleans the Timeline17 articles (one paragraph each once detokenised) and the NeuS
validation articles twice, with and without the sentence pass of the cleaning stage
(:mod:`storyline.clean.sentence_rules`), and reports the spans only the sentence
pass removed: per T17 topic and rule, and on NeuS (where there should be almost
none). ``--dump FILE`` writes every such removal (JSON lines) for a hand check;
``--near-misses N`` lists the N kept sentences that recur verbatim in the most
T17 articles of at least two unrelated subjects (bpoil, Syria, ...): furniture
the rules still miss would show up there.

    python bench/clean_sentences.py [--data ../shared/data] [--dump removals.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

from storyline.clean import clean_article
from storyline.clean import sentence_rules as sr
from storyline.clean.rules import normalized
from storyline.evaluation.timelines import load_topic
from storyline.ingest import read_paths
from storyline.model import Article, RemovedSpan
from storyline.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def sentence_cuts(articles: list[Article]) -> tuple[list[Article], list[tuple[str, RemovedSpan]]]:
    """Cleaned articles, and the spans only the sentence pass removed."""
    with mock.patch.object(sr, "has_cue", lambda text: False):
        lines_only = {a.id: {(s.start, s.end) for s in clean_article(a).removed}
                      for a in articles}
    cleaned = [clean_article(a) for a in articles]
    cuts = [(a.id, s) for a in cleaned for s in a.removed
            if (s.start, s.end) not in lines_only[a.id]]
    return cleaned, cuts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--dump", type=Path, help="write every sentence removal here (JSONL)")
    parser.add_argument("--near-misses", type=int, default=30)
    args = parser.parse_args()
    t17 = args.data / "t17"
    if not t17.is_dir():
        print(f"Timeline17 not found at {t17}", file=sys.stderr)
        return 2
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    recurring: Counter[str] = Counter()
    subjects: dict[str, set[str]] = defaultdict(set)
    example: dict[str, str] = {}
    total_articles = total_cuts = 0
    print(f"{'T17 topic':<24}{'articles':>9}{'cut':>6}{'articles hit':>14}  by rule")
    started = time.perf_counter()
    for path in sorted(p for p in t17.iterdir() if p.is_dir()):
        topic = load_topic(path)
        if topic is None:
            continue
        cleaned, cuts = sentence_cuts(topic.articles)
        total_articles += len(cleaned)
        total_cuts += len(cuts)
        rules = Counter(s.rule for _, s in cuts)
        hit = len({aid for aid, _ in cuts})
        print(f"{path.name:<24}{len(cleaned):>9}{len(cuts):>6}{hit:>14}  "
              + ", ".join(f"{k} {v}" for k, v in rules.most_common()))
        for aid, span in cuts:
            if dump:
                dump.write(json.dumps({"set": path.name, "article": aid, "rule": span.rule,
                                       "text": span.text}) + "\n")
        subject = path.name.split("_")[0]
        for article in cleaned:
            for key in {normalized(s.text): s.text for s in split_sentences(article)}.items():
                if len(key[0].split()) >= 4:
                    recurring[key[0]] += 1
                    subjects[key[0]].add(subject)
                    example.setdefault(*key)
    print(f"{'all T17':<24}{total_articles:>9}{total_cuts:>6}   "
          f"({time.perf_counter() - started:.0f} s)")

    neus = args.data / "neus" / "val.clusters.jsonl"
    if neus.is_file():
        _, cuts = sentence_cuts(read_paths([neus]).articles)
        print(f"\nNeuS val: {len(cuts)} sentence cuts")
        for aid, span in cuts:
            print(f"  {aid} [{span.rule}] {span.text[:150]!r}")
            if dump:
                dump.write(json.dumps({"set": "neus-val", "article": aid, "rule": span.rule,
                                       "text": span.text}) + "\n")

    if args.near_misses:
        print("\nkept sentences recurring in the most T17 articles of >= 2 subjects:")
        rows = sorted(((n, k) for k, n in recurring.items() if len(subjects[k]) >= 2),
                      reverse=True)[:args.near_misses]
        for n, key in rows:
            print(f"{n:5} {len(subjects[key])} {example[key][:140]!r}")
    if dump:
        dump.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
