#!/usr/bin/env python3
"""Entity lists of real stories, dumped for reading by hand and diffed between two code
versions: the measurement behind the entity-type, junk-entity and merge fixes
(storyline.entity_types, storyline.entity_junk, storyline.entity_merges).

Story sets (``--set``):

* ``neus-val``: every NeuS val cluster (307 stories of 3 excerpts);
* ``neus-train30``: 30 NeuS train clusters drawn with a fixed seed (the hand-read sample);
* ``t17``: Timeline17, per topic the ``--t17-days`` busiest publication days, up to 8
  articles each (as bench/entity_spans.py draws it);
* ``t17-3``: three whole-day stories of SyrianCrisis_bbc, IraqWar_guardian and
  LibyaWar_cnn (the hand-read T17 sample).

Articles are cleaned as a brief cleans them (:func:`storyline.pipeline.prepare`); NER
mentions are cached in ``--cache`` (spaCy is the slow part), keyed by text.

    python bench/entity_quality.py dump --set neus-val -o /tmp/after.json
    python bench/entity_quality.py diff /tmp/before.json /tmp/after.json
    python bench/entity_quality.py show /tmp/after.json [--story ID]
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from entity_spans import t17_day_stories  # noqa: E402  (bench/entity_spans.py, beside this)

from storyline.entities import extract_entities  # noqa: E402
from storyline.mentions import find_mentions, text_key  # noqa: E402
from storyline.model import Article  # noqa: E402

T17_HAND = ("SyrianCrisis_bbc", "IraqWar_guardian", "LibyaWar_cnn")


def _neus(data: Path, split: str) -> list[dict]:
    return [json.loads(line) for line in (data / "neus" / f"{split}.clusters.jsonl").open()]


def _cluster(row: dict) -> tuple[str, list[Article]]:
    arts = [Article(f'{row["id"]}/{a["id"]}', a["text"], a["text"], title=a.get("title"),
                    source=a.get("source"))
            for a in row["articles"] if a.get("text")]
    return row["id"], arts


def stories(data: Path, which: str, t17_days: int) -> list[tuple[str, list[Article]]]:
    if which == "neus-val":
        return [_cluster(r) for r in _neus(data, "val")]
    if which == "neus-train30":
        rows = _neus(data, "train")
        return [_cluster(r) for r in random.Random(30).sample(rows, 30)]
    if which == "neus-train":
        return [_cluster(r) for r in _neus(data, "train")]
    if which.startswith("neus-grep:"):  # NeuS train+val clusters whose text has a phrase
        phrase = which.split(":", 1)[1]
        return [_cluster(r) for split in ("train", "val") for r in _neus(data, split)
                if any(phrase in a["text"] for a in r["articles"])]
    if which == "t17":
        return t17_day_stories(data, t17_days, None)
    if which == "t17-3":
        return t17_day_stories(data, 1, T17_HAND)
    raise SystemExit(f"unknown set {which}")


def _mentions(articles: list[Article], cache: Path) -> dict:
    known: dict = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    todo = [a for a in articles if text_key(a.text) not in known]
    if todo:
        found = find_mentions(todo)
        for a in todo:
            known[text_key(a.text)] = [(m.start, m.end, m.text, m.label) for m in found[a.id]]
        cache.write_bytes(pickle.dumps(known))
    from storyline.mentions import Mention

    return {a.id: [Mention(a.id, *t) for t in known[text_key(a.text)]] for a in articles}


def dump(args: argparse.Namespace) -> None:
    from storyline.pipeline import prepare

    raw = stories(args.data, args.set, args.t17_days)
    prepared = prepare([a for _, arts in raw for a in arts])
    by_id = {a.id: a for a in prepared}
    mentions = _mentions(prepared, args.cache)
    out = {}
    for sid, arts in raw:
        arts = [by_id[a.id] for a in arts if a.id in by_id]
        index = extract_entities(arts, {a.id: mentions[a.id] for a in arts})
        out[sid] = [{"name": e.name, "type": e.type, "aliases": list(e.aliases),
                     "mentions": e.mentions, "articles": len(e.article_ids),
                     "evidence": list(e.evidence)} for e in index.entities]
    Path(args.output).write_text(json.dumps(out, indent=1, ensure_ascii=False))
    print(f"{len(out)} stories, {sum(len(v) for v in out.values())} entities -> {args.output}")


def _sig(e: dict) -> tuple:
    return (e["name"], e["type"], tuple(sorted(e["aliases"])))


def diff(args: argparse.Namespace) -> None:
    before, after = (json.loads(Path(p).read_text()) for p in (args.before, args.after))
    changed = stories_changed = 0
    for sid in before:
        b = {_sig(e) for e in before[sid]}
        a = {_sig(e) for e in after.get(sid, [])}
        gone, new = sorted(b - a), sorted(a - b)
        if not (gone or new):
            continue
        stories_changed += 1
        changed += len(gone)
        print(f"## {sid}")
        for s in gone:
            print(f"  - {s[1]:12} {s[0]}  {list(s[2])[:6]}")
        for s in new:
            print(f"  + {s[1]:12} {s[0]}  {list(s[2])[:6]}")
    total = sum(len(v) for v in before.values())
    print(f"\n{changed} of {total} entities changed (removed, retyped or merged), "
          f"{stories_changed} of {len(before)} stories")


def show(args: argparse.Namespace) -> None:
    data = json.loads(Path(args.file).read_text())
    for sid, ents in data.items():
        if args.story and args.story not in sid:
            continue
        print(f"## {sid}")
        for e in ents:
            if e["mentions"] < args.min_mentions:
                continue
            print(f"  {e['type'][:5]:5} {e['name']}  x{e['mentions']}"
                  + (f"  = {'; '.join(e['aliases'][:5])}" if e["aliases"] else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("dump")
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--set", default="neus-val")
    p.add_argument("--t17-days", type=int, default=3)
    p.add_argument("--cache", type=Path, default=Path("/tmp/storyline-entity-quality.pkl"))
    p.add_argument("-o", "--output", required=True)
    p = sub.add_parser("diff")
    p.add_argument("before")
    p.add_argument("after")
    p = sub.add_parser("show")
    p.add_argument("file")
    p.add_argument("--story")
    p.add_argument("--min-mentions", type=int, default=1)
    args = parser.parse_args()
    {"dump": dump, "diff": diff, "show": show}[args.cmd](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
