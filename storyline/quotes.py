"""Direct quotes, who said them, and the same quote in each outlet's words.

Three steps, each a plain function over one story's articles:

1. **Find quotes** (:func:`find_quote_spans`): straight and curly double quotes
   and curly single quotes (‘…’, told apart from apostrophes: a closing ’ must not
   be followed by a letter). A quote that runs past the end of a paragraph
   continues only if the next paragraph opens with a quote mark (the newspaper
   convention); otherwise it is unbalanced and dropped, because where it ends
   cannot be known. Pieces of one sentence split by an attribution (‘A,’ he said,
   ‘B’) are one quote. A quote is *partial* when its marks sit inside reported
   speech (said a decision was made that “during ...”); its wording is then the
   whole sentence, since the quoted words alone would misstate what was said.
   Quotes of fewer than four words (scare quotes, single terms) are left out, and
   so are partial quotes with no attribution at all.
2. **Find the speaker** (:func:`attribute`): attribution patterns around the quote,
   in order of reliability: "…,” X said / said X / X told …" right after the quote
   or between its pieces; then speech verbs in the rest of the sentence ("X said
   that …”", "according to X", "adding, “…"), with the subject just before the verb
   or the nearest named person before it in the sentence. "he/she said" is the last
   named speaker of the article (within three paragraphs), else the one person named
   in this or the previous sentence. An unattributed quote that follows a quote of X
   in the same paragraph, with no other person named between, continues X. A named
   subject is resolved to the merged entity (:mod:`storyline.entities`); a subject
   that names nobody ("the official said") or an ambiguous one leaves the speaker
   empty rather than guessed.
3. **Group across outlets** (:func:`group_quotes`): the same statement in other
   words (translation, paraphrase) is found by embedding similarity plus shared
   content words, as for summary support (vectors of the sentences the quote is in,
   so no extra encoding). Greedy, best pairs first, never two quotes of one article
   in a group and never two different named speakers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from storyline.entities import EntityIndex, ResolvedMention
from storyline.model import Article, Quote, QuoteVariant, Sentence
from storyline.textutil import content_terms, overlap

MIN_WORDS = 4
SPEAKER_TYPES = ("person", "organization", "place")
PRONOUN_PARAGRAPHS = 3
# (minimum cosine, minimum content-term Jaccard) for two quotes to be one statement.
GROUP_RULES: tuple[tuple[float, float], ...] = ((0.85, 0.10), (0.65, 0.20), (0.55, 0.35))
CONTAINED, CONTAINED_COSINE = 0.8, 0.5  # share of the shorter quote's words in the longer

_VERBS = (r"said|says|say|told|tells|explained|explains|added|adds|stated|asked|asks|"
          r"wrote|writes|tweeted|tweets|posted|remarked|noted|insisted|insists|"
          r"argued|argues|warned|warns|claimed|continued|declared|declares|"
          r"responded|responds|replied|replies|announced|announces|stressed|"
          r"emphasi[sz]ed|acknowledged|acknowledges|admitted|admits|recalled|"
          r"testified|countered|maintained|cautioned|urged|suggested|conceded|concluded|"
          r"observed|commented|predicted|complained|contended|reiterated|confirmed|denied|"
          r"alleged|shouted|wondered|quipped|joked|vowed|promised|assured|exclaimed|"
          r"interjected|retorted|snapped|boasted|lamented|scoffed|"
          r"pointed out|went on|adding|saying|telling|writing|noting|explaining|arguing|"
          r"insisting|warning|declaring|stressing|according to")
SPEECH = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
_PARTICIPLES = re.compile(r"^(?:adding|saying|telling|writing|noting|explaining|arguing|"
                          r"insisting|warning|declaring|stressing)$", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:he|she)$", re.IGNORECASE)
_ANONYMOUS = re.compile(r"^(?:the|a|an|one|another|this|that|these|those|his|her|their|its|"
                        r"some|several|many|most|all|both|few|two|three|four|five|six|seven|"
                        r"eight|nine|ten|dozens|hundreds|\d+|they|it|we|i|you|officials?|"
                        r"sources?|people|experts?|critics?|analysts?)\b", re.IGNORECASE)
_TAIL_SUBJECT = re.compile(
    rf"^[\s,—–-]*(?P<subj>(?:[\w.'’-]+\s+){{0,6}}?[\w.'’-]+)\s+(?:also\s+|later\s+|then\s+|"
    rf"had\s+|has\s+)?(?P<verb>{_VERBS})\b", re.IGNORECASE)
_TAIL_INVERTED = re.compile(rf"^[\s,—–-]*(?P<verb>{_VERBS})\s+(?P<subj>[^,.;:“”\"‘’\n]{{1,90}})",
                            re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z“\"‘]")

DOUBLE_OPEN = "“«"
DOUBLE_CLOSE = "”»"


@dataclass(frozen=True)
class QuoteSpan:
    """One quoted stretch: ``start``/``end`` cover the marks; ``segments`` the words
    inside (more than one when the quote continues over a paragraph break)."""

    start: int
    end: int
    segments: tuple[tuple[int, int], ...]
    direct: bool

    def inner(self, text: str) -> str:
        return " ".join(" ".join(text[s:e].split()) for s, e in self.segments).strip()


@dataclass
class Found:
    """A quote found in one article, before grouping."""

    article_id: str
    text: str
    start: int
    end: int
    partial: bool
    sentence_ids: tuple[str, ...]
    paragraph: int
    speaker: str | None = None
    attribution: str = ""
    quoted: str = ""  # the words inside the marks (for a partial quote: only those)
    vector: np.ndarray | None = field(default=None, repr=False)


# ---------------------------------------------------------------------------
# 1. quote spans

def _opening(text: str, i: int) -> str | None:
    """The quote family opened at ``i`` ("double" or "single"), if any."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not nxt or nxt.isspace():
        return None
    prev = text[i - 1] if i else " "
    if ch in DOUBLE_OPEN:
        return "double"
    if ch == '"' and (prev.isspace() or prev in "([{—–-/:"):
        return "double"
    if ch == "‘" and (prev.isspace() or prev in "([{—–-/:\"“"):
        return "single"
    return None


