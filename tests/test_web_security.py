"""Security of the web app: hostile article text renders escaped everywhere, no
javascript: link is ever emitted, the server binds to loopback unless told otherwise,
and writes need the token."""

import inspect
import re
import warnings
import xml.etree.ElementTree as ET

import pytest

from storyline.model import Article, RemovedSpan
from storyline.store import Store
from tests.web_fixtures import HOSTILE, hostile_story

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[test]')")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyline.web import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    meta, story = hostile_story()
    raw = "<script>x</script>\nBody " + HOSTILE + '\n<a href="javascript:alert(3)">x</a>'
    article = Article(id=meta["id"], raw_text=raw, text="Body " + HOSTILE, title=meta["title"],
                      source=meta["source"], url=meta["url"], author=meta["author"],
                      published=meta["published"],
                      removed=(RemovedSpan("<script>x</script>", "promo-headline", 0, 18),))
    path = tmp_path_factory.mktemp("evil") / "evil.db"
    with Store(path) as store:
        store.upsert_articles([article])
        store.replace_stories([story])
        store.db.execute("INSERT INTO outlet_ratings (outlet, data) VALUES (?, ?)",
                         (meta["source"], '{"lean": "<script>alert(4)</script>"}'))
        store.db.execute("INSERT INTO ratings_imports (origin, columns, rows, imported_at) "
                         "VALUES ('t', '[\"lean\"]', 1, 'now')")
        store.db.commit()
    return TestClient(create_app(path, token="t0ken"))


PAGES = ["/", "/stories/story-evil", "/articles/evil-1", "/outlets", "/search?q=bold",
         "/search?q=script", "/?q=script", "/stories/story-evil?since=2000-01-01"]


@pytest.mark.parametrize("url", PAGES)
def test_hostile_text_renders_escaped(client, url):
    r = client.get(url)
    assert r.status_code == 200
    html = r.text
    assert "<script" not in html.lower()
    assert "<b>bold</b>" not in html and "<i>Outlet</i>" not in html
    assert "&lt;script&gt;" in html or "&lt;b&gt;" in html
    # entities in the source stay literal text: '&amp;' in an article shows as '&amp;'
    if "/search" not in url and url != "/outlets":  # these pages show no body text
        assert "&amp;amp;" in html and "&amp;lt;tag&amp;gt;" in html
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I)


def test_hostile_search_snippets_keep_only_their_marks(client):
    html = client.get("/search", params={"q": "bold"}).text
    assert "<mark>bold</mark>" in html and "&lt;b&gt;" in html


def test_feeds_escape_and_round_trip_the_text(client):
    for url in ("/feed.atom", "/stories/story-evil/feed.atom"):
        body = client.get(url).content
        assert b"<script" not in body
        feed = ET.fromstring(body)  # well-formed despite the markup in every title
        titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
        assert any(HOSTILE in (t or "") for t in titles)


def test_api_returns_the_text_as_data(client):
    story = client.get("/api/v1/stories/story-evil").json()["story"]
    assert story["title"] == "Story " + HOSTILE
    assert client.get("/api/v1/stories/story-evil").headers["content-type"] == \
        "application/json"


def test_write_endpoint_needs_the_token(client):
    assert client.post("/api/v1/ratings", content="outlet\nX\n").status_code == 401
    ok = client.post("/api/v1/ratings", content="outlet,lean\nX,left\n",
                     headers={"Authorization": "Bearer t0ken"})
    assert ok.status_code == 200


def test_server_binds_to_loopback_by_default(monkeypatch, tmp_path):
    from storyline import cli, web

    assert inspect.signature(web.serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(cli.serve).parameters["host"].default == "127.0.0.1"
    seen = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    Store(tmp_path / "s.db").close()
    from typer.testing import CliRunner

    result = CliRunner().invoke(cli.app, ["serve", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000


def test_several_workers_get_the_app_from_the_environment(monkeypatch, tmp_path):
    import uvicorn

    from storyline import web

    Store(tmp_path / "s.db").close()
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    for name in ("STORYLINE_WEB_DB", "STORYLINE_API_TOKEN"):  # restored after the test
        monkeypatch.setenv(name, "")
    web.serve(tmp_path / "s.db", workers=2, token="tok")
    assert seen["app"] == "storyline.web:app_from_env" and seen["factory"]
    assert seen["workers"] == 2 and seen["host"] == "127.0.0.1"
    client = TestClient(web.app_from_env())
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.post("/api/v1/ratings", content="outlet\nX\n",
                       headers={"Authorization": "Bearer tok"}).status_code == 200
