"""The summary's repeat test: one fact said twice in different lengths gets in once."""

from __future__ import annotations

import storyline.summarize as summarize_module
from storyline.repeats import containment, figures, same_fact
from storyline.summarize import summarize
from tests.test_summaries import _story

SHORT = "The House approved the $1.9 trillion relief bill on Wednesday."
LONG = ("The House gave final passage on Wednesday to the $1.9 trillion relief bill that "
        "will send $1,400 checks to millions of Americans and extend jobless benefits.")
OTHER = [
    "Republicans in the Senate said they would fight the plan in the courts.",
    "Economists expect the checks to lift spending in shops over the summer.",
    "Several governors asked for more money for schools and vaccine sites.",
]


def test_figures_are_specific_numbers():
    assert figures("It cost $1.9 trillion, 250,000 jobs and 33.1% in 2021 for 3 days") == \
        {"1.9", "250000", "33.1"}


def test_containment_is_asymmetric():
    # the short sentence's words are mostly in the long one, not the other way round
    assert containment(SHORT, LONG) >= 0.6
    assert containment(LONG, SHORT) == containment(SHORT, LONG)  # the shorter decides
    assert containment("The House voted.", LONG) == 0.0  # too few words to judge


def test_same_fact_needs_closeness_and_containment():
    assert same_fact(SHORT, LONG, 0.55)
    assert not same_fact(SHORT, LONG, 0.3)  # far apart in meaning: not one fact
    other = "The House will vote on a separate highway plan in the autumn."
    assert not same_fact(SHORT, other, 0.65)  # same subject, another fact


def _run(texts, words=60):
    story, arts, index = _story(texts)
    return [s.text for s in summarize(story, arts, index, words=words, fill="reach")]


def test_one_fact_in_two_lengths_gets_in_once(monkeypatch):
    texts = {"a": [SHORT, OTHER[0]], "b": [LONG, OTHER[1]], "c": [SHORT, OTHER[2]],
             "d": [LONG]}
    monkeypatch.setattr(summarize_module, "REPEAT_TEST", False)
    without = _run(texts)
    assert SHORT in without and LONG in without  # the old test lets both in
    monkeypatch.setattr(summarize_module, "REPEAT_TEST", True)
    with_test = _run(texts)
    assert (SHORT in with_test) + (LONG in with_test) == 1
    assert len(with_test) >= 2  # the room goes to another fact


def test_same_subject_different_facts_both_get_in():
    first = "The House approved the relief bill on Wednesday after a long debate."
    second = "The House will vote on a separate highway plan in the autumn, leaders said."
    texts = {"a": [first, OTHER[0]], "b": [second, OTHER[1]], "c": [first, second],
             "d": [second, first]}
    out = _run(texts, words=40)
    assert first in out and second in out



def test_the_fuller_wording_replaces_the_shorter_when_as_well_backed(monkeypatch):
    # two reports each: the short one is picked first, the long one says more
    texts = {"a": [SHORT, OTHER[0]], "b": [LONG, OTHER[1]], "c": [SHORT, OTHER[2]],
             "d": [LONG]}
    monkeypatch.setattr(summarize_module, "KEEP_FULLER", False)
    assert SHORT in _run(texts) and LONG not in _run(texts)
    monkeypatch.setattr(summarize_module, "KEEP_FULLER", True)
    assert LONG in _run(texts) and SHORT not in _run(texts)
    # the long one backed by fewer reports than the short one: the short one stays
    texts["d"] = [SHORT]
    assert SHORT in _run(texts) and LONG not in _run(texts)


def test_the_evaluation_scanner_flags_contained_facts_only():
    from storyline.evaluation.repeats import anchors, repeat_pairs

    assert anchors("Gov. Pritzker signed the $1.9 trillion bill on Tuesday.") >= \
        {"pritzker", "1.9", "tuesday"}
    signed = "Gov. J.B. Pritzker signed the bill into law Tuesday."
    longer = ("Illinois on Tuesday became the 11th state to legalize marijuana after "
              "Gov. J.B. Pritzker signed a bill that permits residents to buy cannabis.")
    other = "Gov. J.B. Pritzker will face voters again next year in a crowded race."
    assert repeat_pairs([signed, longer, other]) == [(0, 1)]
