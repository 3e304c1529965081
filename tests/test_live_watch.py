"""Live mode end to end against a local server: polls, restarts, stable stories, failures.

One module-scoped server serves RSS (full text) and Atom (teasers whose pages are
fetched) feeds for two stories, and feeds that fail in every way the issue lists.
The steps run in order on one database, as a person's `storyline watch` would.
"""

from __future__ import annotations

import tracemalloc

import pytest

from storyline.fetch import FetchPolicy
from storyline.live.feedlist import add_feeds, feed_log, feed_status
from storyline.live.update import change_log, pending_ids
from storyline.live.watch import make_fetcher, poll_round
from storyline.store import Store
from tests.live_fixtures import BRIDGE, BRIDGE_FOLLOWUP, RATES, html_paragraphs, variant
from tests.live_server import (
    FeedServer,
    article_page,
    atom,
    endless,
    gzip_bomb,
    redirect,
    rss,
    slow,
    static,
)

pytestmark = pytest.mark.slow
DAY1, DAY3 = "Tue, 07 May 2024 09:00:00 GMT", "Sat, 11 May 2024 10:00:00 GMT"


def _rss_items(extra: bool = False) -> list[dict[str, str]]:
    items = [
        {"guid": "bridge-1", "link": "http://example.org/b1", "date": DAY1,
         "title": "Westbrook closes Harlow River bridge after cracks found",
         "description": BRIDGE[0], "content": html_paragraphs(BRIDGE)},
        {"guid": "rates-1", "link": "http://example.org/r1",
         "date": "Wed, 08 May 2024 12:00:00 GMT",
         "title": "Norland central bank raises rates to 4.5 percent",
         "description": RATES[0], "content": html_paragraphs(RATES)},
    ]
    if extra:
        items.insert(0, {"guid": "bridge-3", "link": "http://example.org/b3", "date": DAY3,
                         "title": "Harlow River bridge repairs to cost $30 million",
                         "description": BRIDGE_FOLLOWUP[0],
                         "content": html_paragraphs(BRIDGE_FOLLOWUP)})
    return items


@pytest.fixture(scope="module")
def server():
    with FeedServer() as s:
        s.routes["/robots.txt"] = static("User-agent: *\nDisallow: /private/\n", "text/plain")
        s.routes["/rss"] = static(rss("Daily Planet", _rss_items()), etag='"r1"', gzipped=True)
        pages = [("bridge-2", "/news/bridge-2", variant(BRIDGE, 2),
                  "Cracks shut Westbrook's busiest bridge", "2024-05-07T11:00:00Z"),
                 ("rates-2", "/news/rates-2", variant(RATES, 1),
                  "Norland lifts interest rate for third time this year",
                  "2024-05-08T13:00:00Z"),
                 ("secret", "/private/secret", variant(RATES, 3), "Robots say no",
                  "2024-05-08T14:00:00Z")]
        entries = []
        for key, path, paras, title, when in pages:
            s.routes[path] = static(article_page(title, paras, site="Courier"), "text/html")
            entries.append({"id": f"urn:courier:{key}", "link": s.url(path), "title": title,
                            "updated": when, "summary": paras[0][:120] + "…"})
        s.routes["/atom"] = static(atom("The Courier", entries), "application/atom+xml")
        s.routes["/gone"] = static("<html><body>gone</body></html>", "text/html", status=404)
        s.routes["/broken"] = static("oops", "text/plain", status=500)
        s.routes["/error-page"] = static("<!DOCTYPE html><html><body><h1>Service "
                                         "unavailable</h1></body></html>", "text/html")
        s.routes["/slow"] = slow(3.0)
        s.routes["/endless"] = endless(10.0)
        s.routes["/bomb"] = gzip_bomb(100)
        s.routes["/loop"] = redirect("/loop2")
        s.routes["/loop2"] = redirect("/loop")
        yield s


POLICY = dict(allow_private=True, read_timeout=1.0, connect_timeout=1.0, deadline=3.0,
              max_bytes=1_000_000, max_decoded=2_000_000)
FAILING = {"/gone": ("http", "HTTP 404"), "/broken": ("http", "HTTP 500"),
           "/error-page": ("content_type", "HTML page"), "/slow": ("timeout", "timed out"),
           "/endless": ("too_large", "larger than"), "/bomb": ("bomb", "decoded body"),
           "/loop": ("redirect", "loop")}


def _round(db, **kwargs):
    with Store(db) as store, make_fetcher(FetchPolicy(**POLICY), host_delay=0) as fetcher:
        return poll_round(store, fetcher, interval=900, **kwargs)


