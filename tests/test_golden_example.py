"""Golden tests on the bundled example (EXPECTED.md points 1, 2 and 8)."""

import json

import jsonschema

from storyline.brief import schema

A000, A001, A002, A003, A004 = (
    "000_28629b08354033b2", "001_b91c234dc48ef785", "002_3adaddde564ac20b",
    "003_8652b542620d705f", "004_b80bb3f4bf133e9d")

# Everything cleaning may remove from the example, with its rule. Anything else
# removed would be a sentence of reporting lost, so the sets must match exactly.
EXPECTED_REMOVED = {
    A000: {("BORIS JOHNSON MEETS WITH ZELENSKY IN SURPRISE TRIP TO BESIEGED UKRAINE",
            "promo-headline"),
           ("CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER", "read-more")},
    A001: {("Russia Says It Will Not Pause Military Operation in Ukraine During Peace Talks",
            "title"),
           ("Author: Dave DeCamp", "byline"),
           ("Dave DeCamp is the news editor of Antiwar.com, follow him on Twitter @decampdave.",
            "author-bio")},
    A002: {("Will not stop military operations in Ukraine for peace negotiations: Russian FM "
            "Sergey Lavrov", "title"),
           ("Direct renewal of the Russian-Ukrainian war here", "read-more"),
           ("Leave a Reply", "comment-form"),
           ("Your email address will not be published. Required fields are marked *",
            "comment-form")},
    A003: {("date 2022-04-12", "date-line")},
    A004: {("Kremlin Reveals Why Russia Won’t Observe Ceasefire Amid Talks With Ukraine", "title"),
           ("Kremlin Reveals Why Russia Won’t Observe Ceasefire Amid Talks With Ukraine",
            "repeated-title"),
           ("Russian President Vladimir Putin (C) speaks with his press secretary Dmitry Peskov "
            "(2nd R) in a file photo. (Kirill Kudryavtsev/AFP via Getty Images)", "photo-caption"),
           ("Jack Phillips", "byline"), ("3/21/2022", "date-line"), ("Updated:", "date-line"),
           ("Service members of pro-Russian troops are seen atop a tank during the Ukraine-Russia "
            "conflict on the outskirts of the besieged southern port city of Mariupol, Ukraine, on "
            "March 20, 2022. (Alexander Ermochenko/Reuters)", "photo-caption"),
           ("Service members of pro-Russian troops are seen atop a tank during the Ukraine-Russia "
            "conflict on the outskirts of the besieged southern port city of Mariupol, Ukraine, on "
            "March 20, 2022. (Alexander Ermochenko/Reuters)", "duplicated-caption"),
           ("Reuters contributed to this report.", "credit-line"),
           ("Jack Phillips is a breaking news reporter with 15 years experience who started as a "
            "local New York City reporter. Having joined The Epoch Times' news team in 2009, Jack "
            "was born and raised near Modesto in California's Central Valley. Follow him on X: "
            "https://twitter.com/jackphillips5", "author-bio"),
           ("twitter", "social-handle"), ("Related Topics", "related-topics")},
}


def _story(doc):
    assert len(doc["stories"]) == 1, "the five articles are one story"
    return doc["stories"][0]


def _articles(doc):
    return {a["id"]: a for a in _story(doc)["articles"]}


def test_brief_validates_against_the_schema(example_doc):
    jsonschema.validate(json.loads(json.dumps(example_doc)), schema())
    assert example_doc["problems"] == []


def test_cleaning_removes_exactly_the_furniture(example_doc):
    for article_id, article in _articles(example_doc).items():
        removed = {(r["text"], r["rule"]) for r in article["removed"]}
        assert removed == EXPECTED_REMOVED[article_id], article_id
        assert all(r["reason"] for r in article["removed"])


def test_no_line_of_reporting_is_lost(example_run, example_dir):
    """Every raw line that is not a removed span is in the cleaned body."""
    by_id = {a.id: a for b in example_run.briefs for a in b.articles}
    for path in sorted(example_dir.glob("*.txt")):
        article = by_id[path.stem]
        removed = {s.text for s in article.removed}
        body = " ".join(article.text.split())
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and line not in removed and not line.startswith("date 2022"):
                assert " ".join(line.split()) in body, (path.name, line)


def test_outlets_and_dates_with_evidence(example_doc):
    arts = _articles(example_doc)
    assert arts[A000]["source"] == "Washington Examiner"
    assert arts[A001]["source"] == "Antiwar.com"
    assert arts[A004]["source"] == "The Epoch Times"
    assert arts[A002]["source"] is None and arts[A003]["source"] is None
    assert {i: a["published"] for i, a in arts.items()} == {
        A000: "2022-04-11", A001: "2022-04-11", A002: "2022-04-11", A003: "2022-04-12",
        A004: "2022-03-21"}
    for article in arts.values():
        if article["source"]:
            assert article["source_evidence"]["detail"]
        assert article["published_evidence"]["detail"]
    assert "six weeks after" in arts[A000]["published_evidence"]["detail"]
    assert arts[A004]["author"] == "Jack Phillips" and arts[A001]["author"] == "Dave DeCamp"
    assert arts[A004]["title"].startswith("Kremlin Reveals Why Russia")
    assert arts[A000]["title"] is None  # its first line is the lead sentence, not a headline


def test_two_events_one_story(example_doc):
    story = _story(example_doc)
    events = [(e["date"], sorted(e["article_ids"])) for e in story["events"]]
    assert events == [("2022-03-21", [A004]), ("2022-04-11", [A000, A001, A002, A003])]
    assert story["article_count"] == 5
    for key in ("claims", "quotes", "entities", "timeline", "lineage"):
        assert isinstance(story[key], list)


def test_every_summary_sentence_is_cited_by_articles_that_say_it(example_doc):
    story = _story(example_doc)
    summary = story["summary"]
    assert len(summary) >= 2 and sum(len(s["text"].split()) for s in summary) <= 120
    texts = {a.id: " ".join(a.text.split()) for a in _raw_articles(example_doc)}
    for s in summary:
        assert s["citations"], s["text"]
        cited_by_source = {src["article_id"] for src in s["sources"]}
        assert cited_by_source == set(s["citations"])
        for src in s["sources"]:
            assert src["text"] in texts[src["article_id"]]
    # the Lavrov event is reported by four articles and the summary says so
    assert any(len(s["citations"]) == 4 for s in summary)
    # both events are covered
    cited = {c for s in summary for c in s["citations"]}
    assert A004 in cited and A000 in cited


def _raw_articles(doc):
    from storyline.ingest import read_paths
    from storyline.pipeline import prepare
    from tests.conftest import EXAMPLE

    return prepare(read_paths([EXAMPLE]).articles)


def test_markdown_and_html_render_the_brief(example_doc):
    from storyline.render import render

    md = render(example_doc, "markdown")
    assert md.startswith("# ") and "## Summary" in md and "## Sources" in md
    assert "removed, promo headline: “BORIS JOHNSON" in md
    html = render(example_doc, "html")
    assert html.startswith("<!doctype html>") and "<details class=\"cite\">" in html
    assert "http" not in html.split("<body>")[0].replace("http-equiv", "")  # no external assets
