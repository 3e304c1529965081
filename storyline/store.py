"""The embedded store: one SQLite file (WAL) holding articles, stories and runs.

Re-ingesting is idempotent: an article is keyed by its id and stored once; the
same id with changed text is updated in place, never duplicated. Briefs are
stored as the JSON documents that ``storyline.brief`` produces, so ``show``
renders exactly what ``brief`` would. The schema is versioned with
``PRAGMA user_version``; :data:`storyline.migrations.MIGRATIONS` upgrades an older file in place.
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
from storyline.migrations import MIGRATIONS
from storyline.model import Article, Evidence, Problem, RemovedSpan

if TYPE_CHECKING:
    from storyline.mentions import Mention



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