@pytest.fixture(scope="module")
def db(server, tmp_path_factory):
    path = tmp_path_factory.mktemp("live") / "live.db"
    with Store(path) as store:
        add_feeds(store, [server.url(p) for p in ["/rss", "/atom", *FAILING]])
    return path


def test_first_round_ingests_both_feeds_and_records_every_failure(server, db):
    tracemalloc.start()
    result = _round(db, force=True, update=False)  # the polls alone, memory traced
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.new == 5  # 2 full-text RSS items, 3 Atom teasers (2 pages fetched)
    assert len(result.failed) == len(FAILING)
    assert result.seconds < 20
    assert peak < 60_000_000, peak  # the bomb and the endless body stop at their caps
    assert _round(db).update.placed == 5  # nothing due now: clusters and briefs only
    with Store(db) as store:
        titles = {a.title: a for a in store.articles()}
        fetched = titles["Cracks shut Westbrook's busiest bridge"]
        assert len(fetched.text.split()) > 150  # the page's text, not the teaser
        assert any("full text fetched from the article page" in w for w in fetched.warnings)
        blocked = titles["Robots say no"]  # robots.txt disallows its page: teaser kept
        assert any("robots.txt" in w for w in blocked.warnings)
        status = {f["url"]: f for f in feed_status(store)}
        for path, (kind, words) in FAILING.items():
            f = status[server.url(path)]
            assert f["failures"] == 1 and f["last_error_kind"] == kind, (path, f)
            assert words in f["last_error"], (path, f["last_error"])
            assert f["next_due"] > f["last_checked"]  # backed off
        ok = status[server.url("/rss")]
        assert ok["failures"] == 0 and ok["etag"] == '"r1"' and ok["articles_found"] == 2
        assert status[server.url("/atom")]["articles_found"] == 3
        log = feed_log(store)
        assert {r["outcome"] for r in log} >= {"ok", "failed", "page failed"}
        stories = store.stories()
        assert len(stories) == 2
        changes = change_log(store)
        assert {c["kind"] for c in changes} == {"new story"}
        assert sum(len(c["articles"]) for c in changes) == 5
        assert not pending_ids(store, _clusterer(store))
    assert not server.requests_to("/private/secret")


def _clusterer(store):
    from storyline.clustering import EventClusterer

    return EventClusterer.from_state(store.cluster_state())


def test_second_round_is_conditional_and_adds_nothing(server, db):
    with Store(db) as store:
        before = {s["id"]: s["article_count"] for s in store.stories()}
        logged = len(change_log(store))
    result = _round(db, force=True)
    assert result.new == 0
    assert server.requests_to("/rss")[-1].headers.get("if-none-match") == '"r1"'
    assert [p.status for p in result.polls if p.url.endswith("/rss")] == [304]
    with Store(db) as store:
        assert {s["id"]: s["article_count"] for s in store.stories()} == before
        assert len(change_log(store)) == logged
        status = {f["url"]: f for f in feed_status(store)}
        assert status[server.url("/gone")]["failures"] == 2  # consecutive failures count


def test_changed_feed_updates_its_story_and_keeps_ids(server, db):
    with Store(db) as store:
        before = {s["id"]: s for s in store.stories()}
    server.routes["/rss"] = static(rss("Daily Planet", _rss_items(extra=True)), etag='"r2"')
    result = _round(db, force=True)
    assert result.new == 1
    with Store(db) as store:
        after = {s["id"]: s for s in store.stories()}
        assert set(before) <= set(after)  # no story renumbered
        grown = [i for i in before if after[i]["article_count"] > before[i]["article_count"]]
        assert len(grown) == 1
        latest = change_log(store, grown[0])[0]
        assert latest["kind"] == "updated"
        assert [a["title"] for a in latest["articles"]] == [
            "Harlow River bridge repairs to cost $30 million"]
        assert latest["events"] and latest["events"][0]["date"] == "2024-05-11"


