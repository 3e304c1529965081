"""The web app in process (FastAPI TestClient): every endpoint, good and bad parameters.

The database holds the example's five articles with its real brief enriched with
claims, quotes, entities, timeline and lineage (tests/web_fixtures.py), so every
section is exercised on the shape the analysis stages will produce.
"""

import json
import warnings
import xml.etree.ElementTree as ET
from urllib.parse import quote

import jsonschema
import pytest

from storyline.brief import brief_to_dict, document, schema
from storyline.store import Store
from tests.web_fixtures import A000, A002, A003, A004, CONFLICT_TEXT, SINGLE_TEXT, enrich

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[test]')")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyline.web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def rich(tmp_path_factory, example_run):
    """(db path, story id): the example's articles and its enriched brief."""
    path = tmp_path_factory.mktemp("web") / "rich.db"
    story = enrich(brief_to_dict(example_run.briefs[0]))
    with Store(path) as store:
        store.upsert_articles(a for b in example_run.briefs for a in b.articles)
        store.replace_stories([story])
    return path, story["id"]


@pytest.fixture(scope="module")
def client(rich):
    return TestClient(create_app(rich[0], token=TOKEN), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def sid(rich):
    return rich[1]


def error_of(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return body["error"]


# --- stories -------------------------------------------------------------------------


def test_stories_list(client, sid):
    page = client.get("/api/v1/stories").json()
    assert (page["total"], page["limit"], page["offset"], page["has_more"]) == (1, 20, 0, False)
    s = page["items"][0]
    assert s["id"] == sid and s["article_count"] == 5 and s["independent_count"] == 4
    assert (s["first_date"], s["last_date"]) == ("2022-03-21", "2022-04-12")
    assert s["outlets"] == ["Antiwar.com", "The Epoch Times", "Washington Examiner"]
    assert s["unknown_outlets"] == 2 and s["first_seen"] and s["last_change"]


@pytest.mark.parametrize(("params", "found"), [
    ({"outlet": "The Epoch Times"}, 1), ({"outlet": "the epoch times"}, 1),
    ({"outlet": "Nobody News"}, 0), ({"from": "2022-04-01"}, 1), ({"from": "2022-05-01"}, 0),
    ({"to": "2022-03-21"}, 1), ({"to": "2022-03-20"}, 0), ({"q": "Lavrov"}, 1),
    ({"q": "peskov kremlin"}, 1), ({"q": "zebrafishes"}, 0), ({"q": "Lavr"}, 1),
    ({"q": "Lavrov", "outlet": "Antiwar.com", "from": "2022-01-01", "to": "2022-12-31"}, 1),
])
def test_stories_filters(client, params, found):
    page = client.get("/api/v1/stories", params=params).json()
    assert page["total"] == found == len(page["items"])


@pytest.mark.parametrize(("params", "status"), [
    ({"limit": 0}, 422), ({"limit": 101}, 422), ({"limit": "ten"}, 422), ({"offset": -1}, 422),
    ({"offset": 10**9}, 422), ({"q": "x" * 201}, 422), ({"from": "yesterday"}, 400),
    ({"to": "2022-13-45"}, 400), ({"from": "2022-05-01", "to": "2022-04-01"}, 400),
    ({"q": "!!! ???"}, 400),
])
def test_stories_bad_parameters(client, params, status):
    error_of(client.get("/api/v1/stories", params=params), status)


def test_pagination(tmp_path):
    stories = []
    for i in range(5):
        stories.append({"id": f"story-{i}", "title": f"Story {i}", "article_count": 1,
                        "independent_count": 1,
                        "articles": [{"id": f"a{i}", "published": f"2022-01-0{i + 1}",
                                      "source": "X"}],
                        "events": [{"id": f"e{i}", "article_ids": [f"a{i}"]}],
                        "summary": [], "claims": []})
    with Store(tmp_path / "p.db") as store:
        store.replace_stories(stories)
    c = TestClient(create_app(tmp_path / "p.db"))
    first = c.get("/api/v1/stories", params={"limit": 2}).json()
    assert [s["id"] for s in first["items"]] == ["story-4", "story-3"] and first["has_more"]
    last = c.get("/api/v1/stories", params={"limit": 2, "offset": 4}).json()
    assert [s["id"] for s in last["items"]] == ["story-0"] and not last["has_more"]
    assert c.get("/api/v1/stories", params={"offset": 50}).json()["items"] == []
    html = c.get("/", params={"limit": 2, "offset": 2}).text
    assert 'rel="prev"' in html and 'rel="next"' in html


# --- one story -----------------------------------------------------------------------


def test_story(client, sid):
    view = client.get(f"/api/v1/stories/{sid}").json()
    jsonschema.validate(document([view["story"]]), schema())
    assert view["story"]["id"] == sid and view["changes"] is None
    cov = view["coverage"]
    assert [e["date"] for e in cov["events"]] == ["2022-03-21", "2022-04-11"]
    rows = {r["outlet"]: r for r in cov["outlets"]}
    assert rows["The Epoch Times"]["cells"][0]["independent"] == [A004]
    # lineage: 003 rewrites 002, the earlier one, so 003 is a reprint and 002 independent
    unknown = {a: r for r in cov["outlets"] for c in r["cells"]
               for a in c["independent"] + c["reprints"] if not r["known"]}
    assert A003 in unknown[A003]["cells"][1]["reprints"]
    assert A002 in unknown[A002]["cells"][1]["independent"]


def test_unknown_and_bad_story_ids(client):
    assert error_of(client.get("/api/v1/stories/story-nope"), 404)["code"] == "not_found"
    error_of(client.get("/api/v1/stories/" + "x" * 300), 422)
    assert client.get("/stories/story-nope").status_code == 404
    error_of(client.get("/api/v1/stories/story-nope/changes", params={"since": "2020-01-01"}),
             404)


def test_changes_since(client, sid):
    everything = client.get(f"/api/v1/stories/{sid}/changes",
                            params={"since": "1970-01-01"}).json()
    assert len(everything["articles"]) == 5 and len(everything["claims"]) == 4
    assert everything["since"] == "1970-01-01T00:00:00+00:00"
    nothing = client.get(f"/api/v1/stories/{sid}/changes",
                         params={"since": "2999-01-01T00:00:00Z"}).json()
    assert nothing["articles"] == [] and nothing["claims"] == []
    same = client.get(f"/api/v1/stories/{sid}", params={"since": "1970-01-01"}).json()
    assert len(same["changes"]["articles"]) == 5
    error_of(client.get(f"/api/v1/stories/{sid}/changes", params={"since": "last week"}), 400)
    error_of(client.get(f"/api/v1/stories/{sid}/changes"), 422)


def test_history_shows_only_what_a_later_ingest_added(tmp_path, example_run, monkeypatch):
    import storyline.store as store_module

    story = brief_to_dict(example_run.briefs[0])
    first, second = dict(story), enrich(story)
    first["articles"] = [a for a in story["articles"] if a["id"] != A000]
    with Store(tmp_path / "h.db") as store:
        store.upsert_articles(a for b in example_run.briefs for a in b.articles)
        monkeypatch.setattr(store_module, "_now", lambda: "2030-01-01T00:00:00+00:00")
        store.replace_stories([first])
        monkeypatch.setattr(store_module, "_now", lambda: "2030-01-02T00:00:00+00:00")
        store.replace_stories([second])
    c = TestClient(create_app(tmp_path / "h.db"))
    changes = c.get(f"/api/v1/stories/{story['id']}/changes",
                    params={"since": "2030-01-01T12:00:00"}).json()
    assert [a["id"] for a in changes["articles"]] == [A000]
    assert {cl["text"] for cl in changes["claims"]} >= {CONFLICT_TEXT, SINGLE_TEXT}
    view = c.get(f"/api/v1/stories/{story['id']}").json()
    assert view["last_change"] == "2030-01-02T00:00:00+00:00"
    feed = ET.fromstring(c.get(f"/stories/{story['id']}/feed.atom").content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2  # one per ingest that changed the story
    assert "1 article added" in entries[0].find(f"{ATOM}title").text
    assert "since=2030-01-01T00%3A00%3A00%2B00%3A00" in entries[0].find(f"{ATOM}link").get(
        "href")


# --- articles ------------------------------------------------------------------------


def test_article_with_audit_in_place(client, example_run):
    view = client.get(f"/api/v1/articles/{A004}").json()
    raw = next(a for b in example_run.briefs for a in b.articles if a.id == A004)
    assert "".join(s["text"] for s in view["segments"]) == raw.raw_text
    removed = [s for s in view["segments"] if s["kind"] == "removed"]
    assert {s["rule"] for s in removed} >= {"photo-caption", "credit-line", "author-bio"}
    assert all(s["reasons"] for s in removed)
    art = view["article"]
    assert art["source"] == "The Epoch Times" and art["source_evidence"]["detail"]
    assert art["published_evidence"]["method"] in ("metadata", "text", "story")
    assert view["stories"][0]["title"] and view["text"] == raw.text
    html = client.get(f"/articles/{A004}").text
    assert "<del" in html and "removed: photo caption" in html


def test_articles_with_odd_ids(tmp_path):
    from storyline.model import Article

    with Store(tmp_path / "o.db") as store:
        store.upsert_articles([Article(id="feeds/a b#1", raw_text="Hello.", text="Hello.")])
    c = TestClient(create_app(tmp_path / "o.db"))
    assert c.get("/api/v1/articles/feeds%2Fa%20b%231").json()["article"]["id"] == "feeds/a b#1"
    assert c.get("/articles/feeds%2Fa%20b%231").status_code == 200
    error_of(c.get("/api/v1/articles/nope"), 404)
    error_of(c.get("/api/v1/articles/" + "x" * 600), 422)


# --- outlets and ratings -------------------------------------------------------------


def test_outlets(client):
    page = client.get("/api/v1/outlets").json()
    names = [o["outlet"] for o in page["items"]]
    assert sorted(names) == ["Antiwar.com", "The Epoch Times", "Washington Examiner"]
    assert all(o["stories"] == 1 and o["articles"] == 1 for o in page["items"])
    assert page["lineage_known"] and all(o["reprint_share"] == 0 for o in page["items"])
    assert page["unknown_outlet_articles"] == 2
    error_of(client.get("/api/v1/outlets", params={"limit": 0}), 422)
    assert client.get("/api/v1/outlets", params={"limit": 1}).json()["has_more"]


def test_reprint_share_counts_copies_of_an_outlet(tmp_path):
    from storyline.model import Article

    arts = [Article(id=i, raw_text="Text.", text="Text.", source=s, published=d)
            for i, s, d in (("w1", "Wire", "2022-01-01"), ("p1", "Paper", "2022-01-02"),
                            ("p2", "Paper", "2022-01-03"))]
    story = {"id": "story-w", "title": "W", "article_count": 3, "independent_count": 2,
             "articles": [{"id": a.id, "source": a.source, "published": a.published}
                          for a in arts],
             "events": [{"id": "e", "article_ids": ["w1", "p1", "p2"]}],
             "lineage": [{"origin": None, "kind": "copy", "article_ids": ["p1", "w1"],
                          "evidence": []}]}
    with Store(tmp_path / "r.db") as store:
        store.upsert_articles(arts)
        store.replace_stories([story])
    items = {o["outlet"]: o for o in
             TestClient(create_app(tmp_path / "r.db")).get("/api/v1/outlets").json()["items"]}
    assert (items["Paper"]["reprints"], items["Paper"]["reprint_share"]) == (1, 0.5)
    assert items["Wire"]["reprint_share"] == 0  # the earliest member is the original


def test_ratings_write_needs_the_token(rich, client):
    csv = "Outlet,lean,reliability\nThe Epoch Times,right,mixed\nAntiwar.com,,high\n"
    error_of(client.post("/api/v1/ratings", content=csv), 401)
    error_of(client.post("/api/v1/ratings", content=csv,
                         headers={"Authorization": "Bearer wrong"}), 401)
    error_of(client.post("/api/v1/ratings", content=csv,
                         headers={"Authorization": f"Basic {TOKEN}"}), 401)
    disabled = TestClient(create_app(rich[0]))
    assert error_of(disabled.post("/api/v1/ratings", content=csv,
                                  headers={"Authorization": f"Bearer {TOKEN}"}), 403)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    error_of(client.post("/api/v1/ratings", content="name,lean\nX,left\n", headers=auth), 400)
    error_of(client.post("/api/v1/ratings", content=b"outlet\n\xff\xfe", headers=auth), 400)
    done = client.post("/api/v1/ratings", content=csv, headers=auth).json()
    assert done == {"imported": 2, "columns": ["lean", "reliability"], "warnings": []}
    page = client.get("/api/v1/outlets").json()
    assert page["ratings_columns"] == ["lean", "reliability"]
    rated = {o["outlet"]: o["ratings"] for o in page["items"]}
    assert rated["The Epoch Times"] == {"lean": "right", "reliability": "mixed"}
    assert rated["Washington Examiner"] is None
    assert "reliability" in client.get("/outlets").text
    error_of(client.get("/api/v1/ratings"), 405)


# --- search --------------------------------------------------------------------------


def test_search(client, sid):
    result = client.get("/api/v1/search", params={"q": "Lavrov military"}).json()
    assert [s["id"] for s in result["stories"]] == [sid]
    hits = result["articles"]
    assert hits["total"] >= 3 and all("\x02" in h["snippet"] for h in hits["items"])
    assert all(h["story_id"] == sid for h in hits["items"])
    one = client.get("/api/v1/search", params={"q": "Lavrov", "limit": 1, "offset": 1}).json()
    assert len(one["articles"]["items"]) == 1 and one["articles"]["offset"] == 1
    # words only in a story's summary or title still find the story
    title_word = client.get("/api/v1/search", params={"q": "Kremlin reveals"}).json()
    assert [s["id"] for s in title_word["stories"]] == [sid]
    html = client.get("/search", params={"q": "Lavrov"}).text
    assert "<mark>" in html and f"/stories/{sid}" in html


@pytest.mark.parametrize("q", ['"', "AND", "NEAR(", "title:x", "-", "a OR", "*", "'; DROP",
                               "l\u00e0vrov", "\u0416\u0443\u043a", "\x00"])
def test_search_syntax_never_fails(client, q):
    r = client.get("/api/v1/search", params={"q": q})
    assert r.status_code in (200, 400), r.text
    assert client.get("/search", params={"q": q}).status_code in (200, 400)


def test_search_bad_parameters(client):
    error_of(client.get("/api/v1/search"), 422)
    error_of(client.get("/api/v1/search", params={"q": ""}), 422)
    error_of(client.get("/api/v1/search", params={"q": "x", "limit": 500}), 422)
    error_of(client.get("/api/v1/search", params={"q": "?!"}), 400)


# --- feeds, docs, pages, errors --------------------------------------------------------


def test_stories_feed(client, sid):
    r = client.get("/feed.atom")
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("title", "id", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text == f"urn:storyline:story:{sid}"
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/stories/{sid}")
    assert "5 articles" in entry.find(f"{ATOM}summary").text
    story = ET.fromstring(client.get(f"/stories/{sid}/feed.atom").content)
    entries = story.findall(f"{ATOM}entry")
    assert len(entries) == 1 and "5 articles added" in entries[0].find(f"{ATOM}title").text
    assert client.get("/stories/story-nope/feed.atom").status_code == 404


def test_docs_and_openapi(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/articles/"
                 "{article_id}", "/api/v1/outlets", "/api/v1/search", "/api/v1/ratings",
                 "/api/v1/stories/{story_id}/changes"):
        assert any(p.startswith(path.split("{")[0]) for p in spec["paths"]), path
    docs = client.get("/docs").text
    assert "/api/v1/search" in docs and "<script" not in docs


def test_pages_render_every_section(client, sid):
    html = client.get(f"/stories/{sid}").text
    for heading in ("Summary", "What the outlets agree on", "Agreed by all", "Only in",
                    "Conflicting", "Who said what", "Timeline", "Coverage by outlet",
                    "People, places and organisations", "Copies, rewrites", "Sources",
                    "What changed since"):
        assert heading in html, heading
    assert "Only in The Epoch Times" in html and "Contradicted by" in html
    assert "credit line names Reuters" in html and "12 of 15 sentences aligned" in html
    assert "why each article is or is not grouped" in html
    assert 'class="cite"' in html and ('<time datetime="2022-02-20">2022-02-20</time> – '
                                       '<time datetime="2022-02-28">2022-02-28</time>') in html
    for url in ("/", "/outlets", "/search", f"/articles/{A000}", "/docs"):
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


def test_sections_without_data_stay_hidden(tmp_path, example_run):
    stories = []
    for b in example_run.briefs:  # the analysis sections empty, as before their stages ran
        story = brief_to_dict(b)
        stories.append({**story, "claims": [], "quotes": [], "entities": [], "timeline": [],
                        "lineage": [], "independent_count": story["article_count"]})
    with Store(tmp_path / "plain.db") as store:
        store.upsert_articles(a for b in example_run.briefs for a in b.articles)
        store.replace_stories(stories)
    c = TestClient(create_app(tmp_path / "plain.db"))
    sid = c.get("/api/v1/stories").json()["items"][0]["id"]
    html = c.get(f"/stories/{sid}").text
    for heading in ("agree on", "Who said what", "People, places", "Copies, rewrites",
                    "Timeline"):
        assert heading not in html, heading
    assert "Summary" in html and "Coverage by outlet" in html and "Events" in html
    assert "Reprint share" not in c.get("/outlets").text  # no lineage data yet


def test_no_external_assets_and_a_strict_policy(client, sid):
    for url in ("/", f"/stories/{sid}", f"/articles/{A000}", "/outlets", "/search?q=x",
                "/docs"):
        r = client.get(url)
        head = r.text.split("<body>")[0]
        assert "http" not in head and "<script" not in r.text, url
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


@pytest.mark.parametrize(("method", "url", "status"), [
    ("get", "/api/v1/nothing", 404), ("post", "/api/v1/stories", 405),
    ("delete", "/api/v1/outlets", 405), ("get", "/api/v2/stories", 404),
])
def test_errors_have_one_shape(client, method, url, status):
    error_of(getattr(client, method)(url), status)


def test_html_errors_are_pages(client):
    r = client.get("/", params={"limit": "many"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "limit" in r.text


def test_never_a_500_on_bad_input(client, sid):
    odd = ["", " ", "%00", "\x00", "..", "../../etc/passwd", "'", '"', "<x>", "9" * 50,
           "2022-02-30", "-1", "1e9", "\u202e", "NaN"]
    urls = []
    for raw in odd:
        v = quote(raw, safe="")
        urls += [f"/api/v1/stories?q={v}", f"/api/v1/stories?outlet={v}",
                 f"/api/v1/stories?from={v}", f"/api/v1/stories?limit={v}",
                 f"/api/v1/stories/{v}", f"/api/v1/stories/{sid}/changes?since={v}",
                 f"/api/v1/articles/{v}", f"/api/v1/search?q={v}", f"/api/v1/outlets?offset={v}",
                 f"/stories/{sid}?since={v}", f"/search?q={v}", f"/?to={v}"]
    for url in urls:
        r = client.get(url)
        assert r.status_code < 500, (url, r.status_code, r.text[:200])


def test_missing_database_is_a_user_error(tmp_path):
    from storyline.errors import StorylineError

    with pytest.raises(StorylineError, match="no database at"):
        create_app(tmp_path / "none.db")


def test_migration_indexes_an_existing_database(tmp_path, example_run):
    """A database written before the search tables existed is indexed when opened."""
    import sqlite3

    from storyline.store import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.execute("INSERT INTO articles (id, content_hash, title, raw_text, text, data, "
               "ingested_at, updated_at) VALUES ('a', 'h', 'Old title', 'Zanzibar text.', "
               "'Zanzibar text.', ?, '2020-01-01T00:00:00+00:00', '2020-01-01T00:00:00+00:00')",
               (json.dumps({"id": "a", "removed": []}),))
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
    c = TestClient(create_app(path))
    assert c.get("/api/v1/search", params={"q": "zanzibar"}).json()["articles"]["total"] == 1


def test_a_locked_database_is_a_503_not_a_500(client, monkeypatch):
    import sqlite3

    from storyline import catalog

    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(catalog, "outlets", locked)
    error = error_of(client.get("/api/v1/outlets"), 503)
    assert error["code"] == "unavailable"