def _closing(text: str, i: int, family: str) -> bool:
    ch = text[i]
    if family == "double":
        return ch in DOUBLE_CLOSE or ch == '"'
    nxt = text[i + 1] if i + 1 < len(text) else ""
    prev = text[i - 1] if i else " "
    return ch == "’" and not prev.isspace() and not nxt.isalnum()


def _is_direct(text: str, start: int, inner: str) -> bool:
    """Does the quote stand as its own clause (not a few words inside a sentence)?"""
    before = text[:start].rstrip(" \t")
    if not before or before.endswith("\n"):
        return True
    if before[-1] in ".!?:;,—–-(" or before[-1] in "”’\"»":
        return True
    stripped = inner.rstrip()
    return bool(stripped) and stripped[0].isupper() and stripped[-1] in ".?!,"


_MARKS = re.compile(r"[“”«»\"‘’\n]")


def find_quote_spans(text: str) -> tuple[list[QuoteSpan], int]:
    """The quotes of a text, and how many unbalanced quote marks were dropped.

    A scan over the quote marks and line breaks only (a regex finds them), so its
    cost grows with the number of marks, not characters.
    """
    spans: list[QuoteSpan] = []
    unbalanced = 0
    family: str | None = None
    start = seg_start = 0
    segments: list[tuple[int, int]] = []
    skip_to = -1
    n = len(text)
    for mark in _MARKS.finditer(text):
        i = mark.start()
        if i < skip_to:
            continue
        ch = text[i]
        if family is not None and ch == "\n":
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and _opening(text, j) == family:
                segments.append((seg_start, i))  # continues in the next paragraph
                seg_start = skip_to = j + 1
                continue
            unbalanced += 1
            family = None
        elif family is None:
            opened = _opening(text, i) if ch != "\n" else None
            if opened:
                family, start, seg_start, segments = opened, i, i + 1, []
        elif _closing(text, i, family):
            segments.append((seg_start, i))
            inner = " ".join(text[s:e] for s, e in segments)
            spans.append(QuoteSpan(start, i + 1, tuple(segments), _is_direct(text, start, inner)))
            family = None
        elif family == "double" and ch in DOUBLE_OPEN:
            unbalanced += 1  # a new opening mark before the last one closed
            family, start, seg_start, segments = "double", i, i + 1, []
    if family is not None:
        unbalanced += 1
    return spans, unbalanced


