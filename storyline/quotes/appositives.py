"""A speaker named with an apposition: “Jeane Freeman, the Scottish health secretary, said”.

News names a person the first time with their role set off by commas, and the
attribution rules of :mod:`.speakers` look only at the words right next to a speech
verb: "Lavrov said" (at most three words, no comma between) or "said Lavrov". So these
people were never *named speakers* of reported speech, and a later "she said" went to
whoever spoke before them (on the Timeline17 sample of bench/quote_speakers.py, 50
pronoun and continued quotes move from a wrong speaker to the right one: bench/README.md).
The forms read here, with the person (never the role phrase) as the speaker:

- ``NAME, APPOSITION, said``: "Jeane Freeman, the Scottish health secretary, said";
  "John Brown, 54, a farmer from Iowa, told" (at most two comma pieces);
- ``ROLE, NAME, said``: "the Scottish health secretary, Nicola Sturgeon, said" (a title
  may stand before the name: "Dr Harry Burns");
- ``said ROLE, NAME``: "said the Scottish health secretary, Jeane Freeman."
  ("said Jeane Freeman, the Scottish health secretary" already names her: the name
  stands right after the verb.)

An apposition piece (at most 30 words: "who ..." clauses are long) holds no speech verb,
no quote mark and no other person (a possessive, "John Brown's deputy", is allowed),
and does not open with "and"/"or" (a list). A ROLE piece is at most 12 words, opens
with no pronoun and holds a lower-case word or a possessive ("the Scottish health
secretary", "Obama's spokesman"), so that a list of names ("Smith, Jones, said") or a
clause ("said he will ..., Susan Rice") is never read as a role. Only people are read
this way; the rule is recorded in the evidence as ``(apposition: NAME)``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storyline.entities import ResolvedMention

    from .speakers import _Context

MAX_WORDS = 30  # words in one apposition piece
ROLE_WORDS = 12  # words in a role piece ("the ROLE, NAME")
MAX_PIECES = 2  # comma pieces of an apposition ("54, a farmer from Iowa")
RULE = "apposition"

_SPEECH_WORDS = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|asked|wrote|tweeted|according)\b",
    re.IGNORECASE)
_PARTICIPLE = re.compile(r"\w+ing", re.IGNORECASE)
_SUBORDINATE = re.compile(r"(?:after|before|when|while|as|because|since|until|though|although|"
                          r"if|once|whereas)\b", re.IGNORECASE)
_PRONOUN_START = re.compile(r"^\s*(?:he|she|it|they|we|i|you|this|that|there)\b", re.IGNORECASE)
_LIST_START = re.compile(r"^\s*(?:and|or|but|nor)\b", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b|['’]")
# a few words that may stand between the last comma and the verb: "…, also said"
_BRIDGE = re.compile(r",\s*(?:(?:also|later|then|had|has|have|again|further|earlier|"
                     r"previously|recently|once)\s+){0,2}$", re.IGNORECASE)
# where a clause starts for this rule: a quote, a colon, a semicolon, a bracket
_CLAUSE_CUT = re.compile(r"[“”\"‘;:()\[\]—–]")
# a sentence ends (not "U.S." or "Gov.": a capital or a capitalised short word before)
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!?]\s")
# after the name in "said the ROLE, NAME": the clause ends
_NAME_END = re.compile(r"\s*(?:[,.;:)!?—–]|$|\s(?:on|in|at|during|after|before|while|when|as|"
                       r"last|this|yesterday|today|tonight|earlier|later)\b)")


def _persons(ctx: _Context, lo: int, hi: int) -> list[ResolvedMention]:
    return [m for m in ctx.speakers_in(lo, hi) if m.type == "person"]


def _is_apposition(ctx: _Context, lo: int, hi: int, role: bool = False) -> bool:
    """Is text[lo:hi] one apposition piece (see the module docstring)?"""
    piece = ctx.text[lo:hi]
    words = piece.split()
    if not words or len(words) > MAX_WORDS or _LIST_START.match(piece):
        return False
    if _SPEECH_WORDS.search(piece) or any(c in piece for c in "“”\"‘"):
        return False
    for m in _persons(ctx, lo, hi):
        if not _POSSESSIVE_AFTER.match(ctx.text[m.end:hi]):
            return False  # another person: a list of names, not a role
    if role:  # a role is short and names a noun: "the Scottish health secretary"
        return (len(words) <= ROLE_WORDS and not _PRONOUN_START.match(piece)
                and bool(re.search(r"\b[a-z]{2,}\b|\w['’]s?\s", piece)))
    return True


def _pieces(ctx: _Context, lo: int, hi: int) -> list[tuple[int, int]]:
    """text[lo:hi] cut at its commas ("1,000" is not cut)."""
    cuts = [m.start() for m in re.finditer(r",(?!\d)", ctx.text[lo:hi])]
    starts = [lo] + [lo + c + 1 for c in cuts]
    ends = [lo + c for c in cuts] + [hi]
    return list(zip(starts, ends, strict=True))


def before_verb(ctx: _Context, lo: int, verb_at: int, verb_end: int
                ) -> tuple[ResolvedMention, str] | None:
    """The person of "NAME, APPOSITION, said" / "ROLE, NAME, said" (the verb at
    text[verb_at:verb_end], its sentence from ``lo``) and the words; else None."""
    head = ctx.text[lo:verb_at]
    bridge = _BRIDGE.search(head)
    if not bridge:
        return None
    cuts = list(_CLAUSE_CUT.finditer(head, 0, bridge.start()))
    pieces = _pieces(ctx, lo + (cuts[-1].end() if cuts else 0), lo + bridge.start())
    for back in range(MAX_PIECES + 1):
        i = len(pieces) - 1 - back
        if i < 0:
            break
        p_lo, p_hi = pieces[i]
        names = [m for m in _persons(ctx, p_lo, p_hi)
                 if not _POSSESSIVE_AFTER.match(ctx.text[m.end:p_hi])]
        if not names:
            continue  # no one, or only an owner ("John Brown's deputy")
        name = names[-1]
        if ctx.text[name.end:p_hi].strip():
            return None  # the piece does not end with the name: no apposition form
        before = ctx.text[p_lo:name.start]
        if len(before.split()) > 3 or len(names) > 1 or _LIST_START.match(before):
            return None  # "Waxman, D-Calif., and Bart Stupak, D-Mich., said": several
        after = pieces[i + 1:]
        if not all(_is_apposition(ctx, a, b) for a, b in after):
            return None
        if not after:  # "ROLE, NAME, said": the piece before is the role
            titled = all(w[:1].isupper() or w.isdigit() for w in before.split())  # "Dr"
            if not titled or i == 0 or not _is_apposition(ctx, *pieces[i - 1], role=True):
                return None
            p_lo = pieces[i - 1][0]
        return name, _words(ctx, p_lo, verb_end)
    return None


def after_verb(ctx: _Context, verb_at: int, verb_end: int
               ) -> tuple[ResolvedMention, str] | None:
    """The person of "said the ROLE, NAME" (the verb at text[verb_at:verb_end]) and
    the words; else None."""
    if ctx.text[verb_at:verb_end].lower() in ("told", "tells", "telling", "asked", "asks"):
        return None  # "told the BBC's reporter, John Smith": the listener
    rest = ctx.text[verb_end:verb_end + 160]
    comma = rest.find(",")
    if comma < 0 or _CLAUSE_CUT.search(rest, 0, comma) or _SENTENCE_END.search(rest[:comma]):
        return None
    if not _is_apposition(ctx, verb_end, verb_end + comma, role=True):
        return None
    names = _persons(ctx, verb_end + comma + 1, verb_end + len(rest))
    if not names:
        return None
    name = names[0]
    if ctx.text[verb_end + comma + 1:name.start].strip():
        return None  # the name is not right after the comma
    if not _NAME_END.match(ctx.text[name.end:name.end + 12]):
        return None  # "said the minister, John Smith's deputy"
    return name, _words(ctx, verb_at, name.end)


def named(ctx: _Context, lo: int, verb_at: int, verb_end: int, quote_at: int | None = None
          ) -> tuple[str, str] | None:
    """The person a speech verb (text[verb_at:verb_end], its sentence from ``lo``) has
    in any of the three forms, and the evidence; else None.

    A participle ("…, arguing") is no such verb: its subject is the sentence's, before
    the comma, which :mod:`.speakers` finds. With ``quote_at`` (a quote's start, for
    attributing that quote), a subordinate clause after the quote ("“ought to be
    illegal” after his lawyer, Michael Cohen, said") is not the quote's speaker.
    """
    if _PARTICIPLE.fullmatch(ctx.text[verb_at:verb_end]):
        return None
    found = before_verb(ctx, lo, verb_at, verb_end) or after_verb(ctx, verb_at, verb_end)
    if found is None:
        return None
    if quote_at is not None and quote_at < verb_at and _SUBORDINATE.match(found[1]):
        return None
    return found[0].name, evidence(found[1], found[0].name)


def _words(ctx: _Context, lo: int, hi: int) -> str:
    return " ".join(ctx.text[lo:hi].split())


def evidence(words: str, name: str) -> str:
    """How the rule's evidence reads: the words, then the rule and the person."""
    return f"“{words}” ({RULE}: {name})"
