"""Quality gate for the page-header step of cleaning (wire page stamp + header block).

Measured 2026-11-23 with ``bench/page_header.py``: on all of Timeline17 the step cut
910 Reuters page stamps (every one of the four *_reuters topics' stamps; no other
topic has one), and 366 header pieces before them; a seeded hand-checked sample of 70
cut pieces was all furniture; 0 stamps in the 8,277 NeuS texts and the 181 extraction
benchmark pages. The gate runs the first 100 LibyaWar_reuters articles (their dates
removed, so the stamp's date is what dates them) and all of NeuS val.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from storyline.clean import clean_article
from storyline.evaluation.timelines import load_topic
from storyline.ingest import read_paths
from tests.conftest import shared_data

pytestmark = pytest.mark.data

STAMP_LEFT = re.compile(r"\|\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+\w{3}\s+\d")


def test_reuters_pages_lose_their_stamp_and_keep_its_metadata():
    topic = load_topic(shared_data("t17", "LibyaWar_reuters"))
    assert topic is not None
    raw = topic.articles[:100]
    cleaned = [clean_article(replace(a, published=None)) for a in raw]
    stamps = [s for a in cleaned for s in a.removed if s.rule == "page-stamp"]
    assert len(stamps) >= 75  # measured 77 (23 of these pages have no stamp)
    for before, after in zip(raw, cleaned, strict=True):
        assert not STAMP_LEFT.search(after.text[:2000])
        for span in after.removed:
            assert after.raw_text[span.start:span.end] == span.text
        if any(s.rule == "page-stamp" for s in after.removed):
            # the stamp's date is the page's: the dataset's own date (measured 77 of 77)
            assert after.published is not None
            assert after.published[:10] == before.published[:10]
    titles = [a.title for a in cleaned if a.title]
    assert len(titles) >= 18  # measured 20, the page headlines
    assert not any("|" in t for t in titles)


def test_neus_has_no_page_stamps():
    articles = read_paths([shared_data("neus", "val.clusters.jsonl")]).articles
    cuts = [s for a in articles for s in clean_article(a).removed if s.rule == "page-stamp"]
    assert cuts == []
