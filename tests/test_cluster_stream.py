"""Encoding beside the clustering (storyline/clustering/stream.py).

A deterministic fake embedder (hashed words, one text at a time, so its vectors do
not depend on how texts are batched) makes the streamed and the serial path
comparable exactly: same events, same stories, same reasons.
"""

import threading
import zlib

import numpy as np
import pytest

from storyline.cluster import cluster_articles
from storyline.clustering import EventClusterer, cluster_batch, cluster_features, featurize
from storyline.clustering import stream as stream_module
from storyline.clustering.stories import assignments
from storyline.clustering.stream import EmbeddingStream
from storyline.model import Article

EVENTS = [
    ("Westfield council votes to rebuild cracked Avon bridge",
     "The city council voted on Monday to rebuild the Westfield bridge over the Avon river "
     "after inspectors from Halcrow Engineering found cracks in its main span."),
    ("Northgate nurses strike over pay",
     "Nurses at Northgate General Hospital walked out on Tuesday in a strike over pay, the "
     "Royal College of Nursing said, as talks with the health board collapsed."),
    ("Thames floods Marlow valley homes",
     "Heavy rain flooded the Marlow valley on Friday, forcing the evacuation of two hundred "
     "homes as the Thames burst its banks near Henley."),
]


class HashEmbedder:
    """Unit vectors from hashed words; records every encode call and its thread."""

    name, dim = "hash", 32

    def __init__(self, fail_on: str | None = None) -> None:
        self.calls: list[tuple[int, str]] = []
        self.fail_on = fail_on
        self._lock = threading.Lock()

    def encode(self, texts):
        with self._lock:
            self.calls.append((len(texts), threading.current_thread().name))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            if self.fail_on is not None and self.fail_on in t:
                raise RuntimeError("encoder failed")
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % self.dim] += 1.0
            out[i] /= max(float(np.linalg.norm(out[i])), 1e-9)
        return out


def corpus(copies=8):
    arts = []
    for c in range(copies):
        for e, (title, text) in enumerate(EVENTS):
            words = text.split()
            arts.append(Article(id=f"e{e}-{c}", raw_text=text,
                                text=" ".join(words[c % 3:]), title=f"{title} ({c % 4})",
                                published=f"2024-03-{4 + e + 7 * (c // 3):02d}"))
    return arts


def test_streamed_clustering_equals_the_serial_path(monkeypatch):
    monkeypatch.setattr(stream_module, "STREAM_MIN", 1)
    monkeypatch.setattr(stream_module, "CHUNK", 5)
    arts = corpus()
    serial = cluster_features(featurize(arts, HashEmbedder()))
    emb = HashEmbedder()
    streamed = cluster_batch(arts, emb)
    assert assignments(streamed, arts) == assignments(serial, arts)
    assert len({r["event_id"] for r in assignments(streamed, arts)}) >= 3
    assert any(name.startswith("storyline-embed") for _, name in emb.calls)  # a worker ran
    assert max(n for n, _ in emb.calls) <= 5  # in chunks


def test_stream_continues_a_state_and_skips_placed_articles(monkeypatch):
    monkeypatch.setattr(stream_module, "STREAM_MIN", 1)
    arts = corpus()
    state = cluster_batch(arts[:12], HashEmbedder())
    emb = HashEmbedder()
    cluster_batch(arts, emb, state=state)
    assert sum(n for n, _ in emb.calls) == len(arts) - 12  # only the new ones encoded
    whole = cluster_features(featurize(arts[:12], HashEmbedder()))
    whole.add(featurize(arts[12:], HashEmbedder()))
    assert assignments(state, arts) == assignments(whole, arts)


def test_cluster_articles_streams_only_when_no_vectors_are_given(monkeypatch):
    monkeypatch.setattr(stream_module, "STREAM_MIN", 1)
    arts = corpus(4)
    emb = HashEmbedder()
    streamed, _ = cluster_articles(arts, embedder=emb)
    vectors = HashEmbedder().encode([a.title for a in arts])
    given, _ = cluster_articles(arts, vectors)
    assert [e.article_ids for s in streamed for e in s.events] == \
        [e.article_ids for s in given for e in s.events]


def test_identical_texts_are_encoded_once_and_looked_up_by_key():
    emb = HashEmbedder()
    keys = [f"k{i}" for i in range(7)]
    texts = ["same headline", "other", "same headline", "third", "other", "x y", "same headline"]
    stream = EmbeddingStream(emb, keys, texts, chunk=2)
    try:
        got = [stream.vector(k) for k in reversed(keys)][::-1]  # any order of asking
    finally:
        stream.close()
    assert sum(n for n, _ in emb.calls) == 4  # four distinct texts
    assert np.array_equal(np.stack(got), HashEmbedder().encode(texts))


def test_an_encoder_error_surfaces_and_leaves_no_thread(monkeypatch):
    monkeypatch.setattr(stream_module, "STREAM_MIN", 1)
    arts = corpus(4)
    before = threading.active_count()
    with pytest.raises(RuntimeError, match="encoder failed"):
        cluster_batch(arts, HashEmbedder(fail_on="Marlow"))
    assert threading.active_count() == before


def test_small_batches_and_no_embedder_stay_on_the_calling_thread():
    emb = HashEmbedder()
    cluster_batch(corpus(2), emb)  # fewer than STREAM_MIN
    assert {name for _, name in emb.calls} == {threading.current_thread().name}
    c = cluster_batch(corpus(), None)
    assert isinstance(c, EventClusterer) and c.emb_dim == 0
