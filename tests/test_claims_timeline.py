"""Agreement map (storyline/claims.py) and timeline (storyline/timeline.py) on tiny inputs.

Sentence vectors come from a bag of content words here, so the tests exercise the
alignment, labelling and dating logic without loading the embedding model.
"""

from datetime import date

import numpy as np
import pytest

from storyline.claims import build_claims, eligible
from storyline.dates import DateRange
from storyline.model import Article, Event, Story
from storyline.sentences import split_batch
from storyline.support import build_support
from storyline.textutil import content_terms
from storyline.timeline import build_timeline, centroid_pick, date_mentions


def bag_vectors(texts):
    vocab = sorted({t for text in texts for t in content_terms(text)})
    pos = {t: i for i, t in enumerate(vocab)}
    out = np.zeros((len(texts), max(len(vocab), 1)), dtype=np.float32)
    for row, text in enumerate(texts):
        for t in content_terms(text):
            out[row, pos[t]] = 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def story_of(texts, published=None, events=None):
    """Articles a, b, c, ... with the given bodies, one event unless ``events`` says."""
    ids = [chr(ord("a") + i) for i in range(len(texts))]
    published = published or ["2022-04-11"] * len(texts)
    articles = {i: Article(i, t, t, source=f"Outlet {i.upper()}", published=p)
                for i, t, p in zip(ids, texts, published, strict=True)}
    groups = events or [ids]
    story = Story("story-x", "x", tuple(Event(f"e{n}", "e", None, tuple(g))
                                        for n, g in enumerate(groups)))
    sentences = split_batch(articles.values())
    flat = [s for i in ids for s in sentences[i]]
    index = build_support(flat, bag_vectors([s.text for s in flat]))
    return story, articles, index


PAUSE = "Russia will not pause its military operation during the next rounds of peace talks."
DRAFT = "Foreign Minister Sergey Lavrov called the Ukrainian draft peace proposal unacceptable."


def test_claims_are_labelled_by_how_many_reports_cover_them():
    story, articles, index = story_of([
        f"{PAUSE} {DRAFT} The general was appointed to lead the eastern offensive campaign.",
        f"{PAUSE} {DRAFT}",
        f"{PAUSE} European diplomats described the proposal as a significant policy reversal.",
    ])
    claims = build_claims(story, articles, index).claims
    by_text = {c.text: c for c in claims}
    assert by_text[PAUSE].status == "agreed" and by_text[PAUSE].supporting == ("a", "b", "c")
    assert by_text[DRAFT].status == "partial" and by_text[DRAFT].supporting == ("a", "b")
    single = next(c for c in claims if "general" in c.text)
    assert single.status == "single" and single.supporting == ("a",)
    assert single.note == "only in Outlet A"
    for c in claims:  # every claim quotes the exact sentence of each supporting article
        assert {s.article_id for s in c.sources} >= set(c.supporting)
        for s in c.sources:
            assert s.text in articles[s.article_id].text


def test_conflicting_figures_make_one_conflict_claim_with_both_sides():
    story, articles, index = story_of([
        "A missile attack on the Kramatorsk train station killed at least 50 people.",
        "A missile attack on the Kramatorsk train station killed at least 50 people on Friday.",
        "A missile attack on the Kramatorsk train station killed at least 30 people.",
    ])
    claims = build_claims(story, articles, index).claims
    assert len(claims) == 1
    claim = claims[0]
    assert claim.status == "conflict"
    assert claim.supporting == ("a", "b") and claim.conflicting == ("c",)
    assert "at least 50 people" in claim.note and "at least 30 people" in claim.note
    assert {s.article_id for s in claim.sources} == {"a", "b", "c"}


def test_agreement_counts_reports_within_the_claims_event():
    # c reports an earlier event: a claim of a and b is agreed by all of *their* event
    story, articles, index = story_of(
        [PAUSE, PAUSE, "Kremlin spokesman Dmitry Peskov said the talks made no progress."],
        published=["2022-04-11", "2022-04-11", "2022-03-21"], events=[["c"], ["a", "b"]])
    by_text = {c.text: c for c in build_claims(story, articles, index).claims}
    assert by_text[PAUSE].status == "agreed"


