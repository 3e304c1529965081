"""The explicit contradiction checks of the agreement map (storyline/conflicts.py)."""

from datetime import date

import pytest

from storyline.conflicts import contradiction
from storyline.figures import figures

MON = date(2022, 4, 11)
TUE = date(2022, 4, 12)


@pytest.mark.parametrize("a, b", [
    ("An attack on the station killed at least 50 people.",
     "An attack on the station killed at least 30 people."),
    ("The attack killed 40 people, officials said.",
     "At least 50 people were killed in the attack."),
    ("Unemployment rose to 40% in March.", "Unemployment rose to 25 percent in March."),
    ("Congress approved $5 billion in aid.", "Congress approved $7 billion in aid."),
    ("Two hundred soldiers were wounded.", "Fifty soldiers were wounded."),
])
def test_incompatible_figures_of_one_count_conflict(a, b):
    found = contradiction(a, b)
    assert found is not None and found.kind == "number", (a, b)
    assert (found.left and found.right and found.left in a) or found.left.lower() in a.lower()


@pytest.mark.parametrize("a, b", [
    ("The attack killed 52 people.", "The attack killed about 50 people."),
    ("More than 100 people were injured.", "The blast injured 120 people."),
    ("Nearly 50 people died in the floods.", "The floods killed 48 people."),
    ("Up to 30 people are missing.", "Twenty people are missing."),
    ("At least 50 people were killed and 100 injured.", "The attack killed 50 people."),
    # different things counted, years and compound modifiers are not counts
    ("At least 50 people were killed.", "At least 30 buildings were destroyed."),
    ("The convoy, 8-mile long, arrived in 2022.", "The convoy, 40-mile long, arrived in 2021."),
    ("He was born in 1961 and has 3 children.", "He was born in 1962 and has 3 children."),
    # how many sources an outlet had is sourcing, not a figure about the world
    ("The report names the prince, four U.S. officials familiar with the matter said.",
     "The report names the prince, three U.S. officials familiar with the matter said."),
    ("Two people who spoke on condition of anonymity said the deal was close.",
     "Five sources told the agency the deal was close."),
])
def test_compatible_or_unrelated_figures_do_not(a, b):
    found = contradiction(a, b)
    assert found is None or found.kind != "number", (a, b, found)


def test_figures_skip_dates_times_and_modifiers():
    text = "On March 29 at 10:30, an 8-mile convoy of 200 trucks left; 5 pm was the deadline."
    assert [(f.value, f.key[0]) for f in figures(text)] == [(200.0, "truck")]


def test_dates_of_one_happening_must_agree():
    found = contradiction("The talks took place on March 29 in Turkey.",
                          "The talks took place on March 30 in Turkey.", MON, TUE)
    assert found is not None and found.kind == "date"
    assert "2022-03-29" in found.left and "2022-03-30" in found.right


def test_relative_dates_resolve_per_article_before_comparing():
    # Monday in a Monday article and "yesterday" in the Tuesday one are the same day
    assert contradiction("Protesters stormed the ministry building on Monday.",
                         "Protesters stormed the ministry building yesterday.", MON, TUE) is None
    found = contradiction("Protesters stormed the ministry building on Monday.",
                          "Protesters stormed the ministry building on Monday.", MON,
                          date(2022, 4, 19))
    assert found is not None and found.kind == "date"


def test_dates_of_different_things_are_not_compared():
    # the statement's day and the talks' day: both true
    said = "Lavrov said on Monday the talks in Turkey were useless."
    assert contradiction("The talks took place on March 29 in Turkey.", said, MON, TUE) is None


def test_names_in_one_role_must_agree_beyond_spelling():
    found = contradiction("Foreign Minister Sergey Lavrov said talks would continue.",
                          "Foreign Minister Dmytro Kuleba said talks would continue.")
    assert found is not None and found.kind == "name"
    for variant in ("Sergei Lavrov", "Lavor"):
        assert contradiction("Foreign Minister Sergey Lavrov said talks would continue.",
                             f"Foreign Minister {variant} said talks would continue.") is None


def test_negation_and_antonyms_of_the_same_statement_conflict():
    found = contradiction("The minister was killed in the attack.",
                          "The minister was not killed in the attack.")
    assert found is not None and found.kind == "negation"
    found = contradiction("The ministry confirmed the strike on the fuel depot.",
                          "The ministry denied the strike on the fuel depot.")
    assert found is not None and found.kind == "negation"


def test_negation_needs_near_identical_statements():
    # both negate; and a different statement that happens to lack a negation
    assert contradiction("Russia will not pause its military operation during talks.",
                         "Moscow does not plan to pause military operations during talks.") is None
    assert contradiction("Russia will not pause its military operation during future talks.",
                         "Putin had ordered a pause in Russia's assault during talks in late "
                         "February.") is None


def test_odd_input_does_not_break_the_checks():
    for text in ("", "“Unbalanced quote", "7000 years ago", "$", "1,000,000,000,000,000 people",
                 "at least", "On Feb. 30 the 31st happened"):
        contradiction(text, "At least 30 people were killed on Monday.", MON, None)


@pytest.mark.parametrize("a, b", [
    # the other sentence gives the same figure too (of something it words differently)
    ("Employers added 235,000 jobs last month, the Labor Department said.",
     "Payrolls rose by 235,000 in August, down from 943,000 jobs added in July."),
    # a forecast is not a report
    ("The economy added 33,000 new jobs in February.",
     "Economists had estimated 175,000 jobs were added in February."),
    # a per-item figure is not the total
    ("More than 15 million doses of vaccine have been wasted.",
     "Four pharmacy chains reported more than 1 million wasted doses each."),
    # one sentence counts the people gathered, the other those stabbed
    ("More than 100 people were gathered in the home.",
     "A man stormed into the home and stabbed five people."),
])
def test_figures_of_different_things_do_not_conflict(a, b):
    assert contradiction(a, b) is None


def test_figures_of_reports_days_apart_are_updates():
    a, b = "The storm has killed 40 people.", "The storm has killed 95 people."
    assert contradiction(a, b, date(2022, 4, 1), date(2022, 4, 2)) is not None
    assert contradiction(a, b, date(2022, 4, 1), date(2022, 4, 5)) is None


def test_time_spans_add_up_and_points_in_time_are_not_counts():
    assert contradiction("Stone was sentenced to three years and four months in prison.",
                         "Stone was sentenced to 40 months in prison.") is None
    assert contradiction("The goal was met 58 days into his presidency.",
                         "The goal was met within his first 100 days.") is None
    found = contradiction("Senators agreed to raise the debt limit for two months.",
                          "Senators agreed to raise the debt limit for three months.")
    assert found is not None and found.kind == "number"


def test_wording_groups_split_a_conflict_into_its_two_sides():
    """The summary cites a claim's other wordings; for a conflict those of its own side
    only, never the reports that contradict it."""
    import numpy as np

    from storyline.claims import ClaimMap
    from storyline.model import Claim, Sentence
    from storyline.support import SupportIndex

    sents = tuple(Sentence(a, 0, f"{a} says", 0, 6) for a in ("a", "b", "c", "d"))
    index = SupportIndex(sents, np.eye(4, dtype=np.float32), ({}, {}, {}, {}))
    claims = ClaimMap((Claim("x", "conflict", ("a", "b"), ("c",)), Claim("y", "agreed", ("d",))),
                      ((0, 1, 2), (3,)))
    assert claims.wording_groups(index) == [(0, 1), (2,), (3,)]
