"""The safe fetcher, politeness, teaser rule, feed list and OPML, on a loopback server.

Every request goes to 127.0.0.1 (the test server) or is refused before any connection:
the private-address checks are tested with ``allow_private=False`` and the test
server's own ``host:port`` on the allow-list, so the first hop is allowed and the
redirect to another address is the thing refused.
"""

from __future__ import annotations

import ipaddress
import time
import tracemalloc

import pytest

from storyline.errors import StorylineError
from storyline.fetch import Fetcher, FetchError, FetchPolicy, address_problem, check_content
from storyline.live.feedlist import (
    add_feeds,
    backoff,
    export_opml,
    feed_status,
    import_opml,
    normalize_url,
    read_opml,
    record_failure,
)
from storyline.live.polite import Politeness
from storyline.live.poll import FULL_TEXT_WORDS, teaser_reason
from storyline.store import Store
from tests.live_server import (
    FeedServer,
    drip,
    endless,
    gzip_bomb,
    redirect,
    rss,
    slow,
    static,
)

FEED = rss("T", [{"guid": "a", "link": "http://example.org/a", "title": "A",
                  "description": "hello"}])


@pytest.fixture(scope="module")
def server():
    with FeedServer() as s:
        s.routes["/feed"] = static(FEED, etag='"v1"', gzipped=True)
        s.routes["/page"] = static("<!doctype html><html><body><p>hi</p></body></html>",
                                   "text/html")
        s.routes["/to-feed"] = redirect("/feed", 301)
        s.routes["/to-metadata"] = redirect("http://169.254.169.254/latest/meta-data/")
        s.routes["/to-private"] = redirect("http://10.1.2.3/feed")
        s.routes["/to-other-port"] = redirect(f"http://127.0.0.1:{s.port + 1}/feed")
        s.routes["/to-file"] = redirect("file:///etc/passwd")
        s.routes["/loop"] = redirect("/loop2")
        s.routes["/loop2"] = redirect("/loop")
        for i in range(8):
            s.routes[f"/hop{i}"] = redirect(f"/hop{i + 1}")
        s.routes["/hop8"] = static(FEED)
        s.routes["/slow"] = slow(2.0)
        s.routes["/drip"] = drip(4.0)
        s.routes["/endless"] = endless(8.0)
        s.routes["/bomb"] = gzip_bomb(100)
        s.routes["/html-feed"] = static("<!DOCTYPE html><html><body>Error</body></html>",
                                        "text/xml")
        s.routes["/xml-as-html"] = static(FEED, "text/html")
        s.routes["/pdf"] = static(b"%PDF-1.4", "application/pdf")
        s.routes["/private/x"] = static("<html><body>secret</body></html>", "text/html")
        s.routes["/robots.txt"] = static("User-agent: *\nDisallow: /private/\n"
                                         "Crawl-delay: 1\n", "text/plain")
        yield s


def fetcher(**policy) -> Fetcher:
    base = dict(allow_private=True, read_timeout=0.5, connect_timeout=0.5, deadline=2.0,
                max_bytes=1_000_000, max_decoded=2_000_000)
    return Fetcher(FetchPolicy(**{**base, **policy}))