def test_restart_mid_feed_loses_and_duplicates_nothing(server, db):
    """A crash after some entries of a feed: the next process stores the rest, once."""
    extra = [{"guid": f"late-{i}", "link": f"http://example.org/late-{i}",
              "date": "Fri, 10 May 2024 08:00:00 GMT", "title": f"Late report {i} on rates",
              "description": RATES[i], "content": html_paragraphs(variant(RATES, i))}
             for i in range(3)]
    server.routes["/rss"] = static(rss("Daily Planet", extra + _rss_items(extra=True)),
                                   etag='"r3"')
    from storyline.live import poll as poll_module

    calls = []

    def crash(article_id: str) -> None:
        calls.append(article_id)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with Store(db) as store, make_fetcher(FetchPolicy(**POLICY), host_delay=0) as fetcher:
        feed = next(f for f in feed_status(store) if f["url"] == server.url("/rss"))
        with pytest.raises(KeyboardInterrupt):
            poll_module.poll_feed(store, fetcher, feed, interval=900, on_article=crash)
        assert store.db.execute("SELECT etag FROM feeds WHERE url = ?",
                                (feed["url"],)).fetchone()[0] == '"r2"'  # not advanced
    # a new process: the store reopened, a new client
    result = _round(db, force=True)
    assert result.new == 1  # the third late report; the first two were committed
    with Store(db) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == 5 + 1 + 3
        assert not pending_ids(store, _clusterer(store))
        entries = store.db.execute("SELECT count(*) FROM feed_entries").fetchone()[0]
        assert entries == len(ids)


def test_interrupted_update_is_finished_by_the_next_round(server, db):
    server.routes["/rss"] = static(rss("Daily Planet", [{
        "guid": "rates-later", "link": "http://example.org/rl",
        "date": "Fri, 10 May 2024 18:00:00 GMT", "title": "Norland bank defends rate rise",
        "description": RATES[3], "content": html_paragraphs(variant(RATES, 4))}]),
        etag='"r4"')
    assert _round(db, force=True, update=False).new == 1  # stored, not yet clustered
    with Store(db) as store:
        assert len(pending_ids(store, _clusterer(store))) == 1
        ids = {s["id"] for s in store.stories()}
    result = _round(db)  # nothing due: only the update runs
    assert result.polls == [] and result.update.placed == 1
    with Store(db) as store:
        assert ids <= {s["id"] for s in store.stories()}
        assert not pending_ids(store, _clusterer(store))


# --- the shells: CLI and web app over the same database --------------------------------


def _cli(*args):
    from typer.testing import CliRunner

    from storyline import cli

    return CliRunner().invoke(cli.app, [str(a) for a in args])


def test_cli_feeds_list_log_export_and_changes(server, db):
    import json

    listed = _cli("feeds", "list", "--db", db, "--json")
    assert listed.exit_code == 0, listed.output
    rows = {r["url"]: r for r in json.loads(listed.stdout)}
    assert rows[server.url("/bomb")]["last_error_kind"] == "bomb"
    table = _cli("feeds", "list", "--db", db)
    assert "last checked" in table.stdout and "etag" in table.stdout
    log = _cli("feeds", "log", server.url("/atom"), "--db", db)
    assert "robots.txt" in log.stdout
    exported = _cli("feeds", "export", "--db", db)
    assert exported.stdout.count("<outline ") == len(rows)
    changes = _cli("changes", "--db", db)
    assert "new story" in changes.stdout and "updated" in changes.stdout
    assert "+ Daily Planet: Harlow River bridge repairs" in changes.stdout


def test_cli_watch_once(server, tmp_path):
    path = tmp_path / "cli.db"
    assert _cli("feeds", "add", server.url("/atom"), "--db", path).exit_code == 0
    refused = _cli("watch", "--once", "--db", path, "--host-delay", "0")
    assert refused.exit_code == 0 and "1 failed" in refused.output
    assert "loopback address refused" in refused.output  # without --allow-private
    ran = _cli("watch", "--once", "--force", "--allow-private", "--db", path,
               "--host-delay", "0")
    assert ran.exit_code == 0, ran.output
    assert "3 new article(s)" in ran.output and "0 failed" in ran.output
    assert _cli("watch", "--once", "--db", tmp_path / "empty.db").exit_code == 1


def test_web_feeds_page_api_and_story_history(server, db):
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from storyline.web import create_app

    client = TestClient(create_app(db))
    api = client.get("/api/v1/feeds").json()
    assert api["failing"] == len(FAILING) and api["last_checked"]
    assert {f["url"] for f in api["feeds"]} >= {server.url("/rss"), server.url("/atom")}
    page = client.get("/feeds")
    assert page.status_code == 200 and "Last checked" in page.text
    assert "HTTP 404" in page.text and "decoded body larger" in page.text
    with Store(db) as store:
        story_id = change_log(store)[0]["story_id"]
    story = client.get(f"/stories/{story_id}")
    assert "Update history" in story.text
    assert client.get(f"/api/v1/stories/{story_id}").json()["change_log"]
