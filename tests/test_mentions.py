"""Per-article NER mentions: reuse, the spaCy child process, and the store's copy."""

from __future__ import annotations

import sys

import pytest

from storyline import mentions as M
from storyline.model import Article
from storyline.store import Store

ARTICLES = [
    Article("a", "Lavrov talks", "Sergei Lavrov met Antony Blinken in Geneva on Friday."),
    Article("b", "Kyiv", "President Zelensky spoke in Kyiv. The European Union said nothing."),
    Article("c", "Weather", "it rained all day and nobody said anything."),
]


@pytest.fixture
def counted(monkeypatch):
    """Count the texts that go through spaCy in this process."""
    seen: list[str] = []
    real = M.ner_spans

    def spy(texts):
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(M, "ner_spans", spy)
    return seen


def test_known_mentions_are_reused(counted):
    first = M.find_mentions(ARTICLES)
    assert {m.text for m in first["a"]} >= {"Sergei Lavrov", "Antony Blinken", "Geneva"}
    assert first["c"] == []
    counted.clear()
    again = M.find_mentions(ARTICLES, {"a": first["a"], "b": first["b"]})
    assert counted == [ARTICLES[2].text]  # only the article not known yet
    assert again == first


def test_child_process_gives_the_same_mentions(monkeypatch):
    monkeypatch.delenv(M.WORKER_ENV, raising=False)
    monkeypatch.setattr("storyline.nlp.is_loaded", lambda *a: False)
    worker = M.NerWorker()
    try:
        assert worker.start()
        job = worker.submit(ARTICLES)
        assert job._future is not None
        from_child = job.result()
        assert worker._proc is not None and not worker._failed  # the child answered
        assert from_child == M.find_mentions(ARTICLES)
        assert worker.submit(ARTICLES[:1]).result() == {"a": from_child["a"]}  # stays warm
    finally:
        worker.discard()


def test_a_child_that_dies_falls_back_to_this_process(monkeypatch):
    import subprocess

    monkeypatch.delenv(M.WORKER_ENV, raising=False)
    monkeypatch.setattr("storyline.nlp.is_loaded", lambda *a: False)
    monkeypatch.setattr(M, "_spawn_child", lambda: subprocess.Popen(
        [sys.executable, "-c", "pass"], stdin=subprocess.PIPE, stdout=subprocess.PIPE))
    worker = M.NerWorker()
    monkeypatch.setattr(M, "_WORKER", worker)
    got = worker.submit(ARTICLES).result()
    assert got == M.find_mentions(ARTICLES)
    assert worker._failed and worker._proc is None
    assert worker.submit(ARTICLES).result() == got  # later batches: in-process
    assert worker.submit(ARTICLES)._future is None


def test_inline_when_asked_or_when_the_model_is_here(monkeypatch):
    monkeypatch.setenv(M.WORKER_ENV, "inline")
    assert not M.NerWorker().start()
    monkeypatch.delenv(M.WORKER_ENV)
    monkeypatch.setattr("storyline.nlp.is_loaded", lambda *a: True)
    assert not M.NerWorker().start()


def test_store_keeps_mentions_per_text_and_model(tmp_path, monkeypatch):
    found = M.find_mentions(ARTICLES)
    with Store(tmp_path / "s.db") as store:
        assert store.load_mentions(ARTICLES) == {}
        store.save_mentions(ARTICLES, found)
        assert store.load_mentions(ARTICLES) == found
        edited = Article("a", "Lavrov talks", "Sergey Lavrov met nobody.")
        assert store.load_mentions([edited]) == {}  # the text changed: stale
        monkeypatch.setattr(M, "MODEL_TAG", "another-model")
        assert store.load_mentions(ARTICLES) == {}  # another model: stale


def test_analyse_annotates_each_article_once_with_a_store(tmp_path, monkeypatch, counted):
    from storyline.pipeline import analyse, prepare

    monkeypatch.setenv(M.WORKER_ENV, "inline")
    articles = prepare(ARTICLES[:2])
    with Store(tmp_path / "s.db") as store:
        first = analyse(articles, mentions=store)
        assert sorted(counted) == sorted(a.text for a in articles)
        counted.clear()
        again = analyse(articles, mentions=store)
        assert counted == []
    assert [e.name for b in again for e in b.entities] == \
        [e.name for b in first for e in b.entities]


def test_a_job_reads_known_mentions_from_the_cache_and_saves_the_rest(tmp_path, monkeypatch):
    monkeypatch.setenv(M.WORKER_ENV, "inline")
    found = M.find_mentions(ARTICLES)
    with Store(tmp_path / "s.db") as store:
        store.save_mentions(ARTICLES[:2], found)
        job = M.submit(ARTICLES, store)
        assert [a.id for a in job.articles] == ["c"]  # only the one not stored
        assert job.result() == found
        assert job.result() is job.result()  # computed once
        assert store.load_mentions(ARTICLES) == found
