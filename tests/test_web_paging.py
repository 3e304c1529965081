"""A big story's JSON a page at a time, search hits that name their story, and the
outlet table read from what the store keeps at write time (docs/web.md, "Big stories").

Found on the example + NeuS val + 320 Timeline17 articles, where one story's JSON was
4.8 MB with no way to take less, search hits linked "its story", and the outlet table
decoded every brief with lineage on each request (0.2-0.27 s).
"""

import json
import sqlite3
import warnings

import jsonschema
import pytest

from storyline.brief import brief_to_dict, document, schema
from storyline.catalog import reprinted_ids
from storyline.model import Article
from storyline.store import MIGRATIONS, Store
from tests.web_fixtures import enrich

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[test]')")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyline.web import create_app

LISTS = ("articles", "events", "summary", "claims", "quotes", "entities", "timeline",
         "lineage", "lineage_notes")


@pytest.fixture(scope="module")
def served(tmp_path_factory, example_run):
    """(client, the stored brief): the enriched example, with 30 more claims."""
    story = enrich(brief_to_dict(example_run.briefs[0]))
    story["claims"] += [{"text": f"Extra claim {i}.", "status": "single",
                         "supporting": [story["articles"][0]["id"]], "conflicting": [],
                         "sources": [], "note": ""} for i in range(30)]
    path = tmp_path_factory.mktemp("web") / "paging.db"
    with Store(path) as store:
        store.upsert_articles(a for b in example_run.briefs for a in b.articles)
        store.replace_stories([story])
    return TestClient(create_app(path), raise_server_exceptions=False), story


def walk(client, url):
    """Every item of a paged list, following its ``next`` links."""
    items, pages = [], 0
    while url:
        page = client.get(url).json()
        assert page["total"] >= len(page["items"]) and page["has_more"] == bool(page["next"])
        items += page["items"]
        url, pages = page["next"], pages + 1
    return items, pages


