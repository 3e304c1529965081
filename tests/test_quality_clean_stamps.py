"""Quality gate for player notices and BBC page stamps on Timeline17 BBC pages.

Measured 2026-11-23 (docs/cleaning.md, "Player notices and the other BBC stamps"): on
MJ_bbc, haiti_bbc and bpoil_bbc (717 articles) 22 "Page last updated at" stamps and one
debate page's "Published: ... GMT ... UK" stamp are cut as ``page-stamp``, the 3 "You
must enable javascript to play content" notices of bpoil_bbc 1548 as ``player-notice``
with the sentences around them kept, and none of them is left in a body.
"""

from __future__ import annotations

import pytest

from storyline.clean import clean_article
from storyline.evaluation.timelines import load_topic
from tests.conftest import shared_data

pytestmark = [pytest.mark.data, pytest.mark.slow]


def test_bbc_stamps_and_player_notices_are_cut_and_none_is_left():
    cleaned = []
    for name in ("MJ_bbc", "haiti_bbc", "bpoil_bbc"):
        topic = load_topic(shared_data("t17", name))
        assert topic is not None
        cleaned += [clean_article(a) for a in topic.articles]
    spans = [s for a in cleaned for s in a.removed]
    updated = [s for s in spans if s.rule == "page-stamp"
               and s.text.startswith("Page last updated at")]
    published = [s for s in spans if s.rule == "page-stamp" and s.text.startswith("Published:")]
    notices = [s for s in spans if s.rule == "player-notice"]
    assert len(updated) >= 20 and len(published) >= 1  # measured 22 and 1
    assert len(notices) >= 3  # measured 3
    for article in cleaned:
        for left in ("Page last updated at", "GMT 15:33 UK", "enable javascript to play"):
            assert left not in article.text, (article.id, left)
        for span in article.removed:
            assert article.raw_text[span.start:span.end] == span.text
    [panorama] = [a for a in cleaned if "really to blame. Workers on the Deepwater" in a.text]
    assert "Rig worker: Fault found earlier A worker on the Deepwater Horizon" in panorama.text
