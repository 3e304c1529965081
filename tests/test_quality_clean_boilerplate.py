"""Quality gate for outlet boilerplate (storyline.clean.boilerplate), on Timeline17.

Measured 2026-11-23 with ``bench/clean_boilerplate.py``: over all 4,328 T17 articles
(each topic's outlet as the source, batches of 256 as ``pipeline.prepare`` makes them)
617 sentences are cut in 579 articles, six distinct sentences, all sidebar promos or
blurbs (the BBC's "Hopes for a negotiated settlement in Syria ..., says Jim Muir." in
215 of the 308 SyrianCrisis_bbc pages); with batches of 40, 668 cuts, 19 distinct
sentences. Nothing is cut on bpoil_foxnews, whose follow-ups repeat background
sentences ("The blast killed 11 workers.") inside their reporting. The gate runs the
first 60 SyrianCrisis_bbc articles (one batch) and the first 80 bpoil_foxnews
articles (two batches of 40), so that a rule that stops firing, or one that starts
cutting an outlet's recurring reporting, fails here.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.clean import clean_batch
from storyline.evaluation.timelines import load_topic
from tests.conftest import shared_data

pytestmark = pytest.mark.data

PROMO = "says Jim Muir."


def test_the_bbc_promo_leaves_the_syria_articles():
    topic = load_topic(shared_data("t17", "SyrianCrisis_bbc"))
    assert topic is not None
    raw = [replace(a, source="BBC") for a in topic.articles[:60]]
    out = clean_batch(raw)
    cuts = [s for a in out for s in a.removed if s.rule == "outlet-boilerplate"]
    carried = sum(PROMO in a.raw_text for a in raw)
    left = sum(PROMO in a.text for a in out)
    assert carried >= 40  # measured 48 of 60
    assert left <= 8  # measured 6: after a slideshow label, or before readers' comments
    assert len(cuts) >= 38  # measured 42, all the promo
    assert {s.text for s in cuts} == {next(s.text for s in cuts)}
    for article in out:
        for span in article.removed:
            assert article.raw_text[span.start:span.end] == span.text
    assert cuts[0].reason.startswith("outlet boilerplate: repeated in ")
    assert cuts[0].reason.endswith(" articles of BBC")


def test_fox_news_background_sentences_are_kept():
    topic = load_topic(shared_data("t17", "bpoil_foxnews"))
    assert topic is not None
    articles = [replace(a, source="Fox News") for a in topic.articles[:80]]
    out = clean_batch(articles[:40]) + clean_batch(articles[40:])
    assert not [s for a in out for s in a.removed if s.rule == "outlet-boilerplate"]
