"""The embedded store: one SQLite file (WAL) holding articles, stories and runs.

Re-ingesting is idempotent: an article is keyed by its id and stored once; the
same id with changed text is updated in place, never duplicated. Briefs are
stored as the JSON documents that ``storyline.brief`` produces, so ``show``
renders exactly what ``brief`` would. The schema is versioned with
``PRAGMA user_version``; :data:`MIGRATIONS` upgrades an older file in place.
Nothing is deleted when an input is bad: problems are recorded per run.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.brief import article_to_dict
from storyline.errors import StorylineError
from storyline.model import Article, Evidence, Problem, RemovedSpan

if TYPE_CHECKING:
    from storyline.mentions import Mention

MIGRATIONS: list[str] = [
    # 1: articles, stories and the runs that filled them
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        source TEXT, title TEXT, published TEXT, url TEXT, origin TEXT, format TEXT,
        raw_text TEXT NOT NULL,
        text TEXT NOT NULL,
        data TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        paths TEXT NOT NULL,
        files INTEGER DEFAULT 0,
        added INTEGER DEFAULT 0,
        updated INTEGER DEFAULT 0,
        unchanged INTEGER DEFAULT 0,
        problems INTEGER DEFAULT 0
    );
    CREATE TABLE problems (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs(id),
        origin TEXT NOT NULL,
        reason TEXT NOT NULL,
        skipped INTEGER NOT NULL
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        first_date TEXT,
        last_date TEXT,
        article_count INTEGER NOT NULL,
        independent_count INTEGER NOT NULL,
        outlets TEXT NOT NULL,
        brief TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        event_id TEXT,
        PRIMARY KEY (story_id, article_id)
    );
    CREATE INDEX story_articles_article ON story_articles(article_id);
    """,
    # 2: full-text search, story history and outlet ratings (the web app, issue 7).
    # Triggers keep them in step with the tables above, so every writer (ingest, the
    # incremental clusterer, library users) maintains them without knowing they exist.
    # FTS rowids come from search_keys because articles/stories have text keys, whose
    # implicit rowids VACUUM may renumber.
    """
    CREATE TABLE search_keys (n INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL,
                              UNIQUE (kind, key));
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,
                                                 tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE stories_fts USING fts5(title, summary,
                                                tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO search_keys (kind, key) VALUES ('article', new.id);
        INSERT INTO articles_fts (rowid, title, text) VALUES (
            (SELECT n FROM search_keys WHERE kind = 'article' AND key = new.id),
            new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid =
            (SELECT n FROM search_keys WHERE kind = 'article' AND key = old.id);
        INSERT OR IGNORE INTO search_keys (kind, key) VALUES ('article', new.id);
        INSERT INTO articles_fts (rowid, title, text) VALUES (
            (SELECT n FROM search_keys WHERE kind = 'article' AND key = new.id),
            new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid =
            (SELECT n FROM search_keys WHERE kind = 'article' AND key = old.id);
    END;
    CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
        INSERT OR IGNORE INTO search_keys (kind, key) VALUES ('story', new.id);
        INSERT INTO stories_fts (rowid, title, summary) VALUES (
            (SELECT n FROM search_keys WHERE kind = 'story' AND key = new.id), new.title,
            (SELECT group_concat(json_extract(value, '$.text'), ' ')
             FROM json_each(new.brief, '$.summary')));
    END;
    CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
        DELETE FROM stories_fts WHERE rowid =
            (SELECT n FROM search_keys WHERE kind = 'story' AND key = old.id);
    END;
    INSERT INTO search_keys (kind, key) SELECT 'article', id FROM articles;
    INSERT INTO search_keys (kind, key) SELECT 'story', id FROM stories;
    INSERT INTO articles_fts (rowid, title, text)
        SELECT k.n, a.title, a.text FROM articles a
        JOIN search_keys k ON k.kind = 'article' AND k.key = a.id;
    INSERT INTO stories_fts (rowid, title, summary)
        SELECT k.n, s.title, (SELECT group_concat(json_extract(value, '$.text'), ' ')
                              FROM json_each(s.brief, '$.summary'))
        FROM stories s JOIN search_keys k ON k.kind = 'story' AND k.key = s.id;

    -- When each article joined each story, and each claim first appeared in it: what
    -- "what changed since" and the Atom feeds read. Rows outlive re-clustering, so a
    -- story that is rebuilt with the same id keeps its history.
    CREATE TABLE story_article_seen (
        story_id TEXT NOT NULL, article_id TEXT NOT NULL, first_seen TEXT NOT NULL,
        PRIMARY KEY (story_id, article_id));
    CREATE TABLE story_claim_seen (
        story_id TEXT NOT NULL, claim TEXT NOT NULL, first_seen TEXT NOT NULL,
        PRIMARY KEY (story_id, claim));
    CREATE TRIGGER story_article_seen_insert AFTER INSERT ON story_articles BEGIN
        INSERT OR IGNORE INTO story_article_seen (story_id, article_id, first_seen) VALUES (
            new.story_id, new.article_id,
            coalesce((SELECT updated_at FROM stories WHERE id = new.story_id),
                     strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')));
    END;
    CREATE TRIGGER story_claim_seen_insert AFTER INSERT ON stories BEGIN
        INSERT OR IGNORE INTO story_claim_seen (story_id, claim, first_seen)
            SELECT new.id, json_extract(value, '$.text'), new.updated_at
            FROM json_each(new.brief, '$.claims') WHERE json_extract(value, '$.text') IS NOT NULL;
    END;
    INSERT OR IGNORE INTO story_article_seen (story_id, article_id, first_seen)
        SELECT sa.story_id, sa.article_id, coalesce(a.ingested_at, s.updated_at)
        FROM story_articles sa JOIN stories s ON s.id = sa.story_id
        LEFT JOIN articles a ON a.id = sa.article_id;
    INSERT OR IGNORE INTO story_claim_seen (story_id, claim, first_seen)
        SELECT s.id, json_extract(c.value, '$.text'), s.updated_at
        FROM stories s, json_each(s.brief, '$.claims') c
        WHERE json_extract(c.value, '$.text') IS NOT NULL;

    -- Each story's first and latest change, for sorting lists and feeds by an index.
    CREATE TABLE story_changes (story_id TEXT PRIMARY KEY, first_seen TEXT NOT NULL,
                                last_change TEXT NOT NULL);
    CREATE INDEX story_changes_last ON story_changes(last_change, story_id);
    CREATE TRIGGER story_changes_article AFTER INSERT ON story_article_seen BEGIN
        INSERT INTO story_changes (story_id, first_seen, last_change)
            VALUES (new.story_id, new.first_seen, new.first_seen)
            ON CONFLICT (story_id) DO UPDATE SET
                first_seen = min(first_seen, excluded.first_seen),
                last_change = max(last_change, excluded.last_change);
    END;
    CREATE TRIGGER story_changes_claim AFTER INSERT ON story_claim_seen BEGIN
        INSERT INTO story_changes (story_id, first_seen, last_change)
            VALUES (new.story_id, new.first_seen, new.first_seen)
            ON CONFLICT (story_id) DO UPDATE SET
                first_seen = min(first_seen, excluded.first_seen),
                last_change = max(last_change, excluded.last_change);
    END;
    INSERT INTO story_changes (story_id, first_seen, last_change)
        SELECT story_id, min(first_seen), max(first_seen) FROM (
            SELECT story_id, first_seen FROM story_article_seen
            UNION ALL SELECT story_id, first_seen FROM story_claim_seen)
        GROUP BY story_id;
    -- Covering indexes for the story list's sort and the outlet list (rows hold briefs
    -- and texts, so scanning the tables themselves reads megabytes).
    CREATE INDEX stories_order ON stories(last_date, id, first_date, outlets);
    CREATE INDEX articles_source ON articles(source);
    -- Stories with lineage groups: the outlet page reads only their briefs.
    CREATE TABLE story_lineage (story_id TEXT PRIMARY KEY);
    CREATE TRIGGER story_lineage_insert AFTER INSERT ON stories
        WHEN json_array_length(new.brief, '$.lineage') > 0 BEGIN
        INSERT OR IGNORE INTO story_lineage (story_id) VALUES (new.id);
    END;
    CREATE TRIGGER story_lineage_delete AFTER DELETE ON stories BEGIN
        DELETE FROM story_lineage WHERE story_id = old.id;
    END;
    INSERT INTO story_lineage (story_id)
        SELECT id FROM stories WHERE json_array_length(brief, '$.lineage') > 0;

    -- User-supplied outlet ratings (`storyline ratings import`): any columns, as JSON.
    CREATE TABLE outlet_ratings (outlet TEXT PRIMARY KEY COLLATE NOCASE, data TEXT NOT NULL);
    CREATE TABLE ratings_imports (id INTEGER PRIMARY KEY, origin TEXT NOT NULL,
                                  columns TEXT NOT NULL, rows INTEGER NOT NULL,
                                  imported_at TEXT NOT NULL);
    """,
    # 3: the incremental clusterer's state (storyline.clustering), so that a later
    # ingest places only the new articles and keeps every story id
    """
    CREATE TABLE cluster_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        data BLOB NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 4: live mode (issue 8, storyline.live): the feeds followed and each one's polling
    # state, which feed brought which article, a log of polls and failures, and what
    # each update changed in each story
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        added_at TEXT NOT NULL,
        last_checked TEXT,
        last_success TEXT,
        last_status INTEGER,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_error_kind TEXT,
        next_due TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        articles_found INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX feeds_due ON feeds(next_due);
    CREATE TABLE feed_entries (
        feed_url TEXT NOT NULL, article_id TEXT NOT NULL, seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_url, article_id));
    CREATE INDEX feed_entries_article ON feed_entries(article_id);
    CREATE TABLE feed_log (
        id INTEGER PRIMARY KEY, feed_url TEXT NOT NULL, at TEXT NOT NULL, url TEXT,
        outcome TEXT NOT NULL, kind TEXT, reason TEXT, new_articles INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX feed_log_feed ON feed_log(feed_url, id);
    CREATE TABLE story_change_log (
        id INTEGER PRIMARY KEY, story_id TEXT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL,
        articles TEXT NOT NULL, events TEXT NOT NULL);
    CREATE INDEX story_change_log_story ON story_change_log(story_id, id);
    """,
    # 5: each article's NER mentions (storyline.mentions), computed once per text and
    # model, so that re-briefing a story does not run spaCy over its articles again
    """
    CREATE TABLE article_mentions (
        article_id TEXT PRIMARY KEY,
        text_key TEXT NOT NULL,
        model TEXT NOT NULL,
        mentions TEXT NOT NULL
    );
    """,
    # 6: what the outlet table reads of each brief with lineage groups (its articles'
    # ids and dates, its groups' kind, origin and members; storyline.story_pages), kept
    # at write time so that the page decodes no whole brief (0.1-0.25 s a request)
    """
    CREATE TABLE story_reprint_inputs (story_id TEXT PRIMARY KEY, articles TEXT NOT NULL,
                                       lineage TEXT NOT NULL);
    CREATE TRIGGER story_reprint_inputs_insert AFTER INSERT ON stories
        WHEN json_array_length(new.brief, '$.lineage') > 0 BEGIN
        INSERT OR REPLACE INTO story_reprint_inputs (story_id, articles, lineage) VALUES (
            new.id,
            (SELECT json_group_array(json_object('id', json_extract(a.value, '$.id'),
                    'published', json_extract(a.value, '$.published')))
             FROM json_each(new.brief, '$.articles') a),
            (SELECT json_group_array(json_object('kind', json_extract(g.value, '$.kind'),
                    'origin', json_extract(g.value, '$.origin'),
                    'article_ids', json_extract(g.value, '$.article_ids')))
             FROM json_each(new.brief, '$.lineage') g));
    END;
    CREATE TRIGGER story_reprint_inputs_delete AFTER DELETE ON stories BEGIN
        DELETE FROM story_reprint_inputs WHERE story_id = old.id;
    END;
    INSERT INTO story_reprint_inputs (story_id, articles, lineage)
        SELECT s.id,
            (SELECT json_group_array(json_object('id', json_extract(a.value, '$.id'),
                    'published', json_extract(a.value, '$.published')))
             FROM json_each(s.brief, '$.articles') a),
            (SELECT json_group_array(json_object('kind', json_extract(g.value, '$.kind'),
                    'origin', json_extract(g.value, '$.origin'),
                    'article_ids', json_extract(g.value, '$.article_ids')))
             FROM json_each(s.brief, '$.lineage') g)
        FROM stories s WHERE json_array_length(s.brief, '$.lineage') > 0;
    """,
]


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def content_hash(article: Article) -> str:
    key = "\x1f".join([article.raw_text, article.title or "", article.source or "",
                       article.published or "", article.url or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


class Store:
    """A storyline database file. Use as a context manager or call ``close``."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StorylineError(f"no database at {self.path} (create one with "
                                 f"`storyline ingest PATH --db {self.path}`)")
        try:
            self.db = sqlite3.connect(self.path)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StorylineError(f"{self.path} is not a storyline database ({exc})") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StorylineError(f"{self.path} was written by a newer storyline (schema "
                                 f"{version}); upgrade storyline to read it")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                self.db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self.db
            self.db.commit()
        except BaseException:
            self.db.rollback()
            raise

    # --- runs and articles -------------------------------------------------

    def start_run(self, paths: Sequence[str]) -> int:
        with self.transaction():
            cur = self.db.execute("INSERT INTO runs (started_at, paths) VALUES (?, ?)",
                                  (_now(), json.dumps(list(paths))))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, files: int, counts: UpsertCounts,
                   problems: Iterable[Problem]) -> None:
        problems = list(problems)
        with self.transaction():
            self.db.executemany(
                "INSERT INTO problems (run_id, origin, reason, skipped) VALUES (?, ?, ?, ?)",
                [(run_id, p.origin, p.reason, int(p.skipped)) for p in problems])
            self.db.execute(
                "UPDATE runs SET finished_at=?, files=?, added=?, updated=?, unchanged=?, "
                "problems=? WHERE id=?",
                (_now(), files, counts.added, counts.updated, counts.unchanged,
                 len(problems), run_id))

    def upsert_articles(self, articles: Iterable[Article]) -> UpsertCounts:
        counts = UpsertCounts()
        now = _now()
        with self.transaction():
            for a in articles:
                digest = content_hash(a)
                row = self.db.execute("SELECT content_hash FROM articles WHERE id=?",
                                      (a.id,)).fetchone()
                if row and row["content_hash"] == digest:
                    counts.unchanged += 1
                    continue
                values = (digest, a.source, a.title, a.published, a.url, a.origin, a.format,
                          a.raw_text, a.text, json.dumps(article_to_dict(a), ensure_ascii=False),
                          now)
                if row:
                    self.db.execute(
                        "UPDATE articles SET content_hash=?, source=?, title=?, published=?, "
                        "url=?, origin=?, format=?, raw_text=?, text=?, data=?, updated_at=? "
                        "WHERE id=?", (*values, a.id))
                    counts.updated += 1
                else:
                    self.db.execute(
                        "INSERT INTO articles (content_hash, source, title, published, url, "
                        "origin, format, raw_text, text, data, updated_at, id, ingested_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (*values, a.id, now))
                    counts.added += 1
        return counts

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT raw_text, text, data FROM articles ORDER BY id")
        return [_article_from_row(r) for r in rows]

    def articles_by_ids(self, ids: Iterable[str]) -> list[Article]:
        """The stored articles with these ids (unknown ids are left out), by id."""
        wanted = sorted(set(ids))
        out: list[Article] = []
        for lo in range(0, len(wanted), 500):
            chunk = wanted[lo:lo + 500]
            out.extend(_article_from_row(r) for r in self.db.execute(
                f"SELECT raw_text, text, data FROM articles WHERE id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY id", chunk))
        return sorted(out, key=lambda a: a.id)

    def article_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM articles")}

    def article_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    # --- stories ------------------------------------------------------------

    def replace_stories(self, stories: Sequence[dict[str, Any]]) -> None:
        """Store the current set of stories (briefs as dicts), in one transaction."""
        with self.transaction():
            self.db.execute("DELETE FROM story_articles")
            self.db.execute("DELETE FROM stories")
            self.write_stories(stories)

    def write_stories(self, stories: Sequence[dict[str, Any]]) -> None:
        """Insert or replace these stories only, inside the caller's transaction (the
        live mode updates the stories an update touched, with its clusterer state)."""
        now = _now()
        for s in stories:
            self.db.execute("DELETE FROM story_articles WHERE story_id = ?", (s["id"],))
            self.db.execute("DELETE FROM stories WHERE id = ?", (s["id"],))
            days = sorted(a["published"][:10] for a in s["articles"] if a.get("published"))
            outlets = sorted({a["source"] for a in s["articles"] if a.get("source")})
            self.db.execute(
                "INSERT INTO stories (id, title, first_date, last_date, article_count, "
                "independent_count, outlets, brief, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (s["id"], s["title"], days[0] if days else None, days[-1] if days else None,
                 s["article_count"], s["independent_count"], json.dumps(outlets),
                 json.dumps(s, ensure_ascii=False), now))
            event_of = {a: e["id"] for e in s["events"] for a in e["article_ids"]}
            self.db.executemany(
                "INSERT INTO story_articles (story_id, article_id, event_id) VALUES (?,?,?)",
                [(s["id"], a["id"], event_of.get(a["id"])) for a in s["articles"]])

    def stories(self) -> list[dict[str, Any]]:
        """Story rows, newest first (by last article date)."""
        rows = self.db.execute(
            "SELECT id, title, first_date, last_date, article_count, independent_count, "
            "outlets, updated_at FROM stories ORDER BY last_date IS NULL, last_date DESC, id")
        return [{**dict(r), "outlets": json.loads(r["outlets"])} for r in rows]

    def story(self, story_id: str) -> dict[str, Any]:
        """A stored brief by id or unique id prefix."""
        rows = self.db.execute("SELECT id, brief FROM stories WHERE id = ? OR id LIKE ?",
                               (story_id, story_id.replace("%", "") + "%")).fetchall()
        exact = [r for r in rows if r["id"] == story_id]
        if exact:
            rows = exact
        if not rows:
            raise StorylineError(f"no story {story_id!r} in {self.path} "
                                 f"(list them with `storyline stories --db {self.path}`)")
        if len(rows) > 1:
            raise StorylineError(f"story id {story_id!r} is ambiguous: "
                                 f"{', '.join(r['id'] for r in rows[:5])}")
        return dict(json.loads(rows[0]["brief"]))

    # --- clustering state -----------------------------------------------------

    def load_mentions(self, articles: Sequence[Article]) -> dict[str, list[Mention]]:
        """Stored NER mentions of ``articles`` still valid for their text and model."""
        from storyline.mentions import MODEL_TAG, Mention, text_key

        by_id = {a.id: a for a in articles}
        out: dict[str, list[Mention]] = {}
        ids = list(by_id)
        for lo in range(0, len(ids), 500):
            chunk = ids[lo:lo + 500]
            rows = self.db.execute(
                "SELECT article_id, text_key, mentions FROM article_mentions WHERE model = ? "
                f"AND article_id IN ({','.join('?' * len(chunk))})", (MODEL_TAG, *chunk))
            for aid, key, data in rows:
                if key == text_key(by_id[aid].text):
                    out[aid] = [Mention(aid, *m) for m in json.loads(data)]
        return out

    def save_mentions(self, articles: Sequence[Article],
                      found: Mapping[str, Sequence[Mention]]) -> None:
        """Keep articles' NER mentions for later runs (replacing older ones)."""
        from storyline.mentions import MODEL_TAG, text_key

        rows = [(a.id, text_key(a.text), MODEL_TAG, json.dumps(
                    [[m.start, m.end, m.text, m.label] for m in found[a.id]], ensure_ascii=False))
                for a in articles if a.id in found]
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO article_mentions VALUES (?,?,?,?)", rows)

    def cluster_state(self) -> dict[str, Any] | None:
        """The stored clusterer state (``EventClusterer.to_state()``), if any."""
        row = self.db.execute("SELECT data FROM cluster_state WHERE id = 1").fetchone()
        return json.loads(zlib.decompress(row["data"])) if row else None

    def save_cluster_state(self, state: dict[str, Any]) -> None:
        with self.transaction():
            self.write_cluster_state(state)

    def write_cluster_state(self, state: dict[str, Any]) -> None:
        """Save the clusterer state inside the caller's transaction."""
        data = zlib.compress(json.dumps(state, separators=(",", ":")).encode("utf-8"))
        self.db.execute("INSERT INTO cluster_state (id, data, updated_at) VALUES (1, ?, ?) "
                        "ON CONFLICT(id) DO UPDATE SET data=excluded.data, "
                        "updated_at=excluded.updated_at", (data, _now()))

    def problems(self, run_id: int | None = None) -> list[Problem]:
        query = "SELECT origin, reason, skipped FROM problems"
        rows = self.db.execute(query + (" WHERE run_id=?" if run_id else ""),
                               (run_id,) if run_id else ())
        return [Problem(r["origin"], r["reason"], bool(r["skipped"])) for r in rows]


def _article_from_row(row: sqlite3.Row) -> Article:
    d = json.loads(row["data"])

    def evidence(key: str) -> Evidence | None:
        e = d.get(key)
        return Evidence(e["method"], e["detail"], e.get("confidence", 1.0)) if e else None

    return Article(
        id=d["id"], raw_text=row["raw_text"], text=row["text"], title=d.get("title"),
        source=d.get("source"), published=d.get("published"), url=d.get("url"),
        author=d.get("author"), language=d.get("language"), origin=d.get("origin", ""),
        format=d.get("format", "text"),
        removed=tuple(RemovedSpan(r["text"], r["rule"], r["start"], r["end"], r.get("kept_as"),
                                  r.get("detail")) for r in d.get("removed", [])),
        source_evidence=evidence("source_evidence"),
        published_evidence=evidence("published_evidence"),
        warnings=tuple(d.get("warnings", [])),
    )
