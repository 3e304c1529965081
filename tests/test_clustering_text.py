"""Text vectors in the batch grouping: the WordLlama backend, the similarity mix, and the
events' text-vector sums in the saved state (storyline/clustering/grouping.py, state.py)."""

import json
import logging

import numpy as np
import pytest

from storyline.clustering import ClusterConfig, EventClusterer, featurize
from storyline.clustering.grouping import batch_groups, mix_text
from tests.test_clustering import corpus, partition, run


def unit(d):
    norm = sum(v * v for v in d.values()) ** 0.5
    return {k: v / norm for k, v in d.items()}


def unit_array(*xs):
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_wordllama_vectors_are_the_packages_own():
    """Our reading of the wheel's table and tokenizer gives WordLlamaInference's vectors;
    an empty text gets a zero row, not NaN."""
    pytest.importorskip("wordllama")
    from storyline.embed import get_embedder

    texts = ["Lavrov says Russia will not pause its operation during talks.",
             "Nurses strike over pay at Northgate General Hospital", "x"]
    ours = get_embedder("wordllama").encode(texts + [""])
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:  # importing the package configures the root logger (storyline/embed.py)
        from wordllama.inference import WordLlamaInference
    finally:
        root.handlers[:], root.level = handlers, level
    w = get_embedder("wordllama")
    theirs = WordLlamaInference(w._table, w._tokenizer).embed(texts, norm=True)
    assert ours.shape == (4, 256) and ours.dtype == np.float32
    assert np.abs(ours[:3] - theirs).max() < 1e-5
    assert not ours[3].any()
    assert np.allclose(np.linalg.norm(ours[:3], axis=1), 1.0, atol=1e-5)


def test_mix_text_weighs_pairs_that_both_have_a_vector():
    sim = np.array([[0, 0.5, 0.2], [0.5, 0, 0.4], [0.2, 0.4, 0]], dtype=np.float32)
    a, b = unit_array(1, 0), unit_array(0.6, 0.8)
    mixed = mix_text(sim.copy(), [a, b, None], 0.25)
    assert mixed[0, 1] == mixed[1, 0] == pytest.approx(0.75 * 0.5 + 0.25 * 0.6)
    # a pair with a side that has no vector keeps its TF-IDF cosine
    assert mixed[0, 2] == mixed[2, 0] == pytest.approx(0.2)
    assert mixed[1, 2] == pytest.approx(0.4)
    assert not np.diag(mixed).any()
    assert np.array_equal(mix_text(sim.copy(), [a, b, None], 0.0), sim)
    assert np.array_equal(mix_text(sim.copy(), [None, None, None], 0.5), sim)
    everyone = mix_text(sim.copy(), [a, b, a], 0.25)
    assert everyone[0, 2] == pytest.approx(0.75 * 0.2 + 0.25 * 1.0)


def test_the_text_vector_decides_a_grouping_tfidf_gets_wrong():
    """A paraphrase (few shared words, close text vectors) and a same-topic article
    (shared topic words, distant text vectors): by TF-IDF alone the topic mate groups,
    with the text vectors mixed in the paraphrase does."""
    first = unit({1: 1, 2: 1, 3: 1, 9: 0.3})
    paraphrase = unit({1: 1, 5: 1, 6: 1})  # cosine 0.33 with the first
    same_topic = unit({2: 1, 3: 1, 7: 1, 8: 1})  # cosine 0.57 with the first
    texts = [unit_array(1, 0, 0), unit_array(0.9, 0.436, 0), unit_array(0, 0, 1)]
    kw = {"neighbours": 1, "cut": 0.9}
    vectors, days = [first, paraphrase, same_topic], [None] * 3
    assert batch_groups(vectors, days, texts=texts, text_weight=0.0, **kw) == [0, 1, 0]
    assert batch_groups(vectors, days, **kw) == [0, 1, 0]
    assert batch_groups(vectors, days, texts=texts, text_weight=0.5, **kw) == [0, 0, 1]


