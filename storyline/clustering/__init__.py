"""Story clustering: articles into events, events into story threads (incremental).

``featurize`` turns articles into the views the clusterer compares
(:mod:`.features`); :class:`EventClusterer` (:mod:`.incremental`) places them one
by one, in time order, with a recorded reason; :mod:`.stories` turns its state
into the :class:`storyline.model.Story` and ``Event`` records a brief is written
for. :func:`cluster_batch` does featurize and add in one call, encoding titles
on a worker thread beside the clustering (:mod:`.stream`). See docs/clustering.md
for the design and its measured numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from .features import ArticleFeatures, featurize
from .incremental import EventClusterer
from .records import ClusterConfig, Decision
from .stream import cluster_batch

__all__ = ["ArticleFeatures", "ClusterConfig", "Decision", "EventClusterer", "cluster_batch",
           "cluster_features", "featurize"]


def cluster_features(features: Sequence[ArticleFeatures],
                     config: ClusterConfig | None = None,
                     state: EventClusterer | None = None) -> EventClusterer:
    """Cluster a batch, continuing ``state`` when given; returns the clusterer."""
    clusterer = state or EventClusterer(config)
    clusterer.add(features)
    return clusterer
