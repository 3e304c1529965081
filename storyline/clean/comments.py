"""Reader comment threads: where a page's comments start, so cleaning can cut them.

Scraped blog and article pages (Timeline17 keeps the whole page text in one
paragraph) carry the readers' comment thread after the reporting: hundreds of
opinions that, left in, became "claims" and summary sentences. Each comment
system stamps every comment with the same fixed furniture, which reporting
never writes:

* a header before each comment (BBC blogs): ``At 11:45 pm on 13 Jan 2010, SheffTim
  wrote:`` / ``At 18:40 23rd Mar 2010, jenny wrote:``; BBC "Have your say" debates:
  ``Added: Tuesday, 19 January, 2010, 18:32 GMT 18:32 UK``;
* a footer after each comment: CNN blogs ``March 9, 2011 at 10:31 am | Reply``,
  washingtonpost.com ``Posted by: badsneakers | November 19, 2010 8:55 AM | Report
  abuse``, Reuters ``Mar 15, 2011 8:38 pm EDT -- Report as abuse``, Movable Type
  blogs ``Posted by Sandriana on May 1, 2005 10:03 AM.``

Every marker needs a full timestamp (date and clock time) *and* the system's
wording, so a quote introduced by "wrote:" in an article ("Blogger Troy Livesay,
in Port-au-Prince, wrote: ...") never matches. A thread runs to the end of the
page text: on every Timeline17 page with a marker, what follows the comments is
the page's sidebar (blog blurbs, feeds, tweet widgets), never reporting, and
comments are not told apart one by one (their boundaries are the markers, and a
cut per comment would be hundreds of audit entries that say the same thing). So
the thread is one cut, from its start to the end of the text, rule
``reader-comments``.

Where the thread starts: at the first header; with footers, at the first footer,
unless the site's own heading of its comment section comes before it (Reuters'
"Views expressed in the comments do not represent those of Reuters.", a
washingtonpost.com blog post's closing byline "By Chris Cillizza | May 27, 2010;
2:08 PM ET"), in which case right after the notice, or with the byline.
Otherwise the first comment of a footer thread (the text before its footer) is
kept: nothing marks where the reporting ends and it begins, and a guess would cut
reporting.

BBC "Have your say" debate pages of 2009-2010 stamp their comments with no time at
all: each is signed with the reader's name and place ("Andy Craddock, St Austell,
Cornwall"). There, the site's heading of the list of comments marks the thread
("This debate is now closed.", "A selection of your comments appear below.", "Below
is a selection of your comments.", "We are having serious technical problems with the
usual Have Your Say service ...") and it counts only when a reader's signature
(``Name, Place`` between two sentences, see SIGNATURE) follows it: "This debate is now
closed." also opens a debate's introduction (with timestamped comments after it, which
the header finds first). The thread starts with the heading.
"""

from __future__ import annotations

import re

__all__ = ["has_marker_cue", "thread_start"]

_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_TIME = r"\d{1,2}:\d\d(?: ?[AaPp]\.?[Mm]\.?)?"
_DATE_US = rf"{_MON} \d{{1,2}}, \d{{4}}"  # March 9, 2011

HEADER = re.compile(  # before each comment (BBC blogs)
    rf"\bAt {_TIME},? (?:on )?\d{{1,2}}(?:st|nd|rd|th)? {_MON},? \d{{4}}, "
    r"[^\s,:][^,:]{0,60}? wrote:"
    rf"|\bAdded: [A-Z][a-z]+day, \d{{1,2}} {_MON},? \d{{4}},? {_TIME} GMT\b")  # BBC HYS
FOOTER = re.compile(  # after each comment
    rf"\b{_DATE_US},? at {_TIME} \|(?: Report abuse\b)?(?: \|)?(?: Reply\b)?"  # CNN
    rf"|\bPosted by: [^|\n]{{1,60}}? \| {_DATE_US},? {_TIME} \| Report abuse"  # washingtonpost
    rf"|\b{_MON} \d{{1,2}}, \d{{4}},? {_TIME} (?:[A-Z]{{2,4}} )?-- Report as abuse"  # Reuters
    rf"|\bPosted by [^.\n|]{{1,60}}? on {_DATE_US},? {_TIME}\.")  # Movable Type