def _units(text: str, spans: list[QuoteSpan]) -> list[list[QuoteSpan]]:
    """Join the pieces of one quote split by an attribution (‘A,’ X said, ‘B.’)."""
    units: list[list[QuoteSpan]] = []
    for span in spans:
        if units:
            last = units[-1][-1]
            gap = text[last.end:span.start]
            if (last.inner(text).rstrip().endswith(",") and span.direct and "\n" not in gap
                    and len(gap.split()) <= 12 and not _SENTENCE_END.search(gap + " A")
                    and gap.strip().endswith((",", ":"))):
                units[-1].append(span)
                continue
        units.append([span])
    return units


# ---------------------------------------------------------------------------
# 2. speakers

@dataclass
class _Context:
    """What attribution needs to know about one article."""

    text: str
    sentences: list[Sentence]
    mentions: list[ResolvedMention]
    quoted: list[tuple[int, int]]
    paragraph_starts: list[int]
    entities: EntityIndex | None = None
    events: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, name, words)

    def sentence_at(self, pos: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= pos < max(s.end, s.start + 1):
                return s
        return None

    def paragraph_of(self, pos: int) -> int:
        return sum(1 for p in self.paragraph_starts if p <= pos) - 1

    def inside_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quoted)

    def speakers_in(self, start: int, end: int) -> list[ResolvedMention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end
                and m.type in SPEAKER_TYPES and not self.inside_quote(m.start)]


def _pick(mentions: list[ResolvedMention], last: bool = True) -> ResolvedMention | None:
    persons = [m for m in mentions if m.type == "person"]
    pool = persons or mentions
    if not pool:
        return None
    return pool[-1] if last else pool[0]


def _resolve_pronoun(ctx: _Context, pos: int) -> tuple[str | None, str]:
    """he/she at ``pos``: the last named speaker, else the one person just named."""
    para = ctx.paragraph_of(pos)
    for at, name, words in reversed(ctx.events):
        if at < pos:
            if para - ctx.paragraph_of(at) < PRONOUN_PARAGRAPHS:
                return name, f"the last named speaker ({words})"
            break
    here = ctx.sentence_at(pos)
    if here is None:
        return None, "no named speaker before it"
    window = [s for s in ctx.sentences if s.start <= here.start][-3:]
    persons = [m for m in ctx.speakers_in(window[0].start, pos) if m.type == "person"]
    subjects = {m.name for m in persons if _at_sentence_start(ctx, m)}
    if len(subjects) == 1:
        return subjects.pop(), "the one person who is a subject just before"
    names = {m.name for m in persons}
    if not subjects and len(names) == 1:
        return names.pop(), "the only person named just before"
    return None, "ambiguous: no single person named just before"


def _at_sentence_start(ctx: _Context, mention: ResolvedMention) -> bool:
    """Is the mention the subject of its sentence (in its first few words)?"""
    sentence = ctx.sentence_at(mention.start)
    if sentence is None:
        return False
    return len(ctx.text[sentence.start:mention.start].split()) <= 4


def _is_head(ctx: _Context, mention: ResolvedMention, lo: int, hi: int) -> bool:
    """Is the mention the subject itself, not a modifier of it?

    "Lavrov" and "the Kremlin" are; "Woods' team", "the Trump administration",
    "a nurse from Sacramento" and "the Arkansas Republican" are not. A person may
    follow a title or an apposition; anything else needs only a determiner before it.
    """
    after = ctx.text[mention.end:hi]
    if re.search(r"['’]s?$", mention.text) or re.match(r"['’]s?\b|['’]", after):
        return False  # "Woods' team"
    if re.match(rf"\s*(?:{_COLLECTIVE})\b", after, re.IGNORECASE):
        return False  # "the Trump administration"
    if mention.type == "person":
        return True
    before = ctx.text[lo:mention.start].strip()
    return not after.strip() and (not before or bool(re.fullmatch(r"(?i:the|a|an)", before)))


