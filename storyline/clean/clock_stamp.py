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

__all__ = ["MAX_PREFIX_WORDS", "STAMP", "ClockStamp", "find_clock_stamp", "labelled_stamps"]

# The longest Guardian headline + standfirst seen before the stamp on T17 is under 60
# words; a stamp further in is a letter's or a comment's, not the page's.
MAX_PREFIX_WORDS = 70

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December)")
_ZONES = ("GMT", "BST", "UTC", "CET", "EST", "EDT")  # CEST contains CET
_ZONE = r"(?:GMT|BST|UTC|CET|CEST|EST|EDT)"
# The stamp itself, unanchored. compress.py anchors it at a sentence's start, for text
# that was never cleaned (the T17 timeline evaluation reads the articles as given).
STAMP = re.compile(
    rf"(?:(?P<label>Last\s+updated:?)\s+)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?P<date>\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}})\s*(?:-\s*)?"
    r"(?:(?P<updated>Last\s+updated\s+at)\s+)?\d{1,2}[:.]\d{2}\s*"
    rf"{_ZONE}\b(?:\s+Help\b)?")


_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# BBC's older stamp, clock first: "Page last updated at 13:13 GMT, Wednesday, 24 August
# 2011 14:13 UK" (the UK clock is missing on some pages); the date of the last update.
_BBC_UPDATED = re.compile(
    rf"Page\s+last\s+updated\s+at\s+\d{{1,2}}:\d{{2}}\s+GMT,?\s+{_WEEKDAY},?\s+"
    rf"(?P<date>\d{{1,2}}\s+{_MONTHS},?\s+\d{{4}})(?:\s+\d{{1,2}}:\d{{2}}\s+UK\b)?")
# BBC's short stamp with a two-digit year, opening the page: "07 February 12 00:35 GMT".
_BBC_SHORT = re.compile(
    rf"(?P<day>\d{{2}})\s+(?P<month>{_MONTHS})\s+(?P<year>\d{{2}})\s+\d{{1,2}}:\d{{2}}\s+"
    r"(?:GMT|BST)\b")
# A BBC debate page's own stamp, wherever it sits (a "Have your say" page prints it after
# the debate's introduction, before the readers' comments): "Published: Monday, 18
# January, 2010, 15:33 GMT 15:33 UK". The label, a weekday and the paired GMT and UK
# clocks make it a page stamp anywhere; reporting never writes a time twice like this.
_BBC_LABELLED = re.compile(
    rf"(?<!\S)(?P<label>Published|Page\s+last\s+updated\s+at|Last\s+updated):?\s+"
    rf"(?:\d{{1,2}}:\d{{2}}\s+GMT,?\s+)?{_WEEKDAY},?\s+"
    rf"(?P<date>\d{{1,2}}\s+{_MONTHS}),?\s+(?P<year>\d{{4}}),?"
    r"(?:\s+\d{1,2}:\d{2}\s+GMT)?\s+\d{1,2}:\d{2}\s+UK\b")


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
    m = STAMP.search(head) or _BBC_UPDATED.search(head)
    if m is None:
        short = _BBC_SHORT.match(head)
        if short is None:
            return None
        date = f"{short.group('day')} {short.group('month')} 20{short.group('year')}"
        return ClockStamp(0, short.end(), date, False)
    if len(head[:m.start()].split()) > MAX_PREFIX_WORDS:
        return None
    if m.start() > 0 and not head[m.start() - 1].isspace():
        return None
    updated = m.re is _BBC_UPDATED or bool(m.group("label") or m.group("updated"))
    return ClockStamp(m.start(), m.end(), re.sub(r"\s+", " ", m.group("date")), updated)


def labelled_stamps(paragraph: str) -> list[ClockStamp]:
    """BBC's labelled stamps with paired GMT and UK clocks anywhere in ``paragraph``
    ("Published: Monday, 18 January, 2010, 15:33 GMT 15:33 UK")."""
    if " UK" not in paragraph or "GMT" not in paragraph:
        return []
    return [ClockStamp(m.start(), m.end(), f"{m.group('date')} {m.group('year')}",
                       not m.group("label").startswith("Published"))
            for m in _BBC_LABELLED.finditer(paragraph)]
