"""Cleaning: the article body without page furniture, and an audit of every cut.

Works line by line on ``Article.raw_text``. A plain-text file first has its
header read (title, byline, date lines, kept as metadata); then every line is
checked against the furniture rules in :mod:`storyline.clean.rules`, in a fixed
order, and the first rule that matches removes the line with its reason. Then the
kept paragraphs are split into sentences and a sentence that is furniture glued
into a paragraph is cut (:mod:`storyline.clean.sentence_rules`), and a reader
comment thread is cut from its first comment to the end of the text
(:mod:`storyline.clean.comments`). Every
removed span keeps its offsets in the raw text, so the audit can be shown in
place and nothing is lost: ``raw_text`` is the union of the body and the spans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from storyline.clean import comments as rc
from storyline.clean import dateline_caption as dc
from storyline.clean import news_box as nb
from storyline.clean import player_notice as pn
from storyline.clean import rules as r
from storyline.clean import sentence_rules as sr
from storyline.clean import template_residue as tr
from storyline.clean.boilerplate import remove_outlet_boilerplate
from storyline.clean.clock_stamp import ClockStamp, find_clock_stamp, labelled_stamps
from storyline.clean.cnn_header import find_cnn_header
from storyline.clean.page_header import find_page_header
from storyline.dates import normalize_date
from storyline.model import Article, Evidence, RemovedSpan

__all__ = ["clean_article", "clean_batch"]

HEADER_LINES = 12
TAIL_LINES = 6


@dataclass
class Line:
    start: int  # offsets of the stripped text in raw_text
    end: int
    text: str
    blank_after: bool = False


@dataclass
class _State:
    title: str | None
    author: str | None
    published: tuple[str, str] | None = None  # (iso, evidence text)
    label: str | None = None  # a date label line ("Updated:") waiting for its date
    bare_names: bool = False  # a bare name line is a byline (plain text only)
    dated: bool = False  # the article came with a published date
    raw: str = ""  # the article's raw text: a cut inside a line records its raw offsets
    removed: list[RemovedSpan] = field(default_factory=list)
    kept: list[Line] = field(default_factory=list)
    captions: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    def cut(self, line: Line, rule: str, kept_as: str | None = None,
            start: int | None = None, end: int | None = None, text: str | None = None) -> None:
        start = line.start if start is None else start
        end = line.end if end is None else end
        self.removed.append(RemovedSpan(text if text is not None else line.text,
                                        rule, start, end, kept_as))


def split_lines(raw: str) -> list[Line]:
    """Non-empty lines with offsets; hard-wrapped paragraphs are joined first."""
    lines: list[Line] = []
    pos = 0
    for chunk in raw.split("\n"):
        stripped = chunk.strip()
        if stripped:
            start = pos + (len(chunk) - len(chunk.lstrip()))
            lines.append(Line(start, start + len(stripped), stripped))
        elif lines:
            lines[-1].blank_after = True
        pos += len(chunk) + 1
    return _unwrap(lines, raw)


def _unwrap(lines: list[Line], raw: str) -> list[Line]:
    """Join the lines of paragraphs that were hard-wrapped at a fixed width."""
    blocks: list[list[Line]] = [[]]
    for line in lines:
        blocks[-1].append(line)
        if line.blank_after:
            blocks.append([])
    out: list[Line] = []
    for block in blocks:
        if _hard_wrapped(block):
            text = " ".join(line.text for line in block)
            out.append(Line(block[0].start, block[-1].end, text, block[-1].blank_after))
        else:
            out.extend(block)
    return out


def _hard_wrapped(block: list[Line]) -> bool:
    if len(block) < 3:
        return False
    inner = block[:-1]
    widths = [len(line.text) for line in inner]
    regular = sum(1 for w in widths if 50 <= w <= 100) / len(inner)
    open_ended = sum(1 for line in inner if not r.ends_sentence(line.text)) / len(inner)
    return regular >= 0.7 and open_ended >= 0.5 and max(widths) - min(widths) <= 40


def _read_header(lines: list[Line], state: _State, find_title: bool) -> int:
    """Consume title, byline and date lines at the top; return the first body index."""
    i = 0
    if find_title and lines:
        i = _read_title(lines, state)
    limit = min(len(lines), i + HEADER_LINES)
    while i < limit:
        line = lines[i]
        if not _header_line(line, state):
            break
        i += 1
    return i


def _read_title(lines: list[Line], state: _State) -> int:
    first = lines[0]
    _cut_date_prefix(first, state)
    if first.text and r.title_like(first.text, first.blank_after or len(lines) == 1):
        state.title = first.text
        state.cut(first, "title", kept_as="title")
        return 1
    return 0


def _cut_date_prefix(line: Line, state: _State) -> None:
    """``date 2022-04-12 Russian Foreign Minister ...``: the prefix is metadata."""
    m = r.DATE_PREFIX.match(line.text)
    if not m:
        return
    state.cut(line, "date-line", "published", line.start, line.start + m.end(),
              line.text[:m.end()].strip())
    _set_published(state, m.group("date"), line.text[:m.end()].strip())
    line.start += m.end()
    line.text = line.text[m.end():]


def _header_line(line: Line, state: _State) -> bool:
    text = line.text
    if state.title and r.normalized(text) == r.normalized(state.title):
        state.cut(line, "repeated-title")
        return True
    dated = r.date_line(text)
    if dated is not None:
        label, found = dated
        label = label or state.label
        state.label = None if found else label
        updated = label in ("updated", "last updated", "modified", "last modified")
        if found and not updated:
            _set_published(state, found, text)
        state.cut(line, "date-line", ("updated" if updated else "published") if found else None)
        return True
    if r.long_line(text):  # a one-paragraph article: never cut whole (rules.LONG_LINE_WORDS)
        _cut_byline_prefix(line, state)
        return False
    name = r.byline_name(text) or (text if state.bare_names and r.bare_name(text) else None)
    if name:
        state.author = state.author or name
        state.cut(line, "byline", kept_as="author")
        return True
    if r.photo_caption(text):
        state.captions.add(r.normalized(text))
        state.cut(line, "photo-caption")
        return True
    # a standfirst or kicker (short, no full stop) may sit between title and body
    return not r.is_body_like(text) and len(r.words(text)) < 25 and _keep(line, state)


def _cut_byline_prefix(line: Line, state: _State) -> None:
    """``By Jane Doe, CNN Amid flames ...``: cut the byline, keep the paragraph."""
    found = r.byline_prefix(line.text)
    if found is None:
        return
    end, author = found
    state.author = state.author or author
    to_raw = _offset_map(line, state.raw)
    raw_end = to_raw(end - 1) + 1
    state.cut(line, "byline", "author", line.start, raw_end, state.raw[line.start:raw_end])
    rest = line.text[end:]
    skip = len(rest) - len(rest.lstrip(" ,-—–"))
    line.start = to_raw(end + skip)
    line.text = rest[skip:]


def _keep(line: Line, state: _State) -> bool:
    state.kept.append(line)
    state.seen.add(r.normalized(line.text))
    return True


def _set_published(state: _State, found: str, evidence: str) -> None:
    if state.published is None:
        iso = normalize_date(found)
        if iso:
            state.published = (iso, evidence)


# Rules in the order they are tried; each is (rule id, predicate on line text).
_SIMPLE_RULES: list[tuple[str, Callable[[str], bool]]] = [
    ("comment-form", lambda t: bool(r.COMMENT_FORM.search(t))),
    ("read-more", r.read_more),
    ("promo-headline", r.promo_headline),
    ("share-buttons", r.share_buttons),
    ("social-handle", r.social_handle),
    ("newsletter-promo", r.newsletter_promo),
    ("credit-line", r.credit_line),
    ("copyright", r.copyright_line),
    ("date-line", r.metadata_line),
]


def _body_line(line: Line, index: int, total: int, state: _State) -> str | None:
    """The rule that removes this body line, or None to keep it."""
    text = line.text
    if r.long_line(text):  # only its sentences can be furniture (rules.LONG_LINE_WORDS)
        return None
    in_tail = index >= total - TAIL_LINES
    key = r.normalized(text)
    if state.title and key == r.normalized(state.title) and not state.kept:
        return "repeated-title"
    if key and key in state.captions:
        return "duplicated-caption"
    if r.photo_caption(text):
        state.captions.add(key)
        return "photo-caption"
    if state.kept and key == r.normalized(state.kept[-1].text) and len(r.words(text)) >= 5:
        return "duplicated-paragraph"
    if in_tail or index >= total // 2:
        name = r.byline_name(text)
        if name and len(r.words(text)) <= 8:
            state.author = state.author or name
            return "byline"
    # a bio follows the reporting: a line before any kept body line is the lead
    # (NeuS has one-paragraph articles whose lead reads "X has ... chief of staff")
    if (state.kept or state.author) and r.author_bio(text, state.author, in_tail):
        return "author-bio"
    for rule, test in _SIMPLE_RULES:
        if test(text):
            return rule
    return None


def clean_article(article: Article) -> Article:
    """The article with ``text`` set to its body and ``removed`` listing the cuts."""
    lines = split_lines(article.raw_text)
    state = _State(title=article.title, author=article.author, raw=article.raw_text,
                   bare_names=article.format == "text", dated=bool(article.published))
    paged = _split_page_header(lines, state, dated=bool(article.published))
    paged = paged or _split_cnn_header(lines, state)
    if not paged:
        _split_clock_stamp(lines, state, dated=bool(article.published))
    start = _read_header(lines, state, find_title=state.title is None and not paged)
    in_related = False
    body = lines[start:]
    for i, line in enumerate(body):
        if in_related and r.list_item(line.text):
            state.cut(line, "related-topics")
            continue
        in_related = False
        related = r.related_header(line.text)
        if related and (i >= len(body) - TAIL_LINES or len(body) < 8 or r.list_item(line.text)):
            in_related = related == "header"
            state.cut(line, "related-topics")
            continue
        rule = _body_line(line, i, len(body), state)
        if rule is None:
            _keep(line, state)
        else:
            state.cut(line, rule, kept_as="author" if rule == "byline" else None)
    _cut_sentences(state)
    return _finish(article, state)


def _split_page_header(lines: list[Line], state: _State, dated: bool) -> bool:
    """Cut a wire page's stamp and header block glued to the lead (see page_header).

    Runs on the first paragraph before the header and line rules, which would
    otherwise read the whole paragraph as one byline or caption line ("By Maggie
    Fox ... | ... WASHINGTON (Reuters) - ..." is a byline line to them). Cut pieces
    are recorded like any rule's; kept ones (a standfirst, the lead after the
    stamp) become lines of their own with their raw offsets, and go through the
    other rules as usual. True when there was a page header (it had the title, if any).
    """
    if not lines:
        return False
    line = lines[0]
    header = find_page_header(line.text)
    if header is None:
        return False
    raw = state.raw
    to_raw = _offset_map(line, raw)
    kept: list[Line] = []
    for piece in header.pieces:
        start, end = to_raw(piece.start), to_raw(piece.end - 1) + 1
        if piece.rule is None:
            kept.append(Line(start, end, line.text[piece.start:piece.end]))
            continue
        if piece.kind == "stamp" and not dated and state.published is None:
            kept_as, rule = "published", piece.rule
            _set_published(state, piece.value or "", raw[start:end])
        else:
            kept_as, rule = _keep_header_piece(state, piece.kind, piece.value, piece.rule)
        state.cut(line, rule, kept_as, start, end, raw[start:end])
    rest = line.text[header.end:]
    if rest.strip():
        offset = header.end + len(rest) - len(rest.lstrip())
        kept.append(Line(to_raw(offset), line.end, rest.strip(), line.blank_after))
    elif kept:
        kept[-1].blank_after = line.blank_after
    lines[0:1] = kept
    return True


def _keep_header_piece(state: _State, kind: str, value: str | None, rule: str | None
                       ) -> tuple[str | None, str | None]:
    """What a cut header piece leaves as metadata, and its rule: a byline's name as
    the author, the first headline as the title (a later one is a repeated title)."""
    if kind == "byline":
        state.author = state.author or value
        return "author", rule
    if kind == "headline":
        if state.title is None:
            state.title = value
            return "title", rule
        return None, "repeated-title"
    return None, rule


def _split_clock_stamp(lines: list[Line], state: _State, dated: bool) -> None:
    """Cut a BBC or Guardian page stamp glued into the first paragraph (see clock_stamp).

    The text before it becomes a line of its own, followed by a blank, so that the
    header rules can read a headline there as the title; the text after it is the lead.
    The stamp's date becomes the published date when the article has none (BBC's "Last
    updated at" date is kept as the update, as a "Last updated" date line is).
    """
    if not lines:
        return
    line = lines[0]
    stamp = find_clock_stamp(line.text)
    if stamp is None:
        return
    to_raw = _offset_map(line, state.raw)
    start, end = to_raw(stamp.start), to_raw(stamp.end - 1) + 1
    evidence = state.raw[start:end]
    if stamp.updated:
        kept_as: str | None = "updated"
    elif not dated and state.published is None:
        kept_as = "published"
        _set_published(state, stamp.date, evidence)
    else:
        kept_as = None
    state.cut(line, "page-stamp", kept_as, start, end, evidence)
    pieces: list[Line] = []
    before = line.text[:stamp.start].rstrip()
    if before:
        pieces.append(Line(line.start, to_raw(len(before) - 1) + 1, before, True))
    rest = line.text[stamp.end:]
    if rest.strip():
        offset = stamp.end + len(rest) - len(rest.lstrip())
        pieces.append(Line(to_raw(offset), line.end, rest.strip(), line.blank_after))
    lines[0:1] = pieces


def _split_cnn_header(lines: list[Line], state: _State) -> bool:
    """Cut the block a CNN page puts before its dateline (see cnn_header).

    Runs where the page header does, for the same reason: the header and line rules
    would read "By NAMES, CNN <bullets> Tripoli, Libya (CNN) -- <the article>" as one
    byline line. Every piece is cut with its rule; the first line becomes the text
    from the dateline on. True when there was a CNN header.
    """
    if not lines:
        return False
    line = lines[0]
    header = find_cnn_header(line.text)
    if header is None:
        return False
    raw = state.raw
    to_raw = _offset_map(line, raw)
    for piece in header.pieces:
        start, end = to_raw(piece.start), to_raw(piece.end - 1) + 1
        kept_as, rule = _keep_header_piece(state, piece.kind, piece.value, piece.rule)
        state.cut(line, rule, kept_as, start, end, raw[start:end])
    rest = line.text[header.dateline:]
    line.start = to_raw(header.dateline)
    line.text = rest
    return True


def _cut_sentences(state: _State) -> None:
    """Cut reader comment threads (see comments), a closing box of other sites'
    headlines (see news_box), a photo caption before a CNN dateline (see
    dateline_caption), the furniture sentences (see sentence_rules), unrendered
    template labels (see template_residue), media player notices glued between
    sentences (see player_notice) and BBC's labelled page stamps ("Published: Monday,
    18 January, 2010, 15:33 GMT 15:33 UK", see clock_stamp) out of the kept paragraphs."""
    kept: list[Line] = []
    in_thread = False  # a reader comment thread runs to the end of the text
    for line in state.kept:
        if in_thread:
            state.cut(line, "reader-comments")
            continue
        start = rc.thread_start(line.text)
        head = line.text if start is None else line.text[:start]
        box = nb.news_box(head)
        body = head if box is None else head[:box]
        lead = dc.caption_before_dateline(body) or 0
        cuts = [(0, lead, "photo-caption")] if lead else []
        if sr.has_cue(body[lead:]):
            cuts += [(a + lead, b + lead, rule) for a, b, rule in sr.furniture_spans(body[lead:])]
        if tr.has_template_cue(body):
            labels = [(a, b, "template-residue") for a, b in tr.template_spans(body)]
            cuts = _merge_cuts(cuts, labels)
        if pn.has_player_cue(body):
            notices = [(a, b, "player-notice") for a, b in pn.player_notice_spans(body)]
            cuts = _merge_cuts(cuts, notices)
        stamps = {(st.start, st.end): st for st in labelled_stamps(body)}
        if stamps:
            cuts = _merge_cuts(cuts, [(a, b, "page-stamp") for a, b in stamps])
        if box is not None:
            cuts.append((box, len(head.rstrip()), "news-links"))
        if start is not None:
            cuts.append((start, len(line.text), "reader-comments"))
            in_thread = True
        if not cuts:
            kept.append(line)
            continue
        raw = state.raw
        to_raw = _offset_map(line, raw)
        pieces, pos = [], 0
        for a, b, rule in cuts:
            start, end = to_raw(a), to_raw(b - 1) + 1
            stamp = stamps.get((a, b)) if rule == "page-stamp" else None
            kept_as = _stamp_date(state, stamp, raw[start:end]) if stamp else None
            state.cut(line, rule, kept_as, start, end, raw[start:end])
            pieces.append(line.text[pos:a].strip())
            pos = b
        pieces.append(line.text[pos:].strip())
        rest = " ".join(p for p in pieces if p)
        if rest:
            kept.append(Line(line.start, line.end, rest, line.blank_after))
    state.kept = kept


