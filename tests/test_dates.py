from datetime import date

import pytest

from storyline.dates import DateRange, find_dates, nearest_year, normalize_date, resolve, shift

REF = date(2022, 4, 12)  # a Tuesday


def one(text):
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, kind, expected", [
    ("on Feb. 24", "month_day", date(2022, 2, 24)),
    ("on February 24, 2021", "month_day", date(2021, 2, 24)),
    ("on 24 February", "day_month", date(2022, 2, 24)),
    ("2022-03-29", "iso", date(2022, 3, 29)),
    ("3/21/2022", "numeric", date(2022, 3, 21)),
    ("said on Monday", "weekday", date(2022, 4, 11)),
    ("said yesterday", "relative", date(2022, 4, 11)),
    ("three days ago", "relative", date(2022, 4, 9)),
])
def test_days_resolve_against_the_reference(text, kind, expected):
    mention = one(text)
    assert mention.kind == kind
    assert resolve(mention, REF) == DateRange(expected, expected)


def test_periods_are_ranges():
    late = resolve(one("in late February"), REF)
    assert late == DateRange(date(2022, 2, 21), date(2022, 2, 28))
    early = resolve(one("early April"), REF)
    assert early == DateRange(date(2022, 4, 1), date(2022, 4, 10))
    assert resolve(one("last week"), REF) == DateRange(date(2022, 4, 4), date(2022, 4, 10))
    assert resolve(one("earlier this month"), REF) == DateRange(date(2022, 4, 1), REF)


def test_a_date_without_year_takes_the_nearest_past_year():
    assert nearest_year(12, 5, date(2022, 1, 10)) == date(2021, 12, 5)
    assert nearest_year(2, 24, date(2022, 4, 11)) == date(2022, 2, 24)


def test_future_weekday_points_forward():
    mention = one("talks will resume on Friday")
    assert mention.future
    assert resolve(mention, REF).start == date(2022, 4, 15)


def test_lowercase_may_is_not_a_month():
    assert find_dates("prices may 20 percent higher") == []
    assert one("on May 20").kind == "month_day"


def test_without_reference_relative_dates_stay_unresolved():
    assert resolve(one("on Monday"), None) is None
    assert resolve(one("Feb. 24"), None) is None


@pytest.mark.parametrize("raw, iso", [
    ("2022-04-12", "2022-04-12"),
    ("2022-04-12T10:15:00Z", "2022-04-12T10:15:00Z"),
    ("3/21/2022", "2022-03-21"),
    ("March 21, 2022", "2022-03-21"),
    ("Mon, 21 Mar 2022 10:15:00 GMT", "2022-03-21"),
    ("not a date", None),
    ("2022-02-30", None),
    ("", None),
])
def test_normalize_date(raw, iso):
    assert normalize_date(raw) == iso


def test_shift_clamps_month_ends():
    assert shift(date(2022, 1, 31), 1, "months") == date(2022, 2, 28)
    assert shift(date(2022, 2, 24), 6, "weeks") == date(2022, 4, 7)


def test_by_as_an_agent_does_not_send_a_date_forward():
    # "leased by BP ... on 20 April" in a June article is this year's April, not next
    text = "a drilling rig leased by BP exploded on 20 April, killing 11 workers"
    mention = one(text)
    assert not mention.future
    assert resolve(mention, date(2010, 6, 16)).start == date(2010, 4, 20)


def test_by_and_until_right_before_a_date_point_forward():
    assert one("schools stay closed until 6 May").future
    assert one("a decision is needed by the end of June").future
    assert one("the storm could reach the spill area by early on Saturday").future
    assert resolve(one("the fund must pay out by March 3"), date(2010, 6, 16)).start == \
        date(2011, 3, 3)


def test_a_day_with_a_year_before_1900_keeps_it():
    """A chronology of past quakes (T17 haiti_bbc): "8 Feb 1843" is not this February."""
    assert resolve(one("8 Feb 1843: Leeward Islands."), REF) == \
        DateRange(date(1843, 2, 8), date(1843, 2, 8))
    assert resolve(one("born on May 2, 1787"), REF).start == date(1787, 5, 2)


def test_expected_to_have_looks_back():
    """"Thousands are expected to have died in Tuesday's earthquake" (T17 haiti_bbc)."""
    m = one("Thousands are expected to have died in Monday's earthquake.")
    assert resolve(m, REF) == DateRange(date(2022, 4, 11), date(2022, 4, 11))
    assert one("The vote is expected on Thursday.").future


def test_a_weekday_joined_to_a_future_one_points_forward_too():
    """"into Haiti by Thursday or Friday" (T17 haiti_bbc): the cue is before the first."""
    first, second = find_dates("They hoped to get supplies in by Thursday or Friday.")
    assert first.future and second.future
    assert resolve(second, REF) == DateRange(date(2022, 4, 15), date(2022, 4, 15))
    a, b = find_dates("It rained on Monday and on Tuesday the sun came out.")
    assert not a.future and not b.future


def test_years_and_months_ago_are_that_year_or_month():
    """"The last major earthquake here was 150 years ago" is no particular day."""
    assert resolve(one("150 years ago"), REF) == DateRange(date(1872, 1, 1), date(1872, 12, 31))
    assert resolve(one("18 months ago"), REF) == DateRange(date(2020, 10, 1), date(2020, 10, 31))
    assert resolve(one("a year ago"), REF) == DateRange(date(2021, 4, 12), date(2021, 4, 12))
    assert resolve(one("32 years ago today"), REF) == \
        DateRange(date(1990, 4, 12), date(1990, 4, 12))


def test_a_date_with_a_clock_time_is_a_stamp():
    """The Guardian stamps "Thursday 28 April 2005 12.48 BST" (T17 IraqWar_guardian):
    no happening, and no anchor for "less than two weeks before the war"."""
    from storyline.dates import is_timestamp

    text = "Thursday 28 April 2005 12.48 BST Tony Blair was told of the advice."
    stamps = [m for m in find_dates(text) if is_timestamp(text, m)]
    assert [m.text for m in stamps] == ["Thursday", "28 April 2005"]
    assert is_timestamp("Apr 30, 2010 3:26 pm EDT", one("Apr 30, 2010 3:26 pm EDT"))
    text = "The advice of March 7 2003 1.5 million people read."
    assert not any(is_timestamp(text, m) for m in find_dates(text))


def test_a_day_that_names_a_group_is_no_date():
    """"the staunchly anti-Syrian “March 14th” faction" (T17 SyrianCrisis_bbc)."""
    assert not find_dates("loyal to the staunchly anti-Syrian “March 14th” faction")
    assert not find_dates("Mohammed Adel, of the April 6 Youth group, said so.")
    assert not find_dates("He praised the 17th February revolution.")
    assert one("On March 14 the coalition met.").text == "March 14"


def test_by_after_a_past_participle_is_an_agent_even_right_before_the_date():
    """"may have been killed by Tuesday's earthquake" (T17 haiti_bbc)."""
    assert not one("100,000 may have been killed by Monday's earthquake.").future
    assert one("The pipe should be usable by Friday.").future
    assert one("Talks must end by Friday.").future
    assert one("The leak could be contained by Monday.").future