# a footer that names the comment system's own buttons; a bare "date at time |" (CNN)
# only counts when the page has at least two footers
_BUTTONS = re.compile(r"\|\s*(?:Reply|Report abuse)|Report as abuse|Posted by")
# the site's heading of its comment section: the thread starts after it (Reuters, whose
# notice the sentence rules cut as comment-form) or with it (a washingtonpost.com blog
# post's closing byline, which has nothing after it but the comments)
SECTION_HEADING = re.compile(
    r"\bViews expressed in the comments do not represent those of [\w.]+\.\s*"
    rf"|\bBy [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){{0,3}} \| {_DATE_US}; {_TIME} ET(?=\s)")

# Where the post ends, on pages whose comment section has no heading (CNN blogs,
# Movable Type): an opinion piece's closing disclaimer ("The views expressed in this
# article are solely those of Micah Zenko."), a Guardian blog post's closing credit
# ("The post was written by Rafael Behr. You can email the author at ..."), a closing
# call for readers' questions ("Send in your questions and don't forget to tell us where
# you're writing from."). The first comment is what lies between it and the first
# footer, when that is short: a post-end wording in the middle of a post (a live blog's
# call-out, with more reporting after it) must not take the reporting with the thread.
POST_END = re.compile(
    r"\b(?:The |These )?(?:views|opinions) expressed (?:in this (?:article|commentary|column|"
    r"post|piece) )?are solely those of [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\.\s*"
    r"|\bThe post was written by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}\. You can e-?mail the "
    r"author at [\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*"
    r"|\b(?:Please )?(?:[Ss]end in|[Ll]eave)(?: all)? your (?:questions|comments)\b[^.?!]{0,120}"
    r"[.?!]\s*")
MAX_FIRST_COMMENT_WORDS = {"disclaimer": 500, "call-out": 150}

# The heading of a BBC "Have your say" list of comments (see the module docstring), and
# a reader's signature after a comment: a name and a place, two to four capitalised
# words each side of a comma, between the end of one sentence and the start of the next
HYS_HEADING = re.compile(
    r"\bThis debate is now closed\.|\b(?:Below is a|Here is a|A) selection of your comments"
    r"(?: to this debate)?(?: (?:appears?|is|are) below)?\."
    r"|\bWe are having serious technical problems with the usual Have Your Say service\b")
_CAP = r"[A-Z][\w'-]+(?: [A-Z][\w'.-]+){0,3}"
SIGNATURE = re.compile(rf"(?<=[.!?'\"”)] ){_CAP}, {_CAP}(?:, {_CAP})?(?=\.? [A-Z]| -|\.?\s*$)")

# Cheap substring tests first: the regexes only run on a paragraph with one of these.
CUES = (" wrote:", " am |", " pm |", " AM |", " PM |", "Report as abuse", "Posted by",
        "Added: ")
HYS_CUES = ("debate is now closed", "selection of your comments", "Have Your Say service")


def has_marker_cue(text: str) -> bool:
    return any(cue in text for cue in CUES)


def thread_start(text: str) -> int | None:
    """Offset in ``text`` where a reader comment thread starts, or None."""
    if not has_marker_cue(text):
        return _hys_list_start(text)
    header = HEADER.search(text)
    footers = list(FOOTER.finditer(text))
    if len(footers) == 1 and not _BUTTONS.search(footers[0].group()):
        footers = []
    first = min([m.start() for m in ([header] if header else []) + footers[:1]], default=None)
    if first is None:
        return _hys_list_start(text)
    if header and first == header.start():
        return first
    headings = list(SECTION_HEADING.finditer(text, 0, first))
    if not headings:
        return _after_post_end(text, first)
    last = headings[-1]
    return last.start() if last.group().startswith("By ") else last.end()


def _hys_list_start(text: str) -> int | None:
    """Where a BBC "Have your say" list of signed comments starts: at its heading, when
    a reader's signature follows it (see the module docstring)."""
    if not any(cue in text for cue in HYS_CUES):
        return None
    for heading in HYS_HEADING.finditer(text):
        if SIGNATURE.search(text, heading.end()):
            return heading.start()
    return None


def _after_post_end(text: str, first: int) -> int:
    """The thread's start on a page without a comment-section heading: right after the
    post's closing words (POST_END) when the first comment between them and the first
    footer is short, else the first footer (the first comment is kept)."""
    ends = list(POST_END.finditer(text, 0, first))
    if not ends:
        return first
    last = ends[-1]
    kind = "call-out" if last.group().lstrip().lower().startswith(("please", "send", "leave")) \
        else "disclaimer"
    if len(text[last.end():first].split()) > MAX_FIRST_COMMENT_WORDS[kind]:
        return first
    return last.end()
