import numpy as np

from storyline.cluster import average_link
from storyline.model import Article, Event, Sentence, Story
from storyline.summarize import summarize
from storyline.support import build_support


def test_average_link_merges_only_above_threshold():
    sim = np.array([[1, .9, .1, .1], [.9, 1, .2, .1], [.1, .2, 1, .8], [.1, .1, .8, 1]])
    assert sorted(average_link(sim, 0.5)) == [[0, 1], [2, 3]]
    assert average_link(sim, 0.95) == [[0], [1], [2], [3]]
    assert average_link(np.zeros((0, 0)), 0.5) == []


def _art(i, published=None, title=None, text="Body text."):
    return Article(id=f"a{i}", raw_text=text, text=text, published=published, title=title)


def _index(texts_by_article, vectors):
    sents = [Sentence(a, i, t, 0, len(t)) for a, ts in texts_by_article for i, t in enumerate(ts)]
    return build_support(sents, np.asarray(vectors, dtype=np.float32))


def _story(ids):
    return Story("s", "t", (Event("e", "t", None, tuple(ids)),))


def test_summary_cites_every_article_that_reports_the_content():
    same = "The council voted on Monday to rebuild the old bridge over the river."
    index = _index([("a", [same, "Opponents said the money should go to schools instead."]),
                    ("b", ["On Monday the council voted to rebuild the old river bridge."])],
                   [[1, 0, 0], [0, 1, 0], [0.99, 0.14, 0]])
    arts = {i: _art(0) for i in "ab"}
    summary = summarize(_story("ab"), arts, index, words=40)
    assert set(summary[0].citations) == {"a", "b"}  # whichever wording is shown
    assert {s.sentence_id for s in summary[0].sources} == {"a#0", "b#0"}
    assert sum(len(s.text.split()) for s in summary) <= 40


def test_tiny_budget_still_gives_one_sentence():
    index = _index([("a", ["The council voted on Monday to rebuild the old bridge."])], [[1, 0]])
    summary = summarize(_story("a"), {"a": _art(0)}, index, words=3)
    assert len(summary) == 1 and summary[0].citations == ("a",)


def test_empty_story_has_empty_summary():
    index = _index([], np.zeros((0, 2)))
    assert summarize(_story(""), {}, index) == ()