@pytest.mark.parametrize("address, problem", [
    ("8.8.8.8", None), ("2001:4860:4860::8888", None), ("93.184.215.14", None),
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("fd12::1", "private"), ("169.254.1.1", "link-local"), ("fe80::1", "link-local"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("100.100.100.200", "metadata"), ("100.64.0.1", "not a public"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"), ("240.0.0.1", "reserved"), ("192.0.2.1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:8.8.8.8", None),
    ("2002:7f00:1::1", "loopback"),  # 6to4 carrying 127.0.0.1
    ("2002:808:808::1", None),
])
def test_address_rules(address, problem):
    why = address_problem(ipaddress.ip_address(address))
    assert (why is None) == (problem is None), (address, why)
    if problem:
        assert problem in why


def test_fetch_gzip_and_conditional_get(server):
    with fetcher() as f:
        got = f.get(server.url("/feed"), kind="feed")
        assert got.status == 200 and got.content == FEED.encode() and got.etag == '"v1"'
        again = f.get(server.url("/feed"), kind="feed", etag=got.etag,
                      last_modified=got.last_modified)
    assert again.not_modified and again.content == b""
    sent = server.requests_to("/feed")[-1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == got.last_modified
    assert "gzip" in sent["accept-encoding"]
    assert sent["user-agent"].startswith("storyline/")


def test_user_agent_names_the_operators_contact(monkeypatch):
    from storyline.fetch import _user_agent

    monkeypatch.delenv("STORYLINE_CONTACT", raising=False)
    assert _user_agent().startswith("storyline/") and "+" not in _user_agent()
    monkeypatch.setenv("STORYLINE_CONTACT", "https://news.example.org/bot")
    assert _user_agent().endswith("(news feed reader; +https://news.example.org/bot)")


def test_redirects_followed_and_reported(server):
    with fetcher() as f:
        got = f.get(server.url("/to-feed"), kind="feed")
    assert got.url == server.url("/feed") and got.redirects == (server.url("/feed"),)


@pytest.mark.parametrize("path, kind, words", [
    ("/loop", "redirect", "loop"),
    ("/hop0", "redirect", "more than 5 redirects"),
    ("/to-file", "blocked", "scheme 'file'"),
    ("/to-metadata", "blocked", "metadata"),  # refused even with allow_private
    ("/nothing-here", "http", "HTTP 404"),
    ("/slow", "timeout", "timed out"),
    ("/html-feed", "content_type", "HTML page"),
    ("/pdf", "content_type", "not a feed"),
])
def test_refusals_and_failures(server, path, kind, words):
    started = time.monotonic()
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.get(server.url(path), kind="feed")
    assert err.value.kind == kind and words in err.value.reason, err.value
    assert time.monotonic() - started < 2.5


def test_feed_served_as_html_is_read_and_page_types_checked(server):
    with fetcher() as f:
        assert f.get(server.url("/xml-as-html"), kind="feed").status == 200
        assert f.get(server.url("/page"), kind="page").status == 200
        with pytest.raises(FetchError, match="not an HTML page"):
            f.get(server.url("/feed"), kind="page")


@pytest.mark.parametrize("path, kind", [("/endless", "too_large"), ("/bomb", "bomb"),
                                        ("/drip", "timeout")])
def test_hostile_bodies_stop_at_their_caps(server, path, kind):
    tracemalloc.start()
    started = time.monotonic()
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.get(server.url(path), kind="feed")
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert err.value.kind == kind, err.value
    assert elapsed < 3.0  # the 2 s deadline (+ one read)
    assert peak < 3 * 2_000_000 + 1_000_000, peak  # ~ the decoded cap, not 100 MB


def test_private_addresses_refused_before_any_request(server):
    seen = len(server.seen)
    with Fetcher(FetchPolicy()) as f:
        for url in (server.url("/feed"), f"http://localhost:{server.port}/feed",
                    f"http://[::1]:{server.port}/feed", f"http://2130706433:{server.port}/"):
            with pytest.raises(FetchError) as err:
                f.get(url, kind="feed")
            assert err.value.kind in ("blocked", "dns"), err.value
            if err.value.kind == "blocked":
                assert "loopback" in err.value.reason
    assert len(server.seen) == seen


@pytest.mark.parametrize("path, words", [("/to-metadata", "metadata"),
                                         ("/to-private", "10.1.2.3: private"),
                                         ("/to-other-port", "loopback")])
def test_redirect_to_private_address_refused_on_that_hop(server, path, words):
    """The server's own host:port is allowed; where it redirects is checked again."""
    with Fetcher(FetchPolicy(allow_hosts=frozenset({server.origin}))) as f:
        assert f.get(server.url("/feed"), kind="feed").status == 200
        with pytest.raises(FetchError) as err:
            f.get(server.url(path), kind="feed")
    assert err.value.kind == "blocked" and words in err.value.reason, err.value
    assert f.requests == 2  # the allowed first hops only: nothing sent to the target


def test_connection_goes_to_the_checked_address():
    """DNS pinning: the name is resolved once, checked, and that address is used."""
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])  # a rebinding resolver

    with FeedServer() as s:
        s.routes["/feed"] = static(FEED)
        origin = f"feeds.example:{s.port}"
        with Fetcher(FetchPolicy(allow_hosts=frozenset({origin})),
                     resolver=lambda host, port, t: next(answers)) as f:
            got = f.get(f"http://{origin}/feed", kind="feed")
            assert got.status == 200
            assert s.requests_to("/feed")[-1].headers["host"] == origin
            with pytest.raises(FetchError, match="private"):  # the next answer is checked
                Fetcher(FetchPolicy(), resolver=lambda h, p, t: ["8.8.8.8", "10.0.0.1"]
                        ).get("http://mixed.example/feed", kind="feed")


def test_robots_and_rate_limit(server):
    with fetcher() as f:
        polite = Politeness(host_delay=0.0)
        polite.attach(f)
        assert f.get(server.url("/page"), kind="page").status == 200
        with pytest.raises(FetchError) as err:
            f.get(server.url("/private/x"), kind="page")
        assert err.value.kind == "robots" and "disallows" in err.value.reason
        started = time.monotonic()
        f.get(server.url("/page"), kind="page")
        assert time.monotonic() - started >= 0.9  # Crawl-delay: 1 (robotparser: whole s)
    assert len(server.requests_to("/robots.txt")) == 1  # cached per origin
    assert not server.requests_to("/private/x")


def test_unreachable_robots_means_no_fetch():
    with FeedServer() as s, fetcher() as f:
        s.routes["/robots.txt"] = static("down", "text/plain", status=503)
        s.routes["/page"] = static("<html><body>x</body></html>", "text/html")
        Politeness(host_delay=0).attach(f)
        with pytest.raises(FetchError, match="unreachable"):
            f.get(s.url("/page"), kind="page")
        assert not s.requests_to("/page")


def test_content_checks_by_type_and_first_bytes():
    check_content("feed", "application/rss+xml", b"<?xml version='1.0'?><rss>", "u")
    check_content("feed", "", b"<feed xmlns='http://www.w3.org/2005/Atom'>", "u")
    with pytest.raises(FetchError):
        check_content("feed", "application/xml", b"  <!doctype html><html>", "u")
    with pytest.raises(FetchError):
        check_content("page", "", b"%PDF", "u")


def test_teaser_rule():
    long_text = " ".join(["word"] * FULL_TEXT_WORDS)
    assert teaser_reason({"summary": "Two sentences. Only."})
    assert teaser_reason({"summary": "x", "content": [{"value": "<p>short</p>"}]})
    assert teaser_reason({"summary": long_text}) is None
    assert teaser_reason({"summary": "x", "content": [{"value": long_text}]}) is None
    assert "truncation" in teaser_reason({"summary": long_text + " [...]"})
    assert "truncation" in teaser_reason({"summary": long_text + " Read more"})


def test_feed_list_status_and_backoff(tmp_path):
    with Store(tmp_path / "f.db") as store:
        result = add_feeds(store, ["https://Example.org/feed#top", "ftp://x/y",
                                   "https://example.org/feed"])
        assert result.added == ["https://example.org/feed"]
        assert result.existing == ["https://example.org/feed"]
        assert "not an http(s) feed URL" in result.problems[0]
        waits = [record_failure(store, result.added[0], kind="http", reason="HTTP 500",
                                status=500, interval=900) for _ in range(3)]
        (row,) = feed_status(store)
    assert waits == [1800, 3600, 7200] and backoff(900, 50) == 24 * 3600
    assert row["failures"] == 3 and row["last_error"] == "HTTP 500"
    with pytest.raises(StorylineError):
        normalize_url("javascript:alert(1)")


OPML = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><head><title>&xxe;</title></head><body>
<outline text="News"><outline text="A &amp; B" type="rss" xmlUrl="https://a.example/rss"/>
<outline text="Nested"><outline text="C" type="rss" xmlUrl="http://c.example/atom.xml"/>
</outline></outline><outline text="no url"/></body></opml>"""


def test_opml_import_export_roundtrip(tmp_path):
    feeds, problems = read_opml(OPML)
    assert sorted(u for u, _ in feeds) == ["http://c.example/atom.xml", "https://a.example/rss"]
    assert "root:" not in repr((feeds, problems))  # the external entity is never loaded
    path = tmp_path / "subs.opml"
    path.write_bytes(OPML)
    with Store(tmp_path / "o.db") as store:
        assert len(import_opml(store, path).added) == 2
        text = export_opml(store)
    assert "A &amp; B" in text
    again, _ = read_opml(text.encode())
    assert sorted(again) == sorted(feeds)
    assert read_opml(b"<opml><body></body></opml>")[1]  # says there are no feeds


def test_missing_extra_names_the_fix(monkeypatch):
    import sys

    from storyline.errors import MissingExtra

    monkeypatch.setitem(sys.modules, "httpx", None)  # as if not installed
    with pytest.raises(MissingExtra, match=r"pip install 'storyline\[live\]'"):
        Fetcher(FetchPolicy())
    monkeypatch.setitem(sys.modules, "listparser", None)
    with pytest.raises(MissingExtra, match=r"storyline\[live\]"):
        read_opml(OPML)
