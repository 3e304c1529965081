"""Quality gate for the cleaning's residue rules on Timeline17 BBC pages.

Measured 2026-11-23 (docs/cleaning.md, "Residues after the first passes"): on
haiti_bbc (286 articles) the closing "From other news sites" box is cut from 14
pages (``news-links``), and no " hrs ago" stamp is left in any body; on
SyrianCrisis_bbc the bylines glued to one-paragraph articles give the author's
name without the role ("Jonathan Marcus", not "Jonathan Marcus Diplomatic
Correspondent"), and no body starts with the role.
"""

from __future__ import annotations

import re

import pytest

from storyline.clean import clean_article, rules
from storyline.evaluation.timelines import load_topic
from tests.conftest import shared_data

pytestmark = [pytest.mark.data, pytest.mark.slow]


def test_bbc_other_news_box_is_cut():
    topic = load_topic(shared_data("t17", "haiti_bbc"))
    assert topic is not None
    cleaned = [clean_article(a) for a in topic.articles]
    boxes = [s for a in cleaned for s in a.removed if s.rule == "news-links"]
    assert len(boxes) >= 13  # measured 14
    for article in cleaned:
        assert not re.search(r" - \d+ (?:hrs?|mins?) ago\b", article.text), article.id
        for span in article.removed:
            assert article.raw_text[span.start:span.end] == span.text


def test_bbc_byline_authors_are_names_without_roles():
    topic = load_topic(shared_data("t17", "SyrianCrisis_bbc"))
    assert topic is not None
    cleaned = [clean_article(a) for a in topic.articles]
    glued = [a for a in cleaned if a.raw_text.startswith("By ") and a.author]
    assert len(glued) >= 30  # measured 34 bylines cut from one-paragraph articles
    for article in glued:
        assert not rules.ROLE.search(article.author), article.author
        assert not re.match(rf"{rules.ROLE.pattern}\s", article.text), article.text[:60]
