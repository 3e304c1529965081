"""Story-clustering evaluation: B-cubed and pairwise scores, and a baseline.

A cluster file (``*.clusters.jsonl``, format in ``../shared/data/README.md``)
holds labelled clusters; pooling their articles and clustering them again
should recover the labels. Two standard measures, both computed here in a few
lines so there is nothing to misconfigure:

* **B-cubed** (Bagga & Baldwin 1998): per article, the share of its predicted
  cluster that is truly its cluster (precision) and the share of its true
  cluster that it was put with (recall), averaged over articles. It credits
  partly right clusters and is the usual measure for news event clustering.
* **pairwise**: precision and recall over pairs of articles put together.

The baseline is the usual one: TF-IDF vectors (scikit-learn, sublinear tf,
English stop words) with average-link agglomerative clustering cut at a cosine
similarity threshold, run on the same articles in the same process.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from storyline.errors import MissingExtra, StorylineError
from storyline.model import Article

# Average-link cuts (cosine similarity) for the baseline: the best on pooled NeuS
# train (B-cubed F1 0.754), and the best on pooled NeuS val (0.853, the issue's
# "0.85 at its best threshold"). Both are printed; only the first is a fair
# comparison on val, since it was not chosen on val.
BASELINE_THRESHOLD = 0.25
BASELINE_THRESHOLD_VAL = 0.20


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ClusterScores:
    bcubed: Scores
    pairwise: Scores
    clusters: int
    seconds: float = 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    """B-cubed precision, recall and F1 of a labelling against the gold labels."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    if not gold:
        return Scores(1.0, 1.0, 1.0)
    both = Counter(zip(predicted, gold, strict=True))
    pred_size = Counter(predicted)
    gold_size = Counter(gold)
    # Every article of the (pred, gold) cell has the same per-article scores.
    p = sum(n * n / pred_size[pl] for (pl, _), n in both.items()) / len(gold)
    r = sum(n * n / gold_size[gl] for (_, gl), n in both.items()) / len(gold)
    return Scores(p, r, _f1(p, r))


