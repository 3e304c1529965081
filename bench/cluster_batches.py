"""Clustering across batches: pooled NeuS split into random batches, Timeline17 by day.

    python bench/cluster_batches.py [--data ../shared/data] [--splits train,val]
                                    [--batches 1,2,4,16] [--seeds 0,1,2] [--cache DIR]
                                    [--t17 [--per-topic 100]] [--set key=value ...]

Live ingest adds each poll's articles as one batch, so the reports of one event
often land in different batches. Within a batch the grouping
(:mod:`storyline.clustering.grouping`) sees all of them; across batches only
what the clusterer kept of the earlier ones (its events) can be joined. This
bench measures that case: each pooled NeuS split is cut into N random batches
(seeded; the same cut for every configuration) and added batch by batch, and
event-level B-cubed is printed per seed and as the mean. ``--t17`` adds the
realistic case: Timeline17 (100 articles a topic folder, as in
``bench/t17_time.py``) fed in daily batches in time order, and in one batch,
scored on events (precision against the topic) and story threads.

``--set key=value`` overrides a :class:`ClusterConfig` field (floats, ints and
booleans), so configurations can be compared on the same cuts. Features,
embeddings included, are computed once and cached (pickled) under ``--cache``.
Results: docs/clustering.md ("Across batches").
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from collections import defaultdict
from dataclasses import fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.clustering import ClusterConfig, EventClusterer, featurize  # noqa: E402
from storyline.evaluation.clusters import bcubed, load_labelled, load_timeline17  # noqa: E402


def features(name: str, cache: Path, loader) -> tuple[list, list[str]]:
    path = cache / f"{name}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    from storyline.embed import get_embedder

    articles, gold = loader()
    t0 = time.perf_counter()
    feats = featurize(articles, get_embedder())
    print(f"[{name}] {len(feats)} articles featurised in {time.perf_counter() - t0:.0f} s",
          file=sys.stderr, flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump((feats, gold), fh)
    return feats, gold


def random_batches(n_items: int, n_batches: int, seed: int) -> list[list[int]]:
    """Indices cut into ``n_batches`` random batches of (nearly) equal size."""
    order = list(range(n_items))
    random.Random(seed).shuffle(order)
    return [sorted(order[b::n_batches]) for b in range(n_batches)]


def cluster(feats, batches: list[list[int]], config: ClusterConfig) -> tuple[EventClusterer,
                                                                               float]:
    c = EventClusterer(config)
    t0 = time.process_time()
    for b in batches:
        c.add([feats[i] for i in b])
    return c, time.process_time() - t0


def labels_of(c: EventClusterer, feats) -> tuple[list[str], list[str]]:
    events = [c.events[c.event_of_article[f.article_id]] for f in feats]
    return [e.id for e in events], [e.story_id for e in events]


def parse_sets(items: list[str]) -> dict[str, object]:
    types = {f.name: f.type for f in fields(ClusterConfig)}
    out: dict[str, object] = {}
    for item in items:
        key, _, value = item.partition("=")
        kind = types.get(key)
        if kind is None:
            raise SystemExit(f"no ClusterConfig field {key!r}")
        kind = str(kind)
        out[key] = (value.lower() in ("1", "true", "yes") if "bool" in kind else
                    int(value) if "int" in kind else value if "str" in kind else float(value))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--splits", default="train,val")
    ap.add_argument("--batches", default="1,2,4,16")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/storyline-batches"))
    ap.add_argument("--t17", action="store_true", help="Timeline17 in daily batches too")
    ap.add_argument("--per-topic", type=int, default=100)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = ap.parse_args()
    config = replace(ClusterConfig(), **parse_sets(args.set))  # type: ignore[arg-type]
    seeds = [int(s) for s in args.seeds.split(",")]
    for split in [s for s in args.splits.split(",") if s]:
        feats, gold = features(f"neus-{split}", args.cache, lambda s=split: load_labelled(
            args.data / "neus" / f"{s}.clusters.jsonl"))
        for n in (int(x) for x in args.batches.split(",")):
            f1s, cpu = [], 0.0
            per_seed = []
            for seed in seeds[:1] if n == 1 else seeds:
                c, sec = cluster(feats, random_batches(len(feats), n, seed), config)
                events, _ = labels_of(c, feats)
                s = bcubed(events, gold)
                f1s.append(s.f1)
                cpu += sec
                per_seed.append(f"{s.precision:.3f}/{s.recall:.3f}/{s.f1:.3f} "
                                f"({len(set(events))} ev)")
            print(f"neus {split:<5} {n:>3} batches  B3 F1 mean {sum(f1s) / len(f1s):.3f}  "
                  f"[{'; '.join(per_seed)}]  cpu {cpu / len(f1s):.1f} s", flush=True)
    if args.t17:
        feats, topics = features(f"t17-{args.per_topic}", args.cache, lambda: load_timeline17(
            args.data / "t17", args.per_topic))
        by_day: dict[float | None, list[int]] = defaultdict(list)
        for i, f in enumerate(feats):
            by_day[f.day].append(i)
        daily = [by_day[d] for d in sorted(by_day, key=lambda d: (d is None, d or 0.0))]
        for name, batches in (("one batch", [list(range(len(feats)))]),
                              (f"{len(daily)} daily batches", daily)):
            c, sec = cluster(feats, batches, config)
            events, stories = labels_of(c, feats)
            ev, st = bcubed(events, topics), bcubed(stories, topics)
            print(f"t17 {name:<20} events {len(set(events))} (B3 P {ev.precision:.3f})  "
                  f"stories {len(set(stories))} B3 {st.precision:.3f}/{st.recall:.3f}/"
                  f"{st.f1:.3f}  cpu {sec:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