_COLLECTIVE = (r"administration|campaign|team|government|family|officials?|aides?|allies|camp|"
               r"lawyers?|attorneys?|spokes(?:man|woman|person)|office|staff|report|"
               r"Republicans?|Democrats?")


def _subject(ctx: _Context, lo: int, hi: int, words: str, verb_at: int
             ) -> tuple[bool, str | None, str]:
    """Who a subject phrase (text[lo:hi]) names: (decided, speaker, evidence).

    Undecided (False) when the phrase is no subject at all ("and reiterated",
    "on Sunday"): the caller then looks further. A phrase that names nobody ("the
    official", "a nurse from Sacramento", "Woods' team") decides: no speaker.
    """
    raw = ctx.text[lo:hi]
    phrase = _LEADING_LINKS.sub("", raw.strip())
    if not phrase:
        return False, None, ""
    lo += (len(raw) - len(raw.lstrip())) + (len(raw.strip()) - len(phrase))
    heads = [m for m in ctx.speakers_in(lo, hi) if _is_head(ctx, m, lo, hi)]
    if len({m.name for m in heads if m.type == "person"}) > 1 and re.search(r"\band\b", phrase):
        return True, None, f"“{words}”: several speakers"
    picked = _pick(heads)
    if picked:
        return True, picked.name, f"“{words}”"
    if _PRONOUN.match(phrase):
        name, why = _resolve_pronoun(ctx, verb_at)
        return True, name, f"“{words}” → {why}" if name else f"“{words}”: {why}"
    if not ctx.speakers_in(lo, hi) and re.fullmatch(r"(?:[A-Z][\w.'’-]*\s*)+", phrase):
        named = ctx.entities.lookup(phrase) if ctx.entities else None
        if named is not None and named.type in SPEAKER_TYPES:
            return True, named.name, f"“{words}” (named in the story as {named.name})"
    if _ANONYMOUS.match(phrase) or re.search(r"\w['’]s?\s+[a-z]", phrase):
        return True, None, f"“{words}” names nobody"
    return False, None, ""


_LEADING_LINKS = re.compile(
    r"^(?:(?:and|but|or|as|while|so|yet|then|also|now|later|still|who|which|when|where|since|"
    r"because|even|has|had|have|again|further|previously|earlier|recently|once|instead|on|in|"
    r"at|during|after|before|for|with|from|over|last|this|today|yesterday|tonight|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|morning|afternoon|evening|night|week|month|"
    r"year|initially|publicly|privately|repeatedly|separately|quickly|later)\b[\s,]*)+",
    re.IGNORECASE)


def _compact(ctx: _Context, lo: int, hi: int) -> tuple[bool, str | None, str]:
    """“…,” X said / said X, right after a quote (or between its pieces)."""
    piece = ctx.text[lo:hi]
    m = _TAIL_SUBJECT.match(piece)
    if m and not _PARTICIPLES.match(m.group("verb")):
        words = " ".join(piece[:m.end()].strip(" ,—–-").split())
        return _subject(ctx, lo + m.start("subj"), lo + m.end("subj"), words,
                        lo + m.start("verb"))
    m = _TAIL_INVERTED.match(piece)
    if m and m.group("verb").lower() != "according to" and not _PARTICIPLES.match(m.group("verb")):
        name = _inverted(ctx, lo + m.end("verb"))
        if name:
            end = piece.find(name[1].text, m.end("verb")) + len(name[1].text)
            return True, name[0], f"“{' '.join(piece[:end].strip(' ,—–-').split())}”"
        words = " ".join(piece[:m.end()].strip(" ,—–-").split())
        if _ANONYMOUS.match(m.group("subj").strip()):
            return True, None, f"“{words}” names nobody"
    return False, None, ""