def test_weigh_counts_independent_reports():
    story, articles, index = story_of([PAUSE, PAUSE, DRAFT])

    def one_wire(ids):  # a and b are copies of one wire story
        return float(len({"wire" if i in ("a", "b") else i for i in set(ids)}))

    by_text = {c.text: c for c in build_claims(story, articles, index, weigh=one_wire).claims}
    assert by_text[PAUSE].status == "single"
    by_text = {c.text: c for c in build_claims(story, articles, index).claims}
    assert by_text[PAUSE].status == "partial"


def test_claims_of_empty_or_odd_articles():
    story, articles, index = story_of(["", "“Unbalanced quote and no end", "Short."])
    claims = build_claims(story, articles, index).claims
    assert [(c.status, c.supporting) for c in claims] == [("single", ("b",))]
    story, articles, index = story_of(["", "Short."])
    assert build_claims(story, articles, index).claims == ()
    assert not eligible("Who will pay for it?") and eligible("The bill will be paid by Kyiv.")


REF = {"a": date(2022, 4, 11), "b": date(2022, 3, 21)}  # both Mondays


def _mentions(text_a, text_b=""):
    articles = [Article("a", text_a, text_a), Article("b", text_b, text_b)]
    sentences = split_batch(articles)
    flat = sentences["a"] + sentences["b"]
    return [(flat[m.sentence].article_id, m.range, m.kind)
            for m in date_mentions(flat, REF)]


def test_relative_dates_resolve_against_each_articles_own_date():
    found = _mentions("Lavrov said on Monday that talks would go on.",
                      "Peskov said on Monday that there would be no pause.")
    assert found == [("a", DateRange(date(2022, 4, 11), date(2022, 4, 11)), "weekday"),
                     ("b", DateRange(date(2022, 3, 21), date(2022, 3, 21)), "weekday")]
    (_, last_week, _), = _mentions("Last week, Lavrov called the draft unacceptable.")
    assert last_week == DateRange(date(2022, 4, 4), date(2022, 4, 10))
    (_, month, _), = _mentions("Bodies were found in Bucha earlier this month.")
    assert month == DateRange(date(2022, 4, 1), date(2022, 4, 11))


def test_vague_periods_stay_ranges_and_wide_ones_are_dropped():
    found = _mentions("Putin ordered a pause in late February. The war began this year.")
    assert found == [("a", DateRange(date(2022, 2, 21), date(2022, 2, 28)), "period")]


def test_offsets_anchor_on_the_happening_they_name():
    text = ("Talks were held in Istanbul on March 29. "
            "The killings in Bucha were found four days after the talks.")
    found = _mentions(text)
    assert found[-1] == ("a", DateRange(date(2022, 4, 2), date(2022, 4, 2)), "offset")
    # an offset counted from a date dates the article, not a happening: not repeated
    assert [k for _, _, k in _mentions("This comes six weeks after the invasion on Feb. 24.")] \
        == ["month_day"]
    # nothing to anchor on: left out
    assert _mentions("The bodies were found four days after the talks.") == []


def test_articles_without_dates_or_publication_date():
    assert _mentions("Nothing here is dated at all.") == []
    undated = [Article("x", "He spoke on Monday about the events of March 3, 2021.",
                       "He spoke on Monday about the events of March 3, 2021.")]
    sentences = split_batch(undated)["x"]
    found = date_mentions(sentences, {"x": None})
    assert [m.range.iso() for m in found] == ["2021-03-03"]  # Monday needs a reference
    for text in ("7000 years ago the region was a sea.", "On Feb. 30 nothing happened."):
        assert _mentions(text) == []


