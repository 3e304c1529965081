"""The page header glued to the lead of a wire-service page scraped as one paragraph.

A wire page (Reuters here) prints a stamp, ``TRIPOLI | Mon Feb 21, 2011 6:51 pm EST``,
right before the dateline of the story, and above it the page's header block: a
promo for another story ending in "Full Article", the story's own headline, a
photo caption and its credit, an editor's note, the byline. Scraped as one
paragraph (feed dumps, Timeline17), all of it is glued to the lead, so the stamp
became the story's title, captions became claims and two copies of one story
"disagreed" on the date in their stamps.

:func:`find_page_header` finds the stamp with a strict pattern (the pipe, a
weekday, a date, a time and a time zone, within the first words of the
paragraph) and reads the text before it piece by piece. It only *classifies*;
``storyline.clean`` records the cuts with their raw offsets and keeps the
metadata (published date, title, author). A piece that reads as reporting (a
standfirst sentence) is kept: only pieces with a positive sign of furniture are
cut, and a piece nothing recognises stays in the body.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from storyline.clean import rules as r
from storyline.sentences import sentence_spans

__all__ = ["MAX_PREFIX_WORDS", "PageHeader", "Piece", "find_page_header"]

# The stamp must start within this many words of the paragraph (the longest
# header block seen in front of it on Timeline17 is 136 words: promo + headline
# + a two-sentence caption).
MAX_PREFIX_WORDS = 150

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# " | Mon Feb 21, 2011 6:51 pm EST": the part after the city, matched first (cheap).
_STAMP_TAIL = re.compile(
    rf"\s*\|\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(?P<date>{_MONTH}\s+\d{{1,2}},\s+\d{{4}})"
    r"\s+\d{1,2}:\d{2}\s*[ap]m\s+[A-Z]{2,5}\b")
# The city in capitals, maybe with its region ("BENGHAZI, Libya"), maybe several
# ("BENGHAZI, Libya/AGADEZ, Niger"); "REUTERS TV" of a video credit is not a city.
_CITY_WORD = r"(?<![\w'’.-])(?!(?:REUTERS|TV)\b)[A-Z][A-Z.'’-]+"
_CITY_ONE = rf"{_CITY_WORD}(?:\s+{_CITY_WORD})*(?:,\s*[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+)?)?"
_MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
               r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DAY = rf"{_MONTH_NAME}\.?\s+\d{{1,2}}"
# the place, as the dateline writes it: "KUALA LUMPUR, April 27", "BIRMINGHAM, Ala.,",
# or only the day ("June 30 | ... June 30 (Reuters) - Following are ...")
_CITY = re.compile(rf"(?:{_CITY_ONE}(?:\s*/\s*{_CITY_ONE})*(?:,?\s*{_DAY})?|"
                   rf"(?<![\w'’.-]){_DAY}),?$")
_CITY_WINDOW = 90  # characters before the pipe searched for the city

_FULL_ARTICLE = re.compile(r"\bFull Article\b")
_BY = re.compile(r"(?<![\w'’])By\s+(?=[A-Z])")
_CREDIT_START = re.compile(r"(?<!NOTE:)\s+(?=Credit:)")
_EDITOR_NOTE = re.compile(r"^EDITOR'?’?S NOTE\b", re.IGNORECASE)
_CREDIT = re.compile(r"^Credit\s*:")
# "S. Goldsmith/Centers for Disease Control/Handout", "REUTERS/Social Media Website via
# Reuters TV": an agency credit without its "Credit:" label.
_SLASH_CREDIT = re.compile(r"[A-Za-z.]/\s?[A-Z]")
_CREDIT_WORD = re.compile(r"\b(?:Handout|via|Reuters|REUTERS|TV|Files?|Pool|AFP|AP)\b")
# A Reuters caption ends with the day the photo was taken: "... in Osaka May 15, 2009."
# or "... in this August 30, 2010 file photo."
_CAPTION_END = re.compile(
    rf"\b{_DAY},?\s*\d{{4}}"
    r"(?:\s+(?:file\s+)?photo(?:graph)?)?\s*\.[\"”’]?$")
# Other signs of a caption: "in this undated/handout photograph", "video frame grab",
# "Picture taken ...", "The banner reads ...", a position marker "(L)", "(2nd R)".
_CAPTION_CUE = re.compile(
    r"\bin this\b[^.]{0,60}\b(?:photo(?:graph)?|picture|image|still|video|frame grab)\b|"
    r"\bframe grab\b|^Picture taken\b|^(?:The\s+)?(?:[Bb]anner|[Pp]oster|[Ss]ign|[Pp]lacard)s?\b"
    r"(?:\s*\([^)]{1,12}\))?\s+reads?\b|\((?:\d\w\w\s+)?(?:top\s+|bottom\s+)?[LRC]\)")
# Reporting attributes; a caption describes. "... the official said on September 19, 2010."
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according to)\b")
# Ends a sentence, unlike "...: U.S." (an abbreviation), a closing quote after a word
# ("... Arab “wolves”") or a gallery counter ("... action 1 of 2.").
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_NOT_TERMINAL = re.compile(r"(?:^|\s)(?:[A-Z]\.){2,}$|\b\d+ of \d+\.$")


@dataclass(frozen=True)
class Piece:
    """A span of the paragraph (``start``/``end`` offsets, stripped) and what it is.

    ``rule`` is the removal rule (None: kept in the body); ``kind`` is finer, for
    the audit and the benchmark ("promo", "headline", "byline", "caption",
    "credit", "editor-note", "stamp", "standfirst", "other").
    """

    start: int
    end: int
    kind: str
    rule: str | None
    value: str | None = None  # the title, author or date text this piece yields


@dataclass(frozen=True)
class PageHeader:
    pieces: tuple[Piece, ...]  # in text order, ending with the stamp

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    @property
    def published(self) -> str:
        """The stamp's date, "Feb 21, 2011" (the stamp piece's value)."""
        return self.pieces[-1].value or ""


def find_page_header(text: str) -> PageHeader | None:
    """The page stamp near the start of ``text`` and the header pieces before it."""
    if "|" not in text:
        return None
    tail = _STAMP_TAIL.search(text)
    if tail is None or len(text[:tail.start()].split()) > MAX_PREFIX_WORDS + 8:
        return None
    city_start = _city_start(text, tail.start(), tail.end())
    if city_start is None or len(text[:city_start].split()) > MAX_PREFIX_WORDS:
        return None
    stamp = Piece(city_start, tail.end(), "stamp", "page-stamp", tail.group("date"))
    return PageHeader((*_prefix_pieces(text, city_start), stamp))


def _city_start(text: str, pipe: int, stamp_end: int) -> int | None:
    """Where the stamp's city starts, trimmed to the city the dateline repeats."""
    window_start = max(0, pipe - _CITY_WINDOW)
    m = _CITY.search(text[window_start:pipe].rstrip())
    if m is None:
        return None
    start = window_start + m.start()
    city = text[start:pipe].rstrip()
    after = text[stamp_end:].lstrip()
    if after.startswith(city):
        return start
    # "recover: WHO GENEVA | ... GENEVA (Reuters)": the headline's last word in
    # capitals is not part of the city the dateline names.
    for tok in re.finditer(r"\S+", city):
        if tok.start() and after.startswith(city[tok.start():]):
            return start + tok.start()
    return start


