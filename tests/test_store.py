import sqlite3

import pytest

from storyline.errors import StorylineError
from storyline.model import Article, Problem
from storyline.store import MIGRATIONS, Store


def art(i: str, text: str = "Body.") -> Article:
    return Article(id=i, raw_text=text, text=text, title=f"T{i}")


def test_upsert_is_idempotent_and_updates_in_place(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == len(MIGRATIONS)
        first = store.upsert_articles([art("a"), art("b")])
        again = store.upsert_articles([art("a"), art("b")])
        changed = store.upsert_articles([art("a", "Edited body.")])
        assert (first.added, again.unchanged, changed.updated) == (2, 2, 1)
        assert store.article_count() == 2
        assert {a.id: a.text for a in store.articles()} == {"a": "Edited body.", "b": "Body."}


def test_articles_round_trip_with_their_audit(tmp_path, example_run):
    articles = [a for b in example_run.briefs for a in b.articles]
    with Store(tmp_path / "s.db") as store:
        store.upsert_articles(articles)
        back = {a.id: a for a in store.articles()}
    for a in articles:
        b = back[a.id]
        assert (b.text, b.removed, b.source, b.source_evidence) == \
            (a.text, a.removed, a.source, a.source_evidence)


def test_runs_record_problems(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run = store.start_run(["x"])
        store.finish_run(run, 2, store.upsert_articles([art("a")]),
                         [Problem("bad.txt", "empty file")])
        assert store.problems(run) == [Problem("bad.txt", "empty file", True)]


def test_a_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("hello, not sqlite" * 100)
    with pytest.raises(StorylineError, match="is not a storyline database"):
        Store(bad)


def test_missing_database_when_not_creating(tmp_path):
    with pytest.raises(StorylineError, match="no database at"):
        Store(tmp_path / "none.db", create=False)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StorylineError, match="newer storyline"):
        Store(path)


def test_story_lookup_by_prefix(tmp_path):
    story = {"id": "story-abc123", "title": "T", "article_count": 1, "independent_count": 1,
             "articles": [{"id": "a", "published": "2022-01-01", "source": "X"}],
             "events": [{"id": "e", "article_ids": ["a"]}]}
    with Store(tmp_path / "s.db") as store:
        store.replace_stories([story])
        assert store.story("story-abc")["id"] == "story-abc123"
        with pytest.raises(StorylineError, match="no story 'nope'"):
            store.story("nope")
        assert store.stories()[0]["outlets"] == ["X"]
