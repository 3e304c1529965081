"""Story threads: a new event continues a thread only with content evidence.

The model's probability alone once threaded two unrelated one-line articles
(p=0.10 with a TF-IDF cosine of 0.00): with a single candidate, its margin
features equal the raw similarities, so any embedding cosine looks like a lead
over the crowd. A link now also needs a TF-IDF cosine of at least
``ClusterConfig.story_min_similarity`` (across scripts, a high embedding cosine).
"""

from dataclasses import replace

import numpy as np
import pytest

from storyline.cluster import cluster_articles
from storyline.clustering import ClusterConfig, EventClusterer, featurize
from storyline.model import Article

COUNCIL = ("The city council voted on Monday to rebuild the old river bridge downtown for "
           "forty million dollars.")
STORM = "A storm flooded the coastal highway and closed every school in the county on Tuesday."
BRIDGE = ("Westfield council voted on Monday to rebuild the Avon river bridge after Halcrow "
          "Engineering inspectors found cracks in its main span.")
BRIDGE_LATER = ("Three weeks after Westfield council voted to rebuild the cracked Avon river "
                "bridge, Halcrow Engineering said the main span must close to traffic at once.")


@pytest.fixture(scope="module")
def embedder():
    from storyline.embed import get_embedder

    return get_embedder()


def art(i, text, published=None):
    return Article(id=f"t{i}", raw_text=text, text=text, published=published)


def _vectors(cosine):
    """Two unit vectors with the given cosine: an embedder that finds them alike."""
    return np.array([[1.0, 0.0], [cosine, np.sqrt(1 - cosine ** 2)]], dtype=np.float32)


def _stories(arts, vectors=None, config=None):
    stories, _ = cluster_articles(arts, vectors, config=config)
    return stories


def test_unrelated_articles_start_separate_stories_whatever_the_embedding_says():
    arts = [art(1, COUNCIL), art(2, STORM)]
    # cosine 0.45 between two one-line texts: more than the default embedder gave this
    # pair (about 0.3), enough for the model's probability to pass the story threshold
    stories = _stories(arts, _vectors(0.45))
    assert len(stories) == 2
    reasons = [m.reason for s in stories for e in s.events for m in e.members]
    assert any("shares too little content (TF-IDF cosine 0.00 < 0.10)" in r for r in reasons)
    # the floor is what keeps them apart: without it the old chaining comes back
    no_floor = ClusterConfig(story_min_similarity=0.0)
    assert len(_stories(arts, _vectors(0.45), no_floor)) == 1


def test_unrelated_articles_with_the_default_embedder(embedder):
    stories, _ = cluster_articles([art(1, COUNCIL), art(2, STORM)], embedder=embedder)
    assert len(stories) == 2


def test_a_follow_up_weeks_later_continues_the_story_and_says_why(embedder):
    arts = [art(1, BRIDGE, "2024-03-04"), art(2, BRIDGE_LATER, "2024-03-25")]
    for kwargs in ({}, {"embedder": embedder}):
        stories, _ = cluster_articles(arts, **kwargs)
        assert len(stories) == 1 and len(stories[0].events) == 2, kwargs
        later = stories[0].events[1].members[0]
        assert "continues the story of" in later.reason
        assert "TF-IDF cosine" in later.reason and "shared names" in later.reason
        assert "21 days from it" in later.reason


def test_the_floor_does_not_apply_across_scripts():
    """Words cannot match across scripts: there the (high) embedding cosine is the evidence."""
    russian = art(3, "Городской совет Вестфилда проголосовал за восстановление моста через "
                     "реку Эйвон после того, как инспекторы нашли трещины.", "2024-03-20")
    feats = featurize([art(1, BRIDGE, "2024-03-04"), russian], None)
    feats = [replace(f, embedding=v) for f, v in zip(feats, _vectors(0.9), strict=True)]
    c = EventClusterer()
    c.add(feats)
    e1, e3 = (c.events[c.event_of_article[i]] for i in ("t1", "t3"))
    assert e1.id != e3.id and e1.story_id == e3.story_id
    assert "across scripts" in e3.members[0].reason
