"""How likely an article reports the same event as a candidate: a learned model.

A logistic model over the similarity features of an (article, event) pair, as
in Miranda et al. (EMNLP 2018), where separate similarities (per view) are
combined by weights learned from labelled clusters rather than hand-set. The
features:

``lex``     TF-IDF cosine between the article and the event's term centroid
``emb``     cosine between the article's embedding and the event's mean embedding
``names``   the IDF-weighted share of the article's proper names that the event's
            articles also name
``lex_margin``, ``emb_margin``
            how far this candidate is ahead of the best *other* candidate
            (negative for all but the best): a same-event match stands out from
            the crowd, whereas a topic on which many events look alike does not
            (the streaming form of local scaling, which measured +0.05 B-cubed F1
            over raw cosine on NeuS val in batch clustering)

The event's size is deliberately not a feature: NeuS events all have three
articles, so a size weight learns that quirk (it came out strongly negative)
rather than anything true of news.

The weights, the join threshold and the story threshold are fitted by
``bench/train_clusterer.py`` (NeuS train for content; Timeline17 for the story
window) and written here with their provenance; docs/clustering.md has the
numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import repeat
from operator import mul
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .features import ArticleFeatures
    from .records import EventState

FEATURES = ("lex", "emb", "names", "lex_margin", "emb_margin")


@dataclass(frozen=True)
class ScoringModel:
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5  # join the best event when p >= threshold
    story_threshold: float = 0.2  # a new event continues a story when p >= this
    provenance: str = ""

    def logit(self, x: dict[str, float]) -> float:
        # sum(w * x.get(k, 0.0) for k, w in weights.items()), without the generator
        # (the same products in the same order: the same float, in half the time)
        w = self.weights
        return self.bias + sum(map(mul, w.values(), map(x.get, w.keys(), repeat(0.0))))

    def probability(self, x: dict[str, float]) -> float:
        z = self.logit(x)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    @staticmethod
    def add_margins(feats: list[dict[str, float]]) -> None:
        """Fill ``*_margin``: each candidate's lead over the best other candidate."""
        for key in ("lex", "emb"):
            values = [x[key] for x in feats]
            if not values:
                continue
            order = sorted(values, reverse=True)
            top, second = order[0], (order[1] if len(order) > 1 else 0.0)
            for x in feats:
                other = second if x[key] == top else top
                x[f"{key}_margin"] = x[key] - other


# Fitted on the first 1,000 clusters (2,992 articles) of pooled NeuS train by
# bench/train_clusterer.py (logistic regression, C=1, on 71,508 candidate rows),
# with title embeddings (features.embed_text); the join threshold is the best of
# 0.40-0.65 for event B-cubed F1 on those articles (0.808 at 0.55); the story
# threshold and windows come from Timeline17 (bench/t17_time.py --grid).
DEFAULT_MODEL = ScoringModel(
    weights={"lex": 8.256, "emb": 0.909, "names": 0.788, "lex_margin": 11.652,
             "emb_margin": 3.458},
    bias=-4.555, threshold=0.55, story_threshold=0.05,
    provenance="NeuS train (first 1,000 clusters), title USE embeddings")

# The same without an embedder (``featurize(articles, None)``), fitted the same way
# without the embedding features: train B-cubed F1 0.808 at threshold 0.45.
LEXICAL_MODEL = ScoringModel(
    weights={"lex": 9.434, "names": 0.852, "lex_margin": 12.93},
    bias=-4.635, threshold=0.45, story_threshold=0.05,
    provenance="NeuS train (first 1,000 clusters), lexical features only")


def pair_features(f: ArticleFeatures, vec: dict[int, float], names: dict[int, float],
                  e: EventState, names_total: float | None = None) -> dict[str, float]:
    """The raw similarity features of an (article, event) pair (the margins are
    added over all candidates by :meth:`ScoringModel.add_margins`)."""
    # map/operator.mul over one set, twice: the same products summed in the same
    # order as a generator expression, so the same float, in half the time
    same_script = f.script == e.script
    dot = 0.0
    if same_script:
        lex = e.lex
        common = vec.keys() & lex.keys()
        dot = sum(map(mul, map(vec.__getitem__, common), map(lex.__getitem__, common)))
    lex_cos = dot / math.sqrt(e.lex_sq) if e.lex_sq > 0 else 0.0
    emb_cos = 0.0
    if f.embedding is not None and e.emb is not None:
        if e.emb_norm is None or e.emb_norm[0] is not e.emb:  # e.emb is replaced, never
            e.emb_norm = (e.emb, float(np.linalg.norm(e.emb)) or 1.0)  # changed in place
        emb_cos = float(f.embedding @ e.emb) / e.emb_norm[1]
    share = 0.0
    shared = 0
    if names and same_script:
        counts = e.names
        common = names.keys() & counts.keys()
        shared = len(common)
        if shared:
            hit = sum(map(mul, map(names.__getitem__, common), map(counts.__getitem__, common)))
            total = sum(names.values()) if names_total is None else names_total
            share = hit / (e.size * total)
    return {"lex": lex_cos, "emb": emb_cos, "names": share, "shared": float(shared),
            "size": math.log1p(e.size)}