def test_timeline_merges_one_happening_across_articles_and_orders_by_date():
    _story, articles, index = story_of([
        "Negotiators met in Istanbul on March 29. Lavrov said on Monday talks would go on.",
        "On March 29, the negotiators met in Istanbul for a new round.",
        "Shelling hit the port of Mariupol on Saturday.",
    ], published=["2022-04-11", "2022-04-12", "2022-04-11"])
    entries = build_timeline(index, articles)
    assert [e.date for e in entries] == ["2022-03-29", "2022-04-09", "2022-04-11"]
    istanbul = entries[0]
    assert istanbul.citations == ("a", "b") and len(istanbul.sentence_ids) == 2
    assert all(e.sentence_ids and e.citations for e in entries)
    assert build_timeline(index, articles, max_entries=1)[0].date == "2022-03-29"


def test_timeline_entries_are_shown_without_a_wire_dateline():
    _story, articles, index = story_of([
        "THE HAGUE (Reuters) - The war crimes court said on Thursday it would investigate.",
        "CARACAS, March 3 - Venezuela said on Thursday it would send a peace commission.",
    ], published=["2011-03-03", "2011-03-03"])
    texts = [e.text for e in build_timeline(index, articles)]
    assert texts and not any(t.startswith(("THE HAGUE", "CARACAS")) for t in texts), texts
    assert any(t.startswith("The war crimes court said") for t in texts), texts


def test_claims_are_worded_without_a_wire_dateline():
    """NeuS train: "TUSCALOOSA, Ala. (AP) — The University of Alabama board ..." led the
    agreement map; each source keeps its exact sentence."""
    story, articles, index = story_of([f"WASHINGTON (AP) — {PAUSE}", f"WASHINGTON — {PAUSE}"])
    claims = build_claims(story, articles, index).claims
    assert [c.text for c in claims] == [PAUSE]
    assert {s.text for s in claims[0].sources} == {f"WASHINGTON (AP) — {PAUSE}",
                                                   f"WASHINGTON — {PAUSE}"}


def test_timeline_entry_is_worded_by_a_sentence_that_stands_alone():
    """T17 SyrianCrisis_bbc: "He has suffered a string of defections ..." named nobody."""
    _story, articles, index = story_of([
        "Assad met his generals. He has suffered a string of defections since Monday.",
        "Officials spoke. President Assad has suffered a string of defections since Monday.",
    ], published=["2012-08-10", "2012-08-10"])
    texts = [e.text for e in build_timeline(index, articles)]
    assert texts and not any(t.startswith("He ") for t in texts), texts


def test_timeline_of_undated_articles_is_empty():
    _story, articles, index = story_of(["No dates in this one at all, none.", ""],
                                      published=[None, None])
    assert build_timeline(index, articles) == ()


@pytest.mark.parametrize("k", [1, 2, 5])
def test_centroid_pick_prefers_typical_rows(k):
    vectors = bag_vectors(["talks in Istanbul on peace", "peace talks in Istanbul resumed",
                           "Istanbul peace talks", "football results from Madrid"])
    picks = centroid_pick(vectors, k)
    assert len(picks) == min(k, 3)  # rows 0 and 2 have the same words: one is redundant
    assert picks[0] in (0, 2) and not {0, 2} <= set(picks)


def test_the_pipeline_takes_odd_articles_in_its_stride():
    """No dates, no names, unbalanced quotes, a quote across paragraphs, one word:
    the agreement map and the timeline are built (possibly empty), nothing raises."""
    from storyline.pipeline import analyse

    texts = ["It rained and then it stopped raining, as it does in the hills.",
             "“The plan is done,\n\nand nobody will change it,” the official said on Monday.",
             "He said “it was fine. She said it was not.",
             "Word"]
    articles = [Article(f"odd{i}", t, t, published=None if i % 2 else "2022-04-11")
                for i, t in enumerate(texts)]
    briefs = analyse(articles)
    assert briefs
    for brief in briefs:
        assert all(c.status in ("agreed", "partial", "single", "conflict") for c in brief.claims)
        for entry in brief.timeline:
            assert entry.citations and entry.sentence_ids
