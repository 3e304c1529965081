"""The local cache of decoded model weights (storyline.modelcache)."""

from __future__ import annotations

import numpy as np
import pytest

from storyline import modelcache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(modelcache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_round_trip_memory_maps_arrays(cache_dir, tmp_path):
    source = tmp_path / "weights.bin"
    source.write_bytes(b"x" * 10)
    key = modelcache.entry_key("m", source, "1.0")
    attrs = {"table": np.arange(12, dtype=np.uint8).reshape(3, 4),
             "layers": [np.ones(2, np.float32), np.zeros(3, np.float32)],
             "eps": 1e-6, "width": 4}
    assert modelcache.load_arrays(key) is None
    assert modelcache.save_arrays(key, attrs)
    got = modelcache.load_arrays(key)
    assert isinstance(got["table"], np.memmap)
    assert np.array_equal(got["table"], attrs["table"])
    assert [list(a) for a in got["layers"]] == [[1, 1], [0, 0, 0]]
    assert (got["eps"], got["width"]) == (1e-6, 4)
    assert not modelcache.save_arrays(key, attrs)  # already there: kept, no error
    assert [p.name for p in cache_dir.iterdir()] == [key]  # no temporary left behind


def test_key_changes_with_the_source_and_version(tmp_path):
    source = tmp_path / "weights.bin"
    source.write_bytes(b"x")
    first = modelcache.entry_key("m", source, "1.0")
    assert modelcache.entry_key("m", source, "1.1") != first
    source.write_bytes(b"xy")
    assert modelcache.entry_key("m", source, "1.0") != first


def test_off_unwritable_and_odd_values_write_nothing(cache_dir, monkeypatch, tmp_path):
    assert not modelcache.save_arrays("k", {"f": lambda: 1})  # not an array or scalar
    assert not cache_dir.exists()
    monkeypatch.setenv(modelcache.CACHE_ENV, "off")
    assert modelcache.cache_root() is None
    assert not modelcache.save_arrays("k", {"a": np.zeros(1)})
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(modelcache.CACHE_ENV, str(blocker / "cache"))
    assert not modelcache.save_arrays("k", {"a": np.zeros(1)})


def test_damaged_entry_counts_as_missing(cache_dir, tmp_path):
    source = tmp_path / "w"
    source.write_bytes(b"x")
    key = modelcache.entry_key("m", source, "1")
    assert modelcache.save_arrays(key, {"a": np.zeros(2)})
    (cache_dir / key / "a.npy").write_bytes(b"garbage")
    assert modelcache.load_arrays(key) is None


def test_cached_use_encoder_gives_identical_vectors(cache_dir):
    from storyline.embed import UseEmbedder

    texts = ["Lavrov said talks with Ukraine would continue.", "Prices rose 5% in March.",
             "Ein Satz auf Deutsch."]
    fresh = UseEmbedder()  # decodes the package's weights and writes the cache
    assert any(cache_dir.iterdir())
    cached = UseEmbedder()  # memory-maps them
    assert isinstance(cached._model.table, np.memmap)
    assert set(vars(cached._model)) == set(vars(fresh._model))
    assert np.array_equal(cached.encode(texts), fresh.encode(texts))
