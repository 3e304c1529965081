"""How the story page presents big stories, HEAD requests, the API's documented errors
and the stylesheet's contrast: found by reading the app on NeuS + Timeline17 data,
where a 189-article story gave 8,635 claims and a 6.6 MB page two million pixels tall.
"""

import re
import warnings

import pytest

from storyline.brief import brief_to_dict
from storyline.store import Store
from tests.web_fixtures import A000, A001, A004, CONFLICT_TEXT, SINGLE_TEXT, enrich

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[test]')")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storyline.web import create_app, views


def claim(text, status, supporting, conflicting=(), source_text=None):
    sources = [{"article_id": a, "sentence_id": f"{a}#9", "text": source_text or text}
               for a in [*supporting, *conflicting]]
    return {"text": text, "status": status, "supporting": list(supporting),
            "conflicting": list(conflicting), "sources": sources, "note": ""}


@pytest.fixture(scope="module")
def big(tmp_path_factory, example_run):
    """(client, story id): the enriched example with a long agreement map, many
    speakers and entities, and one event per article."""
    story = enrich(brief_to_dict(example_run.briefs[0]))
    story["claims"] += [claim(f"Agreed claim number {i}.", "agreed", [A000, A001],
                              source_text=f"Agreed claim {i}, in other words.")
                        for i in range(30)]
    wide = claim("A contradiction with many source sentences.", "conflict", [A000], [A004])
    wide["sources"] = [{"article_id": a, "sentence_id": f"{a}#{i}", "text": f"Wording {i}."}
                       for i, a in enumerate([A000] * 5 + [A004] * 5)]
    story["claims"].append(wide)
    story["claims"] += [claim(f"Only the Kremlin piece says {i}.", "single", [A004])
                        for i in range(400)]
    story["quotes"] += [{"speaker": f"Speaker {i}", "variants": [
        {"article_id": A000, "text": f"Words of speaker {i}"}]} for i in range(120)]
    story["entities"] += [{"name": f"Place {i}", "type": "GPE", "aliases": [],
                           "article_ids": [A000]} for i in range(250)]
    story["events"] = [{**story["events"][0], "id": f"ev-{i}", "date": f"2022-04-0{i + 1}",
                        "title": f"Event {i}", "article_ids": [a["id"]]}
                       for i, a in enumerate(story["articles"])] + [
        {**story["events"][0], "id": f"ev-x{i}", "date": "2022-04-09", "title": f"Empty {i}",
         "article_ids": []} for i in range(3)]
    path = tmp_path_factory.mktemp("web") / "big.db"
    stored(story, example_run, path)
    return TestClient(create_app(path), raise_server_exceptions=False), story["id"]


def stored(story, run, path):
    """A database at ``path`` with the example's articles and ``story`` as its one story."""
    with Store(path) as store:
        store.upsert_articles(a for b in run.briefs for a in b.articles)
        store.replace_stories([story])
    return path


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def test_agreement_map_is_folded_to_a_readable_page(big):
    client, sid = big
    html = client.get(f"/stories/{sid}").text
    agreement = section(html, "h-agreement")
    # conflicts first, their wordings open; other claims' wordings behind a summary
    assert agreement.index("Conflicting") < agreement.index("Agreed by all") < agreement.index(
        "Only in one outlet")
    # a conflict's wordings start open, unless there are more than a screen of them
    assert agreement.count('<details class="wordings" open>') == 1
    assert "each side's words (2 sentences)" in agreement
    assert ('<details class="wordings"><summary>each side\'s words (10 sentences)</summary>'
            in agreement)
    # 31 agreed claims (the fixture's one and 30): 25 open, 6 behind "more"
    assert "Agreed by all <span class=\"muted\">(31)</span>" in agreement
    assert "<summary>6 more agreed by all</summary>" in agreement
    # one-outlet claims are listed per article: 2 open, the rest up to the budget folded
    assert "Only in one outlet <span class=\"muted\">(401)</span>" in agreement
    assert "<strong>Only in The Epoch Times</strong>" in agreement
    assert agreement.count('<li class="claim status-single">') == views.SINGLE_BUDGET
    assert "<summary>298 more only in [1]</summary>" in agreement
    assert "… and 101 more in the" in agreement
    # a one-outlet claim's sentence identical to the claim is not printed twice; the
    # words of every source of a claim several report are all shown
    assert agreement.count("Only the Kremlin piece says 7.") == 1
    assert "Agreed claim 7, in other words." in agreement


