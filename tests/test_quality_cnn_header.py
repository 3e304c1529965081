"""Quality gate for the CNN-header step of cleaning (the block before the dateline).

Measured 2026-11-23 with ``bench/cnn_header.py``: on all of Timeline17 the step cut
the block before the dateline of 352 CNN pages (LibyaWar_cnn 279, EgyptianProtest_cnn
73; no other topic has one), recovering 12 headlines as titles; a seeded sample of 40
cut pages was read by hand (all furniture); 0 headers in the 8,277 NeuS texts and the
181 extraction-benchmark pages. Comparing the cleaning of every T17 and NeuS article
with main's, only those 352 pages change. The gate finds the headers of both CNN
topics (no cleaning: fast) and cleans the first 100 LibyaWar_cnn articles.
"""

from __future__ import annotations

import re

import pytest

from storyline.clean import clean_article
from storyline.clean.cnn_header import find_cnn_header
from storyline.evaluation.timelines import load_topic
from storyline.ingest import read_paths
from tests.conftest import shared_data

pytestmark = [pytest.mark.data, pytest.mark.slow]

DATELINE = re.compile(r"\(CNN\)\s*(?:--|-|—|–)\s")


def test_cnn_pages_lose_the_block_before_their_dateline():
    headers = 0
    for name in ("LibyaWar_cnn", "EgyptianProtest_cnn"):
        topic = load_topic(shared_data("t17", name))
        assert topic is not None
        headers += sum(bool(find_cnn_header(a.raw_text)) for a in topic.articles)
    assert headers >= 340  # measured 352 of the 364 pages with text before the dateline

    topic = load_topic(shared_data("t17", "LibyaWar_cnn"))
    cleaned = [clean_article(a) for a in topic.articles[:100]]
    cut = [a for a in cleaned if any(s.rule == "story-highlights" for s in a.removed)]
    assert len(cut) >= 62  # measured 67
    for article in cleaned:
        for span in article.removed:
            assert article.raw_text[span.start:span.end] == span.text
        m = DATELINE.search(article.text[:2500])
        if m:  # no bullet, byline or call-out left before the dateline
            before = article.text[:m.start()]
            assert not re.search(r"NEW\s?:|\bBy the CNN|iReport|Editor's note", before)
            assert len(before.split()) <= 6, before  # the place: "Tripoli, Libya"
    titles = [a.title for a in cleaned if a.title]
    assert len(titles) >= 2  # measured 3: headlines glued before the byline or alone


def test_neus_has_no_cnn_header():
    articles = read_paths([shared_data("neus", "val.clusters.jsonl")]).articles
    assert not any(find_cnn_header(a.raw_text.split("\n", 1)[0]) for a in articles)
