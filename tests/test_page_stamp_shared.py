"""The page stamp that cleaning cuts is the one compress drops from uncleaned text."""

from storyline.clean.clock_stamp import find_clock_stamp
from storyline.compress import without_dateline

LEAD = "BP has agreed to set up a $20bn fund to pay compensation claims."


def test_compress_drops_every_stamp_cleaning_cuts_at_a_sentence_start():
    for stamp in ("24 June 2010 Last updated at 14:59 GMT Help",
                  "Thursday 10 March 2005 13.55 GMT",
                  "Last updated: 3 August 2012 - 05:55 BST",
                  "Friday 4 June 2010 09.12 CEST"):  # CEST: once only cleaning's
        found = find_clock_stamp(f"{stamp} {LEAD}")
        assert found is not None and found.start == 0, stamp
        assert without_dateline(f"{stamp} {LEAD}") == LEAD, stamp


def test_compress_keeps_a_date_without_a_clock_or_inside_a_sentence():
    lowered = LEAD[0].lower() + LEAD[1:]
    for text in (f"24 June 2010 {LEAD}", f"On 24 June 2010 at 14:59 GMT, {lowered}"):
        assert without_dateline(text) == text
