"""Golden tests on the bundled example: the agreement map and the timeline
(EXPECTED.md points 4 and 7)."""

from tests.test_golden_example import A000, A001, A002, A003, A004, _story

LAVROV = {A000, A001, A002, A003}


def _claims(doc, status=None):
    claims = _story(doc)["claims"]
    return [c for c in claims if status is None or c["status"] == status]


def _claims_with(doc, *words, status=None):
    """The claims with a source sentence that contains every word."""
    found = [c for c in _claims(doc, status)
             if any(all(w.lower() in s["text"].lower() for w in words) for s in c["sources"])]
    assert found, (words, status)
    return found


def test_what_all_four_lavrov_articles_report_is_agreed(example_doc):
    for words in (("not", "military operation", "future rounds"),  # no pause in future talks
                  ("Putin", "late February"),            # the pause of the first round
                  ("last week", "unacceptable")):        # Ukraine's draft "unacceptable"
        claim, = _claims_with(example_doc, *words, status="agreed")
        assert set(claim["supporting"]) == LAVROV, words
        assert claim["conflicting"] == []
        assert {s["article_id"] for s in claim["sources"]} == LAVROV
        # 002 and 003 are rewrites of one original: lineage counts them once
        assert "all 3 independent reports (4 articles)" in claim["note"]


def test_what_one_outlet_alone_reports_is_single_source(example_doc):
    texts = {A000: ["Dvornikov", "Kirby"], A001: ["NATO", "Pushilin"],
             A002: ["graves found in Bucha", "Kramatorsk"], A003: ["Borrell"]}
    for article_id, words in texts.items():
        for word in words:
            for claim in _claims_with(example_doc, word):
                assert claim["status"] == "single", word
                assert claim["supporting"] == [article_id], word
                assert claim["note"].startswith("only in ")
                assert [s["article_id"] for s in claim["sources"]] == [article_id]


def test_every_claim_quotes_its_sources_exactly(example_doc, example_run):
    bodies = {a.id: a.text for b in example_run.briefs for a in b.articles}
    claims = _claims(example_doc)
    assert claims and not _claims(example_doc, "conflict")  # the outlets do not contradict
    for c in claims:
        assert c["status"] in ("agreed", "partial", "single")
        assert set(c["supporting"]) <= {s["article_id"] for s in c["sources"]}
        for s in c["sources"]:
            assert s["text"] in " ".join(bodies[s["article_id"]].split())
            assert s["sentence_id"].startswith(s["article_id"] + "#")
    # "agreed" is relative to the reports of the event: 004 (three weeks earlier)
    # does not make the Lavrov claims partial
    assert all(A004 not in c["supporting"] for c in _claims(example_doc, "agreed"))


def _entry(doc, day, *words):
    entries = [t for t in _story(doc)["timeline"] if t["date"].startswith(day)
               and all(w.lower() in t["text"].lower() for w in words)]
    assert entries, (day, words, [(t["date"], t["text"][:60]) for t in _story(doc)["timeline"]])
    return entries[0]


def test_timeline_has_every_dated_happening_of_the_story(example_doc):
    timeline = _story(example_doc)["timeline"]
    starts = [t["date"].split("/")[0] for t in timeline]
    assert starts == sorted(starts)
    invasion = _entry(example_doc, "2022-02-24", "invade")
    assert {A000, A001, A003} <= set(invasion["citations"])
    first_round = _entry(example_doc, "2022-02-21/2022-02-28", "Putin")  # "late February"
    assert set(first_round["citations"]) >= LAVROV
    # 002 gives no date for the first round but says it was held in Belarus: cited
    belarus = [i for i in first_round["sentence_ids"] if i.startswith(A002)]
    assert belarus
    peskov = _entry(example_doc, "2022-03-21", "Peskov")  # "on Monday" of a 21 March article
    assert peskov["citations"] == [A004]
    assert A001 in _entry(example_doc, "2022-03-25", "first stage")["citations"]
    turkey = _entry(example_doc, "2022-03-29", "Turkey")
    assert {A001, A002} <= set(turkey["citations"])
    assert "draft" in turkey["text"]
    bucha = _entry(example_doc, "2022-04-01/", "Bucha")  # "earlier this month"
    assert bucha["citations"] == [A002]
    kramatorsk = _entry(example_doc, "2022-04-02", "Kramatorsk")  # "four days after talks"
    assert kramatorsk["citations"] == [A002]
    interview = _entry(example_doc, "2022-04-11", "Lavrov")  # "on Monday", each article's Monday
    assert set(interview["citations"]) == LAVROV
    last_week = _entry(example_doc, "2022-04-04/2022-04-10", "unacceptable")
    assert set(last_week["citations"]) >= LAVROV
    for t in timeline:
        assert t["citations"] and len(t["sentence_ids"]) >= len(t["citations"])


def test_markdown_and_html_show_the_agreement_map_and_timeline(example_doc):
    from storyline.render import render

    md = render(example_doc, "markdown")
    assert "### Agreed by all" in md and "### Reported by one outlet only" in md
    assert "- **2022-02-21 – 2022-02-28**:" in md and "## Timeline" in md
    html = render(example_doc, "html")
    assert "each source's words, side by side" in html and 'class="wordings"' in html
    assert "<strong>2022-04-11</strong>" in html