def _stamp_date(state: _State, stamp: ClockStamp, evidence: str) -> str | None:
    """What a page stamp's date is kept as: an update, or the published date when the
    article has none (as for the stamp in the first paragraph, see _split_clock_stamp)."""
    if stamp.updated:
        return "updated"
    if not state.dated and state.published is None:
        _set_published(state, stamp.date, evidence)
        return "published"
    return None


def _merge_cuts(cuts: list[tuple[int, int, str]], extra: list[tuple[int, int, str]]
                ) -> list[tuple[int, int, str]]:
    """``cuts`` and the ``extra`` cuts that do not overlap them, in text order."""
    free = [c for c in extra if all(c[1] <= a or c[0] >= b for a, b, _ in cuts)]
    return sorted(cuts + free)


def _offset_map(line: Line, raw: str) -> Callable[[int], int]:
    """Offset in ``line.text`` -> offset in the raw text, for a non-blank character.

    A joined hard-wrapped line differs from its raw span only in whitespace, so the
    n-th non-blank character of one is the n-th of the other.
    """
    segment = raw[line.start:line.end]
    if segment == line.text:
        return lambda k: line.start + k
    raw_chars = [i for i, ch in enumerate(segment) if not ch.isspace()]
    index = {k: n for n, k in enumerate(i for i, ch in enumerate(line.text) if not ch.isspace())}
    return lambda k: line.start + raw_chars[index[k]]


def _finish(article: Article, state: _State) -> Article:
    text = "\n\n".join(line.text for line in state.kept)
    changes: dict[str, object] = {
        "text": text,
        "removed": tuple(sorted(article.removed + tuple(state.removed), key=lambda s: s.start)),
        "title": article.title or state.title,
        "author": article.author or state.author,
    }
    if state.published and not article.published:
        iso, evidence = state.published
        changes["published"] = iso
        changes["published_evidence"] = Evidence("metadata", f"date line in the text: {evidence!r}")
    return replace(article, **changes)


def clean_batch(articles: Iterable[Article]) -> list[Article]:
    """Clean a batch of articles (batch-shaped so it maps over Ray blocks too).

    Each article is cleaned on its own first; then the sentences an outlet repeats
    verbatim at the edge of many of its otherwise different articles in this batch are
    cut (:mod:`storyline.clean.boilerplate`): only the batch shows them as furniture.
    """
    return remove_outlet_boilerplate([clean_article(a) for a in articles])
