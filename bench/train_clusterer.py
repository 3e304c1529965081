"""Fit the clusterer's scoring model on NeuS train; print the constants to paste.

    python bench/train_clusterer.py [--data ../shared/data] [--cache DIR] [--no-embed]

1. Stream pooled NeuS train through the clusterer with the gold assignment
   forced ("teacher forcing"), recording the features of every candidate event
   the index offers and whether it is the article's true event.
2. Fit a logistic regression on those rows (scikit-learn).
3. Run the real clusterer on train with the fitted weights at a grid of join
   thresholds; keep the one with the best event-level B-cubed F1.
4. Report the same on NeuS val, which is never used for fitting.

The story threshold and the time windows are tuned on Timeline17 by
``bench/t17_time.py``. ``--cache DIR`` keeps the embeddings of each split in
DIR so reruns skip the encoder.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.clustering import ClusterConfig, EventClusterer, featurize  # noqa: E402
from storyline.clustering.scoring import DEFAULT_MODEL, FEATURES  # noqa: E402
from storyline.evaluation.clusters import bcubed, load_labelled, pairwise  # noqa: E402


class CachedEmbedder:
    """The default embedder behind an on-disk cache of text -> vector."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.cache: dict[str, np.ndarray] = {}
        if path and path.exists():
            z = np.load(path)
            self.cache = dict(zip(z["texts"].tolist(), z["V"], strict=True))
        self._embedder = None
        self.dim = 512

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            if self._embedder is None:
                from storyline.embed import get_embedder

                self._embedder = get_embedder()
            for t, v in zip(missing, self._embedder.encode(missing), strict=True):
                self.cache[t] = v
            if self.path:
                keys = list(self.cache)
                np.savez(self.path, texts=np.array(keys), V=np.stack([self.cache[k]
                                                                       for k in keys]))
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 512))


def load(data: Path, split: str, embedder: object | None, clusters: int | None = None):
    articles, gold = load_labelled(data / "neus" / f"{split}.clusters.jsonl")
    if clusters:  # the first N clusters of the file (in its own, arbitrary order)
        keep = set(list(dict.fromkeys(gold))[:clusters])
        pairs = [(a, g) for a, g in zip(articles, gold, strict=True) if g in keep]
        articles, gold = [a for a, _ in pairs], [g for _, g in pairs]
    t0 = time.perf_counter()
    feats = featurize(articles, embedder)
    print(f"{split}: {len(articles)} articles featurised in {time.perf_counter() - t0:.1f} s",
          flush=True)
    return feats, dict(zip([a.id for a in articles], gold, strict=True))


def collect(feats, gold: dict[str, str], config: ClusterConfig):
    """Candidate features and labels under the gold assignment (teacher forcing)."""
    c = EventClusterer(config)
    ordered = sorted(feats, key=lambda f: f.order_key)
    c.observe(ordered)
    event_of_gold: dict[str, int] = {}
    gold_of_event: dict[int, str] = {}
    rows, labels, found, needed = [], [], 0, 0
    for f in ordered:
        g = gold[f.article_id]
        scored = c.score_candidates(f, c._tfidf(f.terms))
        key = event_of_gold.get(g)
        if key is not None:
            needed += 1
            found += any(s.event.key == key for s in scored)
        for s in scored:
            if s.joinable:
                rows.append([s.features[k] for k in FEATURES])
                labels.append(gold_of_event[s.event.key] == g)
        c.place(f, force=-1 if key is None else key)
        if key is None:
            key = c.event_of_article[f.article_id]
            event_of_gold[g] = key
            gold_of_event[key] = g
    return np.array(rows), np.array(labels), found / max(needed, 1)


def run(feats, gold: dict[str, str], config: ClusterConfig):
    c = EventClusterer(config)
    c.add(feats)
    ids = [f.article_id for f in feats]
    truth = [gold[i] for i in ids]
    events = [c.events[c.event_of_article[i]].id for i in ids]
    stories = [c.events[c.event_of_article[i]].story_id for i in ids]
    return (bcubed(events, truth), pairwise(events, truth), bcubed(stories, truth),
            len(set(events)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--no-embed", action="store_true")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--clusters", type=int, default=None,
                    help="use only the first N clusters of train (quicker)")
    ap.add_argument("--thresholds", default="0.2,0.3,0.4,0.5,0.6,0.7")
    args = ap.parse_args()
    if not (args.data / "neus").exists():
        print(f"no NeuS data under {args.data}", file=sys.stderr)
        return 2
    from sklearn.linear_model import LogisticRegression

    def embedder(split: str):
        if args.no_embed:
            return None
        return CachedEmbedder(args.cache / f"emb_{split}.npz" if args.cache else None)

    train, train_gold = load(args.data, "train", embedder("train"), args.clusters)
    val, val_gold = load(args.data, "val", embedder("val"))
    base = ClusterConfig()
    X, y, recall = collect(train, train_gold, base)
    print(f"train: {len(X)} candidate rows, {y.mean():.3f} positive; the true event was "
          f"among the index's candidates for {recall:.3f} of joins")
    features = [k for k in FEATURES if not (args.no_embed and k.startswith("emb"))]
    cols = [FEATURES.index(k) for k in features]
    lr = LogisticRegression(C=args.C, max_iter=2000).fit(X[:, cols], y)
    weights = {k: round(float(w), 3) for k, w in zip(features, lr.coef_[0], strict=True)}
    bias = round(float(lr.intercept_[0]), 3)
    print("weights", weights, "bias", bias)
    best = None
    for t in [float(x) for x in args.thresholds.split(",")]:
        model = replace(DEFAULT_MODEL, weights=weights, bias=bias, threshold=round(float(t), 2))
        b3, pw, st, n = run(train, train_gold, replace(base, model=model, lexical_model=model))
        print(f"train threshold {t:.2f}: B3 P {b3.precision:.3f} R {b3.recall:.3f} "
              f"F1 {b3.f1:.3f}; pairwise F1 {pw.f1:.3f}; events {n}")
        if best is None or b3.f1 > best[1]:
            best = (round(float(t), 2), b3.f1)
    assert best is not None
    model = replace(DEFAULT_MODEL, weights=weights, bias=bias, threshold=best[0])
    b3, pw, st, n = run(val, val_gold, replace(base, model=model, lexical_model=model))
    print(f"chosen threshold {best[0]} (train B3 F1 {best[1]:.3f})")
    print(f"val: events B3 P {b3.precision:.3f} R {b3.recall:.3f} F1 {b3.f1:.3f}; pairwise "
          f"P {pw.precision:.3f} R {pw.recall:.3f} F1 {pw.f1:.3f}; {n} events; "
          f"stories B3 F1 {st.f1:.3f}")
    print(f"\nScoringModel(weights={weights}, bias={bias}, threshold={best[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