def _inverted(ctx: _Context, verb_end: int) -> tuple[str, ResolvedMention] | None:
    """The speaker of "said X" (X a person after at most a title, or an institution
    that ends the clause: ", said the Kremlin.")."""
    verb = ctx.text[max(0, verb_end - 8):verb_end].split()[-1:]
    if verb and verb[0].lower() in ("told", "tells", "telling", "asked", "asks"):
        return None  # "told Reuters": the listener, not the speaker
    for x in ctx.speakers_in(verb_end, verb_end + 60):
        between = ctx.text[verb_end:x.start]
        if not _adjacent(between):
            return None
        if x.type == "person" or re.match(r"\s*(?:[.,;]|$)", ctx.text[x.end:x.end + 2]):
            return x.name, x
    return None


def _clause_start(ctx: _Context, s_lo: int, at: int) -> int:
    """Where the words before ``at`` begin: after the last punctuation or sentence end."""
    head = ctx.text[s_lo:at]
    cut = max(head.rfind(c) for c in ",;:(”“\"")
    ends = [m.end() for m in re.finditer(r"[.!?]\s+(?=[A-Z])", head)]
    cut = max(cut + 1 if cut >= 0 else 0, ends[-1] if ends else 0)
    return s_lo + cut


def _subject_of_sentence(ctx: _Context, s_lo: int, at: int) -> ResolvedMention | None:
    """The person the sentence is about: named in its first words, not as a modifier."""
    for x in ctx.speakers_in(s_lo, at):
        if x.type == "person" and _at_sentence_start(ctx, x) and _is_head(ctx, x, x.start, at):
            if re.match(r"\s+and\s+[A-Z]", ctx.text[x.end:at]):
                return None  # "Monica Palmer and William Hartmann said": several speakers
            return x
    return None


def _scan(ctx: _Context, pieces: list[tuple[int, int]], quote_at: int
          ) -> tuple[str | None, str]:
    """Speech verbs elsewhere in the sentence, nearest to the quote first."""
    hits = []
    for lo, hi in pieces:
        for m in SPEECH.finditer(ctx.text, lo, hi):
            hits.append((abs(m.start() - quote_at), m))
    for _, m in sorted(hits, key=lambda h: h[0]):
        verb = m.group(0).lower()
        sentence = ctx.sentence_at(m.start())
        s_lo = sentence.start if sentence else max(0, m.start() - 200)
        s_lo = max(s_lo, max((e for s, e in ctx.quoted if e <= m.start() and s < s_lo),
                             default=s_lo))
        if verb == "according to":
            after = _pick([x for x in ctx.speakers_in(m.end(), m.end() + 60)
                           if x.type == "person"], last=False)
            if after and not ctx.text[m.end():after.start].strip(" ,").count(" ") > 2:
                return after.name, f"“according to {after.text}”"
            continue
        participle = bool(_PARTICIPLES.match(verb))
        if participle:  # "X …, adding/saying": the subject of the sentence speaks
            subject = _subject_of_sentence(ctx, s_lo, m.start())
            if subject:
                return subject.name, f"{subject.text}, the subject of “{m.group(0)}”"
            continue
        lo = _clause_start(ctx, s_lo, m.start())
        if len(ctx.text[lo:m.start()].split()) <= 9 and ctx.text[lo:m.start()].strip():
            words = " ".join(ctx.text[lo:m.end()].split())
            decided, name, why = _subject(ctx, lo, m.start(), words, m.start())
            if decided:
                return name, why
        named = _inverted(ctx, m.end())
        if named:
            return named[0], f"“{' '.join(ctx.text[m.start():named[1].end].split())}”"
        # the person the sentence is about, else the nearest person before the verb
        ends = [e.end() for e in re.finditer(r"[.!?]\s+(?=[A-Z])", ctx.text[s_lo:m.start()])]
        near_lo = s_lo + (ends[-1] if ends else 0)
        before = _subject_of_sentence(ctx, s_lo, m.start()) or _pick(
            [x for x in ctx.speakers_in(near_lo, m.start())
             if x.type == "person" and _is_head(ctx, x, x.start, m.start())])
        if before:
            near = m.start() - before.end < 60
            return before.name, (f"“{' '.join(ctx.text[before.start:m.end()].split())}”" if near
                                 else f"{before.text}, the person named before “{m.group(0)}”")
    return None, ""