def test_quotes_and_entities_are_capped(big):
    client, sid = big
    html = client.get(f"/stories/{sid}").text
    quotes = section(html, "h-quotes")
    assert quotes.count("<li><strong>Speaker ") == views.SPEAKERS_MAX - 1  # + Lavrov
    assert "more speakers</summary>" in quotes and "… and 21 more speakers in the" in quotes
    entities = section(html, "h-entities")
    assert entities.count("<li><strong>") == views.ENTITIES_MAX
    assert "… and 52 more in the" in entities
    assert re.search(r"<summary>188 more</summary>", entities)


def test_coverage_has_one_row_per_event_when_events_outnumber_outlets(big):
    client, sid = big
    coverage = section(client.get(f"/stories/{sid}").text, "h-coverage")
    assert '<th scope="col">Event</th>' in coverage
    assert coverage.count('<th scope="row" class="event">') == 8
    assert ('<time datetime="2022-04-01">2022-04-01</time></span> '
            '<span class="ev-title">Event 0</span>') in coverage


def test_changes_form_sits_at_the_end_unless_asked(big):
    client, sid = big
    html = client.get(f"/stories/{sid}").text
    assert html.index('id="h-sources"') < html.index('id="h-changes"')
    asked = client.get(f"/stories/{sid}", params={"since": "2000-01-01"}).text
    assert asked.index('id="h-changes"') < asked.index('id="h-agreement"')
    assert asked.count('id="h-changes"') == 1


def test_sections_of_the_example_stay_whole(client_small):
    html = client_small.get(client_small.story_url).text
    agreement = section(html, "h-agreement")
    assert CONFLICT_TEXT in agreement and SINGLE_TEXT in agreement
    assert "more in the" not in html


@pytest.fixture(scope="module")
def client_small(tmp_path_factory, example_run):
    story = enrich(brief_to_dict(example_run.briefs[0]))
    path = tmp_path_factory.mktemp("web") / "small.db"
    stored(story, example_run, path)
    client = TestClient(create_app(path), raise_server_exceptions=False)
    client.story_url = f"/stories/{story['id']}"
    return client


@pytest.mark.parametrize(("url", "status", "kind"), [
    ("/", 200, "text/html"), ("/api/v1/stories", 200, "application/json"),
    ("/feed.atom", 200, "application/atom+xml"), ("/static/style.css", 200, "text/css"),
    ("/stories/nope", 404, "text/html"), ("/api/v1/stories/nope", 404, "application/json"),
])
def test_head_answers_like_get_without_a_body(client_small, url, status, kind):
    head, get = client_small.head(url), client_small.get(url)
    assert head.status_code == get.status_code == status
    assert head.content == b"" and head.headers["content-type"].startswith(kind)
    assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["x-content-type-options"] == "nosniff"
    assert client_small.post("/api/v1/stories").status_code == 405


def test_openapi_lists_the_error_answers(client_small):
    paths = client_small.get("/openapi.json").json()["paths"]
    assert sorted(paths["/api/v1/stories/{story_id}"]["get"]["responses"]) == [
        "200", "400", "404", "422"]
    assert sorted(paths["/api/v1/articles/{article_id}"]["get"]["responses"]) == [
        "200", "404", "422"]
    assert sorted(paths["/api/v1/search"]["get"]["responses"]) == ["200", "400", "422"]
    assert sorted(paths["/api/v1/ratings"]["post"]["responses"]) == [
        "200", "400", "401", "403", "413"]
    assert "Answers: 200, 404, 422" in client_small.get("/docs").text


def test_untitled_article_page_title_says_what_it_is(tmp_path):
    from storyline.model import Article

    with Store(tmp_path / "u.db") as store:
        store.upsert_articles([Article(id="a1", raw_text="Some words here.",
                                       text="Some words here.", source="CNN",
                                       published="2011-01-30", origin="x.jsonl")])
    client = TestClient(create_app(tmp_path / "u.db"))
    html = client.get("/articles/a1").text
    assert "<title>Untitled article, CNN, 2011-01-30 · storyline</title>" in html


