"""A BBC or Guardian page's date-and-clock stamp glued into the first paragraph.

Scraped as one paragraph (Timeline17), a BBC page starts "24 June 2010 Last updated at
14:59 GMT Help A year on from ...", and a Guardian page puts its headline, standfirst and
stamp before the lead: "... both spend on slaughter Tuesday 4 January 2005 08.43 GMT
There has never been a moment like it ...". Left in, the stamp opened the lead sentence
(and the headline before it was glued to the lead as one "sentence"), so the summary,
the timeline and the entities each had to drop it (``compress._STAMP``, "GMT" as an
organisation).

:func:`find_clock_stamp` finds the stamp with a strict pattern (a day, a month name, a
four-digit year *and* a clock time with a time zone, or BBC's "Last updated at" form)
within the first :data:`MAX_PREFIX_WORDS` words of the paragraph. ``storyline.clean``
cuts it as ``page-stamp`` and makes the text before it a line of its own (a headline is
then read as the title by the header rules; a longer header block stays in the body as
its own paragraph, no longer glued to the lead). Only the stamp is cut: the rule never
decides what the text around it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_PREFIX_WORDS", "ClockStamp", "find_clock_stamp"]

# The longest Guardian headline + standfirst seen before the stamp on T17 is under 60
# words; a stamp further in is a letter's or a comment's, not the page's.
MAX_PREFIX_WORDS = 70

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December)")
_ZONES = ("GMT", "BST", "UTC", "CET", "EST", "EDT")  # CEST contains CET
_ZONE = r"(?:GMT|BST|UTC|CET|CEST|EST|EDT)"
_STAMP = re.compile(
    rf"(?:(?P<label>Last\s+updated:?)\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?P<date>\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}})\s*(?:-\s*)?"
    r"(?:(?P<updated>Last\s+updated\s+at)\s+)?\d{1,2}[:.]\d{2}\s*"
    rf"{_ZONE}\b(?:\s+Help\b)?")


@dataclass(frozen=True)
class ClockStamp:
    start: int  # offsets in the paragraph
    end: int
    date: str  # "24 June 2010"
    updated: bool  # BBC's "Last updated at": the date of the last update


def find_clock_stamp(paragraph: str) -> ClockStamp | None:
    """The page stamp near the start of ``paragraph``, or None."""
    head = paragraph[:1200]
    if not any(zone in head for zone in _ZONES):  # most paragraphs: no regex at all
        return None
    m = _STAMP.search(head)
    if m is None or len(head[:m.start()].split()) > MAX_PREFIX_WORDS:
        return None
    if m.start() > 0 and not head[m.start() - 1].isspace():
        return None
    return ClockStamp(m.start(), m.end(), re.sub(r"\s+", " ", m.group("date")),
                      bool(m.group("label") or m.group("updated")))
