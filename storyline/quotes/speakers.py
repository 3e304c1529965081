"""Step 2 of :mod:`storyline.quotes`: who said each quote (see the package docstring).

:func:`attribute` finds an article's quotes (:mod:`.spans`) and their speakers from
the attribution patterns around them, resolved to the story's merged entities.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from storyline.entities import EntityIndex, ResolvedMention
from storyline.model import Article, Sentence
from storyline.textutil import content_terms, overlap

from . import appositives
from .gender import PRONOUN_GENDER, PRONOUN_OF, gender_of
from .roles import RoleHolders, role_holders
from .spans import _is_title, _join, _units, find_quote_spans

MIN_WORDS = 4
SPEAKER_TYPES = ("person", "organization", "place")
PRONOUN_PARAGRAPHS = 3
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
    roles: RoleHolders | None = None  # who the story names with which title (.roles)
    article_id: str = ""

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


def _resolve_pronoun(ctx: _Context, pos: int, pronoun: str) -> tuple[str | None, str]:
    """he/she at ``pos``: the last named speaker, else the one person just named;
    a person the story shows to be of the other gender is skipped (:mod:`.gender`)."""
    want = PRONOUN_GENDER[pronoun.lower()]
    skipped: dict[str, str] = {}

    def fits(name: str) -> bool:
        gender, why = gender_of(name, ctx.roles.genders if ctx.roles is not None else {})
        if gender is None or gender == want:
            return True
        skipped.setdefault(name, f"skipped {name}: {PRONOUN_OF[gender]}, not "
                                 f"{pronoun.lower()} ({why})")
        return False

    def said(why: str) -> str:
        return "; ".join([why, *skipped.values()])

    para = ctx.paragraph_of(pos)
    for at, name, words in reversed(ctx.events):
        if at < pos:
            if para - ctx.paragraph_of(at) >= PRONOUN_PARAGRAPHS:
                break
            if fits(name):
                return name, said(f"the last named speaker ({words})")
    here = ctx.sentence_at(pos)
    if here is None:
        return None, said("no named speaker before it")
    window = [s for s in ctx.sentences if s.start <= here.start][-3:]
    persons = [m for m in ctx.speakers_in(window[0].start, pos)
               if m.type == "person" and fits(m.name)]
    subjects = {m.name for m in persons if _at_sentence_start(ctx, m)}
    if len(subjects) == 1:
        return subjects.pop(), said("the one person who is a subject just before")
    names = {m.name for m in persons}
    if not subjects and len(names) == 1:
        return names.pop(), said("the only person named just before")
    return None, said("ambiguous: no single person named just before")


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
        name, why = _resolve_pronoun(ctx, verb_at, phrase)
        return True, name, f"“{words}” → {why}" if name else f"“{words}”: {why}"
    if not ctx.speakers_in(lo, hi) and re.fullmatch(r"(?:[A-Z][\w.'’-]*\s*)+", phrase):
        named = ctx.entities.lookup(phrase) if ctx.entities else None
        if named is not None and named.type in SPEAKER_TYPES:
            return True, named.name, f"“{words}” (named in the story as {named.name})"
    if ctx.roles is not None:  # "the president": the one president the story names
        is_role, name, why = ctx.roles.resolve(phrase, ctx.article_id)
        if is_role:
            return True, name, f"“{words}” → {name}, {why}" if name else f"“{words}”: {why}"
    nominal = re.fullmatch(r"(?i:the)\s+([a-z]{4,})", phrase)
    if nominal:
        named = _named_before(ctx, nominal.group(1), lo)
        if named is not None:
            return True, named.name, f"“{words}” → {named.text}, named just before"
    if _ANONYMOUS.match(phrase) or re.search(r"\w['’]s?\s+[a-z]", phrase):
        return True, None, f"“{words}” names nobody"
    return False, None, ""


NOMINAL_CHARS = 400  # how far back "the ministry" looks for the Ministry it refers to


def _named_before(ctx: _Context, noun: str, at: int) -> ResolvedMention | None:
    """The organisation "the <noun>" refers to: the one organisation named in the
    few sentences before (outside quotes) whose name has that word ("the ministry"
    after "the UK's Ministry of Defense"); None when there are none or several."""
    word = re.compile(rf"\b{re.escape(noun)}\b", re.IGNORECASE)
    found = [m for m in ctx.speakers_in(max(0, at - NOMINAL_CHARS), at)
             if m.type == "organization" and word.search(m.name)]
    return found[-1] if len({m.name for m in found}) == 1 else None


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
        apposed = appositives.after_verb(ctx, lo + m.start("verb"), lo + m.end("verb"))
        if apposed:  # "said the Scottish health secretary, Jeane Freeman"
            return True, apposed[0].name, appositives.evidence(apposed[1], apposed[0].name)
        words = " ".join(piece[:m.end()].strip(" ,—–-").split())
        role = ctx.roles.leading(m.group("subj").strip()) if ctx.roles is not None else None
        if role:  # "said the Russian president on Monday"
            is_role, name, why = ctx.roles.resolve(role, ctx.article_id)
            if is_role:
                head = " ".join([*piece[:m.start("subj")].strip(" ,—–-").split(), role])
                return True, name, f"“{head}” → {name}, {why}" if name else f"“{head}”: {why}"
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
        apposed = appositives.named(ctx, s_lo, m.start(), m.end(), quote_at)
        if apposed:  # "Jeane Freeman, the Scottish health secretary, said"
            return apposed
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
            continue
        apposed = appositives.named(ctx, lo, m.start(), m.end())
        if apposed:  # "Jeane Freeman, the Scottish health secretary, said"
            ctx.events.append((m.start(), *apposed))
    ctx.events.sort()


def attribute(article: Article, sentences: Sequence[Sentence] | None = None,
              entities: EntityIndex | None = None, roles: RoleHolders | None = None
              ) -> tuple[list[Found], int]:
    """The quotes of one article with their speakers; also the unbalanced marks dropped.

    ``roles`` are the titled names of the whole story (:func:`.roles.role_holders`);
    without them, those of this article.
    """
    from storyline.sentences import paragraph_spans, split_sentences

    text = article.text
    sentences = list(sentences) if sentences is not None else split_sentences(article)
    spans, unbalanced = find_quote_spans(text)
    mentions = (entities.mentions.get(article.id, []) if entities else [])
    starts = sorted({0} | {m.end() for m in re.finditer(r"\n\s*", text)}
                    | {s for s, _ in paragraph_spans(text)})
    if roles is None and entities is not None:
        roles = role_holders([article], entities.mentions)
    ctx = _Context(text, sentences, mentions, [(s.start, s.end) for s in spans], starts,
                   entities, roles=roles, article_id=article.id)
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