def _luminance(colour):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_stylesheet_colours_meet_wcag_aa(client_small):
    css = client_small.get("/static/style.css").text
    schemes = re.findall(r":root \{([^}]*)\}", css)
    assert len(schemes) == 2  # light and dark
    for scheme in schemes:
        var = {name: value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])
               for name, value in re.findall(r"--([a-z]+):(#[0-9a-f]{6}|#[0-9a-f]{3})\b",
                                             scheme)}
        for text in ("ink", "muted", "accent", "agreed", "partial", "single", "conflict"):
            for ground in ("bg", "soft"):
                assert contrast(var[text], var[ground]) >= 4.5, (text, ground, scheme)
        assert contrast(var["bg"], var["accent"]) >= 4.5  # button text
        assert contrast(var["ink"], var["mark"]) >= 4.5
        assert contrast(var["field"], var["bg"]) >= 3  # form field borders (WCAG 1.4.11)
    assert "border: 1px solid var(--field)" in css


def test_error_pages_say_what_went_wrong_in_words(client_small):
    r = client_small.get("/stories/nope")
    assert r.status_code == 404
    assert "<title>Not found (404) · storyline</title>" in r.text
    assert "<h1>Not found</h1>" in r.text and "no story &#39;nope&#39;" in r.text
    assert '<a href="/search">Search</a>' in r.text
    r = client_small.get("/", params={"limit": "many"})
    assert r.status_code == 422 and "<h1>Invalid parameter</h1>" in r.text
    assert "<title>Invalid parameter (422) · storyline</title>" in r.text


def test_a_search_without_hits_says_so_and_how_to_widen_it(client_small):
    html = client_small.get("/search", params={"q": "zzqxvw"}).text
    assert "Nothing matches <strong>zzqxvw</strong>." in html
    assert "try fewer or other words" in html and "0 stories and 0 articles" not in html
    hit = client_small.get("/search", params={"q": "Lavrov"}).text
    assert "Nothing matches" not in hit and "articles match <strong>Lavrov</strong>" in hit


def test_dates_are_valid_time_elements():
    assert views.day("2022-04-11") == (
        '<span class="when"><time datetime="2022-04-11">2022-04-11</time></span>')
    assert views.day("2022-02-20/2022-02-28") == (
        '<span class="when"><time datetime="2022-02-20">2022-02-20</time> – '
        '<time datetime="2022-02-28">2022-02-28</time></span>')
    assert views.day(None) == '<span class="when">date unknown</span>'
    assert views.day("2022-04", "undated") == '<span class="when">2022-04</span>'
    assert views.day("<b>") == '<span class="when">&lt;b&gt;</span>'


def test_no_time_element_holds_anything_but_a_date(client_small):
    html = client_small.get(client_small.story_url).text
    times = re.findall(r"<time([^>]*)>[^<]*</time>", html)
    assert times
    for attrs in times:
        assert re.fullmatch(r'\s+datetime="[0-9T:+\-.Z ]+"', attrs), attrs
    assert "<time>" not in html


def test_html_brief_names_the_outlet_of_each_only_in(example_doc):
    from storyline.render.html import document_html

    html = document_html(example_doc)
    story = example_doc["stories"][0]
    checked = 0
    for n, article in enumerate(story["articles"], 1):
        if any(c["status"] == "single" and c["supporting"] == [article["id"]]
               for c in story["claims"]):
            outlet = article.get("source") or "unknown outlet"
            assert (f'<li>only in <sup><a href="#{story["id"]}-src-{n}">[{n}]</a></sup> '
                    f"{outlet}<ul>") in html
            checked += 1
    assert checked >= 2


def test_a_one_article_story_explains_why_there_is_no_agreement_map(tmp_path, example_run):
    story = enrich(brief_to_dict(example_run.briefs[0]))
    keep = story["articles"][0]["id"]
    story["articles"] = story["articles"][:1]
    story["article_count"] = story["independent_count"] = 1
    story["claims"] = [claim(f"Claim {i}.", "single", [keep]) for i in range(3)]
    stored(story, example_run, tmp_path / "one.db")
    html = TestClient(create_app(tmp_path / "one.db")).get(f"/stories/{story['id']}").text
    agreement = section(html, "h-agreement")
    assert "One article so far: nothing to compare" in agreement
    assert "its 3 claims are in the" in agreement and "Claim 1." not in html
    assert "Only in one outlet" not in html


def test_coverage_names_unknown_outlets_by_source_number(client_small):
    html = client_small.get(client_small.story_url).text
    coverage = section(html, "h-coverage")
    story = client_small.get("/api/v1" + client_small.story_url).json()["story"]
    unknown = [n for n, a in enumerate(story["articles"], 1) if not a.get("source")]
    assert unknown  # the example has articles of unknown outlet
    for n in unknown:
        assert f'<th scope="row" class="muted">unknown outlet [{n}]</th>' in coverage
    assert "unknown (" not in coverage


