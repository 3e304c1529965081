"""Quality gates for story clustering on ../shared/data (floors pinned a little below
the measured values; docs/clustering.md has the numbers)."""

import pytest

from tests.conftest import shared_data

pytestmark = [pytest.mark.data, pytest.mark.slow]

# Measured on pooled NeuS val (919 articles with text, 307 clusters).
# text vectors in the batch grouping: 0.903 (0.894 before; a batch group's first article
# joining only older events: 0.882 -> 0.894; 0.832 before batch grouping)
VAL_EVENTS_B3_F1 = 0.895  # measured 0.903 with the default embedder
VAL_LEXICAL_B3_F1 = 0.895  # measured 0.904 without an embedder (0.894, 0.878, 0.837 before)
VAL_BASELINE_B3_F1 = 0.84  # TF-IDF + average link at 0.20: measured 0.853
# val in 4 random batches, lexical: measured 0.803 with event nodes standing for their
# articles in the scaling (0.796 before; 0.687 when only the one-by-one scorer joined
# articles to earlier batches' events)
VAL_4_BATCHES_LEXICAL_B3_F1 = 0.80  # measured 0.805 with text vectors (0.803 before)
# Timeline17, 100 a topic folder, lexical (docs/clustering.md, "Threads scored as a
# whole"): threads scored as a whole, dated story B3 P 0.875 / F1 0.769, undated F1 0.717;
# the single-link rule they replaced: 0.827 / 0.762, undated 0.688
T17_STORY_B3_P_DATED = 0.86
T17_STORY_B3_F1_DATED = 0.755
T17_STORY_B3_F1_UNDATED = 0.705


@pytest.fixture(scope="module")
def val():
    from storyline.evaluation.clusters import load_labelled

    return load_labelled(shared_data("neus", "val.clusters.jsonl"))


def test_neus_val_events_with_the_default_embedder(val):
    from storyline.embed import get_embedder
    from storyline.evaluation.clusters import score, storyline_events

    articles, gold = val
    events, stories = storyline_events(articles, get_embedder())
    s = score(events, gold)
    assert s.bcubed.f1 >= VAL_EVENTS_B3_F1, s
    assert s.bcubed.precision >= 0.93 and s.pairwise.f1 >= 0.80, s
    # story threads group events, so they are never finer than the events
    assert len(set(stories)) <= len(set(events))


def test_neus_val_events_lexical_only_and_the_baseline(val):
    pytest.importorskip("sklearn")
    from storyline.evaluation.clusters import score, storyline_events, tfidf_average_link

    articles, gold = val
    events, _ = storyline_events(articles, None)
    ours = score(events, gold)
    assert ours.bcubed.f1 >= VAL_LEXICAL_B3_F1, ours
    baseline = score(tfidf_average_link(articles, 0.20), gold)
    assert baseline.bcubed.f1 >= VAL_BASELINE_B3_F1, baseline


def test_t17_time_keeps_events_on_one_topic_and_helps_story_threads():
    """Timeline17 topics as story labels, 25 articles a topic folder (400 in all), the
    default embedder: with dates, events never mix topics and threads recover topics
    better than the same articles with their dates removed."""
    from dataclasses import replace

    from storyline.clustering import EventClusterer, featurize
    from storyline.embed import get_embedder
    from storyline.evaluation.clusters import bcubed, load_timeline17

    def run(feats):
        c = EventClusterer()
        c.add(feats)
        keys = [c.event_of_article[f.article_id] for f in feats]
        return (bcubed([c.events[k].id for k in keys], labels),
                bcubed([c.events[k].story_id for k in keys], labels))

    articles, labels = load_timeline17(shared_data("t17"), per_topic=25)
    dated = featurize(articles, get_embedder())
    undated = [replace(f, day=None, published=None, order_key="9999" + f.order_key[10:])
               for f in dated]
    ev_t, st_t = run(dated)
    _, st_u = run(undated)
    # measured in the first version: events 1.000 pure dated (0.994 undated); threads F1 0.691 dated
    # (P 0.991) against 0.618 (P 0.905) with the dates removed
    assert ev_t.precision >= 0.99, ev_t
    assert st_t.f1 >= st_u.f1 + 0.03 and st_t.precision >= st_u.precision, (st_t, st_u)


def test_t17_story_threads_hold_one_topic():
    """Story threads must not chain across topics: each new event is scored against
    the thread as a whole. Timeline17, 100 articles a topic folder (1,576), topics as
    story labels, lexical features only to stay fast (~10 s CPU)."""
    from dataclasses import replace

    from storyline.clustering import EventClusterer, featurize
    from storyline.evaluation.clusters import bcubed, load_timeline17

    articles, labels = load_timeline17(shared_data("t17"), per_topic=100)
    dated = featurize(articles, None)
    undated = [replace(f, day=None, published=None, order_key="9999" + f.order_key[10:])
               for f in dated]
    scores = []
    for feats in (dated, undated):
        c = EventClusterer()
        c.add(feats)
        scores.append(bcubed([c.events[c.event_of_article[f.article_id]].story_id
                              for f in feats], labels))
    assert scores[0].precision >= T17_STORY_B3_P_DATED, scores[0]
    assert scores[0].f1 >= T17_STORY_B3_F1_DATED, scores[0]
    assert scores[1].f1 >= T17_STORY_B3_F1_UNDATED, scores[1]


def test_neus_val_arrival_order_moves_few_articles(val):
    """Undated articles are ordered by a hash of their id: renaming every id gives
    another arrival order. The two clusterings must agree closely."""
    import hashlib
    from dataclasses import replace

    from storyline.clustering import EventClusterer, featurize
    from storyline.evaluation.clusters import bcubed

    articles, _ = val
    feats = featurize(articles, None)

    def partition(salt):
        c = EventClusterer()
        c.add([replace(f, order_key=hashlib.sha1((salt + f.article_id).encode()).hexdigest())
               for f in feats])
        return [c.event_of_article[f.article_id] for f in feats]

    first = partition("")
    for salt in ("x", "y"):
        agreement = bcubed(partition(salt), first)
        assert agreement.f1 >= 0.93, agreement


def test_neus_val_in_random_batches_joins_across_batches(val):
    """Pooled val cut into 4 random batches (seed 0) and added one after the other, as
    live ingest adds polls: events of earlier batches take part in each batch's grouping
    (docs/clustering.md, "Across batches"). Lexical features only, to stay fast (~5 s)."""
    import random

    from storyline.clustering import EventClusterer, featurize
    from storyline.evaluation.clusters import bcubed

    articles, gold = val
    feats = featurize(articles, None)
    order = list(range(len(feats)))
    random.Random(0).shuffle(order)
    c = EventClusterer()
    for b in range(4):
        c.add([feats[i] for i in sorted(order[b::4])])
    s = bcubed([c.event_of_article[f.article_id] for f in feats], gold)
    assert s.f1 >= VAL_4_BATCHES_LEXICAL_B3_F1, s