def _colon(ctx: _Context, lead: tuple[int, int]) -> tuple[str | None, str]:
    """“Sen. Susan Collins: ‘Not something I can support’”: a name, a colon, the quote."""
    text = ctx.text[lead[0]:lead[1]]
    if not text.rstrip().endswith(":"):
        return None, ""
    end = lead[0] + len(text.rstrip()) - 1
    names = [x for x in ctx.speakers_in(lead[0], end) if x.type == "person"
             and not ctx.text[x.end:end].strip()]
    if names:
        return names[-1].name, f"“{' '.join(ctx.text[names[-1].start:end + 1].split())}”"
    return None, ""


_NOT_TITLE = re.compile(r"\b(?:that|to|it|in|on|for|with|as|about|of|at|by|from|he|she|they|we|"
                        r"i|you|this|there|if|when|while|and|but|or)\b", re.IGNORECASE)


def _adjacent(between: str) -> bool:
    """Only a title or nothing between a speech verb and the name after it."""
    return (len(between.split()) <= 5 and not any(c in between for c in ",.;“”\"")
            and not _NOT_TITLE.search(between))


def _record_events(ctx: _Context) -> None:
    """Named speakers of reported speech outside quotes ("Lavrov said on Monday")."""
    for m in SPEECH.finditer(ctx.text):
        if ctx.inside_quote(m.start()) or m.group(0).lower() == "according to":
            continue
        sentence = ctx.sentence_at(m.start())
        lo = sentence.start if sentence else max(0, m.start() - 120)
        near = [x for x in ctx.speakers_in(lo, m.start()) if x.type == "person"
                and len(ctx.text[x.end:m.start()].split()) <= 3
                and not re.match(r"\s*['’]", ctx.text[x.end:m.start()])
                and not any(c in ctx.text[x.end:m.start()] for c in ".,;“”\"")]
        if near:
            words = " ".join(ctx.text[near[-1].start:m.end()].split())
            ctx.events.append((m.start(), near[-1].name, f"“{words}”"))
            continue
        after = [x for x in ctx.speakers_in(m.end(), m.end() + 50) if x.type == "person"
                 and _adjacent(ctx.text[m.end():x.start])]
        if after:
            words = " ".join(ctx.text[m.start():after[0].end].split())
            ctx.events.append((m.start(), after[0].name, f"“{words}”"))
    ctx.events.sort()