def test_every_source_of_a_shared_claim_shows_its_words(tmp_path, example_run):
    story = enrich(brief_to_dict(example_run.briefs[0]))
    story["claims"] = [claim("The same words.", "agreed", [A000, A001, A004])]
    stored(story, example_run, tmp_path / "same.db")
    html = TestClient(create_app(tmp_path / "same.db")).get(f"/stories/{story['id']}").text
    agreement = section(html, "h-agreement")
    assert "each source's words (3 sentences)" in agreement
    assert agreement.count("The same words.") == 4


def test_untitled_article_page_quotes_its_opening_words(tmp_path):
    from storyline.model import Article

    text = "Two men were charged on Sunday. " * 20
    with Store(tmp_path / "u.db") as store:
        store.upsert_articles([Article(id="a1", raw_text=text, text=text.strip(),
                                       origin="x.jsonl")])
    html = TestClient(create_app(tmp_path / "u.db")).get("/articles/a1").text
    assert "<h1>Untitled article</h1>" in html and "(untitled)" not in html
    assert "It begins: “Two men were charged on Sunday. Two men" in html
    lead = re.search(r"It begins: “([^”]*)”", html).group(1)
    assert lead.endswith("…") and len(lead) <= 160


def test_stories_feed_entries_carry_the_summary_and_parse_cleanly(client_small):
    import feedparser

    body = client_small.get("/feed.atom").content
    story = client_small.get("/api/v1" + client_small.story_url).json()["story"]
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0 and len(parsed.entries) == 1
    content = parsed.entries[0].content[0]
    assert content.type == "text/plain"
    assert content.value.startswith(" ".join(s["text"] for s in story["summary"]))
    facts = parsed.entries[0].summary
    assert facts.startswith("5 articles · 4 independent reports")
    assert content.value.endswith("\n\n" + facts)
    story_feed = feedparser.parse(client_small.get(client_small.story_url + "/feed.atom").content)
    assert story_feed.bozo == 0 and story_feed.entries


def test_a_page_past_the_end_says_so_and_leads_back(client_small):
    html = client_small.get("/", params={"offset": 40, "outlet": "Antiwar.com"}).text
    assert "1 story." in html and "showing" not in html
    assert "No stories on this page: it starts after the last one." in html
    assert '<a href="?outlet=Antiwar.com">First page</a>' in html
    assert '<a rel="prev" href="?offset=0&amp;outlet=Antiwar.com&amp;limit=20">' in html
    assert "No stories match these filters" not in html
    none = client_small.get("/", params={"q": "zzqxvw"}).text
    assert "No stories match these filters." in none


def test_previous_page_from_past_the_end_is_the_last_full_page(tmp_path, example_run):
    stories = []
    for i in range(5):  # five one-article stories
        story = brief_to_dict(example_run.briefs[0])
        a = story["articles"][i]
        stories.append({**story, "id": f"story-{i}", "title": f"Story {i}", "articles": [a],
                        "article_count": 1, "independent_count": 1, "claims": [],
                        "events": [{**story["events"][0], "article_ids": [a["id"]]}]})
    with Store(tmp_path / "five.db") as store:
        store.upsert_articles(a for b in example_run.briefs for a in b.articles)
        store.replace_stories(stories)
    client = TestClient(create_app(tmp_path / "five.db"))
    html = client.get("/", params={"limit": 2, "offset": 10}).text
    assert '<a rel="prev" href="?limit=2&amp;offset=4">' in html
    assert client.get("/api/v1/stories", params={"limit": 2, "offset": 4}).json()["items"]


def test_html_brief_of_several_stories_opens_with_their_list():
    from storyline.render.html import document_html

    def story(n):
        return {"id": f"story-{n}", "title": f"Story <{n}>", "article_count": n,
                "independent_count": n, "events": [], "articles": [], "summary": [],
                "claims": [], "quotes": [], "entities": [], "timeline": [], "lineage": []}

    html = document_html({"generator": "storyline test", "stories": [story(1), story(2)],
                          "problems": []})
    assert '<nav class="contents" aria-label="Stories in this brief">' in html
    assert ('<li><a href="#story-1">Story &lt;1&gt;</a> <span class="muted">1 article</span>'
            '</li><li><a href="#story-2">Story &lt;2&gt;</a> <span class="muted">2 articles'
            '</span></li>') in html
    assert html.index('class="contents"') < html.index('<article class="story" id="story-1">')
    one = document_html({"generator": "storyline test", "stories": [story(1)], "problems": []})
    assert 'class="contents"' not in one
    assert "<h2>Events</h2>" not in one and not re.search(r"<ul>\s*</ul>", one)  # no event