def _text_sums(c):
    return {e.id: e.text for e in c.events if e.size}


def test_event_text_sums_round_trip_and_merge():
    pytest.importorskip("wordllama")
    arts = corpus()
    c = run(arts[:4])
    sums = _text_sums(c)
    assert sums and all(s is not None and s.shape == (256,) for s in sums.values())
    for e in c.events:  # the sum of its articles' vectors
        if e.size:
            mine = [f.text_vector for f in featurize(arts[:4], None)
                    if c.event_of_article[f.article_id] == e.key]
            assert np.allclose(e.text, np.sum(mine, axis=0), atol=1e-5)
    restored = EventClusterer.from_state(json.loads(json.dumps(c.to_state())))
    assert all(np.array_equal(restored_sum, sums[k])
               for k, restored_sum in _text_sums(restored).items())
    # merged shards: a matched event's sum is the sum of both
    left, right = run(arts[::2]), run(arts[1::2])
    before = {e.key: (e.size, e.text.copy()) for e in left.events if e.size}
    right_of = {d.article_id: e for e in right.events for d in e.members}
    left.merge(right)
    grown = [key for key, (size, _) in before.items() if left.events[key].size > size]
    assert grown
    for key in grown:
        size, total = before[key]
        e = left.events[key]
        added = {right_of[d.article_id].id: right_of[d.article_id] for d in e.members[size:]}
        assert np.allclose(e.text, total + sum(o.text for o in added.values()), atol=1e-5)


def test_a_state_saved_before_text_vectors_still_loads_and_continues():
    """An old state has no text sums: its events are compared by TF-IDF alone (their
    sum stays None), new events get sums, and the clustering goes on as before."""
    pytest.importorskip("wordllama")
    arts = corpus()
    state = json.loads(json.dumps(run(arts[:3]).to_state()))  # bridge, strike
    for e in state["events"]:
        del e["text"]
    old = EventClusterer.from_state(state)
    assert all(e.text is None for e in old.events)
    old.add(featurize(arts[3:], None))  # more of both, and a flood
    fresh = run(arts[:3])
    fresh.add(featurize(arts[3:], None))
    ids = [a.id for a in arts]
    assert partition(old, ids) == partition(fresh, ids)
    keys = {old.event_of_article[a.id] for a in arts[:3]}
    assert all(old.events[k].text is None for k in keys)  # never a sum of some articles
    assert any(e.text is not None for e in old.events if e.key not in keys and e.size)


def test_without_the_wordllama_package_clustering_goes_on_and_says_so(monkeypatch):
    from storyline import embed
    from storyline.errors import MissingExtra

    def missing():
        raise MissingExtra("the WordLlama token vectors", "wordllama==0.4.0.post1")

    monkeypatch.setitem(embed._BACKENDS, "wordllama", missing)
    embed.get_embedder.cache_clear()
    try:
        feats = featurize(corpus(), None)
        assert all(f.text_vector is None for f in feats)
        c = EventClusterer()
        c.add(feats)
        reasons = [d.reason for e in c.events for d in e.members]
        assert any("pip install 'wordllama==0.4.0.post1'" in r for r in reasons), reasons
        assert all(e.text is None for e in c.events)
        lexical = EventClusterer(ClusterConfig(group_text_weight=0.0))
        lexical.add(feats)
        ids = [a.id for a in corpus()]
        assert partition(c, ids) == partition(lexical, ids)
    finally:
        embed.get_embedder.cache_clear()


def test_weight_zero_computes_no_text_vectors():
    from storyline.clustering import cluster_batch

    c = cluster_batch(corpus(), None, ClusterConfig(group_text_weight=0.0))
    assert all(e.text is None for e in c.events)
    reasons = [d.reason for e in c.events for d in e.members]
    assert not any("text-vector" in r or "wordllama" in r for r in reasons)
