"""Choose the batch grouping's neighbourhood and cut on NeuS train; report val.

    python bench/group_grid.py [--data ../shared/data] [--splits train,val]

Groups each pooled split with :func:`storyline.clustering.grouping.batch_groups`
alone (no incremental placement) over a grid of ``neighbours`` (k) and ``cut``
and prints event-level B-cubed F1; the defaults in ``ClusterConfig`` are the
best on train (k=5, cut 0.95: train 0.813, val 0.896 when this was written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.clustering import EventClusterer, featurize  # noqa: E402
from storyline.clustering.grouping import batch_groups  # noqa: E402
from storyline.evaluation.clusters import bcubed, load_labelled  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--splits", default="train,val")
    ap.add_argument("--cuts", default="0.7,0.8,0.85,0.9,0.95,1.0")
    args = ap.parse_args()
    cuts = [float(x) for x in args.cuts.split(",")]
    for split in args.splits.split(","):
        articles, gold = load_labelled(args.data / "neus" / f"{split}.clusters.jsonl")
        feats = sorted(featurize(articles, None), key=lambda f: f.order_key)
        truth = dict(zip([a.id for a in articles], gold, strict=True))
        c = EventClusterer()
        c.observe(feats)
        vectors = [c._tfidf(f.terms) for f in feats]
        labels_gold = [truth[f.article_id] for f in feats]
        for k in (1, 3, 5):
            row = []
            for cut in cuts:
                labels = batch_groups(vectors, [f.day for f in feats], neighbours=k, cut=cut,
                                      dense_max=len(feats))
                row.append(f"{cut:.2f}: {bcubed(labels, labels_gold).f1:.3f}")
            print(f"{split} k={k}  " + "  ".join(row), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