def attribute(article: Article, sentences: Sequence[Sentence] | None = None,
              entities: EntityIndex | None = None) -> tuple[list[Found], int]:
    """The quotes of one article with their speakers; also the unbalanced marks dropped."""
    from storyline.sentences import paragraph_spans, split_sentences

    text = article.text
    sentences = list(sentences) if sentences is not None else split_sentences(article)
    spans, unbalanced = find_quote_spans(text)
    mentions = (entities.mentions.get(article.id, []) if entities else [])
    starts = sorted({0} | {m.end() for m in re.finditer(r"\n\s*", text)}
                    | {s for s, _ in paragraph_spans(text)})
    ctx = _Context(text, sentences, mentions, [(s.start, s.end) for s in spans], starts,
                   entities)
    _record_events(ctx)
    found: list[Found] = []
    for unit in _units(text, spans):
        first, last = unit[0], unit[-1]
        inners = [p.inner(text) for p in unit]
        if sum(len(i.split()) for i in inners) < MIN_WORDS or all(map(_is_title, inners)):
            continue
        s_first = ctx.sentence_at(first.start) or ctx.sentence_at(first.start + 1)
        s_last = ctx.sentence_at(last.end - 1)
        lo = s_first.start if s_first else first.start
        hi = s_last.end if s_last else last.end
        prev_end = max((s.end for s in spans if s.end <= first.start and s.end > lo), default=lo)
        next_start = min((s.start for s in spans if s.start >= last.end and s.start < hi),
                         default=hi)
        lead = (prev_end, first.start)
        gaps = [(a.end, b.start) for a, b in pairwise(unit)]
        inner_last = last.inner(text).rstrip()
        tail_ok = not inner_last.endswith(".") or bool(
            re.match(r"\s*[a-z]", text[last.end:next_start]))
        tail = (last.end, next_start) if tail_ok else (last.end, last.end)
        # the compact "…,” X said" may run past a sentence split at "Lt." or "Gov."
        following = text[last.end:last.end + 150].split("\n")[0]
        cut = min([following.find(c) for c in "“\"‘" if c in following] or [len(following)])
        compact_tail = (last.end, last.end + cut) if tail_ok else tail
        speaker, why, decided = None, "", False
        for lo_, hi_ in [compact_tail, *gaps]:
            decided, speaker, why = _compact(ctx, lo_, hi_)
            if decided:
                break
        if not decided:
            speaker, why = _colon(ctx, lead)
        if not decided and not why:
            speaker, why = _scan(ctx, [lead, *gaps, tail], first.start)
        direct = [p for p in unit if p.direct]
        partial = not direct
        if partial and not why:
            continue  # a term in quote marks, not a quotation
        paragraph = ctx.paragraph_of(first.start)
        if not why and found and found[-1].paragraph == paragraph and found[-1].speaker:
            prev = found[-1]
            prev_sentence = ctx.sentence_at(max(prev.end - 1, 0))
            after_prev = max(prev.end, prev_sentence.end if prev_sentence else prev.end)
            between = [m for m in ctx.speakers_in(after_prev, first.start)
                       if m.type == "person" and m.name != prev.speaker]
            if not between:
                speaker = prev.speaker
                why = f"continues the quote of {prev.speaker} earlier in the paragraph"
        if partial:
            quote_text = " ".join(text[lo:hi].split())
        else:
            quote_text = _join([p.inner(text) for p in direct]).rstrip(" ,")
        ids = tuple(s.id for s in sentences if s.end > first.start and s.start < last.end)
        found.append(Found(article.id, quote_text, first.start, last.end, partial, ids,
                           paragraph, speaker, why, _join(inners)))
        if speaker:
            ctx.events.append((first.start, speaker, why))
            ctx.events.sort()
    return _dedupe(found), unbalanced


