"""Do story threads chain across topics? The largest stories of a mixed database.

    python bench/t17_threads.py [--data ../shared/data] [--n 320] [--seed 0]
                                [--top 5] [--cache FILE] [--no-embed] [--set key=value]

Rebuilds the kind of database the web app was looked at with: the example
(examples/lavrov-talks), pooled NeuS val and ``--n`` dated Timeline17 articles
(a seeded sample of every topic folder's dated articles), each prepared (cleaned)
as ``storyline ingest`` prepares them and clustered as three ingests
(``storyline ingest --db``: each batch continues the state saved by the one
before, through ``to_state`` / ``from_state``). Prints the ``--top`` largest
stories with the topic mix of their articles (Timeline17 topic folders; NeuS val
and the example count as ``neus`` and ``example``) and their date span, how many
articles sit outside their story's main topic, and the story B-cubed of the
Timeline17 articles against their topics.

A story thread should hold one topic: one 125-article story of such a database
held Libya, Egypt, Michael Jackson and BP oil spill articles (docs/clustering.md,
"Threads scored as a whole"). ``--set story_thread_min_similarity=0 --set
story_thread_choice=nearest`` gives the old single-link rule on the same articles;
``--cache FILE`` keeps the embeddings so reruns skip the encoder.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from storyline.clustering import ClusterConfig, EventClusterer  # noqa: E402
from storyline.evaluation.clusters import bcubed, load_labelled, load_timeline17  # noqa: E402


def config_from(sets: list[str]) -> ClusterConfig:
    """A ClusterConfig with ``key=value`` overrides (numbers and words)."""
    cfg = ClusterConfig()
    names = {f.name: f for f in fields(ClusterConfig)}
    for s in sets:
        key, _, value = s.partition("=")
        if key not in names:
            raise SystemExit(f"unknown ClusterConfig field {key!r}")
        kind = type(getattr(cfg, key))
        cfg = replace(cfg, **{key: value if kind is str else kind(float(value))})
    return cfg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--n", type=int, default=320, help="dated Timeline17 articles")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--cache", type=Path, default=None, help="embedding cache (.npz)")
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--set", action="append", default=[], help="ClusterConfig key=value")
    args = ap.parse_args()
    if not (args.data / "t17").exists() or not (args.data / "neus").exists():
        print(f"no Timeline17 / NeuS data under {args.data}", file=sys.stderr)
        return 2
    from storyline.clustering import cluster_batch
    from storyline.ingest import read_paths
    from storyline.pipeline import prepare

    config = config_from(args.set)
    embedder = None
    if not args.no_embed:
        from train_clusterer import CachedEmbedder

        embedder = CachedEmbedder(args.cache)
    example = prepare(read_paths([ROOT / "examples" / "lavrov-talks"]).articles)
    val, _ = load_labelled(args.data / "neus" / "val.clusters.jsonl")
    t17, topics = load_timeline17(args.data / "t17")
    dated = [i for i, a in enumerate(t17) if a.published]
    picked = sorted(random.Random(args.seed).sample(dated, min(args.n, len(dated))))
    t17 = prepare([t17[i] for i in picked])
    label = {a.id: topics[i] for a, i in zip(t17, picked, strict=True)}
    label.update({a.id: "neus" for a in val})
    label.update({a.id: "example" for a in example})
    t0 = time.perf_counter()
    state = None
    for batch in (example, val, t17):  # three ingests, each from the stored state
        c = EventClusterer.from_state(state, config) if state else EventClusterer(config)
        cluster_batch(batch, embedder, state=c)
        state = c.to_state()
    seconds = time.perf_counter() - t0
    c = EventClusterer.from_state(state, config)
    story_of = {a: c.events[k].story_id for a, k in c.event_of_article.items()}
    day_of = {a.id: a.published[:10] for a in (*example, *val, *t17) if a.published}
    members: dict[str, list[str]] = defaultdict(list)
    for a, s in story_of.items():
        members[s].append(a)
    ids = [a.id for a in t17]
    st = bcubed([story_of[i] for i in ids], [label[i] for i in ids])
    ev = bcubed([c.events[c.event_of_article[i]].id for i in ids], [label[i] for i in ids])
    print(f"{len(example)} example + {len(val)} NeuS val + {len(t17)} dated Timeline17 "
          f"articles (seed {args.seed}); clustered in {seconds:.1f} s; "
          f"{len(members)} stories, {len({c.event_of_article[a] for a in story_of})} events")
    outside = sum(len(m) - Counter(label[a] for a in m).most_common(1)[0][1]
                  for m in members.values())
    print(f"articles outside their story's main topic (Timeline17 topic, or neus / example): "
          f"{outside} of {len(story_of)}")
    print(f"Timeline17 articles against their topics: events B3 P {ev.precision:.3f}; "
          f"stories B3 P/R/F1 {st.precision:.3f} / {st.recall:.3f} / {st.f1:.3f}, "
          f"{len({story_of[i] for i in ids})} stories")
    print(f"\n{'rank':>4} {'articles':>8} {'events':>6}  {'span':<23}  topics")
    largest = sorted(members, key=lambda s: (-len(members[s]), s))[:args.top]
    for rank, s in enumerate(largest, 1):
        mix = Counter(label[a] for a in members[s])
        days = sorted(day_of[a] for a in members[s] if a in day_of)
        span = f"{days[0]} .. {days[-1]}" if days else "undated"
        n_events = len({c.event_of_article[a] for a in members[s]})
        print(f"{rank:>4} {len(members[s]):>8} {n_events:>6}  {span:<23}  "
              + ", ".join(f"{t} {n}" for t, n in mix.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
