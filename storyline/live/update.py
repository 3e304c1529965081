"""Bring stories up to date with newly stored articles, and say what changed.

Reuses the incremental clusterer (:mod:`storyline.clustering`) as ``storyline
ingest`` does, but touches only what the new articles affect:

* the **pending** articles are the stored ones the clusterer's state does not hold
  yet (whatever stored them: this watch, an interrupted earlier one, a file ingest);
* they are placed into the stored state (existing events and stories keep their
  ids: events never merge or move);
* only the stories that received an article are re-briefed, from all of their
  articles (summary, lineage, quotes... depend on the whole story);
* the new briefs, the clusterer state and one ``story_change_log`` row per touched
  story (its new articles, its new events, "new story" or "updated") are written in
  **one transaction**: stopped before it, the next update redoes the same
  placements (same input, same state, same ids); after it, nothing is pending.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storyline.brief import brief_to_dict
from storyline.clustering import EventClusterer, cluster_batch
from storyline.clustering.stories import build_stories
from storyline.embed import Embedder, get_embedder
from storyline.live.feedlist import iso, now_utc
from storyline.mentions import start_worker
from storyline.mentions import submit as submit_mentions
from storyline.pipeline import _embed_sentences, brief_story
from storyline.sentences import split_batch
from storyline.store import Store
from storyline.summarize import DEFAULT_WORDS


@dataclass
class StoryChange:
    story_id: str
    kind: str  # "new story" or "updated"
    articles: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class UpdateResult:
    placed: int = 0
    changes: list[StoryChange] = field(default_factory=list)


def pending_ids(store: Store, clusterer: EventClusterer) -> list[str]:
    """Stored articles the clusterer has not placed yet."""
    return sorted(store.article_ids() - clusterer.event_of_article.keys())


def update_stories(store: Store, *, embedder: Embedder | None = None,
                   words: int = DEFAULT_WORDS,
                   progress: Callable[[str, int, int], None] | None = None) -> UpdateResult:
    """Cluster the pending articles, re-brief the stories they join, log the changes."""
    state = store.cluster_state()
    clusterer = EventClusterer.from_state(state) if state else EventClusterer()
    pending = store.articles_by_ids(pending_ids(store, clusterer))
    if not pending:
        return UpdateResult()
    start_worker()  # spaCy loads in its child process while this one embeds
    embedder = embedder or get_embedder()
    known_stories = {r[0] for r in store.db.execute("SELECT id FROM stories")}
    before = len(clusterer.events)
    cluster_batch(pending, embedder, state=clusterer)
    new_events = {e.id for e in clusterer.events[before:] if e.size}
    touched: dict[str, list[str]] = defaultdict(list)
    for a in pending:
        touched[clusterer.events[clusterer.event_of_article[a.id]].story_id].append(a.id)
    members = [d.article_id for e in clusterer.events
               if e.size and e.story_id in touched for d in e.members]
    articles = store.articles_by_ids(members)
    stories, dated = build_stories(clusterer, articles)
    by_id = {a.id: a for a in dated}
    # NER mentions are kept per article: only new or changed texts go through spaCy
    job = submit_mentions(dated, store)
    sentences = split_batch(dated)
    vectors = _embed_sentences(sentences, embedder, progress)
    mentions = job.result()
    briefs = []
    for n, story in enumerate(stories, start=1):
        briefs.append(brief_to_dict(brief_story(story, by_id, sentences, vectors, words,
                                                mentions=mentions)))
        if progress:
            progress("brief", n, len(stories))
    result = UpdateResult(placed=len(pending))
    for story in stories:
        new_ids = set(touched[story.id])
        result.changes.append(StoryChange(
            story.id, "updated" if story.id in known_stories else "new story",
            [{"id": i, "title": by_id[i].title, "source": by_id[i].source,
              "url": by_id[i].url} for i in sorted(new_ids)],
            [{"id": e.id, "title": e.title, "date": e.date} for e in story.events
             if e.id in new_events]))
    now = iso(now_utc())
    with store.transaction():
        store.write_stories(briefs)
        store.write_cluster_state(clusterer.to_state())
        store.db.executemany(
            "INSERT INTO story_change_log (story_id, at, kind, articles, events) "
            "VALUES (?,?,?,?,?)",
            [(c.story_id, now, c.kind, json.dumps(c.articles, ensure_ascii=False),
              json.dumps(c.events, ensure_ascii=False)) for c in result.changes])
    return result


def change_log(store: Store, story_id: str | None = None, limit: int = 50
               ) -> list[dict[str, Any]]:
    """What each update changed, newest first (in one story, or in all)."""
    where, args = ("WHERE l.story_id = ?", (story_id, limit)) if story_id else ("", (limit,))
    rows = store.db.execute(
        "SELECT l.story_id, l.at, l.kind, l.articles, l.events, s.title FROM story_change_log l "
        f"LEFT JOIN stories s ON s.id = l.story_id {where} ORDER BY l.id DESC LIMIT ?", args)
    return [{"story_id": r["story_id"], "story_title": r["title"], "at": r["at"],
             "kind": r["kind"], "articles": json.loads(r["articles"]),
             "events": json.loads(r["events"])} for r in rows]