def _is_title(inner: str) -> bool:
    """A name in quote marks (a book, a show: “State of the Union”), not a quotation."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", inner) if len(w) >= 4]
    if not words or len(inner.split()) > 10 or re.search(r"[.!?]\s+\S", inner):
        return False
    return sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _join(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        out = f"{out} {part}" if out.rstrip().endswith((",", ":", "—")) else f"{out} … {part}"
    return out


def _dedupe(found: list[Found]) -> list[Found]:
    """One article repeating a quote (a lead that restates it) keeps its first wording."""
    out: list[Found] = []
    for f in found:
        key = " ".join(content_terms(f.text))
        if any(key and (overlap(f.text, g.text) >= 0.8 or f.text in g.text or g.text in f.text)
               for g in out):
            continue
        out.append(f)
    return out


# ---------------------------------------------------------------------------
# 3. grouping across outlets

def _vectors(found: list[Found], sentences: dict[str, list[Sentence]],
             vectors: dict[str, np.ndarray] | None) -> np.ndarray:
    """Mean of the vectors of the sentences each quote is in (computed if missing)."""
    if not found:
        return np.zeros((0, 1), dtype=np.float32)
    rows: list[np.ndarray | None] = []
    for f in found:
        vec = None
        if vectors is not None and f.article_id in vectors:
            index = {s.id: i for i, s in enumerate(sentences.get(f.article_id, []))}
            idx = [index[s] for s in f.sentence_ids if s in index]
            if idx:
                vec = vectors[f.article_id][idx].mean(axis=0)
        rows.append(vec)
    missing = [i for i, r in enumerate(rows) if r is None]
    if missing:
        from storyline.embed import get_embedder

        encoded = get_embedder().encode([found[i].text for i in missing])
        for i, row in zip(missing, encoded, strict=True):
            rows[i] = row
    matrix = np.vstack([np.asarray(r, dtype=np.float32) for r in rows])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)


def _containment(a: str, b: str) -> tuple[float, int]:
    ta, tb = content_terms(a), content_terms(b)
    shared = len(ta & tb)
    return (shared / min(len(ta), len(tb)) if ta and tb else 0.0), shared


def same_statement(similarity: float, a: Found | str, b: Found | str) -> tuple[bool, float]:
    """Do two quotes say the same thing? (also returns their content overlap)

    Either the whole wordings match (:data:`GROUP_RULES`), or one quote's words are
    nearly all inside the other's (an outlet quoting one sentence of two), or the
    words inside the quote marks match although the sentences around them differ
    (two partial quotes of one phrase).
    """
    ta = a.text if isinstance(a, Found) else a
    tb = b.text if isinstance(b, Found) else b
    jac = overlap(ta, tb)
    if any(similarity >= s and jac >= o for s, o in GROUP_RULES):
        return True, jac
    if similarity >= CONTAINED_COSINE:
        contained, shared = _containment(ta, tb)
        if contained >= CONTAINED and shared >= 3:
            return True, jac
    if isinstance(a, Found) and isinstance(b, Found) and (a.partial or b.partial):
        contained, shared = _containment(a.quoted or ta, b.quoted or tb)
        if contained >= CONTAINED and shared >= 3:
            return True, jac
    return False, jac


def group_quotes(found: list[Found], order: Sequence[str], vectors: np.ndarray) -> list[Quote]:
    """One Quote per statement, each outlet's wording a variant (module docstring, 3)."""
    n = len(found)
    sim = vectors @ vectors.T if n else np.zeros((0, 0))
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = found[i], found[j]
            if a.article_id == b.article_id:
                continue
            if a.speaker and b.speaker and a.speaker != b.speaker:
                continue
            ok, jac = same_statement(float(sim[i, j]), a, b)
            if ok:
                pairs.append((float(sim[i, j]) + jac, i, j, float(sim[i, j]), jac))
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    notes: dict[int, list[str]] = {i: [] for i in range(n)}
    for _, i, j, cosine, jac in sorted(pairs, reverse=True):
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        merged = members[gi] + members[gj]
        if len({found[k].article_id for k in merged}) < len(merged):
            continue
        if len({found[k].speaker for k in merged if found[k].speaker}) > 1:
            continue
        for k in members[gj]:
            group[k] = gi
        members[gi] = merged
        notes[gi] += notes.pop(gj) + [f"{found[j].article_id} ~ {found[i].article_id}: cosine "
                                      f"{cosine:.2f}, shared words {jac:.2f}"]
        del members[gj]
    rank = {a: k for k, a in enumerate(order)}
    quotes = []
    for gi, ks in members.items():
        ks = sorted(ks, key=lambda k: (rank.get(found[k].article_id, 1 << 20), found[k].start))
        speakers = [found[k].speaker for k in ks if found[k].speaker]
        speaker = max(set(speakers), key=speakers.count) if speakers else None
        variants = tuple(QuoteVariant(found[k].article_id, found[k].text, found[k].speaker,
                                      found[k].attribution, found[k].partial,
                                      found[k].sentence_ids[0] if found[k].sentence_ids
                                      else None) for k in ks)
        first = found[ks[0]]
        key = (-len(ks), rank.get(first.article_id, 1 << 20), first.start)
        quotes.append((key, Quote(speaker, variants, "; ".join(notes[gi]))))
    quotes.sort(key=lambda kq: kq[0])
    return [q for _, q in quotes]


def extract_quotes(articles: Sequence[Article], sentences: dict[str, list[Sentence]] | None = None,
                   vectors: dict[str, np.ndarray] | None = None,
                   entities: EntityIndex | None = None) -> tuple[Quote, ...]:
    """The quotes of one story, grouped across its articles (the stage's entry point)."""
    from storyline.sentences import split_sentences

    sentences = dict(sentences or {})
    found: list[Found] = []
    for article in articles:
        if article.id not in sentences:
            sentences[article.id] = split_sentences(article)
        found += attribute(article, sentences[article.id], entities)[0]
    return tuple(group_quotes(found, [a.id for a in articles],
                              _vectors(found, sentences, vectors)))