def test_a_search_of_no_word_answers_on_the_search_page(client_small):
    r = client_small.get("/search", params={"q": '"'})
    assert r.status_code == 400 and "<h1>Search</h1>" in r.text
    assert ('<p class="error" role="alert">Nothing to search for in <strong>&#34;</strong>: '
            'search needs at least one word (letters or digits).</p>') in r.text
    assert 'value="&#34;"' in r.text  # the box keeps what was typed
    assert client_small.get("/api/v1/search", params={"q": '"'}).json()["error"]["code"] == (
        "bad_request")


def test_no_empty_list_is_rendered(big, client_small, tmp_path, example_run):
    story = brief_to_dict(example_run.briefs[0])
    for a in story["articles"]:
        a.update(source_evidence=None, published_evidence=None, removed=[])
    stored(story, example_run, tmp_path / "bare.db")
    client = TestClient(create_app(tmp_path / "bare.db"))
    for c, url in ((client, f"/stories/{story['id']}"), (client_small, client_small.story_url),
                   (big[0], f"/stories/{big[1]}")):
        html = c.get(url).text
        assert not re.search(r"<(ul|ol)[^>]*>\s*</\1>", html), url


def test_api_docs_render_code_spans_and_escape_the_rest():
    assert views.ticks("an `outlet` column & <b>") == (
        "an <code>outlet</code> column &amp; &lt;b&gt;")
    assert views.ticks("`<script>`") == "<code>&lt;script&gt;</code>"


def test_api_docs_page_shows_code_not_backticks(client_small):
    html = client_small.get("/docs").text
    assert "`" not in html and "Body: CSV text with an <code>outlet</code> column" in html


def test_one_outlet_claims_of_many_articles_stay_within_the_budget():
    articles = [{"id": f"a{i}", "source": f"Outlet {i}"} for i in range(100)]
    story = {"id": "s", "articles": articles, "claims": [
        claim(f"Claim {i}.{j}", "single", [f"a{i}"]) for i in range(100) for j in range(10)]}
    (group,) = views.agreement(story)
    every = group["articles"] + group["more_articles"]
    assert len(group["articles"]) == views.SHOWN_SINGLE_ARTICLES and len(every) == 100
    assert all(len(a["shown"]) + len(a["folded"]) == views.FOLDED_SINGLE and a["omitted"] == 5
               for a in every)
    assert [a["outlet"] for a in every[:2]] == ["Outlet 0", "Outlet 1"]  # Sources order


def test_html_brief_citation_buttons_name_their_sources(example_doc):
    from storyline.render.html import document_html

    html = document_html(example_doc)
    labels = re.findall(r'<summary aria-label="([^"]*)">((?:\[\d+\])+)</summary>', html)
    assert labels
    for label, shown in labels:
        assert label == "show the sentences of sources " + ", ".join(re.findall(r"\d+", shown))


@pytest.mark.parametrize("suffix", ["", "story"])
def test_feeds_answer_304_to_a_reader_that_has_them(client_small, suffix):
    url = client_small.story_url + "/feed.atom" if suffix else "/feed.atom"
    first = client_small.get(url)
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{20}"', etag) and first.headers["cache-control"] == "no-cache"
    again = client_small.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client_small.get(url, headers={"If-None-Match": '"0000", "1111"'})
    assert other.status_code == 200 and other.content == first.content
    listed = client_small.get(url, headers={"If-None-Match": f'"0000", {etag}'})
    assert listed.status_code == 304


def test_claims_added_since_are_folded_like_the_map(big):
    client, sid = big
    html = client.get(f"/stories/{sid}", params={"since": "2000-01-01"}).text
    changes = section(html, "h-changes")
    total = client.get(f"/api/v1/stories/{sid}/changes", params={"since": "2000-01-01"}).json()
    n = len(total["claims"])
    assert n > views.FOLDED_CLAIMS
    assert f"{n} claims added." in changes
    assert changes.count("<li>") - len(total["articles"]) == views.FOLDED_CLAIMS
    assert f"<summary>{views.FOLDED_CLAIMS - views.SHOWN_CLAIMS} more claims added</summary>" in (
        changes)
    assert (f"… and {n - views.FOLDED_CLAIMS} more in the <a href=\"/api/v1/stories/{sid}/"
            f"changes?since=") in changes
