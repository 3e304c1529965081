"""Does time help? Story threads on pooled Timeline17, with and without dates.

    python bench/t17_time.py [--data ../shared/data/t17] [--per-topic N] [--embed]
                             [--grid] [--floors 0,0.05,0.1,0.15] [--cache FILE]
                             [--thread-floors 0,0.1,0.15] [--thread-choice best|nearest]
                             [--set key=value ...] [--orders N]

Timeline17's articles carry publication dates but no event labels; their
topics (BP oil spill, H1N1, Libya, Syria, Egypt, Iraq, Michael Jackson, Haiti;
several outlets per topic) are story-level labels. Pooling every topic and
clustering them again, an event must never mix topics (event B-cubed
precision against the topic), and story threads should recover the topics
(story B-cubed). The same articles are clustered twice: with their dates, and
with the dates removed (time unknown: content alone).

``--grid`` also tries story thresholds and windows (this is where the story
window and threshold defaults come from); ``--floors`` tries floors on the
TF-IDF cosine a story link needs (``ClusterConfig.story_min_similarity``);
``--thread-floors`` the cosine the article needs with the thread as a whole
(``ClusterConfig.story_thread_min_similarity``), ``--thread-choice`` which linked
thread a new event continues (``story_thread_choice``; ``--thread-floors 0
--thread-choice nearest`` is the old single-link rule).
``--set key=value`` overrides any :class:`ClusterConfig` field for the default run
(e.g. ``--set story_thread_relative=0`` for the rule before 2026-11-24).
``--cache FILE`` keeps the embeddings so reruns skip the encoder.
``--orders N`` also clusters both runs in N random orders (seeds 1..N; dated articles
stay in date order, shuffled within each day) and prints the means: the clusterer takes
articles of one day (without dates: all of them) in the order of a hash of their ids, so
one run is one draw of that order, and an undated draw varies a lot (0.789 in the id-hash
order against 0.732 on average over six random orders, docs/clustering.md).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from storyline.clustering import ClusterConfig, EventClusterer, featurize  # noqa: E402
from storyline.evaluation.clusters import bcubed, load_timeline17  # noqa: E402


def run(feats, labels, config: ClusterConfig):
    c = EventClusterer(config)
    c.add(feats)
    keys = [c.event_of_article[f.article_id] for f in feats]
    events = [c.events[k].id for k in keys]
    stories = [c.events[k].story_id for k in keys]
    return bcubed(events, labels), bcubed(stories, labels), len(set(events)), len(set(stories))


def shuffled(feats, seed: int):
    """The features in a random order within each day (undated: overall): a seeded hash
    of each id stands in for the id hash that orders articles of one day."""
    def key(f) -> str:
        digest = hashlib.sha1(f"{seed}|{f.article_id}".encode()).hexdigest()[:12]
        return f"{f.order_key.split('|')[0]}|{digest}|{f.article_id}"
    return [replace(f, order_key=key(f)) for f in feats]


def print_orders(runs, labels, cfg: ClusterConfig, n: int) -> None:
    """Story B-cubed of each run's articles in ``n`` random orders (seeds 1..n), and the
    mean and spread."""
    for name, feats in runs:
        scores = []
        for seed in range(1, n + 1):
            _, st, n_ev, n_st = run(shuffled(feats, seed), labels, cfg)
            scores.append(st)
            print(f"{name}, order {seed}: {n_ev} events, {n_st} stories, story B3 P/R/F1 "
                  f"{st.precision:.3f} / {st.recall:.3f} / {st.f1:.3f}", flush=True)
        p, r, f = (statistics.mean(getattr(s, k) for s in scores)
                   for k in ("precision", "recall", "f1"))
        print(f"{name}, mean of {n} random orders: story B3 P/R/F1 {p:.3f} / {r:.3f} / "
              f"{f:.3f} (F1 sd {statistics.pstdev(s.f1 for s in scores):.3f})", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "t17")
    ap.add_argument("--per-topic", type=int, default=None,
                    help="sample this many articles per topic folder")
    ap.add_argument("--embed", action="store_true", help="use the sentence embedder too")
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--floors", default=None, help="story TF-IDF floors to try, e.g. 0,0.1")
    ap.add_argument("--thread-floors", default=None,
                    help="floors on the cosine with the whole thread, e.g. 0,0.15")
    ap.add_argument("--thread-choice", default=None, choices=("nearest", "best"))
    ap.add_argument("--cache", type=Path, default=None, help="embedding cache (.npz)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="ClusterConfig override, as in bench/t17_threads.py")
    ap.add_argument("--orders", type=int, default=0,
                    help="also cluster both runs in N random orders")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"no Timeline17 data at {args.data}", file=sys.stderr)
        return 2
    articles, labels = load_timeline17(args.data, args.per_topic)
    embedder = None
    if args.embed:
        from train_clusterer import CachedEmbedder

        embedder = CachedEmbedder(args.cache)
    t0 = time.perf_counter()
    dated = featurize(articles, embedder)
    undated = [replace(f, day=None, published=None,
                       order_key="9999" + f.order_key[10:]) for f in dated]
    print(f"{len(articles)} articles, {len(set(labels))} topics; features in "
          f"{time.perf_counter() - t0:.1f} s")
    from t17_threads import config_from

    configs = [config_from(args.set)]
    if args.grid:
        base = ClusterConfig()
        configs = [replace(base, story_window_days=w,
                           model=replace(base.model, story_threshold=t))
                   for w in (7.0, 14.0, 30.0, 60.0) for t in (0.05, 0.1, 0.2, 0.35)]
    if args.floors:
        configs = [replace(ClusterConfig(), story_min_similarity=float(x))
                   for x in args.floors.split(",")]
    if args.thread_floors or args.thread_choice:
        base = ClusterConfig()
        floors = (args.thread_floors or str(base.story_thread_min_similarity)).split(",")
        choice = args.thread_choice or base.story_thread_choice
        configs = [replace(base, story_thread_min_similarity=float(x),
                           story_thread_choice=choice) for x in floors]
    print(f"{'time':<8} {'window':>6} {'story p':>7} {'floor':>5} {'events':>6} {'ev B3 P':>7} "
          f"{'stories':>7} {'st B3 P':>7} {'st B3 R':>7} {'st B3 F1':>8}")
    for cfg in configs:
        for name, feats in (("dated", dated), ("unknown", undated)):
            if name == "unknown" and cfg is not configs[0] and args.grid:
                continue
            ev, st, n_ev, n_st = run(feats, labels, cfg)
            print(f"{name:<8} {cfg.story_window_days:6.0f} {cfg.model.story_threshold:7.2f} "
                  f"{cfg.story_min_similarity:5.2f} {cfg.story_thread_min_similarity:6.2f} "
                  f"{n_ev:6d} {ev.precision:7.3f} {n_st:7d} {st.precision:7.3f} "
                  f"{st.recall:7.3f} {st.f1:8.3f}", flush=True)
    if args.orders:
        print_orders((("dated", dated), ("unknown", undated)), labels, configs[0],
                     args.orders)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