def _prefix_pieces(text: str, end: int) -> list[Piece]:
    """Split the text before the stamp into header pieces and classify each."""
    prefix = text[:end].rstrip()
    if not prefix.strip():
        return []
    pieces: list[Piece] = []
    pos = _skip_space(prefix, 0)
    promo = max(_FULL_ARTICLE.finditer(prefix), key=lambda m: m.start(), default=None)
    if promo is not None:
        pieces.append(Piece(pos, promo.end(), "promo", "promo-headline"))
        pos = _skip_space(prefix, promo.end())
    byline_at = len(prefix)
    for m in _BY.finditer(prefix, pos):
        name = r.byline_name(prefix[m.start():])
        if name and len(prefix[m.start():].split()) <= 14:
            byline_at = m.start()
            break
    spans = _middle_spans(prefix, pos, byline_at)
    pieces += _classify(prefix, spans)
    if byline_at < len(prefix):
        pieces.append(Piece(byline_at, len(prefix), "byline", "byline",
                            r.byline_name(prefix[byline_at:])))
    return pieces


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _middle_spans(prefix: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of prefix[start:end], further split before a "Credit:" label."""
    out: list[tuple[int, int]] = []
    segment = prefix[start:end]
    if not segment.strip():
        return out
    for a, b in sentence_spans(segment):
        cuts = [a] + [a + m.end() for m in _CREDIT_START.finditer(segment[a:b])] + [b]
        for x, y in itertools.pairwise(cuts):
            piece = segment[x:y]
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            if stripped:
                out.append((start + x + lead, start + x + lead + len(stripped)))
    # "U.S." + "Secretary of State ...": the splitter cut after an abbreviation
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and len(prefix[merged[-1][0]:merged[-1][1]].split()) <= 2:
            a = merged.pop()[0]
        merged.append((a, b))
    return merged


def _classify(prefix: str, spans: list[tuple[int, int]]) -> list[Piece]:
    texts = [prefix[a:b] for a, b in spans]
    kinds = [_furniture(text) for text in texts]
    # The headline: the last piece that is not a caption, credit or note, when it does
    # not end a sentence (a question only as the first piece, after a promo:
    # "SCENARIOS - Ivory Coast heading back towards civil war?").
    content = [i for i, (kind, _) in enumerate(kinds) if kind == "other"]
    if content and _headline(texts[content[-1]], first=content[-1] == 0):
        i = content[-1]
        kinds[i] = ("headline", "title")
        # "Only a flight away? Swine flu followed route map": the splitter cut it in two
        if i and kinds[i - 1][0] == "other" and texts[i - 1].endswith("?") \
                and len(texts[i - 1].split()) <= 10:
            spans[i - 1:i + 1] = [(spans[i - 1][0], spans[i][1])]
            kinds[i - 1:i + 1] = [kinds[i]]
    out = []
    for (a, b), (kind, rule) in zip(spans, kinds, strict=True):
        if kind == "other" and _ends_sentence(prefix[a:b]):
            kind = "standfirst"
        out.append(Piece(a, b, kind, rule, prefix[a:b] if kind == "headline" else None))
    return out


def _headline(text: str, first: bool) -> bool:
    n = len(text.split())
    question = first and text.endswith("?") and n <= 20
    return ((not _ends_sentence(text) or question) and 3 <= n <= 25
            and not text.endswith((",", ";", "-", ":")) and "(Reuters" not in text)


def _ends_sentence(piece: str) -> bool:
    piece = piece.rstrip()
    return bool(_TERMINAL.search(piece)) and not _NOT_TERMINAL.search(piece)


def _furniture(piece: str) -> tuple[str, str | None]:
    """(kind, rule) of a piece by its own signs; ("other", None) when there are none."""
    if _EDITOR_NOTE.match(piece):
        return "editor-note", "site-notice"
    if _CREDIT.match(piece) or (not _ends_sentence(piece) and len(piece.split()) <= 16
                                and _SLASH_CREDIT.search(piece) and _CREDIT_WORD.search(piece)):
        return "credit", "photo-caption"
    if (_CAPTION_END.search(piece) or _CAPTION_CUE.search(piece) or r.photo_caption(piece)) \
            and not _ATTRIBUTION.search(piece):
        return "caption", "photo-caption"
    return "other", None