def pairwise(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    """Precision and recall over the pairs of articles put in one cluster."""

    def pairs(counts: Counter[Hashable] | Counter[tuple[Hashable, Hashable]]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    together = pairs(Counter(zip(predicted, gold, strict=True)))
    pred_pairs, gold_pairs = pairs(Counter(predicted)), pairs(Counter(gold))
    p = together / pred_pairs if pred_pairs else 1.0
    r = together / gold_pairs if gold_pairs else 1.0
    return Scores(p, r, _f1(p, r))


def score(predicted: Sequence[Hashable], gold: Sequence[Hashable],
          seconds: float = 0.0) -> ClusterScores:
    return ClusterScores(bcubed(predicted, gold), pairwise(predicted, gold),
                         len(set(predicted)), seconds)


def load_labelled(path: Path | str) -> tuple[list[Article], list[str]]:
    """The pooled, prepared (cleaned) articles of a cluster file and their cluster ids."""
    from storyline.ingest import read_paths
    from storyline.pipeline import prepare

    path = Path(path)
    if not path.exists():
        raise StorylineError(f"no cluster file at {path}")
    result = read_paths([path])
    label_of: dict[str, str] = {}
    import json

    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            for a in record.get("articles") or []:
                if isinstance(a, dict) and a.get("id") is not None:
                    label_of[str(a["id"])] = str(record.get("id"))
    articles = [a for a in prepare(result.articles) if a.id in label_of]
    if not articles:
        raise StorylineError(f"{path} holds no labelled articles (expected the cluster format "
                             "of ../shared/data/README.md: one cluster with its articles a line)")
    return articles, [label_of[a.id] for a in articles]


def load_timeline17(folder: Path | str, per_topic: int | None = None, seed: int = 17
                    ) -> tuple[list[Article], list[str]]:
    """Timeline17 articles (news-tls format), labelled by topic (``bpoil_bbc`` -> ``bpoil``).

    ``per_topic`` samples that many articles from each topic folder (seeded).
    The texts are tokenised (spaces before punctuation); they are used as they are.
    """
    import gzip
    import json
    import random

    rng = random.Random(seed)
    articles, labels = [], []
    for sub in sorted(p for p in Path(folder).iterdir() if (p / "articles.json.gz").exists()):
        with gzip.open(sub / "articles.json.gz") as fh:
            records = json.loads(fh.read())
        if per_topic and len(records) > per_topic:
            records = rng.sample(records, per_topic)
        for r in records:
            text = " ".join(str(r.get("text", "")).split())
            articles.append(Article(id=f"{sub.name}/{r['uid']}", raw_text=text, text=text,
                                    published=str(r.get("dct") or "")[:10] or None))
            labels.append(sub.name.split("_")[0])
    return articles, labels


def tfidf_average_link(articles: Sequence[Article],
                       threshold: float = BASELINE_THRESHOLD) -> list[int]:
    """The baseline: TF-IDF + average-link agglomerative clustering (scikit-learn)."""
    try:
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError as exc:
        raise MissingExtra("the TF-IDF + agglomerative baseline", "storyline[eval]") from exc
    if len(articles) < 2:
        return [0] * len(articles)
    docs = [f"{a.title or ''} {a.text}" for a in articles]
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(docs)
    distance = 1.0 - (vectors @ vectors.T).toarray()
    distance[distance < 0] = 0.0
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - threshold)
    return [int(x) for x in model.fit_predict(distance)]


def storyline_events(articles: Sequence[Article], embedder: object | None = None,
                     **config: object) -> tuple[list[str], list[str]]:
    """Event and story ids of each article from storyline's clusterer."""
    from storyline.clustering import ClusterConfig, cluster_batch

    clusterer = cluster_batch(articles, embedder, ClusterConfig(**config) if config else None)  # type: ignore[arg-type]
    events = [clusterer.events[clusterer.event_of_article[a.id]] for a in articles]
    return [e.id for e in events], [e.story_id for e in events]


def evaluate(path: Path | str, embedder: object | None = None, baseline: bool = True
             ) -> tuple[dict[str, ClusterScores], int, int]:
    """Scores of storyline (events and stories) and of the baseline on one cluster file,
    with the number of articles and of gold clusters."""
    articles, gold = load_labelled(path)
    out: dict[str, ClusterScores] = {}
    t0 = time.perf_counter()
    events, stories = storyline_events(articles, embedder)
    seconds = time.perf_counter() - t0
    out["storyline events"] = score(events, gold, seconds)
    out["storyline stories"] = score(stories, gold, seconds)
    if baseline:
        for threshold, note in ((BASELINE_THRESHOLD, "train-best"),
                                (BASELINE_THRESHOLD_VAL, "val-best")):
            t0 = time.perf_counter()
            labels = tfidf_average_link(articles, threshold)
            out[f"baseline: TF-IDF + average link @ {threshold:.2f} ({note})"] = score(
                labels, gold, time.perf_counter() - t0)
    return out, len(articles), len(set(gold))


def format_table(results: dict[str, ClusterScores], articles: int, clusters: int) -> str:
    lines = [f"{articles} articles in {clusters} gold clusters",
             f"{'method':<52} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pw P':>6} {'pw R':>6} "
             f"{'pw F1':>6} {'clusters':>8} {'seconds':>8}"]
    for name, s in results.items():
        lines.append(f"{name:<52} {s.bcubed.precision:6.3f} {s.bcubed.recall:6.3f} "
                     f"{s.bcubed.f1:6.3f} {s.pairwise.precision:6.3f} {s.pairwise.recall:6.3f} "
                     f"{s.pairwise.f1:6.3f} {s.clusters:8d} {s.seconds:8.2f}")
    return "\n".join(lines) + "\n"
