#!/usr/bin/env python3
"""Dump every quote's speaker on the shared data, and compare two dumps.

To measure a change to attribution (:mod:`storyline.quotes`): run ``dump`` with the
code before and after (e.g. a baseline worktree of main beside yours), then ``diff``
the two files: how many quotes gain, lose or change speaker, and a seeded random
sample of the changes with their context, for a person to judge.

Stories: NeuS clusters (3 articles each), the bundled example, and Timeline17 topics
cut into stories of ``--story-size`` sampled articles. Timeline17 texts are tokenised
(`` ... '' for quote marks, spaces before punctuation); for this measurement only, the
marks are turned into curly quotes and the spaces before punctuation removed, or no
quote would be found at all.

    python bench/quote_speakers.py dump --out /tmp/new.jsonl [--neus FILE ...]
        [--t17 DIR --per-topic 40 --story-size 10] [--example DIR] [--cache DIR]
    python bench/quote_speakers.py diff /tmp/base.jsonl /tmp/new.jsonl [--sample 40]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import pickle
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.entities import extract_entities  # noqa: E402
from storyline.ingest import read_paths  # noqa: E402
from storyline.ingest.records import record_to_article  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.pipeline import prepare  # noqa: E402
from storyline.quotes import attribute, role_holders  # noqa: E402
from storyline.sentences import split_batch  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def neus_stories(path: Path) -> list[tuple[str, list[Article]]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append((f"{path.stem}:{row['id']}", prepare(
                    [record_to_article(a, origin=row["id"]) for a in row["articles"]
                     if a.get("text")])))
    return out


def _detokenise(text: str) -> str:
    text = re.sub(r"``\s*", "“", text)
    text = re.sub(r"\s*''", "”", text)
    text = re.sub(r"\s+([.,;:!?%)])", r"\1", text)
    text = re.sub(r"\s+(['’]s?)\b", r"\1", text)
    text = text.replace("-LRB- ", "(").replace(" -RRB-", ")")
    return text


# a role phrase next to a speech verb ("the Syrian president said", "said the president")
_TITLES = (r"(?:prime |foreign |defen[cs]e |interior |finance )?(?:president|minister|"
           r"chancellor|premier|governor|senator|secretary|king|queen|leader|mayor)")
FOCUS = re.compile(rf"\b(?:said|told|says|added)\s+the\s+(?:[A-Z][\w.]*\s+){{0,2}}{_TITLES}\b"
                   rf"|\bthe\s+(?:[A-Z][\w.’']*\s+){{0,2}}{_TITLES}\s+(?:said|told|says|added)\b"
                   rf"|\b[A-Z][\w.]*['’]s\s+{_TITLES}\s+(?:said|told|says|added)\b")


def t17_stories(folder: Path, per_topic: int, size: int, seed: int, focus: bool = False
                ) -> list[tuple[str, list[Article]]]:
    """Stories of ``size`` articles sampled per topic; with ``focus``, every article
    with a role phrase next to a speech verb (FOCUS) instead, each story half such
    articles and half others of the topic (a targeted sample: the stories where
    role phrases can change a speaker)."""
    rng = random.Random(seed)
    out = []
    for sub in sorted(p for p in folder.iterdir() if (p / "articles.json.gz").exists()):
        with gzip.open(sub / "articles.json.gz") as fh:
            records = json.loads(fh.read())
        if focus:
            hits = [r for r in records if FOCUS.search(_detokenise(str(r.get("text", ""))))]
            rest = [r for r in records if r not in hits]
            half = max(1, size // 2)
            records = []
            for lo in range(0, len(hits), half):
                records += hits[lo:lo + half] + rng.sample(rest, min(size - half, len(rest)))
        else:
            records = rng.sample(records, min(per_topic, len(records)))
        for lo in range(0, len(records), size):
            arts = [Article(id=f"{sub.name}/{r['uid']}", raw_text=t, text=t,
                            published=str(r.get("dct") or "")[:10] or None)
                    for r in records[lo:lo + size]
                    for t in [_detokenise(" ".join(str(r.get("text", "")).split()))]]
            out.append((f"t17{'f' if focus else ''}:{sub.name}:{lo}", arts))
    return out


def dump(stories: list[tuple[str, list[Article]]], out: Path, cache: Path | None) -> None:
    start = time.perf_counter()
    rows = []
    for story, articles in stories:
        key = cache / (re.sub(r"\W", "_", story) + ".pkl") if cache else None
        if key and key.exists():
            index = pickle.loads(key.read_bytes())
        else:
            index = extract_entities(articles)
            if key:
                key.write_bytes(pickle.dumps(index))
        sentences = split_batch(articles)
        roles = role_holders(articles, index.mentions)
        for a in articles:
            for f in attribute(a, sentences[a.id], index, roles)[0]:
                rows.append({"story": story, "article": a.id, "start": f.start, "end": f.end,
                             "speaker": f.speaker, "attribution": f.attribution,
                             "context": _context(a.text, f.start, f.end)})
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    named = sum(1 for r in rows if r["speaker"])
    print(f"{len(stories)} stories, {len(rows)} quotes, {named} with a speaker, "
          f"{time.perf_counter() - start:.1f} s -> {out}")


def _context(text: str, start: int, end: int) -> str:
    quote = text[start:end]
    if len(quote) > 160:
        quote = quote[:70] + " … " + quote[-70:]
    return " ".join((text[max(0, start - 260):start] + " [[ " + quote + " ]] "
                     + text[end:end + 160]).split())


def diff(a: Path, b: Path, sample: int, seed: int) -> None:
    def load(p: Path) -> dict:
        return {(r["article"], r["start"]): r for r in map(json.loads, p.open(encoding="utf-8"))}

    old, new = load(a), load(b)
    kinds: collections.Counter = collections.Counter()
    changes = []
    for k in sorted(old.keys() | new.keys()):
        o, n = old.get(k), new.get(k)
        if o is None or n is None:
            kinds["quote only in " + ("new" if o is None else "old")] += 1
            continue
        if o["speaker"] == n["speaker"]:
            if o["attribution"] != n["attribution"]:
                kinds["same speaker, other evidence"] += 1
            continue
        kind = ("gained a speaker" if not o["speaker"] else "lost its speaker"
                if not n["speaker"] else "changed speaker")
        kinds[kind] += 1
        changes.append((kind, o, n))
    for name, d in (("old", old), ("new", new)):
        print(f"{name}: {len(d)} quotes, {sum(1 for r in d.values() if r['speaker'])} with a "
              f"speaker")
    for kind, count in kinds.most_common():
        print(f"  {kind}: {count}")
    rng = random.Random(seed)
    for i, (kind, o, n) in enumerate(rng.sample(changes, min(sample, len(changes)))):
        print(f"\n#{i} {kind} {n['article']} @{n['start']}: {o['speaker']!r} -> "
              f"{n['speaker']!r}\n   old: {o['attribution']}\n   new: {n['attribution']}\n"
              f"   {n['context']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--neus", type=Path, nargs="*", default=[])
    d.add_argument("--t17", type=Path)
    d.add_argument("--per-topic", type=int, default=40)
    d.add_argument("--story-size", type=int, default=10)
    d.add_argument("--focus", action="store_true", help="Timeline17: role-phrase articles")
    d.add_argument("--example", type=Path)
    d.add_argument("--seed", type=int, default=0)
    d.add_argument("--cache", type=Path, help="keep each story's entities here (reused)")
    c = sub.add_parser("diff")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--sample", type=int, default=40)
    c.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.cmd == "diff":
        diff(args.old, args.new, args.sample, args.seed)
        return 0
    stories = []
    if args.example:
        stories.append(("example", prepare(read_paths([args.example]).articles)))
    for path in args.neus:
        stories += neus_stories(path)
    if args.t17:
        stories += t17_stories(args.t17, args.per_topic, args.story_size, args.seed,
                               args.focus)
    if not stories:
        print("nothing to dump: give --neus, --t17 or --example", file=sys.stderr)
        return 2
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    dump(stories, args.out, args.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
