#!/usr/bin/env python3
"""Quotes and entities on NeuS story clusters: counts, and hand-check support.

Each NeuS cluster is one story told by three outlets (excerpts), so it is a fair
test of what the brief does with quotes and entities beyond the bundled example:

* counts: quotes found, share attributed to a named speaker, partial quotes,
  unbalanced quote marks dropped, quotes grouped across outlets, entity merges by
  kind (surname, first-name variant, misspelling, acronym, plural);
* ``--sample N --seed S``: prints N random quotes (or ``--merges``: N random
  entity merges) with their context, for a person to judge;
* ``--labels FILE``: scores attribution against hand labels (TSV: article id,
  quote start offset, correct speaker or ``-`` for none): precision of the named
  speakers, and how many quotes with a named speaker were left unattributed.

There is no gold standard for quote speakers in NeuS; the labels in
``bench/labels/`` are our own hand checks (see bench/README.md for the numbers).

    python bench/analysis_quality.py [--data ../shared/data/neus/val.clusters.jsonl]
        [--first 0 --count 307] [--sample 60 --seed 3] [--merges] [--labels FILE]
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.entities import extract_entities  # noqa: E402
from storyline.ingest.records import record_to_article  # noqa: E402
from storyline.pipeline import prepare  # noqa: E402
from storyline.quotes import Found, attribute  # noqa: E402
from storyline.sentences import split_batch  # noqa: E402

MERGE_KINDS = ("surname of", "short form", "misspelling", "initials", "plural", "left apart")


def load(path: Path, first: int, count: int) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[first:first + count]


def analyse_cluster(row: dict) -> dict:
    articles = prepare([record_to_article(a, origin=row["id"]) for a in row["articles"]
                        if a.get("text")])
    sentences = split_batch(articles)
    index = extract_entities(articles)
    found: list[Found] = []
    unbalanced = 0
    for a in articles:
        f, u = attribute(a, sentences[a.id], index)
        found += f
        unbalanced += u
    return {"id": row["id"], "texts": {a.id: a.text for a in articles}, "found": found,
            "unbalanced": unbalanced, "entities": index.entities}


def merge_kind(evidence: str) -> str:
    return next((k for k in MERGE_KINDS if k in evidence), "other")


def context(text: str, start: int, end: int, before: int = 220, after: int = 120) -> str:
    return (text[max(0, start - before):start] + " [[ " + text[start:end] + " ]] "
            + text[end:end + after]).replace("\n", " ")


def score(results: list[dict], labels: Path) -> None:
    found = {(f.article_id, f.start): f for r in results for f in r["found"]}
    named = correct = missed = judged = 0
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        article_id, start, truth = line.split("\t")[:3]
        f = found.get((article_id, int(start)))
        if f is None:
            continue
        judged += 1
        truth = None if truth == "-" else truth
        if f.speaker:
            named += 1
            correct += f.speaker == truth
        elif truth:
            missed += 1
    print(f"hand labels: {judged} quotes judged; named speakers {named}, correct {correct} "
          f"(precision {correct / max(named, 1):.3f}); left unattributed though named in the "
          f"text: {missed}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path,
                        default=ROOT.parent / "shared" / "data" / "neus" / "val.clusters.jsonl")
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, default=10**9)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--merges", action="store_true", help="sample entity merges instead")
    parser.add_argument("--labels", type=Path)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"data not found at {args.data}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    results = [analyse_cluster(row) for row in load(args.data, args.first, args.count)]
    took = time.perf_counter() - start
    quotes = [f for r in results for f in r["found"]]
    kinds = collections.Counter(merge_kind(ev) for r in results for e in r["entities"]
                                for ev in e.evidence)
    print(f"{len(results)} clusters, {sum(len(r['texts']) for r in results)} articles, "
          f"{took:.1f} s")
    print(f"quotes {len(quotes)}: named speaker {sum(1 for f in quotes if f.speaker)}, "
          f"partial {sum(1 for f in quotes if f.partial)}; unbalanced marks dropped "
          f"{sum(r['unbalanced'] for r in results)}")
    print(f"entities {sum(len(r['entities']) for r in results)}; merges by kind: "
          + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    rng = random.Random(args.seed)
    if args.sample and args.merges:
        merges = [(r, e, ev) for r in results for e in r["entities"] for ev in e.evidence
                  if "left apart" not in ev]
        for n, (r, e, ev) in enumerate(rng.sample(merges, min(args.sample, len(merges)))):
            print(f"\n#{n} {r['id']} {e.name} ({e.type}): {ev}")
            alias = ev.split(":")[0]
            for article_id, text in r["texts"].items():
                at = text.find(alias)
                if at >= 0:
                    print(f"    {article_id}: {context(text, at, at + len(alias), 90, 40)}")
                    break
    elif args.sample:
        texts = {a: t for r in results for a, t in r["texts"].items()}
        for n, f in enumerate(rng.sample(quotes, min(args.sample, len(quotes)))):
            print(f"\n#{n} {f.article_id}\t{f.start}\tspeaker={f.speaker!r} | {f.attribution}")
            print("    " + context(texts[f.article_id], f.start, f.end))
    if args.labels:
        score(results, args.labels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
