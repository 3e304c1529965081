"""Quality gate for the cleaning's residue rules on Timeline17 BBC pages.

Measured 2026-11-23 (docs/cleaning.md, "Residues after the first passes"): on
haiti_bbc (286 articles) the closing "From other news sites" box is cut from 14
pages (``news-links``), and no " hrs ago" stamp is left in any body; on
SyrianCrisis_bbc the bylines glued to one-paragraph articles give the author's
name without the role ("Jonathan Marcus", not "Jonathan Marcus Diplomatic
Correspondent"), and no body starts with the role.

Measured 2026-11-23 (docs/cleaning.md, "Template labels and Have your say lists"): on
bpoil_bbc the unrendered slideshow label "BACK {current} of {total} NEXT" is cut 30
times (29 articles) and none is left; on H1N1_bbc 4 "Have your say" lists of signed
comments are cut as reader comment threads.
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


def test_template_labels_and_have_your_say_lists_are_cut():
    bp = load_topic(shared_data("t17", "bpoil_bbc"))
    flu = load_topic(shared_data("t17", "H1N1_bbc"))
    assert bp is not None and flu is not None
    cleaned = [clean_article(a) for a in bp.articles]
    labels = [s for a in cleaned for s in a.removed if s.rule == "template-residue"]
    assert len(labels) >= 28  # measured 30
    assert all(s.text == "BACK {current} of {total} NEXT" for s in labels)
    assert not any("{current}" in a.text for a in cleaned)
    lists = [a for a in map(clean_article, flu.articles)
             if any(s.rule == "reader-comments" and s.text.startswith(("This debate", "We are"))
                    for s in a.removed)]
    assert len(lists) >= 4  # measured 4 (3 open with "This debate is now closed.")
    for article in lists:  # the debate's introduction is kept, the comments go
        assert "debate is now closed" not in article.text and "Have Your Say" not in article.text
        assert len(article.text.split()) < 0.25 * len(article.raw_text.split())  # max 0.21
