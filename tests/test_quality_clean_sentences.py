"""Quality gate for the sentence pass of cleaning (furniture glued into paragraphs).

Measured 2026-11-23 with ``bench/clean_sentences.py``: on Timeline17 bpoil_reuters
(298 one-paragraph articles) the sentence pass cut 975 spans in 250 articles, and three
hand-checked random samples of 40 cuts over all T17 topics were all furniture; on the
919 NeuS validation articles (reporting excerpts, no furniture to speak of) it cut
one ("Watch the full 60 Minutes interview ... (video)", a link). The gate runs the
first 100 bpoil_reuters articles and all of NeuS val, so that a rule that stops
firing, or one that starts cutting reporting, fails here.
"""

from __future__ import annotations

from unittest import mock

import pytest

from storyline.clean import clean_article, comments
from storyline.clean import sentence_rules as sr
from storyline.evaluation.timelines import load_topic
from storyline.ingest import read_paths
from storyline.model import Article, RemovedSpan
from tests.conftest import shared_data

pytestmark = pytest.mark.data


def sentence_cuts(articles: list[Article]) -> list[RemovedSpan]:
    """The spans only the sentence pass removes (a run without it is the reference)."""
    with mock.patch.object(sr, "has_cue", lambda text: False):
        lines_only = {a.id: {(s.start, s.end) for s in clean_article(a).removed}
                      for a in articles}
    return [s for a in articles for s in clean_article(a).removed
            if (s.start, s.end) not in lines_only[a.id]]


def test_reuters_paragraphs_lose_their_furniture():
    topic = load_topic(shared_data("t17", "bpoil_reuters"))
    assert topic is not None
    articles = topic.articles[:100]
    cuts = sentence_cuts(articles)
    assert len(cuts) >= 250  # measured 3.2 per article on all 298
    rules = {s.rule for s in cuts}
    assert {"comment-form", "promo", "credit-line"} <= rules
    for article in map(clean_article, articles):
        assert "-LRB-" not in article.text and "-RRB-" not in article.text
        for span in article.removed:
            assert article.raw_text[span.start:span.end] == span.text


def test_neus_reporting_is_left_alone():
    articles = read_paths([shared_data("neus", "val.clusters.jsonl")]).articles
    assert len(sentence_cuts(articles)) <= 2  # measured 1, a video link


def test_reader_comment_threads_are_cut_and_quoted_writers_kept():
    """haiti_bbc (286 articles), measured 2026-11-23 with bench/clean_comments.py: 4
    BBC blog pages lose their comment threads (167,806 characters); the reporting that
    quotes a blogger ("Blogger Troy Livesay, in Port-au-Prince, wrote: ...") stays."""
    topic = load_topic(shared_data("t17", "haiti_bbc"))
    assert topic is not None
    cleaned = [clean_article(a) for a in topic.articles]
    threads = [s for a in cleaned for s in a.removed if s.rule == "reader-comments"]
    assert len(threads) >= 4
    assert sum(s.end - s.start for s in threads) >= 150_000
    for span in threads:  # a BBC blog byline, or (since clean3) a "Have your say" list's
        # "Added:" stamp or heading: 4 + 2 threads measured
        blog = span.text.startswith("At ") and " wrote:" in span.text[:80]
        assert blog or comments.HEADER.match(span.text) or comments.HYS_HEADING.match(span.text)
    assert sum(s.text.startswith("At ") for s in threads) >= 4
    quote = "Blogger Troy Livesay, in Port-au-Prince, wrote:"
    kept = [a.text for a in cleaned if quote in a.raw_text]
    assert kept and all(quote in text for text in kept)
    assert not any(" wrote: This comment was removed" in a.text for a in cleaned)