@pytest.mark.parametrize("section", LISTS)
def test_each_list_of_a_story_pages_through_in_the_brief_order(served, section):
    client, story = served
    items, pages = walk(client, f"/api/v1/stories/{story['id']}/{section}?limit=3")
    assert items == story.get(section, [])
    assert pages == max(1, -(-len(items) // 3))


def test_a_list_page_links_both_ways_and_filters_claims_by_status(served):
    client, story = served
    sid = story["id"]
    page = client.get(f"/api/v1/stories/{sid}/claims", params={"limit": 5, "offset": 5}).json()
    assert (page["total"], page["limit"], page["offset"]) == (len(story["claims"]), 5, 5)
    assert page["items"] == story["claims"][5:10]
    assert "offset=0" in page["prev"] and "offset=10" in page["next"]
    assert page["next"].startswith("http")  # absolute: a client follows it as given
    conflicts = client.get(f"/api/v1/stories/{sid}/claims", params={"status": "conflict"}).json()
    assert conflicts["items"] == [c for c in story["claims"] if c["status"] == "conflict"]
    assert conflicts["total"] == 1
    past = client.get(f"/api/v1/stories/{sid}/quotes", params={"offset": 500}).json()
    assert past["items"] == [] and past["next"] is None and past["total"] == 1


@pytest.mark.parametrize(("url", "status"), [
    ("/api/v1/stories/story-nope/claims", 404),
    ("/api/v1/stories/{sid}/nonsense", 422),
    ("/api/v1/stories/{sid}/claims?limit=0", 422),
    ("/api/v1/stories/{sid}/claims?status=maybe", 422),
    ("/api/v1/stories/{sid}/quotes?status=agreed", 400),
    ("/api/v1/stories/{sid}?max_items=101", 422),
    ("/api/v1/stories/{sid}?max_items=-1", 422),
])
def test_bad_paging_parameters_are_4xx(served, url, status):
    client, story = served
    r = client.get(url.format(sid=story["id"]))
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error"}


def test_max_items_cuts_every_list_and_keeps_every_other_field(served):
    client, story = served
    whole = client.get(f"/api/v1/stories/{story['id']}").json()
    cut = client.get(f"/api/v1/stories/{story['id']}", params={"max_items": 2}).json()
    assert whole["story"] == story  # the default answer is the whole brief, as before
    for name in LISTS:
        assert cut["story"][name] == story.get(name, [])[:2], name
        assert cut["sections"][name]["total"] == whole["sections"][name]["total"] == len(
            story.get(name, []))
        assert cut["sections"][name]["returned"] == min(2, len(story.get(name, [])))
        assert whole["sections"][name]["returned"] == len(story.get(name, []))
        assert cut["sections"][name]["href"].endswith(f"/api/v1/stories/{story['id']}/{name}")
    assert {k: v for k, v in cut["story"].items() if k not in LISTS} == {
        k: v for k, v in story.items() if k not in LISTS}
    # coverage is of the whole story, and the cut brief is still a valid brief
    assert cut["coverage"] == whole["coverage"]
    jsonschema.validate(document([cut["story"]]), schema())
    none = client.get(f"/api/v1/stories/{story['id']}", params={"max_items": 0}).json()
    assert all(none["story"][name] == [] for name in LISTS)
    assert none["story"]["title"] == story["title"]


def test_openapi_lists_the_paged_lists(served):
    client, _ = served
    spec = client.get("/openapi.json").json()
    assert "/api/v1/stories/{story_id}/{section}" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/v1/stories/{story_id}"]["get"]["parameters"]}
    assert "max_items" in params


def test_search_hits_name_their_story(served):
    client, story = served
    hits = client.get("/api/v1/search", params={"q": "Lavrov"}).json()["articles"]["items"]
    assert hits and all(h["story_title"] == story["title"] for h in hits)
    html = client.get("/search", params={"q": "Lavrov"}).text
    assert "its story" not in html
    assert f'/stories/{story["id"]}">{story["title"]}</a>' in html


def lineage_story(sid, ids):
    return {"id": sid, "title": sid, "article_count": len(ids), "independent_count": 1,
            "articles": [{"id": a, "source": "Paper", "published": f"2022-01-0{n + 1}"}
                         for n, a in enumerate(ids)],
            "events": [{"id": f"{sid}-e", "article_ids": list(ids)}],
            "claims": [{"text": "x" * 1000, "status": "single", "supporting": [ids[0]],
                        "conflicting": [], "sources": [], "note": ""}],
            "lineage": [{"origin": None, "kind": "copy", "article_ids": list(ids),
                         "evidence": [{"type": "overlap", "detail": "long " * 50}]}]}


def test_the_store_keeps_what_the_outlet_table_reads(tmp_path):
    """Each brief with lineage has its articles' dates and its groups beside it, the
    same reprints as the whole brief gives; rewritten and deleted stories follow."""
    path = tmp_path / "r.db"
    stories = [lineage_story("s1", ["a", "b", "c"]), lineage_story("s2", ["d", "e"])]
    with Store(path) as store:
        store.upsert_articles(Article(id=a, raw_text="Text.", text="Text.", source="Paper",
                                      published="2022-01-01") for a in "abcde")
        store.replace_stories(stories)
        rows = dict(store.db.execute("SELECT story_id, articles FROM story_reprint_inputs"))
        assert set(rows) == {"s1", "s2"}
        light = {sid: {"articles": json.loads(a), "lineage": json.loads(g)} for sid, a, g in
                 store.db.execute("SELECT story_id, articles, lineage FROM "
                                  "story_reprint_inputs")}
        for s in stories:
            assert reprinted_ids(light[s["id"]]) == reprinted_ids(s)
        store.replace_stories([lineage_story("s1", ["a", "b"])])
        assert [r[0] for r in store.db.execute("SELECT story_id FROM story_reprint_inputs")
                ] == ["s1"]
    page = TestClient(create_app(path)).get("/api/v1/outlets").json()
    assert (page["items"][0]["reprints"], page["items"][0]["articles"]) == (1, 5)


def test_an_older_database_gets_the_outlet_inputs_when_opened(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:5], start=1):
        db.executescript(f"{script}; PRAGMA user_version = {number};")
    story = lineage_story("s1", ["a", "b", "c"])
    db.execute("INSERT INTO stories (id, title, article_count, independent_count, outlets, "
               "brief, updated_at) VALUES ('s1', 's1', 3, 1, '[\"Paper\"]', ?, "
               "'2022-01-01T00:00:00+00:00')", (json.dumps(story),))
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
        (articles, lineage), = store.db.execute("SELECT articles, lineage FROM "
                                                "story_reprint_inputs WHERE story_id = 's1'")
    light = {"articles": json.loads(articles), "lineage": json.loads(lineage)}
    assert reprinted_ids(light) == reprinted_ids(story) == {"b", "c"}


def test_the_story_page_links_what_it_leaves_out_to_the_paged_lists(tmp_path, example_run):
    story = enrich(brief_to_dict(example_run.briefs[0]))
    ids = [a["id"] for a in story["articles"]]
    story["claims"] += [{"text": f"Agreed claim {i}.", "status": "agreed", "supporting": ids,
                         "conflicting": [], "sources": [], "note": ""} for i in range(240)]
    story["quotes"] += [{"speaker": f"Speaker {i}", "variants": [
        {"article_id": ids[0], "text": f"Words of speaker number {i}"}]} for i in range(120)]
    story["entities"] += [{"name": f"Place {i}", "type": "place", "aliases": [],
                           "article_ids": ids[:1]} for i in range(230)]
    path = tmp_path / "big.db"
    with Store(path) as store:
        store.upsert_articles(a for b in example_run.briefs for a in b.articles)
        store.replace_stories([story])
    client = TestClient(create_app(path))
    html = client.get(f"/stories/{story['id']}").text
    base = f"/api/v1/stories/{story['id']}"
    for link, total in ((f"{base}/claims?status=agreed", 241), (f"{base}/quotes", 121),
                        (f"{base}/entities", len(story["entities"]))):
        assert f'href="{link}"' in html, link
        assert client.get(link).json()["total"] == total
