"""The store's schema, one SQL script per version: :data:`MIGRATIONS`.

``Store`` (:mod:`storyline.store`) runs the scripts a file has not seen yet, in order, and
records how far it got in ``PRAGMA user_version``, so an older database is upgraded in
place and never rebuilt. The list only grows: a script that shipped is never edited,
because files in the wild have already run it.
"""

from __future__ import annotations

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
    # 7: the live poller's per-outlet window of recent articles, each as its sentences'
    # hashed keys (storyline.clean.outlet_memory), so that an outlet's boilerplate is cut
    # across polls as the batch rule cuts it within a batch (storyline.live.boilerplate)
    """
    CREATE TABLE outlet_sentences (
        outlet TEXT NOT NULL,
        article_id TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        units TEXT NOT NULL,
        PRIMARY KEY (outlet, article_id)
    );
    CREATE INDEX outlet_sentences_recent ON outlet_sentences(outlet, seen_at);
    """,
]
