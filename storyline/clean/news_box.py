"""The "From other news sites" box of a BBC page, glued to the end of the article.

BBC News pages of 2009-2010 closed with a box of other outlets' headlines on the
same story, each stamped with its age: ``CBC Oil spill reaches New Orleans and
Texas - 17 hrs ago Miami Herald Oil's fingers reach ... - 23 hrs ago ...``.
Scraped as one paragraph (Timeline17's ``*_bbc`` topics), the box is glued to the
last sentence of reporting, and its headlines became claims and summary
sentences about the story.

The ``- N hrs ago`` stamp is what reporting never writes (a dash, a count, a unit
and "ago", with nothing after it but the next item). The box is cut only when it
closes the paragraph: from the start of the sentence that holds the first stamp
(the first item's outlet name is glued to the end of the reporting, so the
sentence boundary before it is where the box can be told to start) to the end of
the text, when what follows the last stamp is short (the next item's outlet name,
"Guardian.", or one unstamped item or promo). A stamp inside a longer run of text
is left alone.
"""

from __future__ import annotations

import itertools
import re

from storyline.sentences import sentence_spans

__all__ = ["news_box"]

STAMP = re.compile(r"\s[-–—]\s\d{1,3}\s(?:hrs?|hours?|mins?|minutes?|days?)\sago\b")
MAX_GAP_WORDS = 40  # words between two stamps: one headline and its outlet
MAX_TAIL_WORDS = 12  # words after the last stamp: an outlet name or one more item
MAX_FRAGMENT_WORDS = 3  # "Telegraph." "co." before the first item: the splitter's cuts


def news_box(text: str) -> int | None:
    """Where a closing box of other sites' headlines starts in ``text``, or None."""
    if " ago" not in text:
        return None
    stamps = list(STAMP.finditer(text))
    if not stamps:
        return None
    if len(text[stamps[-1].end():].split()) > MAX_TAIL_WORDS:
        return None
    if any(len(text[a.end():b.start()].split()) > MAX_GAP_WORDS
           for a, b in itertools.pairwise(stamps)):
        return None
    first = stamps[0].start()
    spans = sentence_spans(text)
    index = next((i for i, (a, b) in enumerate(spans) if a <= first < b), None)
    if index is None:
        return None
    # a site name the splitter cut at its dots ("Telegraph. co. uk Scientists warn ...")
    while index > 0 and len(text[spans[index - 1][0]:spans[index - 1][1]].split()) \
            <= MAX_FRAGMENT_WORDS:
        index -= 1
    start = spans[index][0]
    if len(text[start:first].split()) > MAX_GAP_WORDS:
        return None
    return start
